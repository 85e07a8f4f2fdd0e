/**
 * The work a full rescoring hands to its scoring thread (scoring-thread.ts), as pure functions of plain
 * data: scoring a range of starters into a stream of pairs, and solving regions' plans over every passing
 * pair. The thread runs them on copies of the main thread's inputs; the same inputs give the same output
 * on either thread (no randomness, no clock in the results but the solve's duration).
 */
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

/**
 * Every pair of starters [from, to) that passes the hard constraints, with its distance and score in
 * tenths, in the order CompiledScorer.scoreRange visits them (starter by starter): replayed through the
 * same callback, it gives what scoring the range on the main thread gives.
 */
export interface ScoreStream {
  count: number;
  starter: Int32Array;
  practice: Int32Array;
  distance: Float64Array;
  tenths: Int32Array;
}

/** One region's plan over every passing pair (RegionalPlan.solveGraph) and how long the solve took. */
export interface SolvedGraph {
  solved: SolvedRegion;
  ms: number;
}

export type ThreadRequest =
  | {
      id: number;
      task: 'score';
      starters: readonly ScoringStarter[];
      practices: readonly ScoringPractice[];
      weights: ScoringWeights;
      from: number;
      to: number;
    }
  | { id: number; task: 'solve'; graphs: AllPairsGraph[]; practiceIds: readonly string[] };

export type ThreadResult = ScoreStream | SolvedGraph[];
export type ThreadReply = { id: number; result: ThreadResult } | { id: number; error: string };

/** Scores starters [from, to) of `starters` against `practices` (indexes as the engine compiles them). */
export function scoreStream(
  starters: readonly ScoringStarter[],
  practices: readonly ScoringPractice[],
  weights: ScoringWeights,
  from: number,
  to: number,
): ScoreStream {
  const scorer = new CompiledScorer(compileStarters(starters), compilePractices(practices), weights);
  let starter = new Int32Array(1 << 16);
  let practice = new Int32Array(1 << 16);
  let distance = new Float64Array(1 << 16);
  let tenthsOf = new Int32Array(1 << 16);
  let count = 0;
  scorer.reportScores((i, pi, d, tenths) => {
    if (count === starter.length) {
      starter = grown(starter, new Int32Array(count * 2));
      practice = grown(practice, new Int32Array(count * 2));
      distance = grown(distance, new Float64Array(count * 2));
      tenthsOf = grown(tenthsOf, new Int32Array(count * 2));
    }
    starter[count] = i;
    practice[count] = pi;
    distance[count] = d;
    tenthsOf[count++] = tenths;
  });
  scorer.scoreRange(from, to);
  // Views of the buffers, not copies: the thread hands the buffers over as they are.
  return {
    count,
    starter: starter.subarray(0, count),
    practice: practice.subarray(0, count),
    distance: distance.subarray(0, count),
    tenths: tenthsOf.subarray(0, count),
  };
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
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
    case 'score':
      return scoreStream(request.starters, request.practices, request.weights, request.from, request.to);
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
