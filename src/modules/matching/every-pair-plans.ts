import { EntityManager } from 'typeorm';
import {
  patientsPerSuccessor,
  PlanRebuildNeeded,
  successorSeats,
  type PlanChange,
  type PlanSuggestion,
  RegionalPlan,
  type ScoringPractice,
  type SolvedRegion,
} from './scoring';

/** What a region's plan was built with for one practice: seats and patients per successor. */
interface PracticeShape {
  seats: number;
  patients: number;
}

interface RegionEntry {
  /** The plan with its network, once a change needed it (or built from scratch). */
  plan: RegionalPlan | null;
  /** Until then, the full rescoring's solve without the network, and the names of its rows and practices. */
  solved: { region: SolvedRegion; starterIds: readonly string[]; practiceIds: readonly string[] } | null;
  practices: Map<string, PracticeShape>;
}

/** The entry's plan, its network built from the solve the first time it is asked for (RegionalPlan.fromSolved). */
function planOf(entry: RegionEntry): RegionalPlan {
  if (!entry.plan) {
    const s = entry.solved as NonNullable<RegionEntry['solved']>;
    entry.plan = RegionalPlan.fromSolved(s.region, s.starterIds, s.practiceIds);
    entry.solved = null;
  }
  return entry.plan;
}

const shapeOf = (p: ScoringPractice): PracticeShape => ({
  seats: successorSeats(p),
  patients: Math.round(patientsPerSuccessor(p)),
});

/**
 * A row of rescoring_log (migration RescoringLog): the rescoring that wrote it, as a worker remembers its
 * own last one.
 */
export interface LogMark {
  seq: string;
  token: string;
}

/**
 * Every region's plan over every passing pair, kept in this worker's memory between rescorings
 * (RegionalPlan.fromGraph: the network of every pair with the optimum's potentials, built from the full
 * rescoring's solve the first time a change needs it), so that a profile's
 * or a practice's rescoring follows its change over every pair exactly (RegionalPlan.update) instead of
 * over the stored suggestions alone. A full rescoring fills it; a region it lacks is built from scratch
 * (RescoringService.buildRegionPlans).
 *
 * The pairs are current while this process has followed every rescoring since it built them. Each
 * rescoring adds a row to `rescoring_log` under the rescoring lock (record, beginAll): the starters it
 * rescored and the regions whose plans it followed or built, or `everything` (a full rescoring). begin()
 * reads the rows after this process's own last one and drops every region they name, and every region
 * where a starter they name had a pair as this process knew it (its pairs there may have changed or
 * gone); the other regions stay. It
 * empties the cache when its own last row is gone (the table was emptied or pruned), a row says
 * `everything`, or the weights changed. Until commit() (after the rescoring's transaction committed) the
 * cache counts as unknown, so a rescoring that fails leaves it to be emptied next time.
 */
export class EveryPairPlans {
  private readonly regions = new Map<string, RegionEntry>();
  /** Per starter, the regions where one of its pairs passes (as the cache knows). */
  private readonly starterRegions = new Map<string, Set<string>>();
  /** This process's last rescoring's row, once it committed; null while unknown. */
  private last: LogMark | null = null;
  private weightsVersion: number | null = null;

  /**
   * A rescoring starts, under the rescoring lock (in `m`'s transaction, for a profile's or a practice's):
   * what other processes changed since this one's last rescoring is dropped. Says how many regions were
   * dropped, or 'all'.
   */
  async begin(m: EntityManager, weightsVersion: number): Promise<number | 'all'> {
    const last = this.last;
    this.last = null;
    const known = last !== null && weightsVersion === this.weightsVersion;
    this.weightsVersion = weightsVersion;
    if (!known) return this.clearAll();
    const rows = await m.query<
      Array<LogMark & { everything: boolean; starterIds: string[]; regionIds: string[] }>
    >(
      `SELECT seq::text, token::text, everything, starter_ids::text[] AS "starterIds",
              region_ids::text[] AS "regionIds"
         FROM rescoring_log WHERE seq >= $1::bigint ORDER BY seq`,
      [last.seq],
    );
    if (rows[0]?.seq !== last.seq || rows[0].token !== last.token) return this.clearAll();
    const later = rows.slice(1);
    if (later.some((r) => r.everything)) return this.clearAll();
    const stale = new Set<string>();
    for (const r of later) {
      for (const id of r.regionIds) stale.add(id);
      for (const id of r.starterIds) for (const region of this.regionsOf(id)) stale.add(region);
    }
    let dropped = 0;
    for (const id of stale)
      if (this.regions.has(id)) {
        this.drop(id);
        dropped++;
      }
    return dropped;
  }

