import { seededRandom } from '../src/modules/matching/scoring/scoring.fixtures';
import { patientsPerSuccessor, successorSeats } from '../src/modules/matching/scoring';
import {
  currentMatchingSettings,
  currentWeights,
  loadPractices,
  loadStarters,
} from '../src/modules/matching/matching-data';
import { SuggestionEngine } from '../src/modules/matching/suggestion-engine';
import { RescoringService } from '../src/modules/matching/rescoring.service';
import { createTestWorker } from './support/app';
import { regionId } from './support/factories';
import { newPractice, newStarter, rescoringSuite } from './support/matching-factories';
import { testEnv } from './support/test-env';

const TODAY = '2026-11-22';
const POSTCODES = [
  '9401',
  '9402',
  '9403',
  '9405',
  '9407',
  '9409',
  '9411',
  '9413',
  '9415',
  '9421',
  '9431',
  '9441',
];

interface Snapshot {
  /** starter/practice of every worker-made pair suggestion. */
  pairs: Set<string>;
  /** Practices with at least one suggested pair. */
  served: Set<string>;
  patients: number;
  tenths: number;
}

/**
 * The incremental path against the full one, on random small instances in the database: after one
 * profile's rescoring the stored suggestions hold every candidate the full rescoring would keep (each
 * starter's best N, each practice's best M per seat) and every practice some starter passes has one; the
 * plan over them is compared with the full rescoring's, which is the plan over every passing pair.
 */
