/**
 * Which pairs and duos a rescoring suggests, computed on the compiled typed arrays (pure: no Nest, no
 * TypeORM). It applies exactly the rule of suggestion-selection.ts (score >= MIN_SUGGESTION_SCORE, the best
 * MAX_SUGGESTIONS_PER_STARTER per starter and MAX_SUGGESTIONS_PER_DUO per duo, ties by practice id) and
 * gives exactly the points scorePair and scoreDuo compute (suggestion-engine.spec.ts checks both against
 * the object path), but without an object per passing pair: at 5,000 x 5,000 some 785,000 pairs pass and
 * only about 57,000 are kept. Each starter's best are kept in a fixed-size buffer while its candidates
 * stream by, and only duo seekers keep their passing practices (a duo can take over only a practice both
 * members pass). Starters are scored in ranges, so the caller can write one range while scoring the next.
 */
import {
  boundingBox,
  CompiledScorer,
  compilePractices,
  compileStarters,
  CRITERIA,
  daysFraction,
  formsMask,
  haversineKm,
  lowerBound,
  patientsPerSuccessor,
  pointsTenths,
  rolesMask,
  type NamedSolvedRegion,
  successorSeats,
  type AllPairsGraph,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
} from './scoring';
import {
  CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  MAX_DUO_PARTNERS,
  MAX_SUGGESTIONS_PER_DUO,
} from './suggestion-selection';
import { BestOf } from './best-of';
import {
  collectRange,
  practiceBestOf,
  solveGraphs,
  type CollectedRange,
  type CollectRules,
  type SolvedGraph,
} from './scoring-tasks';
import type { ScoringThread } from './scoring-thread';

/**
 * The part of the starters prepareWith collects on the main thread; the scoring thread takes the rest. A
 * little over half: the thread starts later (its inputs are copied to it, its scorer compiled again);
 * measured at 5,000 x 5,000, with 45% here the main thread waited for the other about 150 ms.
 */
const MAIN_THREAD_SHARE = 0.53;

const pairsIn = (g: { graph: AllPairsGraph }): number => g.graph.practice.length;
const DAYS = CRITERIA.indexOf('days');

/** One suggestion as the engine computes it: indexes into its inputs, points in whole tenths. */
export interface EngineSuggestion {
  starter: ScoringStarter;
  /** The duo partner, or null for a pair. */
  partner: ScoringStarter | null;
  practiceIndex: number;
  /** A pair's distance; a duo's is the farther member's. */
  distanceKm: number;
  scoreTenths: number;
  /** Points per criterion in whole tenths, CRITERIA order; they add up to scoreTenths. */
  pointsTenths: number[];
}

/** What prepare() fixed: each starter's best N (flat, N per starter), its passing pairs, the extra candidates. */
interface Prepared {
  bestPractice: Int32Array;
  bestTenths: Int32Array;
  bestDistance: Float64Array;
  bestSize: Int32Array;
  /** Passing pairs at or above the threshold, by rescored starter: start[i] .. start[i+1]-1. */
  start: Int32Array;
  practice: Int32Array;
  tenths: Int32Array;
  /** Candidates beyond a starter's best N: from a practice's best M, or from the plan. */
  extra: Map<number, Array<{ practiceIndex: number; tenths: number; distance: number }>>;
}

/** One region's plan over every passing pair, as prepare({ plan: true }) found it. */
export interface PlanStats {
  passingPairs: number;
  candidatePairs: number;
  /** 1: solved directly over every pair (solveAllPairs). */
  rounds: number;
  /** Pairs in the solver's network: every passing pair. */
  networkPairs: number;
  planPairsAdded: number;
  patients: number;
  scoreTenths: number;
  ms: number;
}

/** Each criterion's points in whole tenths, from its fraction (the same rounding as the score's). */
const tenthsPerCriterion = (fractions: Float64Array, maxTenths: readonly number[]): number[] => {
  const out = new Array<number>(CRITERIA.length);
  for (let c = 0; c < CRITERIA.length; c++) out[c] = pointsTenths(fractions[c], maxTenths[c]);
  return out;
};

/**
 * For each seeker, the nearest compatible partners (at most `limit`) from the pool, as in
 * checkDuoCompatible: both active and looking, a common practice form and role, and homes within the
 * smaller travel distance of the two or a shared preferred region. Ties in distance go by id. Returns
 * each duo once, ordered [lower id, higher id], in the order the seekers first name them.
 */
