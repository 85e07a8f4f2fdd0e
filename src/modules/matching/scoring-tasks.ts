/**
 * The candidates' work of a full rescoring as pure functions of plain data, so that either thread can do
 * any part of it (scoring-thread.ts): collecting a range of starters (scoring every pair and keeping what
 * SuggestionEngine.prepare keeps of it) and solving regions' plans over every passing pair. Collected
 * ranges are merged exactly: a starter's best N and passing pairs are its own, and a practice's best M of
 * two ranges is the best M of the two lists (BestOf orders by a total order, score then starter rank). The
 * same inputs give the same output on either thread (no randomness, no clock but the solve's duration).
 */
import { BestOf, MIN_TENTHS } from './best-of';
import {
  CompiledScorer,
  compilePractices,
  compileStarters,
  RegionalPlan,
  type AllPairsGraph,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
  type SolvedRegion,
} from './scoring';

/** What collectRange keeps of each pair, and by which order (the engine's, computed once). */
export interface CollectRules {
  /** N: a starter's best kept. */
  starterBest: number;
  /** Per practice index: the rank of its id (ties in a starter's best go by it). */
  idRank: Int32Array;
  /** Per starter index: the rank of its id (ties in a practice's best go by it). */
  starterRank: Int32Array;
  /** Per practice index: how many of its best starters it keeps (M x its seats); 0: none. */
  practiceLimit: Int32Array;
  /** Per starter index: 1 if every pair it passes is kept, below the threshold too (a duo member). */
  everyPairOf: Uint8Array;
}

/**
 * Starters [from, to) collected: their best N (N slots each), their pairs at or above the threshold (in
 * scoring order, `pairCount` per starter), each practice's best among them (`top*`, practice by practice,
 * best first) and every pair of the starters in `everyPairOf` (`all*`, in scoring order).
 */
export interface CollectedRange {
  from: number;
  to: number;
  bestSize: Int32Array;
  bestPractice: Int32Array;
  bestTenths: Int32Array;
  bestDistance: Float64Array;
  pairCount: Int32Array;
  pairPractice: Int32Array;
  pairTenths: Int32Array;
  topPractice: Int32Array;
  topStarter: Int32Array;
  topTenths: Int32Array;
  topRank: Int32Array;
  topDistance: Float64Array;
  allStarter: Int32Array;
  allPractice: Int32Array;
  allDistance: Float64Array;
}

/** One region's plan over every passing pair (RegionalPlan.solveGraph) and how long the solve took. */
export interface SolvedGraph {
  solved: SolvedRegion;
  ms: number;
}

export type ThreadRequest =
  | {
      id: number;
      task: 'collect';
      starters: readonly ScoringStarter[];
      practices: readonly ScoringPractice[];
      weights: ScoringWeights;
      from: number;
      to: number;
      rules: CollectRules;
    }
  | { id: number; task: 'solve'; graphs: AllPairsGraph[]; practiceIds: readonly string[] };

export type ThreadResult = CollectedRange | SolvedGraph[];
export type ThreadReply = { id: number; result: ThreadResult } | { id: number; error: string };

