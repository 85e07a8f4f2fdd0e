import {
  computeRegionalPlan,
  patientsPerSuccessor,
  planObjective,
  PlanSuggestion,
  successorSeats,
} from '../src/modules/matching/scoring';
import { fingerprintOf } from '../src/modules/matching/regional-plan.service';
import { newPractice, newStarter, rescoringSuite } from './support/matching-factories';

const TODAY = '2026-11-22';
const PRACTICE_POSTCODES = [
  '9401',
  '9405',
  '9409',
  '9411',
  '9415',
  '9421',
  '9431',
  '9441',
  '9451',
  '9461',
  '9471',
  '9481',
];
const HOME_POSTCODES = [
  '9402',
  '9403',
  '9404',
  '9406',
  '9407',
  '9408',
  '9412',
  '9413',
  '9422',
  '9432',
  '9442',
  '9452',
];

/**
 * After one profile's rescoring the worker updates the region's cached plan instead of solving the region
 * again. These tests check the flags it leaves against a new solve of what the table holds, after every
 * change, and that anything else changing the table meanwhile makes it solve the region from the table.
 */
describe('matching: the regional plan follows one profile', () => {
  const suite = rescoringSuite();

  /** Twelve practices (some seeking two successors) and 26 starters competing for them around Assen. */
  async function seed(): Promise<string[]> {
    for (const [i, postcode] of PRACTICE_POSTCODES.entries()) {
      await newPractice(suite.api, {
        postcode,
        list_size: 1500 + ((i * 370) % 1700),
        days_per_week_needed: i % 4 === 0 ? 8 : 4,
      });
    }
    const starters: string[] = [];
    for (let i = 0; i < 26; i++) {
      starters.push(
        await newStarter(suite.api, {
          home_postcode: HOME_POSTCODES[i % HOME_POSTCODES.length],
          max_travel_km: 10 + ((i * 7) % 35),
          days_per_week_min: 2 + (i % 3),
          days_per_week_max: 4 + (i % 2),
        }),
      );
    }
    return starters;
  }

  /** Every region's flags: a feasible plan as good as a new solve of the region's suggestions, and nothing else flagged. */
  async function expectOptimalPlans(): Promise<void> {
    const rows = await suite.api.dataSource.query<
      Array<PlanSuggestion & { regionId: string; inPlan: boolean; seats: number }>
    >(
      `SELECT m.id, m.region_id AS "regionId", m.starter_profile_id AS "starterId", m.practice_id AS "practiceId",
              m.score::float8 AS score, m.in_regional_plan AS "inPlan", p.list_size AS "listSize",
              p.days_per_week_needed::float8 AS "daysPerWeekNeeded"
         FROM matches m JOIN practices p ON p.id = m.practice_id
        WHERE m.status = 'suggested' AND m.kind = 'pair'`,
    );
    const [{ stray }] = await suite.api.dataSource.query<Array<{ stray: number }>>(
      `SELECT count(*)::int AS stray FROM matches WHERE in_regional_plan AND (status <> 'suggested' OR kind <> 'pair')`,
    );
    expect(stray).toBe(0);
    const byRegion = new Map<string, PlanSuggestion[]>();
    const seats = new Map<string, number>();
    const flagged = new Set<string>();
    for (const r of rows as unknown as Array<Record<string, unknown>>) {
      const p = { listSize: r.listSize as number, daysPerWeekNeeded: r.daysPerWeekNeeded as number };
      const s: PlanSuggestion = {
        id: r.id as string,
        starterId: r.starterId as string,
        practiceId: r.practiceId as string,
        score: r.score as number,
        patients: patientsPerSuccessor(p),
      };
      seats.set(s.practiceId, successorSeats(p));
      byRegion.set(r.regionId as string, [...(byRegion.get(r.regionId as string) ?? []), s]);
      if (r.inPlan) flagged.add(s.id);
    }
    for (const suggestions of byRegion.values()) {
      const picked = suggestions.filter((s) => flagged.has(s.id));
      const starters = new Set(picked.map((s) => s.starterId));
      expect(starters.size).toBe(picked.length);
      const used = new Map<string, number>();
      for (const s of picked) used.set(s.practiceId, (used.get(s.practiceId) ?? 0) + 1);
      for (const [id, n] of used) expect(n).toBeLessThanOrEqual(seats.get(id) as number);
      const best = computeRegionalPlan(suggestions, seats);
      expect(planObjective(picked)).toEqual(planObjective(suggestions.filter((s) => best.has(s.id))));
    }
    expect(flagged.size).toBeGreaterThan(0);
  }

  it('updates the plan for each changed profile, leaving it as good as a new solve every time', async () => {
    const starters = await seed();
    const full = await suite.rescoring.rescoreAll(TODAY);
    expect(full.plans?.followed).toBe(0);
    await expectOptimalPlans();

    let followed = 0;
    for (let step = 0; step < 14; step++) {
      const id = starters[(step * 5) % starters.length];
      // Reach grows or shrinks by 15 km, and the days wanted move: suggestions appear, change and go.
      await suite.api.dataSource.query(
        `UPDATE starter_profiles SET max_travel_km = GREATEST(5, LEAST(60, max_travel_km + $2)),
                days_per_week_min = 1 + (days_per_week_min + 1) % 4, days_per_week_max = 5 WHERE id = $1`,
        [id, step % 2 === 0 ? 15 : -15],
      );
      if (step === 6)
        await suite.api.dataSource.query(`UPDATE starter_profiles SET active = false WHERE id = $1`, [id]);
      const r = await suite.rescoring.rescoreStarter(id, TODAY);
      // Nothing else changed the table: every replanned region follows the change.
      expect(r.plans).toEqual({ followed: r.regions.length, solved: 0 });
      followed += r.plans?.followed ?? 0;
      await expectOptimalPlans();
    }
    expect(followed).toBeGreaterThan(5);
  });

  it('solves the region from the table when anything else changed it since, and clears the flag of a match that moved on', async () => {
    const starters = await seed();
    await suite.rescoring.rescoreAll(TODAY);
    // A coordinator approves a suggestion in the plan (it moves on to awaiting consent), and a stopper's
    // list grows, both without a rescoring of their own yet.
    const [approved] = await suite.api.dataSource.query<Array<{ id: string; starter: string }>>(
      `WITH approved AS (UPDATE matches SET status = 'awaiting_consent', approved_at = now()
        WHERE id = (SELECT id FROM matches WHERE in_regional_plan ORDER BY id LIMIT 1)
        RETURNING id, starter_profile_id AS starter)
       SELECT * FROM approved`,
    );
    await suite.api.dataSource.query(
      `UPDATE practices SET list_size = list_size + 900 WHERE id = (SELECT practice_id FROM matches WHERE in_regional_plan ORDER BY id DESC LIMIT 1)`,
    );
    const other = starters.find((s) => s !== approved.starter) as string;
    await suite.api.dataSource.query(
      `UPDATE starter_profiles SET max_travel_km = max_travel_km + 20 WHERE id = $1`,
      [other],
    );
    const r = await suite.rescoring.rescoreStarter(other, TODAY);
    expect(r.regions.length).toBeGreaterThan(0);
    expect(r.plans).toEqual({ followed: 0, solved: r.regions.length });
    const [row] = await suite.api.dataSource.query<Array<{ in_regional_plan: boolean }>>(
      `SELECT in_regional_plan FROM matches WHERE id = $1`,
      [approved.id],
    );
    expect(row.in_regional_plan).toBe(false);
    await expectOptimalPlans();

    // Solved once, the plan follows the next change again.
    await suite.api.dataSource.query(
      `UPDATE starter_profiles SET max_travel_km = max_travel_km - 20 WHERE id = $1`,
      [other],
    );
    const again = await suite.rescoring.rescoreStarter(other, TODAY);
    expect(again.plans).toEqual({ followed: again.regions.length, solved: 0 });
    await expectOptimalPlans();
  });

  it("a full rescoring keeps a region's solved plan only while its suggestions and their practices' seats and patients are the same", async () => {
    const starters = await seed();
    await suite.rescoring.rescoreAll(TODAY);
    await expectOptimalPlans();
    const scores = () =>
      suite.api.dataSource.query<Array<{ id: string; score: string }>>(
        `SELECT id, score FROM matches WHERE status = 'suggested' ORDER BY id`,
      );
    const before = await scores();
    // Nothing changed: the plans stay as they are.
    await suite.rescoring.rescoreAll(TODAY);
    expect(await scores()).toEqual(before);
    await expectOptimalPlans();
    // A practice in the plan takes on 600 more patients, its workload still within one normpraktijk per
    // GP: every suggestion keeps its id and score, the plan its pairs (the region's fingerprint is the
    // same), but each of its seats now weighs more patients.
    const changed = await suite.api.dataSource.query<Array<{ id: string }>>(
      `WITH changed AS (
         UPDATE practices SET list_size = list_size + 600 WHERE id = (
           SELECT practice_id FROM matches WHERE in_regional_plan ORDER BY practice_id LIMIT 1)
         RETURNING id)
       SELECT id FROM changed`,
    );
    expect(changed).toHaveLength(1);
    await suite.rescoring.rescoreAll(TODAY);
    expect(await scores()).toEqual(before);
    await expectOptimalPlans();
    // The plan kept or solved knows the practice as it is now: the next profile's change is followed (a
    // plan kept from before would know one seat there, and the change would solve the region again).
    await suite.api.dataSource.query(
      `UPDATE starter_profiles SET max_travel_km = max_travel_km + 5 WHERE id = $1`,
      [starters[0]],
    );
    const r = await suite.rescoring.rescoreStarter(starters[0], TODAY);
    expect(r.regions.length).toBeGreaterThan(0);
    expect(r.plans).toEqual({ followed: r.regions.length, solved: 0 });
    await expectOptimalPlans();
  });

  it("keeps each region's fingerprint in PostgreSQL equal to an aggregate over its suggestions, whoever writes them", async () => {
    const ds = suite.api.dataSource;
    const M = 2 ** 52;
    /** Every region's kept fingerprint against the aggregate the plan service used to compute per check. */
    async function expectFingerprints(): Promise<void> {
      const regions = await ds.query<Array<{ id: string }>>(`SELECT id FROM regions`);
      const aggregates = await ds.query<Array<{ r: string; n: number; s: number; fn: number; fs: number }>>(
        `SELECT region_id AS r, count(*)::float8 AS n, (sum(h) % ${M})::float8 AS s,
                count(*) FILTER (WHERE f)::float8 AS fn, (COALESCE(sum(h) FILTER (WHERE f), 0) % ${M})::float8 AS fs
           FROM (SELECT region_id, uuid_hash_extended(id, (score * 10)::int8) & ${M - 1} AS h, in_regional_plan AS f
                   FROM matches WHERE status = 'suggested' AND kind = 'pair') x GROUP BY region_id`,
      );
      const byRegion = new Map(aggregates.map((a) => [a.r, { n: a.n, s: a.s, fn: a.fn, fs: a.fs }]));
      for (const { id } of regions)
        expect(await fingerprintOf(ds.manager, id)).toEqual(byRegion.get(id) ?? { n: 0, s: 0, fn: 0, fs: 0 });
    }
    const starters = await seed();
    await suite.rescoring.rescoreAll(TODAY);
    const [{ n }] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches WHERE status = 'suggested' AND kind = 'pair'`,
    );
    expect(n).toBeGreaterThan(20);
    await expectFingerprints();
    // Profile rescorings (upserts, withdrawals, plan flags that follow).
    for (const id of starters.slice(0, 4)) {
      await ds.query(`UPDATE starter_profiles SET max_travel_km = max_travel_km + 12 WHERE id = $1`, [id]);
      await suite.rescoring.rescoreStarter(id, TODAY);
      await expectFingerprints();
    }
    // A coordinator's approval moves a flagged suggestion on; a score changes by hand; a pair is proposed.
    await ds.query(
      `UPDATE matches SET status = 'awaiting_consent' WHERE id = (SELECT id FROM matches WHERE in_regional_plan ORDER BY id LIMIT 1)`,
    );
    await ds.query(
      `UPDATE matches SET score = score - 0.3 WHERE status = 'suggested' AND score > 1 AND id::text < '8'`,
    );
    const [proposed] = await ds.query<Array<{ id: string }>>(
      `INSERT INTO matches (kind, starter_profile_id, practice_id, region_id, score, origin, points_tenths,
                            max_points_tenths, weights_version, distance_km)
       SELECT 'pair', s.id, p.id, p.region_id, 42.5, 'coordinator', '{1}', '{1}', 1, 3
         FROM starter_profiles s, practices p
        WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE m.starter_profile_id = s.id AND m.practice_id = p.id)
        ORDER BY s.id, p.id LIMIT 1
       RETURNING id`,
    );
    expect(proposed).toBeDefined();
    await expectFingerprints();
    // One row of the fingerprint per statement: many small writes are folded into one row when read.
    const region = (
      await ds.query<Array<{ r: string }>>(`SELECT region_id AS r FROM matches WHERE id = $1`, [proposed.id])
    )[0].r;
    for (let k = 0; k < 40; k++)
      await ds.query(`UPDATE matches SET score = score + 0.1 WHERE id = $1`, [proposed.id]);
    const rowsOf = async (): Promise<number> =>
      (
        await ds.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM plan_fingerprints WHERE region_id = $1`,
          [region],
        )
      )[0].n;
    expect(await rowsOf()).toBeGreaterThan(40);
    await expectFingerprints();
    expect(await rowsOf()).toBe(1);
    await expectFingerprints();
    // A deleted profile takes its suggestions with it (a cascade); TRUNCATE empties the fingerprints too.
    await ds.query(`DELETE FROM starter_profiles WHERE id = $1`, [starters[1]]);
    await expectFingerprints();
    await ds.query(`TRUNCATE matches CASCADE`);
    expect(
      (await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM plan_fingerprints`))[0].n,
    ).toBe(0);
    await expectFingerprints();
  });

  it('a duo batch that fails after the pair batches leaves those written and every plan optimal over them', async () => {
    const starters = await seed();
    const ds = suite.api.dataSource;
    await ds.query(`UPDATE starter_profiles SET looking_for_duo_partner = true WHERE id = ANY($1::uuid[])`, [
      starters.slice(0, 8),
    ]);
    await suite.rescoring.rescoreAll(TODAY);
    const kinds = async (): Promise<Array<{ kind: string; stale: boolean }>> =>
      ds.query(
        `SELECT kind, content_hash = 'stale' AS stale FROM matches WHERE status = 'suggested' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    expect(await kinds()).toEqual([
      { kind: 'duo', stale: false },
      { kind: 'pair', stale: false },
    ]);
    // Every row must be written again (a stored hash that matches nothing), and the duos' writes fail.
    await ds.transaction(async (m) => {
      await m.query(`UPDATE matches SET content_hash = 'stale'`);
      await m.query(`CREATE FUNCTION test_refuse_duos() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'duos refused by the test'; END $$`);
      await m.query(
        `CREATE TRIGGER test_refuse_duos BEFORE INSERT OR UPDATE ON matches FOR EACH ROW
           WHEN (NEW.kind = 'duo' AND NEW.content_hash <> 'stale') EXECUTE FUNCTION test_refuse_duos()`,
      );
    });
    try {
      await expect(suite.rescoring.rescoreAll(TODAY)).rejects.toThrow(/duos refused by the test/);
    } finally {
      await ds.query(`DROP TRIGGER test_refuse_duos ON matches`);
      await ds.query(`DROP FUNCTION test_refuse_duos()`);
    }
    // The pair batches were written, the duo batches not; the plans follow the pairs as written.
    expect(await kinds()).toEqual([
      { kind: 'duo', stale: true },
      { kind: 'pair', stale: false },
    ]);
    await expectOptimalPlans();
  });
});