describe('matching: a profile rescoring keeps the candidate rule of the full one', () => {
  const suite = rescoringSuite();

  async function snapshot(): Promise<Snapshot> {
    const rows = await suite.api.dataSource.query<
      Array<{ s: string; p: string; score: number; inPlan: boolean; listSize: number; days: number }>
    >(
      `SELECT m.starter_profile_id AS s, m.practice_id AS p, m.score::float8 AS score, m.in_regional_plan AS "inPlan",
              pr.list_size AS "listSize", pr.days_per_week_needed::float8 AS days
         FROM matches m JOIN practices pr ON pr.id = m.practice_id
        WHERE m.status = 'suggested' AND m.kind = 'pair' AND m.origin = 'worker'`,
    );
    const plan = rows.filter((r) => r.inPlan);
    return {
      pairs: new Set(rows.map((r) => `${r.s}/${r.p}`)),
      served: new Set(rows.map((r) => r.p)),
      patients: plan.reduce(
        (n, r) => n + Math.round(patientsPerSuccessor({ listSize: r.listSize, daysPerWeekNeeded: r.days })),
        0,
      ),
      tenths: plan.reduce((n, r) => n + Math.round(r.score * 10), 0),
    };
  }

  /**
   * The plan over every passing pair, solved here independently of the worker's memory: every active
   * starter scored against every published practice, each region solved from scratch (the full
   * rescoring's own code path, without writing), summed over the regions.
   */
  async function freshPlan(): Promise<{ patients: number; tenths: number }> {
    const m = suite.api.dataSource.manager;
    const [weights, limits, starters, practices] = await Promise.all([
      currentWeights(m),
      currentMatchingSettings(m),
      loadStarters(m),
      loadPractices(m),
    ]);
    const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], limits);
    engine.prepare({ plan: true });
    let patients = 0;
    let tenths = 0;
    for (const stats of engine.planStats.values()) {
      patients += stats.patients;
      tenths += stats.scoreTenths;
    }
    return { patients, tenths };
  }

  /** The patients and fit of the plan the worker stored. */
  async function storedPlan(): Promise<{ patients: number; tenths: number }> {
    const { patients, tenths } = await snapshot();
    return { patients, tenths };
  }

  it.each([
    { n: 10, m: 3, seed: 77 },
    // Each starter's best one and each practice's best one per seat: most passing pairs are not stored,
    // so a plan over the stored suggestions alone would often fall short of the plan over every pair.
    { n: 1, m: 1, seed: 78 },
  ])(
    'with N = $n and M = $m: holds every candidate of the full rescoring after each random change, and a plan equal to a fresh solve over every passing pair',
    async ({ n, m, seed }) => {
      await suite.api.dataSource.query(
        `INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES ($1, $2)`,
        [n, m],
      );
      const rand = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
      const practices: string[] = [];
      for (const postcode of POSTCODES) {
        practices.push(
          await newPractice(suite.api, {
            postcode,
            list_size: 1200 + Math.floor(rand() * 2400),
            days_per_week_needed: pick([3, 4, 4, 5, 8]),
            anw_hours_per_month: Math.floor(rand() * 30),
            practice_form: pick(['solo', 'duo', 'group']),
          }),
        );
      }
      const starters: string[] = [];
      for (let i = 0; i < 24; i++) {
        starters.push(
          await newStarter(suite.api, {
            home_postcode: pick(POSTCODES),
            max_travel_km: 5 + Math.floor(rand() * 40),
            days_per_week_min: 2 + Math.floor(rand() * 3),
            days_per_week_max: 5,
            anw_hours_per_month_max: pick([null, 10, 20]),
          }),
        );
      }
      await suite.rescoring.rescoreAll(TODAY);
      let chained = 0;
      let practiceChanges = 0;
      let cold = 0;
      for (let step = 0; step < 18; step++) {
        if (step % 6 === 5) {
          // Another process rescored everything meanwhile (its row in the log): this worker's pairs are unknown, built again.
          await suite.api.dataSource.query(`INSERT INTO rescoring_log (everything) VALUES (true)`);
          cold++;
        }
        if (step % 4 === 3) {
          // A practice changes its size and days: every starter within its reach is rescored.
          const id = pick(practices);
          await suite.api.dataSource.query(
            `UPDATE practices SET list_size = $2, days_per_week_needed = $3 WHERE id = $1`,
            [id, 1200 + Math.floor(rand() * 2400), pick([3, 4, 5, 8, 10])],
          );
          await suite.rescoring.rescorePractice(id, TODAY);
          practiceChanges++;
        } else {
          const id = pick(starters);
          await suite.api.dataSource.query(
            `UPDATE starter_profiles SET max_travel_km = $2, days_per_week_min = $3, anw_hours_per_month_max = $4,
                  active = $5
            WHERE id = $1`,
            [
              id,
              5 + Math.floor(rand() * 40),
              2 + Math.floor(rand() * 3),
              pick([null, 5, 10, 20]),
              rand() > 0.1,
            ],
          );
          await suite.rescoring.rescoreStarter(id, TODAY);
        }
        const incremental = await snapshot();
        // The plan stored after the change has the patients and fit of a fresh solve over every passing pair.
        const fresh = await freshPlan();
        expect({ step, patients: incremental.patients, tenths: incremental.tenths }).toEqual({
          step,
          ...fresh,
        });
        chained++;
        if (step % 3 === 2) {
          // And nothing a full rescoring keeps as a candidate was missing.
          await suite.rescoring.rescoreAll(TODAY);
          const full = await snapshot();
          // (Every starter's best N and practice's best M by the rule, not "every full row": the full
          // rescoring's plan pairs may be another of several equal optima than the incremental one's.)
          expect([...(await bestNandM(n, m))].filter((k) => !incremental.pairs.has(k))).toEqual([]);
          expect([...full.served].filter((p) => !incremental.served.has(p))).toEqual([]);
          expect({ patients: full.patients, tenths: full.tenths }).toEqual(fresh);
        }
      }
      expect({ chained, practiceChanges, cold }).toEqual({ chained: 18, practiceChanges: 4, cold: 3 });
    },
  );

  it("two workers: each drops only the regions the other's rescorings touched, and the plan stays a fresh solve over every passing pair", async () => {
    const other = await createTestWorker(testEnv({ QUEUE_PREFIX: `pmsecond${Date.now().toString(36)}` }));
    try {
      // Each starter's best one and each practice's best one per seat: the plan over the stored suggestions
      // needs the plan over every passing pair's own pairs, which a stale memory would get wrong.
      await suite.api.dataSource.query(
        `INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES (1, 1)`,
      );
      const a = suite.rescoring;
      const b = other.get(RescoringService);
      const drenthe = await regionId(suite.api.dataSource, 'drenthe');
      const limburg = await regionId(suite.api.dataSource, 'limburg');
      const rand = seededRandom(91);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
      // Two groups 250 km apart: no starter of one passes a practice of the other.
      const groups = {
        [drenthe]: ['9401', '9402', '9405', '9411', '9421'],
        [limburg]: ['6211', '6212', '6215', '6221', '6224'],
      };
      const starters: Record<string, string[]> = { [drenthe]: [], [limburg]: [] };
      for (const [region, postcodes] of Object.entries(groups)) {
        for (const postcode of postcodes)
          await newPractice(suite.api, {
            postcode,
            list_size: 1200 + Math.floor(rand() * 2400),
            days_per_week_needed: pick([3, 4, 5, 8]),
          });
        for (let i = 0; i < 8; i++)
          starters[region].push(
            await newStarter(suite.api, {
              home_postcode: pick(postcodes),
              max_travel_km: 5 + Math.floor(rand() * 30),
              days_per_week_min: 2 + Math.floor(rand() * 3),
              days_per_week_max: 5,
            }),
          );
      }
      const change = async (id: string): Promise<void> => {
        await suite.api.dataSource.query(
          `UPDATE starter_profiles SET max_travel_km = $2, days_per_week_min = $3 WHERE id = $1`,
          [id, 5 + Math.floor(rand() * 30), 2 + Math.floor(rand() * 3)],
        );
      };
      await a.rescoreAll(TODAY);
      expect([a.everyPair.has(drenthe), a.everyPair.has(limburg)]).toEqual([true, true]);

      // B rescores a starter in Drenthe: its memory was empty, so it builds what it touches.
      await change(starters[drenthe][0]);
      const byB = await b.rescoreStarter(starters[drenthe][0], TODAY);
      expect(byB.everyPair).toMatchObject({ dropped: 'all', built: 1, followed: 0 });
      expect(await freshPlan()).toEqual(await storedPlan());
      // A rescores one in Limburg: it drops Drenthe (B changed it) and follows Limburg, which it kept.
      await change(starters[limburg][0]);
      const byA = await a.rescoreStarter(starters[limburg][0], TODAY);
      expect(byA.everyPair).toEqual({ dropped: 1, followed: 1, built: 0 });
      expect([a.everyPair.has(drenthe), a.everyPair.has(limburg)]).toEqual([false, true]);
      expect(await freshPlan()).toEqual(await storedPlan());

      // Then at random, either worker, either region: always equal to a fresh solve.
      let built = 0;
      for (let step = 0; step < 12; step++) {
        const worker = rand() < 0.5 ? a : b;
        const id = pick(starters[pick([drenthe, limburg])]);
        await change(id);
        built += (await worker.rescoreStarter(id, TODAY)).everyPair?.built ?? 0;
        expect({ step, ...(await storedPlan()) }).toEqual({ step, ...(await freshPlan()) });
      }
      // Not every rescoring built its region from scratch, as each would with one token for everything.
      expect(built).toBeLessThan(12);

      // A starter of Drenthe who prefers Limburg too, after a full rescoring elsewhere: both regions are
      // built from scratch in one go (one read, one scoring), each equal to a fresh solve.
      const both = await newStarter(suite.api, {
        home_postcode: '9401',
        max_travel_km: 20,
        preferred_region_ids: [limburg],
      });
      await suite.api.dataSource.query(`INSERT INTO rescoring_log (everything) VALUES (true)`);
      const cold = await a.rescoreStarter(both, TODAY);
      expect(cold.everyPair).toEqual({ dropped: 'all', followed: 0, built: 2 });
      expect([a.everyPair.has(drenthe), a.everyPair.has(limburg)]).toEqual([true, true]);
      expect(await storedPlan()).toEqual(await freshPlan());
      // And followed from there by its next change in either region.
      for (const region of [drenthe, limburg]) {
        await change(starters[region][1]);
        await a.rescoreStarter(starters[region][1], TODAY);
        expect(await storedPlan()).toEqual(await freshPlan());
      }
    } finally {
      await other.close();
    }
  });

  /**
   * The best N of each starter and the best M per seat of each practice, by the rule itself (ties by
   * practice id and by starter id), among the pairs a full rescoring stored: those hold every starter's
   * best N and every practice's best M (no pair here is anything but a worker's suggestion). The plan's
   * own pairs beyond them are what the incremental path does not promise. (The rows' plan flags cannot
   * tell those apart: the stored plan may be another optimum than the one the full rescoring kept.)
   */
  async function bestNandM(n: number, m: number): Promise<Set<string>> {
    const rows = await suite.api.dataSource.query<Array<{ s: string; p: string; t: number; days: number }>>(
      `SELECT m.starter_profile_id AS s, m.practice_id AS p, round(m.score * 10)::int AS t,
              pr.days_per_week_needed::float8 AS days
         FROM matches m JOIN practices pr ON pr.id = m.practice_id
        WHERE m.status = 'suggested' AND m.kind = 'pair' AND m.origin = 'worker'`,
    );
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const best = new Set<string>();
    const groups = (key: (r: (typeof rows)[number]) => string): Map<string, typeof rows> => {
      const g = new Map<string, typeof rows>();
      for (const r of rows) g.set(key(r), [...(g.get(key(r)) ?? []), r]);
      return g;
    };
    for (const list of groups((r) => r.s).values())
      for (const r of list.sort((a, b) => b.t - a.t || cmp(a.p, b.p)).slice(0, n)) best.add(`${r.s}/${r.p}`);
    for (const list of groups((r) => r.p).values()) {
      const k = m * successorSeats({ daysPerWeekNeeded: list[0].days });
      for (const r of list.sort((a, b) => b.t - a.t || cmp(a.s, b.s)).slice(0, k)) best.add(`${r.s}/${r.p}`);
    }
    return best;
  }

  // A few instances by default (about 10 s each); MATCHING_PROPERTY_SEEDS=1,2,3,... runs others. Seed 29
  // fails when a profile's rescoring keeps no share of the best M of a practice where the starter had no
  // known pair (practiceSide's counted practices); 1, 2, 3, 5, 7, 11, 13, 23 and 31 do not see it.
  const SEEDS = (process.env.MATCHING_PROPERTY_SEEDS ?? '4242,16,19,29').split(',').map(Number);

  it.each(SEEDS)(
    "keeps every starter's best N and practice's best M exactly when N = M = 1 leave most pairs unstored (seed %d)",
    async (seed) => {
      // Each starter keeps one practice and each practice one starter per seat: most passing pairs are not
      // stored, so a rescored starter that falls within a practice's best M can hide a better unstored one
      // (practiceSide must see that and settle the practice by scoring every starter within its reach).
      // Ids come from the seed too, so an instance, its ties by id included, is the same in every run.
      await suite.api.dataSource.query(
        `INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES (1, 1)`,
      );
      try {
        const rand = seededRandom(seed);
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
        const hex = (digits: number): string =>
          Array.from({ length: digits }, () => Math.floor(rand() * 16).toString(16)).join('');
        const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
        for (const postcode of POSTCODES) {
          await newPractice(suite.api, {
            id: uuid(),
            postcode,
            list_size: 1200 + Math.floor(rand() * 2400),
            days_per_week_needed: pick([4, 4, 5, 8]),
            anw_hours_per_month: Math.floor(rand() * 30),
            practice_form: pick(['solo', 'duo', 'group']),
          });
        }
        const starters: string[] = [];
        for (let i = 0; i < 30; i++) {
          starters.push(
            await newStarter(suite.api, {
              id: uuid(),
              home_postcode: pick(POSTCODES),
              max_travel_km: 20 + Math.floor(rand() * 30),
              days_per_week_min: 2 + Math.floor(rand() * 3),
              days_per_week_max: 5,
              anw_hours_per_month_max: pick([null, 10, 20]),
            }),
          );
        }
        await suite.rescoring.rescoreAll(TODAY);
        for (let step = 0; step < 16; step++) {
          const id = pick(starters);
          const change = rand();
          if (change < 0.15) {
            // Paused, or active again: the starter leaves every practice's ranking, or comes back.
            await suite.api.dataSource.query(
              `UPDATE starter_profiles SET active = NOT active WHERE id = $1`,
              [id],
            );
          } else if (change < 0.3) {
            // Another reach: practices enter it or leave it.
            await suite.api.dataSource.query(`UPDATE starter_profiles SET max_travel_km = $2 WHERE id = $1`, [
              id,
              10 + Math.floor(rand() * 40),
            ]);
          } else {
            // Other wishes, the same reach: the starter's scores move, and it mostly passes where it passed.
            await suite.api.dataSource.query(
              `UPDATE starter_profiles SET days_per_week_min = $2, anw_hours_per_month_max = $3 WHERE id = $1`,
              [id, 2 + Math.floor(rand() * 3), pick([null, 0, 5, 10, 20])],
            );
          }
          await suite.rescoring.rescoreStarter(id, TODAY);
          const incremental = await snapshot();
          // And the plan stored has the patients and fit of a fresh solve over every passing pair.
          expect({ step, patients: incremental.patients, tenths: incremental.tenths }).toEqual({
            step,
            ...(await freshPlan()),
          });
          await suite.rescoring.rescoreAll(TODAY);
          const full = await snapshot();
          expect([...(await bestNandM(1, 1))].filter((k) => !incremental.pairs.has(k))).toEqual([]);
          expect([...full.served].filter((p) => !incremental.served.has(p))).toEqual([]);
        }
      } finally {
        await suite.api.dataSource.query(`DELETE FROM matching_settings WHERE version > 1`);
      }
    },
  );
});