/** A growable typed array: push, then view() the part filled. */
class Column<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(private data: T) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(this.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const ints = (): Column<Int32Array> => new Column(new Int32Array(1024));
const floats = (): Column<Float64Array> => new Column(new Float64Array(1024));

/** Scores starters [from, to) with `scorer` and keeps what `rules` say (see CollectedRange). */
export function collectRange(
  scorer: CompiledScorer,
  from: number,
  to: number,
  rules: CollectRules,
): CollectedRange {
  const { starterBest: N, idRank, starterRank, practiceLimit, everyPairOf } = rules;
  const count = to - from;
  const bestSize = new Int32Array(count);
  const bestPractice = new Int32Array(count * N);
  const bestTenths = new Int32Array(count * N);
  const bestDistance = new Float64Array(count * N);
  const pairCount = new Int32Array(count);
  const pairPractice = ints();
  const pairTenths = ints();
  const allStarter = ints();
  const allPractice = ints();
  const allDistance = floats();
  const byPractice = new Array<BestOf | undefined>(practiceLimit.length);
  /** Per practice, the worst of its list once full (until then, below any score). */
  const worstTenths = new Int32Array(practiceLimit.length).fill(-1);
  const worstRank = new Int32Array(practiceLimit.length);
  const best = new BestOf(N);
  let current = -1;
  const flush = (): void => {
    if (current < 0) return;
    const at = current - from;
    bestSize[at] = best.size;
    bestPractice.set(best.practice.subarray(0, best.size), at * N);
    bestTenths.set(best.tenths.subarray(0, best.size), at * N);
    bestDistance.set(best.distance.subarray(0, best.size), at * N);
  };
  scorer.reportScores((i, pi, d, tenths) => {
    if (i !== current) {
      flush();
      current = i;
      best.size = 0;
    }
    best.offer(tenths, idRank[pi], pi, d);
    if (everyPairOf[i] === 1) {
      allStarter.push(i);
      allPractice.push(pi);
      allDistance.push(d);
    }
    if (tenths < MIN_TENTHS) return;
    pairCount[i - from]++;
    pairPractice.push(pi);
    pairTenths.push(tenths);
    if (practiceLimit[pi] === 0) return;
    // Most pairs do not beat a full list's worst: that test reads two compact arrays, not the practice's
    // list (at 20,000 x 15,000, reading every list cost more than scoring the pairs).
    const rank = starterRank[i];
    if (tenths < worstTenths[pi] || (tenths === worstTenths[pi] && rank > worstRank[pi])) return;
    const top = (byPractice[pi] ??= new BestOf(practiceLimit[pi]));
    top.offer(tenths, rank, i, d);
    if (top.size === top.limit) {
      worstTenths[pi] = top.tenths[top.limit - 1];
      worstRank[pi] = top.rank[top.limit - 1];
    }
  });
  scorer.scoreRange(from, to);
  flush();
  const topPractice = ints();
  const topStarter = ints();
  const topTenths = ints();
  const topRank = ints();
  const topDistance = floats();
  byPractice.forEach((top, pi) => {
    for (let k = 0; k < (top?.size ?? 0); k++) {
      const t = top as BestOf;
      topPractice.push(pi);
      topStarter.push(t.practice[k]);
      topTenths.push(t.tenths[k]);
      topRank.push(t.rank[k]);
      topDistance.push(t.distance[k]);
    }
  });
  return {
    from,
    to,
    bestSize,
    bestPractice,
    bestTenths,
    bestDistance,
    pairCount,
    pairPractice: pairPractice.view(),
    pairTenths: pairTenths.view(),
    topPractice: topPractice.view(),
    topStarter: topStarter.view(),
    topTenths: topTenths.view(),
    topRank: topRank.view(),
    topDistance: topDistance.view(),
    allStarter: allStarter.view(),
    allPractice: allPractice.view(),
    allDistance: allDistance.view(),
  };
}

/**
 * Each practice's best over several collected ranges (each range's own best of that practice, merged):
 * per practice index, its BestOf, or undefined when no range has a pair to it.
 */
export function practiceBestOf(
  ranges: readonly CollectedRange[],
  rules: CollectRules,
): Array<BestOf | undefined> {
  const out = new Array<BestOf | undefined>(rules.practiceLimit.length);
  for (const r of ranges) {
    for (let k = 0; k < r.topPractice.length; k++) {
      const pi = r.topPractice[k];
      (out[pi] ??= new BestOf(rules.practiceLimit[pi])).offer(
        r.topTenths[k],
        r.topRank[k],
        r.topStarter[k],
        r.topDistance[k],
      );
    }
  }
  return out;
}

/** Each graph's plan over every passing pair, exactly (RegionalPlan.solveGraph), in the order given. */
export function solveGraphs(graphs: readonly AllPairsGraph[], practiceIds: readonly string[]): SolvedGraph[] {
  return graphs.map((graph) => {
    const t0 = Date.now();
    const solved = RegionalPlan.solveGraph(graph, practiceIds);
    return { solved, ms: Date.now() - t0 };
  });
}

export function runTask(request: ThreadRequest): ThreadResult {
  switch (request.task) {
    case 'collect': {
      const scorer = new CompiledScorer(
        compileStarters(request.starters),
        compilePractices(request.practices),
        request.weights,
      );
      return collectRange(scorer, request.from, request.to, request.rules);
    }
    case 'solve':
      return solveGraphs(request.graphs, request.practiceIds);
  }
}

/** The distinct buffers of a result's typed arrays, to hand over instead of copying. */
export function transferablesOf(result: ThreadResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (x: unknown): void => {
    if (ArrayBuffer.isView(x)) {
      if (x.buffer instanceof ArrayBuffer) buffers.add(x.buffer);
    } else if (Array.isArray(x)) for (const y of x) visit(y);
    else if (x !== null && typeof x === 'object') for (const y of Object.values(x)) visit(y);
  };
  visit(result);
  return [...buffers];
}