export function findDuoPartners(
  seekers: readonly ScoringStarter[],
  pool: readonly ScoringStarter[],
  limit = MAX_DUO_PARTNERS,
): Array<[ScoringStarter, ScoringStarter]> {
  if (limit <= 0) return [];
  const eligible = pool.filter((b) => b.active && b.lookingForDuoPartner);
  const byLat = [...eligible].sort((x, y) => x.homeLat - y.homeLat);
  const lats = Float64Array.from(byLat, (b) => b.homeLat);
  const forms = byLat.map((b) => formsMask(b.practiceForms));
  const roles = byLat.map((b) => rolesMask(b.roles));
  const byRegion = new Map<string, number[]>();
  byLat.forEach((b, k) => {
    for (const r of new Set(b.preferredRegionIds)) {
      const list = byRegion.get(r);
      if (list) list.push(k);
      else byRegion.set(r, [k]);
    }
  });
  const duos: Array<[ScoringStarter, ScoringStarter]> = [];
  const seen = new Set<string>();
  for (const a of seekers) {
    if (!a.active || !a.lookingForDuoPartner) continue;
    const aForms = formsMask(a.practiceForms);
    const aRoles = rolesMask(a.roles);
    const aRegions = new Set(a.preferredRegionIds);
    // The nearest `limit` so far, by distance and then id (the order the duos are named in), kept sorted:
    // a seeker sharing a preferred region with hundreds considers them all, and sorting them all cost
    // more than the distances.
    const found: Array<{ b: ScoringStarter; km: number }> = [];
    const nearer = (km: number, b: ScoringStarter, x: { b: ScoringStarter; km: number }): boolean =>
      km < x.km || (km === x.km && b.id < x.b.id);
    const consider = (k: number): void => {
      const b = byLat[k];
      if (b.id === a.id || (forms[k] & aForms) === 0 || (roles[k] & aRoles) === 0) return;
      const km = haversineKm(a.homeLat, a.homeLon, b.homeLat, b.homeLon);
      if (found.length === limit && !nearer(km, b, found[limit - 1])) return;
      if (km > Math.min(a.maxTravelKm, b.maxTravelKm) && !b.preferredRegionIds.some((r) => aRegions.has(r)))
        return;
      let at = found.length;
      while (at > 0 && nearer(km, b, found[at - 1])) at--;
      found.splice(at, 0, { b, km });
      if (found.length > limit) found.pop();
    };
    // Within the smaller travel distance means within a's: the latitude run of the box that scoring uses
    // for a's practices (a prefilter that never leaves a point within the distance out).
    const box = boundingBox(a.homeLat, a.homeLon, a.maxTravelKm);
    const lo = lowerBound(lats, box.latMin);
    let end = lo;
    for (; end < lats.length && lats[end] <= box.latMax; end++) consider(end);
    // Partners sharing a preferred region may live anywhere; those in the window [lo, end) were seen already.
    const outside = new Set<number>();
    for (const r of aRegions) for (const k of byRegion.get(r) ?? []) if (k < lo || k >= end) outside.add(k);
    for (const k of outside) consider(k);
    for (const { b } of found) {
      const duo: [ScoringStarter, ScoringStarter] = a.id < b.id ? [a, b] : [b, a];
      const key = `${duo[0].id}/${duo[1].id}`;
      if (!seen.has(key)) {
        seen.add(key);
        duos.push(duo);
      }
    }
  }
  return duos;
}

/**
 * One rescoring's suggestions. `starters` are the rescored ones (each gets pair suggestions); `duoPool`
 * is every active starter looking for a duo partner, from which the rescored seekers' partners are chosen.
 */
