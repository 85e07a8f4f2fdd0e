import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inLanes } from './lanes';
import {
  patientsPerSuccessor,
  PlanRebuildNeeded,
  PlanSuggestion,
  RegionalPlan,
  successorSeats,
  type NamedSolvedRegion,
} from './scoring';

interface PlanPractice {
  listSize: number;
  daysPerWeekNeeded: number;
}

interface PlanRow {
  id: string;
  starterId: string;
  practiceId: string;
  score: number;
  /** ROW_HASH of the row. */
  h: number;
}

/**
 * What the plan is computed from, fingerprinted in PostgreSQL's own hash: per suggestion its id and score
 * (a suggestion's starter and practice never change), as a non-negative integer below 2^52, summed modulo
 * 2^52 so that JavaScript numbers add and subtract it exactly. The id's hash seeded by the score in tenths
 * (`numeric(4,1)`, so exact): no text is built per row. The triggers of migration PlanFingerprints compute
 * the same hash over the same rows (`status = 'suggested' AND kind = 'pair'`): the two must change together.
 */
const HASH_MOD = 2 ** 52;
const ROW_HASH = `(uuid_hash_extended(m.id, (m.score * 10)::int8) & ${HASH_MOD - 1})`;
const REGION_SUGGESTIONS = `FROM matches m WHERE m.region_id = $1 AND m.status = 'suggested' AND m.kind = 'pair'`;

/** sum + sign * h modulo 2^52, exactly: both are below 2^52, so every intermediate stays below 2^53. */
function addHash(sum: number, h: number, sign: 1 | -1): number {
  const s = sum + sign * h;
  return s >= HASH_MOD ? s - HASH_MOD : s < 0 ? s + HASH_MOD : s;
}

interface Fingerprint {
  n: number;
  s: number;
  fn: number;
  fs: number;
}

/** Fingerprint rows of one region beyond which they are folded into one (see fingerprintOf). */
const FOLD_FINGERPRINT_ROWS = 32;

/**
 * The region's fingerprint as PostgreSQL keeps it (migration PlanFingerprints: triggers on `matches` append
 * each statement's change to `plan_fingerprints`): the same count and sums as an aggregate of ROW_HASH over
 * the region's suggestions, without reading them. Read in the caller's transaction, under the region's
 * lock; when the region has gathered many rows, they are folded into one in the same transaction (a
 * concurrent writer's rows that this statement cannot see stay, and count on).
 */
export async function fingerprintOf(m: EntityManager, regionId: string): Promise<Fingerprint> {
  const [f] = await m.query<Array<Fingerprint & { rows: number }>>(
    `SELECT count(*)::int AS rows, COALESCE(sum(n), 0)::float8 AS n,
            ((COALESCE(sum(s), 0) % ${HASH_MOD} + ${HASH_MOD}) % ${HASH_MOD})::float8 AS s,
            COALESCE(sum(fn), 0)::float8 AS fn,
            ((COALESCE(sum(fs), 0) % ${HASH_MOD} + ${HASH_MOD}) % ${HASH_MOD})::float8 AS fs
       FROM plan_fingerprints WHERE region_id = $1`,
    [regionId],
  );
  if (f.rows > FOLD_FINGERPRINT_ROWS) {
    await m.query(
      `WITH folded AS (DELETE FROM plan_fingerprints WHERE region_id = $1 RETURNING n, s, fn, fs)
       INSERT INTO plan_fingerprints (region_id, n, s, fn, fs)
       SELECT $1, sum(n), sum(s) % ${HASH_MOD}, sum(fn), sum(fs) % ${HASH_MOD} FROM folded HAVING count(*) > 0`,
      [regionId],
    );
  }
  return { n: f.n, s: f.s, fn: f.fn, fs: f.fs };
}

/** Regional plans recomputed by following a change, and by solving the region from the table. */
export interface PlanCounts {
  followed: number;
  solved: number;
  /**
   * Of the solved, those proven optimal by the caller's plans over every passing pair instead of solved
   * again (RegionalPlan.provenBy); present when the caller gave such plans (a full rescoring).
   */
  proven?: number;
}

/** A region's plan as this worker last left it, with the fingerprint of the rows it was computed from. */
interface CachedRegion {
  plan: RegionalPlan;
  rows: Map<string, { starterId: string; h: number; inPlan: boolean }>;
  byStarter: Map<string, string[]>;
  practices: Map<string, { seats: number; patients: number }>;
  count: number;
  sum: number;
  planCount: number;
  planSum: number;
  /**
   * The plan is what solve() gave for these rows (no change followed since): solve() would give it again
   * while the region's suggestions, their flags and their practices are the same (unchanged()).
   */
  solved?: boolean;
}