/**
 * A pair the table holds as something other than a worker's suggestion (a pair past `suggested`, a
 * coordinator's proposal) still counts in its practice's best M in a full rescoring, which scores every
 * passing pair. A profile's rescoring must count it too, or it takes a practice whose best M it fills for
 * one that has room, and leaves the next starter unstored.
 */
describe('matching: a profile rescoring counts the practice best M pairs the worker does not hold', () => {
  const suite = rescoringSuite();

  const workerPairs = async (): Promise<Set<string>> =>
    new Set(
      (
        await suite.api.dataSource.query<Array<{ k: string }>>(
          `SELECT starter_profile_id || '/' || practice_id AS k FROM matches
            WHERE status = 'suggested' AND kind = 'pair' AND origin = 'worker'`,
        )
      ).map((r) => r.k),
    );

  // N = 1, M = 2: P (one seat) keeps its best two. X and Y live at P, Z at Q: P's best two are X and Y,
  // Z's own best is Q, so Z/P is stored only once X or Y leaves P's best two.
  async function setUp(): Promise<{ p: string; x: string; y: string; z: string }> {
    await suite.api.dataSource.query(
      `INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES (1, 2)`,
    );
    const p = await newPractice(suite.api, { postcode: '9401', days_per_week_needed: 4 });
    await newPractice(suite.api, { postcode: '9431', days_per_week_needed: 4 });
    const x = await newStarter(suite.api, { home_postcode: '9401' });
    const y = await newStarter(suite.api, { home_postcode: '9401' });
    const z = await newStarter(suite.api, { home_postcode: '9431' });
    await suite.rescoring.rescoreAll(TODAY);
    const before = await workerPairs();
    expect([before.has(`${x}/${p}`), before.has(`${y}/${p}`), before.has(`${z}/${p}`)]).toEqual([
      true,
      true,
      false,
    ]);
    return { p, x, y, z };
  }

  it.each([
    ['rejected', `status = 'rejected'`],
    ['awaiting consent', `status = 'awaiting_consent', approved_at = now()`],
    ["a coordinator's proposal", `origin = 'coordinator'`],
  ])("a pair in the practice's best M that is %s, when another of the best M leaves", async (_, change) => {
    const { p, x, y, z } = await setUp();
    await suite.api.dataSource.query(
      `UPDATE matches SET ${change} WHERE starter_profile_id = $1 AND practice_id = $2 AND kind = 'pair'`,
      [y, p],
    );
    await suite.rescoring.rescoreAll(TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(false);
    // X pauses: P's best two are now Y (not the worker's) and Z.
    await suite.api.dataSource.query(`UPDATE starter_profiles SET active = false WHERE id = $1`, [x]);
    await suite.rescoring.rescoreStarter(x, TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(true);
    await suite.rescoring.rescoreAll(TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(true);
  });

  it("a rescored starter's own rejected pair in the practice's best M, when it leaves", async () => {
    const { p, y, z } = await setUp();
    await suite.api.dataSource.query(
      `UPDATE matches SET status = 'rejected' WHERE starter_profile_id = $1 AND practice_id = $2 AND kind = 'pair'`,
      [y, p],
    );
    await suite.rescoring.rescoreAll(TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(false);
    // Y pauses: P's best two are now X and Z; Y's stored pairs do not name P.
    await suite.api.dataSource.query(`UPDATE starter_profiles SET active = false WHERE id = $1`, [y]);
    await suite.rescoring.rescoreStarter(y, TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(true);
    await suite.rescoring.rescoreAll(TODAY);
    expect((await workerPairs()).has(`${z}/${p}`)).toBe(true);
  });
});