export class SuggestionEngine {
  private readonly scorer: CompiledScorer;
  private readonly all: ScoringStarter[];
  private readonly rescoredCount: number;
  private readonly duos: Array<[number, number]>;
  /** Passing practices and distances of the starters that are in a duo (index into `all`). */
  private readonly passing = new Map<number, { practice: number[]; distance: number[] }>();
  private readonly keepsPassing: Uint8Array;
  private readonly idRank: Int32Array;
  private readonly best: BestOf;
  private partnersScored = false;
  private readonly starterRank: Int32Array;
  /** After prepare(): every rescored starter's candidates (see prepare). */
  private prepared: Prepared | null = null;
  /** The practices' ids, by index (the plans' practice names). */
  private practiceIds: string[] | null = null;
  /** After prepare({ plan: true }): per region, how the plan over every passing pair was found. */
  readonly planStats = new Map<string, PlanStats>();
  /** What the scoring thread failed to do in prepareWith (this thread did it instead). */
  readonly threadErrors: Error[] = [];
  /** After prepare({ plan: true }): the pairs of the regions' plans, as starter index x practices + practice index. */
  private planPairs: Set<number> | null = null;
  /** duoSuggestions(), once computed. */
  private duoList: EngineSuggestion[] | null = null;
  /** Index into `all` of each scored starter (inPlan's lookup). */
  private indexOf: Map<ScoringStarter, number> | null = null;
  /** Reused by pairSuggestion: a Float64Array per suggestion costs an ArrayBuffer each. */
  private readonly scratch = new Float64Array(CRITERIA.length);
  /**
   * After prepare({ plan: true }): per region, its plan over every passing pair, solved but without its
   * network (RegionalPlan.solveGraph; RegionalPlan.fromSolved builds it, suggestions named
   * "starter id/practice id"), and the starter of each of its rows.
   */
  readonly regionPlans = new Map<string, NamedSolvedRegion>();

  /**
   * `alsoSeeking`: for a partial rescoring, the other starters looking for a partner who could name a
   * rescored one among their nearest (nearest is not symmetric: Q may be among R's nearest partners while R
   * is not among Q's, or the other way round). Their duos with a rescored starter are suggested too, so a
   * profile's rescoring gives exactly the duos of it that the full rescoring gives; `duoPool` must then
   * hold their candidates as well.
   */
  constructor(
    starters: readonly ScoringStarter[],
    readonly practices: readonly ScoringPractice[],
    private readonly weights: ScoringWeights,
    duoPool: readonly ScoringStarter[],
    alsoSeeking: readonly ScoringStarter[] = [],
    readonly limits: CandidateLimits = DEFAULT_CANDIDATE_LIMITS,
  ) {
    this.best = new BestOf(limits.starterBest);
    const rescored = new Set(starters.map((s) => s.id));
    const others = alsoSeeking.filter((s) => !rescored.has(s.id));
    const duoPairs = findDuoPartners([...starters, ...others], duoPool).filter(
      ([a, b]) => rescored.has(a.id) || rescored.has(b.id),
    );
    // Partners outside the rescored set are scored too, but only for their passing practices.
    const index = new Map(starters.map((s, i) => [s.id, i]));
    this.all = [...starters];
    for (const s of duoPairs.flat()) {
      if (!index.has(s.id)) {
        index.set(s.id, this.all.length);
        this.all.push(s);
      }
    }
    this.rescoredCount = starters.length;
    this.duos = duoPairs.map(([a, b]) => [index.get(a.id) ?? -1, index.get(b.id) ?? -1]);
    this.keepsPassing = new Uint8Array(this.all.length);
    for (const [a, b] of this.duos) this.keepsPassing[a] = this.keepsPassing[b] = 1;
    this.scorer = new CompiledScorer(compileStarters(this.all), compilePractices(practices), weights);
    const ids = practices.map((p) => p.id);
    const order = Int32Array.from(ids.keys()).sort((x, y) =>
      ids[x] < ids[y] ? -1 : ids[x] > ids[y] ? 1 : 0,
    );
    this.idRank = new Int32Array(ids.length);
    order.forEach((practiceIndex, rank) => (this.idRank[practiceIndex] = rank));
    const starterOrder = Int32Array.from(this.all.keys()).sort((x, y) =>
      this.all[x].id < this.all[y].id ? -1 : this.all[x].id > this.all[y].id ? 1 : 0,
    );
    this.starterRank = new Int32Array(this.all.length);
    starterOrder.forEach((i, rank) => (this.starterRank[i] = rank));
  }

  /** Successor seats of a practice (index into `practices`) times the practice-side limit M. */
  private practiceLimit(pi: number): number {
    return this.limits.practiceBestPerSeat * successorSeats(this.practices[pi]);
  }