  /**
   * A full rescoring starts, under the rescoring lock: the cache is emptied (the run fills it again), and
   * its row, saying everything changed, is written on its own at once (`m` outside a transaction), every
   * row before it deleted. The mark to commit() once the run succeeded.
   */
  async beginAll(m: EntityManager, weightsVersion: number): Promise<LogMark> {
    this.last = null;
    this.weightsVersion = weightsVersion;
    this.clearAll();
    const [mark] = await m.query<LogMark[]>(
      `WITH mark AS (INSERT INTO rescoring_log (everything) VALUES (true) RETURNING seq, token),
            pruned AS (DELETE FROM rescoring_log WHERE seq < (SELECT seq FROM mark))
       SELECT seq::text, token::text FROM mark`,
    );
    return mark;
  }

  /**
   * A profile's or a practice's rescoring, begun with begin(), records in `m`'s transaction what it
   * changed: the starters it rescored and the regions whose plans it followed or built. The mark to
   * commit() once that transaction committed.
   */
  async record(m: EntityManager, starterIds: string[], regionIds: string[]): Promise<LogMark> {
    const [mark] = await m.query<LogMark[]>(
      `INSERT INTO rescoring_log (starter_ids, region_ids) VALUES ($1::uuid[], $2::uuid[])
       RETURNING seq::text, token::text`,
      [starterIds, regionIds],
    );
    return mark;
  }

  /** The rescoring that wrote this row committed: the cache describes the table again. */
  commit(mark: LogMark): void {
    this.last = mark;
  }

  private clearAll(): 'all' {
    this.regions.clear();
    this.starterRegions.clear();
    return 'all';
  }

  has(regionId: string): boolean {
    return this.regions.has(regionId);
  }

  /** Regions where this starter has a passing pair, as the cache knows. */
  regionsOf(starterId: string): ReadonlySet<string> {
    return this.starterRegions.get(starterId) ?? new Set();
  }

  /**
   * Pairs in the cache, all regions (memory: about 16 bytes each in a network, 8 in a region whose network
   * no change has needed yet).
   */
  get pairCount(): number {
    let n = 0;
    for (const r of this.regions.values())
      n += r.plan ? r.plan.edgeCount : (r.solved?.region.graph.practice.length ?? 0);
    return n;
  }

  /**
   * A region's plan over every passing pair, built from scratch (a full rescoring's, or buildRegionPlans's):
   * `practices` every practice its pairs name, `starterIds` the starters with a pair in it.
   */
  set(
    regionId: string,
    plan: RegionalPlan,
    practices: Iterable<ScoringPractice>,
    starterIds: Iterable<string>,
  ): void {
    this.put(regionId, { plan, solved: null, practices: new Map() }, practices, starterIds);
  }

  /**
   * A region's plan over every passing pair as a full rescoring solved it, without its network
   * (RegionalPlan.solveGraph): the network is built the first time a change touches the region. Keeping
   * every region's network after each full rescoring cost about 8 s of the 20,000 x 15,000 run (about 10
   * million pairs), and most regions see no profile change before the next one. `starterIds[row]` names
   * the graph's rows, `practiceIds[p]` its practices; `practices` as for set().
   */
  setSolved(
    regionId: string,
    region: SolvedRegion,
    starterIds: readonly string[],
    practiceIds: readonly string[],
    practices: Iterable<ScoringPractice>,
  ): void {
    const entry = { plan: null, solved: { region, starterIds, practiceIds }, practices: new Map() };
    this.put(regionId, entry, practices, starterIds);
  }