/**
 * Marks `inRegionalPlan` on the suggestions of one region that together give the most patients a successor
 * at the best total fit (the exact min-cost flow in scoring/regional-plan.ts). Duo suggestions take two
 * starters at once, which a bipartite assignment cannot express; they are shown beside the plan, not in it.
 *
 * After one profile's rescoring the plan follows the change instead of solving the region again: the
 * worker keeps each region's plan in memory, and when the region's suggestions are, apart from the rescored
 * starters', exactly what that plan was computed from (the fingerprint in PostgreSQL says so, whoever
 * changed the table meanwhile), it updates the plan for those starters alone (RegionalPlan.update, exact)
 * and writes the few flags that change. Anything else, or any doubt, solves the region from the table.
 */
@Injectable()
export class RegionalPlanService {
  private readonly cache = new Map<string, CachedRegion>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async allRegionIds(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM regions ORDER BY code`);
    return rows.map((r) => r.id);
  }

  /**
   * Recomputes the plans of these regions, two at a time: each is its own transaction on its own
   * connection, so PostgreSQL reads and updates one region while Node solves the other. `changedStarters`:
   * the only starters whose suggestions changed since the last plan, when the caller knows.
   */
  async recomputeAll(
    regionIds: readonly string[],
    changedStarters?: readonly string[],
    everyPair?: ReadonlyMap<string, NamedSolvedRegion>,
  ): Promise<PlanCounts> {
    const counts: PlanCounts = { followed: 0, solved: 0, ...(everyPair ? { proven: 0 } : {}) };
    await inLanes(regionIds, 2, async (regionId) => {
      const { followed, proven } = await this.recompute(regionId, changedStarters, everyPair?.get(regionId));
      counts[followed ? 'followed' : 'solved'] += 1;
      if (proven && counts.proven !== undefined) counts.proven += 1;
    });
    return counts;
  }

  /**
   * List size and days needed of the practices these suggestions name: the region's practices, plus any
   * a suggestion still names from before its practice moved region (rescoring moves it shortly).
   */
  private async practicesOf(
    m: EntityManager,
    regionId: string,
    rows: Array<{ practiceId: string }>,
  ): Promise<Map<string, { seats: number; patients: number }>> {
    const select = `SELECT p.id, p.list_size AS "listSize", p.days_per_week_needed::float8 AS "daysPerWeekNeeded"
                      FROM practices p`;
    const found = await m.query<Array<PlanPractice & { id: string }>>(`${select} WHERE p.region_id = $1`, [
      regionId,
    ]);
    const ids = new Set(found.map((p) => p.id));
    const missing = [...new Set(rows.map((r) => r.practiceId))].filter((id) => !ids.has(id));
    if (missing.length > 0) {
      found.push(
        ...(await m.query<Array<PlanPractice & { id: string }>>(`${select} WHERE p.id = ANY($1::uuid[])`, [
          missing,
        ])),
      );
    }
    return new Map(found.map((p) => [p.id, { seats: successorSeats(p), patients: patientsPerSuccessor(p) }]));
  }

  /** The region's plan, recomputed: how many suggestions it holds, and whether it followed a change. */
  async recompute(
    regionId: string,
    changedStarters?: readonly string[],
    everyPair?: NamedSolvedRegion,
  ): Promise<{ inPlan: number; followed: boolean; proven: boolean }> {
    // Taken out while it is worked on: a failure (or a concurrent recompute here) leaves no stale entry.
    const cached = this.cache.get(regionId);
    this.cache.delete(regionId);
    const next = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('praktijkmatch.plan.' || $1))`, [regionId]);
      // A solve of a region nothing changed in since its last solve (a full rescoring that changed nothing
      // there): the same rows give the same plan, which is kept (counted as solved).
      if (!changedStarters && cached?.solved && (await this.unchanged(m, regionId, cached)))
        return { region: cached, followed: false, proven: false };
      const followed =
        cached && changedStarters && changedStarters.length <= Math.max(50, cached.byStarter.size / 4)
          ? await this.follow(m, regionId, cached, changedStarters)
          : null;
      if (followed) {
        followed.solved = false;
        return { region: followed, followed: true, proven: false };
      }
      const { region, proven } = await this.solve(m, regionId, everyPair);
      return { region, followed: false, proven };
    });
    this.cache.set(regionId, next.region);
    return { inPlan: next.region.planCount, followed: next.followed, proven: next.proven };
  }

  /**
   * Solves the region from the table and marks its plan; or, given the region's plan over every passing
   * pair (`everyPair`), first tries to prove the table's plan optimal with its potentials, which needs no
   * solve (RegionalPlan.provenBy: exact, checked arc by arc; `proven` says it did).
   */
  private async solve(
    m: EntityManager,
    regionId: string,
    everyPair?: NamedSolvedRegion,
  ): Promise<{ region: CachedRegion; proven: boolean }> {
    // The suggestions alone, then their practices: a join here costs more than both reads together.
    const rows = await m.query<Array<PlanRow & { f: boolean }>>(
      `SELECT m.id, m.starter_profile_id AS "starterId", m.practice_id AS "practiceId", m.score::float8 AS score,
              ${ROW_HASH}::float8 AS h, m.in_regional_plan AS f ${REGION_SUGGESTIONS} ORDER BY m.id`,
      [regionId],
    );
    const practices = await this.practicesOf(m, regionId, rows);
    const suggestions = rows.map((r) => this.planSuggestion(r, practices));
    const seats = new Map([...practices].map(([id, p]) => [id, p.seats]));
    // The plan flagged in the table (a full rescoring writes its plan over every passing pair with the
    // rows; or the plan of the last solve) stays when it is still optimal, so nothing needs writing.
    const flagged = new Set(rows.filter((r) => r.f).map((r) => r.id));
    const proof = everyPair ? RegionalPlan.provenBy(suggestions, seats, everyPair, flagged) : null;
    const plan = proof ?? RegionalPlan.solve(suggestions, seats);
    if (!proof && flagged.size > 0) plan.adoptIfOptimal(flagged);
    const inPlan = plan.chosen();
    // Only rows whose flag changes are written, so a plan that stayed the same costs no update at all;
    // a flagged match that is no longer a suggestion (it moved on) loses the flag.
    const writes = rows.filter((r) => r.f !== inPlan.has(r.id));
    if (writes.length > 0) {
      await m.query(
        `UPDATE matches m SET in_regional_plan = v.f FROM unnest($1::uuid[], $2::bool[]) AS v(id, f) WHERE m.id = v.id`,
        [writes.map((r) => r.id), writes.map((r) => !r.f)],
      );
    }
    await m.query(
      `UPDATE matches SET in_regional_plan = false WHERE region_id = $1 AND in_regional_plan AND status <> 'suggested'`,
      [regionId],
    );
    const region: CachedRegion = {
      plan,
      rows: new Map(),
      byStarter: new Map(),
      practices: new Map(),
      count: 0,
      sum: 0,
      planCount: 0,
      planSum: 0,
      solved: true,
    };
    for (const r of rows) {
      this.index(region, r, practices);
      region.rows.set(r.id, { starterId: r.starterId, h: r.h, inPlan: inPlan.has(r.id) });
      region.count += 1;
      region.sum = addHash(region.sum, r.h, 1);
      if (inPlan.has(r.id)) this.flag(region, r.h, 1);
    }
    return { region, proven: proof !== null };
  }

  /**
   * Whether the region is as its cached plan's solve left it: the same suggestions (ids and scores, by the
   * fingerprint), the same flagged, and the same seats and patients for each of their practices. Then
   * solve() would read the same rows in the same order and give the same plan; only the flags of matches
   * that left `suggested` are cleared, as solve() does.
   */
  private async unchanged(m: EntityManager, regionId: string, region: CachedRegion): Promise<boolean> {
    const fingerprint = await fingerprintOf(m, regionId);
    if (
      fingerprint.n !== region.count ||
      fingerprint.s !== region.sum ||
      fingerprint.fn !== region.planCount ||
      fingerprint.fs !== region.planSum
    )
      return false;
    const practices = await this.practicesOf(
      m,
      regionId,
      [...region.practices.keys()].map((practiceId) => ({ practiceId })),
    );
    for (const [id, was] of region.practices) {
      const now = practices.get(id);
      if (!now || now.seats !== was.seats || now.patients !== was.patients) return false;
    }
    await m.query(
      `UPDATE matches SET in_regional_plan = false WHERE region_id = $1 AND in_regional_plan AND status <> 'suggested'`,
      [regionId],
    );
    return true;
  }

  private planSuggestion(r: PlanRow, practices: Map<string, { patients: number }>): PlanSuggestion {
    const p = practices.get(r.practiceId);
    // Cannot happen while matches reference practices (migration MatchReferenceChecks); a plan must never guess.
    if (!p) throw new Error(`regional plan: practice ${r.practiceId} of suggestion ${r.id} not found`);
    return {
      id: r.id,
      starterId: r.starterId,
      practiceId: r.practiceId,
      score: r.score,
      patients: p.patients,
    };
  }

  /** Files a row under its starter and remembers its practice's seats and patients. */
  private index(
    region: CachedRegion,
    r: PlanRow,
    practices: Map<string, { seats: number; patients: number }>,
  ): void {
    const list = region.byStarter.get(r.starterId);
    if (list) list.push(r.id);
    else region.byStarter.set(r.starterId, [r.id]);
    region.practices.set(r.practiceId, practices.get(r.practiceId) as { seats: number; patients: number });
  }

  private flag(region: CachedRegion, h: number, sign: 1 | -1): void {
    region.planCount += sign;
    region.planSum = addHash(region.planSum, h, sign);
  }

  /**
   * Follows a change of these starters' suggestions with the cached plan, or returns null when the region
   * changed otherwise since (its fingerprint, or a practice's seats or patients, differs from what the
   * cached plan assumes), or the plan would rather be solved again.
   */
  private async follow(
    m: EntityManager,
    regionId: string,
    region: CachedRegion,
    starters: readonly string[],
  ): Promise<CachedRegion | null> {
    if (region.plan.wasteful) return null;
    const fingerprint = await fingerprintOf(m, regionId);
    const rows = await m.query<Array<PlanRow & { f: boolean }>>(
      `SELECT m.id, m.starter_profile_id AS "starterId", m.practice_id AS "practiceId", m.score::float8 AS score,
              ${ROW_HASH}::float8 AS h, m.in_regional_plan AS f
         ${REGION_SUGGESTIONS} AND m.starter_profile_id = ANY($2::uuid[]) ORDER BY m.id`,
      [regionId, starters],
    );
    // The table must be the cached rows with these starters' rows replaced by the ones just read.
    let { count, sum, planCount, planSum } = region;
    for (const starterId of starters) {
      for (const id of region.byStarter.get(starterId) ?? []) {
        const old = region.rows.get(id) as { h: number; inPlan: boolean };
        count -= 1;
        sum = addHash(sum, old.h, -1);
        if (old.inPlan) [planCount, planSum] = [planCount - 1, addHash(planSum, old.h, -1)];
      }
    }
    for (const r of rows) {
      count += 1;
      sum = addHash(sum, r.h, 1);
      if (r.f) [planCount, planSum] = [planCount + 1, addHash(planSum, r.h, 1)];
    }
    if (
      count !== fingerprint.n ||
      sum !== fingerprint.s ||
      planCount !== fingerprint.fn ||
      planSum !== fingerprint.fs
    )
      return null;
    const practices = await this.practicesOf(m, regionId, rows);
    for (const [id, was] of region.practices) {
      const now = practices.get(id);
      if (!now || now.seats !== was.seats || now.patients !== was.patients) return null;
    }

    const changes = new Map<string, PlanSuggestion[]>(starters.map((id) => [id, []]));
    for (const r of rows) changes.get(r.starterId)?.push(this.planSuggestion(r, practices));
    let change;
    try {
      change = region.plan.update(changes, new Map([...practices].map(([id, p]) => [id, p.seats])));
    } catch (err) {
      if (err instanceof PlanRebuildNeeded) return null;
      throw err;
    }

    // Flags to write: the rescored starters' rows as they are in the table, the others as the cache had them.
    const fresh = new Map(rows.map((r) => [r.id, r]));
    const wanted = new Map<string, boolean>();
    for (const r of rows) wanted.set(r.id, region.plan.placementOf(r.starterId) === r.id);
    for (const id of change.added) wanted.set(id, true);
    for (const id of change.removed) if (!fresh.has(id) && region.rows.has(id)) wanted.set(id, false);
    const writes: Array<[string, boolean]> = [];
    for (const [id, f] of wanted) {
      const current = fresh.get(id)?.f ?? region.rows.get(id)?.inPlan;
      if (current !== undefined && current !== f) writes.push([id, f]);
    }
    if (writes.length > 0) {
      await m.query(
        `UPDATE matches m SET in_regional_plan = v.f FROM unnest($1::uuid[], $2::bool[]) AS v(id, f) WHERE m.id = v.id`,
        [writes.map((w) => w[0]), writes.map((w) => w[1])],
      );
    }
    await m.query(
      `UPDATE matches SET in_regional_plan = false WHERE region_id = $1 AND in_regional_plan AND status <> 'suggested'`,
      [regionId],
    );

    // The cache now describes the table as this transaction leaves it.
    for (const starterId of starters) {
      for (const id of region.byStarter.get(starterId) ?? []) region.rows.delete(id);
      region.byStarter.delete(starterId);
    }
    for (const r of rows) {
      this.index(region, r, practices);
      region.rows.set(r.id, { starterId: r.starterId, h: r.h, inPlan: r.f });
    }
    Object.assign(region, {
      count: fingerprint.n,
      sum: fingerprint.s,
      planCount: fingerprint.fn,
      planSum: fingerprint.fs,
    });
    for (const [id, f] of writes) {
      // A rescored starter's old row that is no longer a suggestion here counts in no fingerprint.
      const row = region.rows.get(id);
      if (!row) continue;
      row.inPlan = f;
      this.flag(region, row.h, f ? 1 : -1);
    }
    return region;
  }
}