  /**
   * Scores every rescored starter once and fixes their candidates: each starter's best N, each practice's
   * best M per successor seat among the rescored starters (a full rescoring: among all), and with
   * { plan: true } every pair of each region's plan over all its passing pairs (solveAllPairs). After
   * it, pairs(from, to) gives those candidates. `extra` may add pairs (a partial rescoring's share of a
   * practice's best M, computed with the stored suggestions) before pairs() is called. With
   * { practiceBest: false } the practices' best M among the rescored starters is left out: a partial
   * rescoring computes the rescored starters' exact share against the stored suggestions instead
   * (RescoringService.practiceSide); among one rescored starter, its best M of every practice is every
   * pair it passes.
   */
  prepare(options: { plan: boolean; practiceBest?: boolean }): void {
    if (this.prepared) return;
    const rules = this.collectRules(options.practiceBest !== false);
    this.settle([collectRange(this.scorer, 0, this.rescoredCount, rules)], rules);
    if (!options.plan) return;
    const graphs = this.regionGraphs();
    const practiceIds = this.practiceIdList();
    this.applyPlans(
      graphs,
      solveGraphs(
        graphs.map((g) => g.graph),
        practiceIds,
      ),
    );
  }

  /**
   * prepare(), with a second thread doing part of the work (a full rescoring): the thread collects the
   * last part of the starters while this one collects the first, and settle() merges the two exactly, so
   * the candidates are the same; then the regions' plans are solved, each by whichever thread is free.
   * What the thread fails to do is done here instead (`threadErrors` says why), so the result never
   * depends on it. With { duos: true } this thread also computes the duo suggestions, after its first plan.
   */
  async prepareWith(
    thread: ScoringThread,
    options: { plan: boolean; practiceBest?: boolean; duos?: boolean },
  ): Promise<void> {
    if (this.prepared) return;
    const n = this.rescoredCount;
    const split = Math.ceil(n * MAIN_THREAD_SHARE);
    const rules = this.collectRules(options.practiceBest !== false);
    const theirs = thread.collect(this.all, this.practices, this.weights, split, n, rules);
    theirs.catch(() => undefined); // awaited below, after this thread's part
    const mine = collectRange(this.scorer, 0, split, rules);
    const rest =
      (await theirs.catch((err: unknown) => this.threadFailed(err))) ??
      collectRange(this.scorer, split, n, rules);
    this.settle([mine, rest], rules);
    if (!options.plan) return;
    const graphs = this.regionGraphs();
    const practiceIds = this.practiceIdList();
    // Largest first, each region to whichever thread is free next: the scoring thread is sent one at a
    // time, and this one takes the next after each of its own, letting the other's answer in between. The
    // largest stays here: sent first to the scoring thread, whose solver is still cold in a new process,
    // Zuid-Holland's plan at 20,000 x 15,000 took 1.1 s against 0.7 s here.
    const order = graphs.map((_, k) => k).sort((a, b) => pairsIn(graphs[b]) - pairsIn(graphs[a]) || a - b);
    const solved = new Array<SolvedGraph>(graphs.length);
    let next = 1;
    const left: number[] = [];
    const there = (async (): Promise<void> => {
      while (next < order.length) {
        const k = order[next++];
        const answer = await thread
          .solve([graphs[k].graph], practiceIds)
          .catch((err: unknown) => this.threadFailed(err));
        // Failed: this one is solved here, as are the rest.
        if (!answer) {
          left.push(k);
          return;
        }
        solved[k] = answer[0];
      }
    })();
    for (let k = order[0]; k !== undefined; k = order[next++]) {
      [solved[k]] = solveGraphs([graphs[k].graph], practiceIds);
      // The duos next, here, while the scoring thread goes on with the plans: otherwise the first duo batch
      // of a full rescoring computes them while only one batch is being written.
      if (options.duos && this.duoList === null) this.duoSuggestions();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await there;
    for (const k of left) [solved[k]] = solveGraphs([graphs[k].graph], practiceIds);
    this.applyPlans(graphs, solved);
  }

  /** The practices' ids, by index (the plans' practice names), computed once. */
  private practiceIdList(): string[] {
    return (this.practiceIds ??= this.practices.map((p) => p.id));
  }

  private threadFailed(err: unknown): null {
    this.threadErrors.push(err instanceof Error ? err : new Error(String(err)));
    return null;
  }

  /** What collectRange keeps, by this engine's orders; with practiceBest, the practices' best M too. */
  private collectRules(practiceBest: boolean): CollectRules {
    return {
      starterBest: this.limits.starterBest,
      idRank: this.idRank,
      starterRank: this.starterRank,
      practiceLimit: Int32Array.from(this.practices, (_, pi) => (practiceBest ? this.practiceLimit(pi) : 0)),
      everyPairOf: this.keepsPassing,
    };
  }

  /**
   * Fixes the candidates of the collected ranges (together [0, rescored), in order): the starters' best N
   * and passing pairs, then the practices' best M as extras; duo members keep every pair they pass.
   */
  private settle(ranges: readonly CollectedRange[], rules: CollectRules): void {
    // The ranges follow each other from starter 0, so each of their arrays is the next part of the whole.
    const joined = <T extends Int32Array | Float64Array>(part: (r: CollectedRange) => T): T => {
      if (ranges.length === 1) return part(ranges[0]);
      const parts = ranges.map(part);
      const whole = new (parts[0].constructor as new (n: number) => T)(
        parts.reduce((n, x) => n + x.length, 0),
      );
      let at = 0;
      for (const x of parts) {
        whole.set(x, at);
        at += x.length;
      }
      return whole;
    };
    const start = new Int32Array(this.rescoredCount + 1);
    start.set(
      joined((r) => r.pairCount),
      1,
    );
    for (let i = 0; i < this.rescoredCount; i++) start[i + 1] += start[i];
    this.prepared = {
      bestPractice: joined((r) => r.bestPractice),
      bestTenths: joined((r) => r.bestTenths),
      bestDistance: joined((r) => r.bestDistance),
      bestSize: joined((r) => r.bestSize),
      start,
      practice: joined((r) => r.pairPractice),
      tenths: joined((r) => r.pairTenths),
      extra: new Map(),
    };
    for (const r of ranges)
      for (let k = 0; k < r.allStarter.length; k++)
        this.remember(r.allStarter[k], r.allPractice[k], r.allDistance[k]);
    practiceBestOf(ranges, rules).forEach((top, pi) => {
      if (!top) return;
      for (let k = 0; k < top.size; k++) this.addExtra(top.practice[k], pi, top.tenths[k], top.distance[k]);
    });
  }

  /** A rescored starter's passing pairs at or above the threshold (after prepare). */
  passingPairs(i: number): Array<{ practiceIndex: number; tenths: number }> {
    const p = this.requirePrepared();
    const out: Array<{ practiceIndex: number; tenths: number }> = [];
    for (let k = p.start[i]; k < p.start[i + 1]; k++)
      out.push({ practiceIndex: p.practice[k], tenths: p.tenths[k] });
    return out;
  }

  /** Adds a passing pair of rescored starter i to its candidates (after prepare; idempotent). */
  addExtra(i: number, pi: number, tenths: number, distance = this.scorer.distanceOf(i, pi)): void {
    const p = this.requirePrepared();
    for (let k = 0; k < p.bestSize[i]; k++)
      if (p.bestPractice[i * this.limits.starterBest + k] === pi) return;
    let list = p.extra.get(i);
    if (!list) p.extra.set(i, (list = []));
    if (list.some((x) => x.practiceIndex === pi)) return;
    list.push({ practiceIndex: pi, tenths, distance });
  }

  private requirePrepared(): Prepared {
    if (!this.prepared) throw new Error('SuggestionEngine: prepare() first');
    return this.prepared;
  }

  /**
   * Per region (of the practice), the plan over every passing pair at or above the threshold, solved
   * directly and exactly over all of them (RegionalPlan.solveGraph: solveFromSeats, scoring/exact-plan.ts;
   * `solvedGraphs` holds them, in the order of `graphs`), kept with its potentials (regionPlans) so that a worker
   * can follow one profile's change over every pair, building the region's network only then
   * (RegionalPlan.fromSolved); its pairs join the candidates.
   */
  private applyPlans(
    graphs: Array<{ regionId: string; graph: AllPairsGraph; starterOf: number[] }>,
    solvedGraphs: readonly SolvedGraph[],
  ): void {
    this.planPairs = new Set();
    const practiceIds = this.practiceIdList();
    graphs.forEach(({ regionId, graph, starterOf }, g) => {
      const { solved, ms } = solvedGraphs[g];
      const { practice, tenths, candidate } = graph;
      const starterIds = starterOf.map((i) => this.all[i].id);
      let added = 0;
      let patients = 0;
      let scoreTenths = 0;
      starterOf.forEach((row, local) => {
        const k = solved.solved.placed[local];
        if (k < 0) return;
        this.planPairs?.add(row * this.practices.length + practice[k]);
        patients += graph.patients[practice[k]];
        scoreTenths += tenths[k];
        if (candidate[k] === 1) return;
        added++;
        this.addExtra(row, practice[k], tenths[k]);
      });
      this.regionPlans.set(regionId, { solved, starterIds, practiceIds });
      this.planStats.set(regionId, {
        passingPairs: practice.length,
        candidatePairs: candidate.reduce((a, b) => a + b, 0),
        rounds: 1,
        networkPairs: practice.length,
        planPairsAdded: added,
        patients,
        scoreTenths,
        ms,
      });
    });
  }

  /**
   * Per region (of the practice), every passing pair at or above the threshold as the plan's graph (by
   * starter, compressed rows; `starterOf[local]` is the rescored starter of local row `local`), each pair
   * marked if it is a candidate already (after prepare).
   */
  regionGraphs(): Array<{ regionId: string; graph: AllPairsGraph; starterOf: number[] }> {
    const p = this.requirePrepared();
    const regionOf = new Map<string, number>();
    const practiceRegion = Int32Array.from(this.practices, (x) => {
      let r = regionOf.get(x.regionId);
      if (r === undefined) regionOf.set(x.regionId, (r = regionOf.size));
      return r;
    });
    const seats = Int32Array.from(this.practices, (x) => successorSeats(x));
    const patients = Float64Array.from(this.practices, (x) => Math.round(patientsPerSuccessor(x)));
    const regions = regionOf.size;
    const counts = new Int32Array(regions);
    for (let k = 0; k < p.practice.length; k++) counts[practiceRegion[p.practice[k]]]++;
    // One pass over every passing pair, bucketed by the practice's region: per region the pairs by
    // starter (compressed rows), and whether each is a candidate already (a stamp per practice).
    const graphs = Array.from({ length: regions }, (_, r) => ({
      practice: new Int32Array(counts[r]),
      tenths: new Int32Array(counts[r]),
      candidate: new Uint8Array(counts[r]),
      starts: [0] as number[],
      starterOf: [] as number[],
      fill: 0,
    }));
    const stamp = new Int32Array(this.practices.length);
    const N = this.limits.starterBest;
    const lastStarter = new Int32Array(regions).fill(-1);
    for (let i = 0; i < this.rescoredCount; i++) {
      for (let k = 0; k < p.bestSize[i]; k++) stamp[p.bestPractice[i * N + k]] = i + 1;
      for (const x of p.extra.get(i) ?? []) stamp[x.practiceIndex] = i + 1;
      for (let k = p.start[i]; k < p.start[i + 1]; k++) {
        const pi = p.practice[k];
        const r = practiceRegion[pi];
        const g = graphs[r];
        if (lastStarter[r] !== i) {
          if (lastStarter[r] !== -1) g.starts.push(g.fill);
          g.starterOf.push(i);
          lastStarter[r] = i;
        }
        g.practice[g.fill] = pi;
        g.tenths[g.fill] = p.tenths[k];
        g.candidate[g.fill++] = stamp[pi] === i + 1 ? 1 : 0;
      }
    }
    const out: Array<{ regionId: string; graph: AllPairsGraph; starterOf: number[] }> = [];
    for (const [regionId, r] of regionOf) {
      if (counts[r] === 0) continue;
      const { practice, tenths, candidate, starts, starterOf } = graphs[r];
      starts.push(counts[r]);
      out.push({
        regionId,
        graph: { start: Int32Array.from(starts), practice, tenths, candidate, seats, patients },
        starterOf,
      });
    }
    return out;
  }

  /**
   * Whether a pair suggestion is in its region's plan over every passing pair: known after
   * prepare({ plan: true }) (a full rescoring), undefined otherwise and for duos.
   */
  inPlan(e: EngineSuggestion): boolean | undefined {
    if (!this.planPairs || e.partner) return undefined;
    this.indexOf ??= new Map(this.all.map((s, i) => [s, i]));
    const i = this.indexOf.get(e.starter);
    return i !== undefined && this.planPairs.has(i * this.practices.length + e.practiceIndex);
  }

  /** Number of rescored starters: pair suggestions come from pairs(from, to) with 0 <= from < to <= this. */
  get starterCount(): number {
    return this.rescoredCount;
  }

  /** Ids of every starter the engine scores: the rescored ones and their duo partners. */
  starterIds(): string[] {
    return this.all.map((s) => s.id);
  }

  /** Pair suggestions of rescored starters [from, to), in starter order, each starter's best first. */
  pairs(from: number, to: number): EngineSuggestion[] {
    if (this.prepared) return this.preparedPairs(from, to);
    const out: EngineSuggestion[] = [];
    const best = this.best;
    let current = -1;
    const flush = (): void => {
      if (current < 0) return;
      for (let k = 0; k < best.size; k++) {
        out.push(this.pairSuggestion(current, best.practice[k], best.distance[k], best.tenths[k]));
      }
    };
    this.scorer.reportScores((i, practiceIndex, d, tenths) => {
      if (i !== current) {
        flush();
        current = i;
        best.size = 0;
      }
      best.offer(tenths, this.idRank[practiceIndex], practiceIndex, d);
      if (this.keepsPassing[i] === 1) this.remember(i, practiceIndex, d);
    });
    this.scorer.scoreRange(from, Math.min(to, this.rescoredCount));
    flush();
    return out;
  }

  private preparedPairs(from: number, to: number): EngineSuggestion[] {
    const indexes: number[] = [];
    for (let i = from; i < Math.min(to, this.rescoredCount); i++) indexes.push(i);
    return this.pairsOf(indexes);
  }

  /** Pair suggestions of these rescored starters (by index), in that order; only after prepare(). */
  pairsOf(indexes: readonly number[]): EngineSuggestion[] {
    const p = this.prepared;
    if (!p) throw new Error('pairsOf: the engine is not prepared');
    const N = this.limits.starterBest;
    const out: EngineSuggestion[] = [];
    for (const i of indexes) {
      for (let k = 0; k < p.bestSize[i]; k++) {
        out.push(
          this.pairSuggestion(
            i,
            p.bestPractice[i * N + k],
            p.bestDistance[i * N + k],
            p.bestTenths[i * N + k],
          ),
        );
      }
      for (const x of p.extra.get(i) ?? [])
        out.push(this.pairSuggestion(i, x.practiceIndex, x.distance, x.tenths));
    }
    return out;
  }

  /**
   * Duo suggestions; call after pairs() (or prepare()) has covered every rescored starter. Computed once:
   * they depend on the duos and their members' passing practices alone, fixed by then (prepareWith with
   * { duos: true } computes them while the scoring thread solves plans).
   */
  duoSuggestions(): EngineSuggestion[] {
    return (this.duoList ??= this.computeDuoSuggestions());
  }

  private computeDuoSuggestions(): EngineSuggestion[] {
    if (!this.partnersScored) {
      this.scorer.reportScores((i, practiceIndex, d) => this.remember(i, practiceIndex, d));
      this.scorer.scoreRange(this.rescoredCount, this.all.length);
      this.partnersScored = true;
    }
    const chosen: Array<Array<{ pi: number; d: number; tenths: number }>> = this.duos.map(() => []);
    const byPractice: Array<BestOf | undefined> = new Array<BestOf | undefined>(this.practices.length);
    // A practice's equal duos go by the duo's ids (first member, then partner), as pairs go by id.
    const duoKeys = this.duos.map(([ia, ib]) => `${this.all[ia].id}/${this.all[ib].id}`);
    const duoRank = new Int32Array(this.duos.length);
    Int32Array.from(duoKeys.keys())
      .sort((x, y) => (duoKeys[x] < duoKeys[y] ? -1 : duoKeys[x] > duoKeys[y] ? 1 : 0))
      .forEach((duo, rank) => (duoRank[duo] = rank));
    const best = new BestOf(MAX_SUGGESTIONS_PER_DUO);
    const distanceOfSecond = new Float64Array(this.practices.length).fill(NaN);
    const fa = new Float64Array(CRITERIA.length);
    const fb = new Float64Array(CRITERIA.length);
    const { maxTenths } = this.scorer;
    for (const [duo, [ia, ib]] of this.duos.entries()) {
      const a = this.all[ia];
      const b = this.all[ib];
      const ofA = this.passing.get(ia);
      const ofB = this.passing.get(ib);
      if (!ofA || !ofB) continue;
      ofB.practice.forEach((pi, k) => (distanceOfSecond[pi] = ofB.distance[k]));
      const daysMin = a.daysPerWeekMin + b.daysPerWeekMin;
      const daysMax = a.daysPerWeekMax + b.daysPerWeekMax;
      best.size = 0;
      for (let k = 0; k < ofA.practice.length; k++) {
        const pi = ofA.practice[k];
        const dB = distanceOfSecond[pi];
        if (Number.isNaN(dB)) continue;
        // Both members pass every hard constraint with this practice (it is in both lists); what is left of
        // checkDuoHardConstraints is the days rule: the need lies within their combined days.
        const need = this.practices[pi].daysPerWeekNeeded;
        if (!(daysMin <= need && need <= daysMax)) continue;
        const tenths = this.duoTenths(ia, ib, pi, ofA.distance[k], dB, daysMin, daysMax, fa, fb, maxTenths);
        const d = Math.max(ofA.distance[k], dB);
        best.offer(tenths, this.idRank[pi], pi, d);
        // The practice's side: its best M duos per successor seat, ties by the duo's order.
        (byPractice[pi] ??= new BestOf(this.practiceLimit(pi))).offer(tenths, duoRank[duo], duo, d);
      }
      for (let k = 0; k < best.size; k++) {
        chosen[duo].push({ pi: best.practice[k], d: best.distance[k], tenths: best.tenths[k] });
      }
      ofB.practice.forEach((pi) => (distanceOfSecond[pi] = NaN));
    }
    byPractice.forEach((top, pi) => {
      if (!top) return;
      for (let k = 0; k < top.size; k++) {
        const list = chosen[top.practice[k]];
        if (!list.some((x) => x.pi === pi)) list.push({ pi, d: top.distance[k], tenths: top.tenths[k] });
      }
    });
    const out: EngineSuggestion[] = [];
    for (const [duo, [ia, ib]] of this.duos.entries()) {
      const a = this.all[ia];
      const b = this.all[ib];
      if (chosen[duo].length === 0) continue;
      const ofA = this.passing.get(ia) as { practice: number[]; distance: number[] };
      const ofB = this.passing.get(ib) as { practice: number[]; distance: number[] };
      const daysMin = a.daysPerWeekMin + b.daysPerWeekMin;
      const daysMax = a.daysPerWeekMax + b.daysPerWeekMax;
      for (const { pi, d, tenths } of chosen[duo]) {
        const dA = ofA.distance[ofA.practice.indexOf(pi)];
        const dB = ofB.distance[ofB.practice.indexOf(pi)];
        this.duoTenths(ia, ib, pi, dA, dB, daysMin, daysMax, fa, fb, maxTenths);
        out.push({
          starter: a,
          partner: b,
          practiceIndex: pi,
          distanceKm: d,
          scoreTenths: tenths,
          pointsTenths: tenthsPerCriterion(fa, maxTenths),
        });
      }
    }
    return out;
  }

  /** A duo's fractions into fa (as scoreDuo: the days on the combined range, the rest the mean) and its tenths. */
  private duoTenths(
    ia: number,
    ib: number,
    pi: number,
    dA: number,
    dB: number,
    daysMin: number,
    daysMax: number,
    fa: Float64Array,
    fb: Float64Array,
    maxTenths: readonly number[],
  ): number {
    this.scorer.fractionsInto(ia, pi, dA, fa);
    this.scorer.fractionsInto(ib, pi, dB, fb);
    let tenths = 0;
    for (let c = 0; c < CRITERIA.length; c++) {
      fa[c] =
        c === DAYS
          ? daysFraction(daysMin, daysMax, this.practices[pi].daysPerWeekNeeded)
          : (fa[c] + fb[c]) / 2;
      tenths += pointsTenths(fa[c], maxTenths[c]);
    }
    return tenths;
  }

  private remember(i: number, practiceIndex: number, d: number): void {
    let list = this.passing.get(i);
    if (!list) this.passing.set(i, (list = { practice: [], distance: [] }));
    list.practice.push(practiceIndex);
    list.distance.push(d);
  }

  private pairSuggestion(i: number, practiceIndex: number, d: number, tenths: number): EngineSuggestion {
    const f = this.scratch;
    this.scorer.fractionsInto(i, practiceIndex, d, f);
    const { maxTenths } = this.scorer;
    return {
      starter: this.all[i],
      partner: null,
      practiceIndex,
      distanceKm: d,
      scoreTenths: tenths,
      pointsTenths: tenthsPerCriterion(f, maxTenths),
    };
  }
}