  /**
   * Builds the networks of the regions still kept as a solve only (setSolved), one region per turn of the
   * event loop, so that the first profile change after a full rescoring finds its region's network ready
   * (the network and the edges into each practice: about 120 ms for Zuid-Holland at 20,000 x 15,000,
   * 10 ms at 5,000 x 5,000) while a job that
   * arrives meanwhile runs between two regions. A region a change needs first is built on the spot
   * (planOf); one built, dropped or replaced meanwhile is skipped.
   */
  warm(): void {
    const pending = [...this.regions].filter(([, e]) => !e.plan).map(([id]) => id);
    const next = (): void => {
      const id = pending.shift();
      if (id === undefined) return;
      const entry = this.regions.get(id);
      if (entry) planOf(entry).prepareForChanges();
      setImmediate(next);
    };
    setImmediate(next);
  }

  private put(
    regionId: string,
    entry: RegionEntry,
    practices: Iterable<ScoringPractice>,
    starterIds: Iterable<string>,
  ): void {
    this.drop(regionId);
    for (const p of practices) entry.practices.set(p.id, shapeOf(p));
    this.regions.set(regionId, entry);
    for (const id of starterIds) this.noteStarter(id, regionId, true);
  }

  /**
   * Follows a change of these starters' pairs in one cached region (changes: per starter its passing
   * pairs there now, named `starterId/practiceId`; an empty list: none), exactly (RegionalPlan.update).
   * `practices`: the practices the rescoring read that lie in the region, as they are now. Null, and the
   * region dropped, when it must be built again: not cached, a practice's seats or patients changed, or the
   * plan asks for a new solve. Else the pairs that joined and left its plan.
   */
  follow(
    regionId: string,
    changes: ReadonlyMap<string, readonly PlanSuggestion[]>,
    practices: readonly ScoringPractice[],
  ): PlanChange | null {
    const region = this.regions.get(regionId);
    if (!region) return null;
    const plan = planOf(region);
    if (plan.wasteful) {
      this.drop(regionId);
      return null;
    }
    const seats = new Map<string, number>();
    for (const p of practices) {
      const now = shapeOf(p);
      const was = region.practices.get(p.id);
      if (was && (was.seats !== now.seats || was.patients !== now.patients)) {
        this.drop(regionId);
        return null;
      }
      seats.set(p.id, now.seats);
    }
    let change: PlanChange;
    try {
      change = plan.update(changes, seats);
    } catch (err) {
      this.drop(regionId);
      if (err instanceof PlanRebuildNeeded) return null;
      throw err;
    }
    for (const p of practices) region.practices.set(p.id, shapeOf(p));
    for (const [id, list] of changes) this.noteStarter(id, regionId, list.length > 0);
    return change;
  }

  /** The region's plan over every passing pair: its pairs as `starterId/practiceId`. */
  planPairs(regionId: string): Set<string> {
    const region = this.regions.get(regionId);
    return region ? planOf(region).chosen() : new Set();
  }

  /** The pair (`starterId/practiceId`) this starter is placed by in the region's plan, or null. */
  placementOf(regionId: string, starterId: string): string | null {
    const region = this.regions.get(regionId);
    return region ? planOf(region).placementOf(starterId) : null;
  }

  private drop(regionId: string): void {
    this.regions.delete(regionId);
    for (const [id, set] of this.starterRegions) {
      set.delete(regionId);
      if (set.size === 0) this.starterRegions.delete(id);
    }
  }

  private noteStarter(starterId: string, regionId: string, present: boolean): void {
    let set = this.starterRegions.get(starterId);
    if (present) {
      if (!set) this.starterRegions.set(starterId, (set = new Set()));
      set.add(regionId);
    } else if (set) {
      set.delete(regionId);
      if (set.size === 0) this.starterRegions.delete(starterId);
    }
  }
}
