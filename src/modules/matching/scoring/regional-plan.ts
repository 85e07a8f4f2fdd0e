/**
 * The region-wide plan (DESIGN.md, "Matching"): among the region's suggestions, the set that gives the
 * most patients a successor and, among those, the best total fit, using each starter at most once and
 * each practice at most as often as the successors it seeks.
 *
 * Solved exactly as a min-cost flow. Network: source -> starter (cap 1, cost 0); starter -> practice per
 * suggestion (cap 1, cost -(patients * M + score in tenths)); practice -> sink (cap seats, cost 0); and
 * starter -> sink (cap 1, cost 0), the option to leave the starter unplaced. M exceeds any possible total
 * of score tenths, so one more patient always outweighs fit: a lexicographic objective in one exact
 * integer cost (scores are counted in tenths, patients in whole patients).
 *
 * Algorithm: successive shortest paths (SSP) with Johnson potentials, Dijkstra with a binary heap on the
 * non-negative reduced costs. The network is a DAG with negative costs, so feasible first potentials need
 * no Bellman-Ford: one pass over the DAG suffices. We take the pass that sets each starter to its best
 * suggestion's value and practices and the sink to 0 (the Hungarian row reduction) rather than shortest
 * distances from the source, because it puts the sink next to every free seat (see initialPotentials).
 * The source's units are pushed one starter at a time (the Hungarian method's row-by-row order): each
 * Dijkstra starts at that starter and stops once the sink is settled, so it explores only the practices
 * and starters that compete with it, and only those potentials move. Because the unplaced edge costs 0,
 * a starter is placed (possibly moving others along its path) only when its shortest path has negative
 * cost: augmenting stops being worth it exactly when no negative path is left, which makes this a
 * maximum-weight, not maximum-cardinality, assignment.
 *
 * Complexity: O(S * E log V) worst case for S starters, E suggestions, V = starters + practices + 1;
 * memory O(V + E). A dense Hungarian matrix would take O(n^3) time and O(starters * seats) memory on a
 * graph that is sparse (starters are suggested nearby practices only), and need a column per seat of a
 * practice seeking several successors.
 */
export { daysPerSuccessor, patientsPerSuccessor, successorSeats } from './successors';

export interface PlanSuggestion {
  id: string;
  starterId: string;
  practiceId: string;
  /** Fit 0..100; counted in tenths, so scores within a tenth tie. */
  score: number;
  /** Patients the starter would take over (patientsPerSuccessor); counted in whole patients. */
  patients: number;
}

/** The plan's objective in the integers it optimises: whole patients first, then score tenths. */
export interface PlanObjective {
  patients: number;
  scoreTenths: number;
}

export function planObjective(suggestions: readonly PlanSuggestion[]): PlanObjective {
  return suggestions.reduce(
    (acc, s) => ({
      patients: acc.patients + Math.round(s.patients),
      scoreTenths: acc.scoreTenths + Math.round(s.score * 10),
    }),
    { patients: 0, scoreTenths: 0 },
  );
}

/** Min-heap of (key, node) with lazy deletion: stale entries are skipped by the caller. */
class BinaryHeap {
  private keys = new Float64Array(64);
  private nodes = new Int32Array(64);
  size = 0;
  /** Key of the node pop() returned last. */
  lastKey = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    const { keys, nodes } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): number {
    const { keys, nodes } = this;
    const top = nodes[0];
    this.lastKey = keys[0];
    const n = --this.size;
    const key = keys[n];
    const node = nodes[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      nodes[i] = nodes[child];
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }
}

/**
 * Residual network in compressed sparse rows: node v's edges are start[v] .. start[v+1]-1, contiguous in
 * memory (a linked adjacency list made every edge visit a cache miss, five times slower on large
 * regions). rev[e] is the reverse edge of e.
 */
interface FlowGraph {
  nodeCount: number;
  start: Int32Array;
  to: Int32Array;
  rev: Int32Array;
  cap: Int32Array;
  cost: Float64Array;
}

function intern(map: Map<string, number>, key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = map.size;
    map.set(key, i);
  }
  return i;
}

function validate(suggestions: readonly PlanSuggestion[], practiceSeats: ReadonlyMap<string, number>): void {
  for (const s of suggestions) {
    if (!(Number.isFinite(s.patients) && s.patients >= 0)) {
      throw new RangeError(`Suggestion ${s.id}: patients must be >= 0`);
    }
    if (!(Number.isFinite(s.score) && s.score >= 0 && s.score <= 100)) {
      throw new RangeError(`Suggestion ${s.id}: score must be 0..100`);
    }
    const seats = practiceSeats.get(s.practiceId);
    if (seats === undefined || !Number.isSafeInteger(seats) || seats < 0) {
      throw new RangeError(`Practice ${s.practiceId} needs a non-negative integer number of seats`);
    }
  }
}

/**
 * Which suggestions form the plan. practiceSeats gives, per practice id, how many successors it seeks
 * (successorSeats); every suggested practice needs an entry. Deterministic: the same input in the same
 * order gives the same set; among equally good plans the choice is arbitrary but fixed.
 */
export function computeRegionalPlan(
  suggestions: readonly PlanSuggestion[],
  practiceSeats: ReadonlyMap<string, number>,
): Set<string> {
  validate(suggestions, practiceSeats);
  const starters = new Map<string, number>();
  const practices = new Map<string, number>();
  for (const s of suggestions) {
    intern(starters, s.starterId);
    intern(practices, s.practiceId);
  }
  let totalSeats = 0;
  for (const id of practices.keys()) totalSeats += practiceSeats.get(id) as number;
  // M > the largest possible total of score tenths: 1000 per placement, at most min(S, seats) placements.
  const m = 1000 * Math.min(starters.size, totalSeats) + 1;
  const maxPatients = suggestions.reduce((max, s) => Math.max(max, Math.round(s.patients)), 0);
  const nodeCount = starters.size + practices.size + 1;
  // Potentials and path lengths stay within 2 * V * (largest edge cost); keep that an exact integer.
  if (2 * (maxPatients * m + 1000) * nodeCount > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('Regional plan too large for exact integer costs; split the region');
  }
  const { graph, suggestionEdge } = buildGraph(suggestions, starters, practices, practiceSeats, m);
  placeStarters(graph, starters.size);
  const plan = new Set<string>();
  suggestions.forEach((s, i) => {
    if (graph.cap[suggestionEdge[i]] === 0) plan.add(s.id);
  });
  return plan;
}

/**
 * Nodes: starters 0..S-1, practices S..S+P-1, the sink S+P. The source is implicit: its edges are the
 * one unit of supply each starter gets when its turn comes. Arcs: an "unplaced" arc starter -> sink per
 * starter, one per suggestion, and practice -> sink with the seats. Returns the graph and, per
 * suggestion, the index of its edge.
 */
function buildGraph(
  suggestions: readonly PlanSuggestion[],
  starters: Map<string, number>,
  practices: Map<string, number>,
  practiceSeats: ReadonlyMap<string, number>,
  m: number,
): { graph: FlowGraph; suggestionEdge: Int32Array } {
  const nodeCount = starters.size + practices.size + 1;
  const sink = nodeCount - 1;
  const arcCount = starters.size + suggestions.length + practices.size;
  const from = new Int32Array(arcCount);
  const target = new Int32Array(arcCount);
  const capacity = new Int32Array(arcCount);
  const arcCost = new Float64Array(arcCount);
  let k = 0;
  for (let u = 0; u < starters.size; u++, k++)
    [from[k], target[k], capacity[k], arcCost[k]] = [u, sink, 1, 0];
  for (const s of suggestions) {
    from[k] = starters.get(s.starterId) as number;
    target[k] = starters.size + (practices.get(s.practiceId) as number);
    capacity[k] = 1;
    arcCost[k++] = -(Math.round(s.patients) * m + Math.round(s.score * 10));
  }
  for (const [id, p] of practices) {
    [from[k], target[k], capacity[k], arcCost[k]] = [
      starters.size + p,
      sink,
      practiceSeats.get(id) as number,
      0,
    ];
    k++;
  }
  const start = new Int32Array(nodeCount + 1);
  for (let a = 0; a < arcCount; a++) {
    start[from[a] + 1]++;
    start[target[a] + 1]++;
  }
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nodeCount);
  const g: FlowGraph = {
    nodeCount,
    start,
    to: new Int32Array(2 * arcCount),
    rev: new Int32Array(2 * arcCount),
    cap: new Int32Array(2 * arcCount),
    cost: new Float64Array(2 * arcCount),
  };
  const arcEdge = new Int32Array(arcCount);
  for (let a = 0; a < arcCount; a++) {
    const forward = fill[from[a]]++;
    const backward = fill[target[a]]++;
    [g.to[forward], g.rev[forward], g.cap[forward], g.cost[forward]] = [
      target[a],
      backward,
      capacity[a],
      arcCost[a],
    ];
    [g.to[backward], g.rev[backward], g.cap[backward], g.cost[backward]] = [from[a], forward, 0, -arcCost[a]];
    arcEdge[a] = forward;
  }
  return { graph: g, suggestionEdge: arcEdge.subarray(starters.size, starters.size + suggestions.length) };
}

/**
 * Each practice's residual edges: the reverse edges to the starters placed there (at most its seats) and
 * its seat edge. A practice has an edge from every starter suggested to it, but only these few can carry
 * a path onwards, so the search reads them from here instead of scanning all of them.
 */
class PracticeEdges {
  private readonly offset: Int32Array;
  private readonly count: Int32Array;
  private readonly edges: Int32Array;
  readonly seatEdge: Int32Array;

  constructor(
    private readonly g: FlowGraph,
    private readonly starterCount: number,
  ) {
    const practiceCount = g.nodeCount - 1 - starterCount;
    const sink = g.nodeCount - 1;
    this.seatEdge = new Int32Array(practiceCount);
    this.offset = new Int32Array(practiceCount + 1);
    this.count = new Int32Array(practiceCount);
    for (let p = 0; p < practiceCount; p++) {
      const v = starterCount + p;
      for (let e = g.start[v]; e < g.start[v + 1]; e++) if (g.to[e] === sink) this.seatEdge[p] = e;
      this.offset[p + 1] = this.offset[p] + g.cap[this.seatEdge[p]];
    }
    this.edges = new Int32Array(this.offset[practiceCount]);
  }

  /** Practice node v's residual reverse edges are edge(first(v)) .. edge(end(v) - 1). */
  first(v: number): number {
    return this.offset[v - this.starterCount];
  }

  end(v: number): number {
    const p = v - this.starterCount;
    return this.offset[p] + this.count[p];
  }

  edge(i: number): number {
    return this.edges[i];
  }

  /** Records that the path used edge e, from node x to node y. */
  used(e: number, x: number, y: number): void {
    const sink = this.g.nodeCount - 1;
    if (x < this.starterCount && y !== sink) {
      const p = y - this.starterCount;
      this.edges[this.offset[p] + this.count[p]++] = this.g.rev[e];
    } else if (x >= this.starterCount && y < this.starterCount) {
      const p = x - this.starterCount;
      const last = this.offset[p] + --this.count[p];
      for (let i = this.offset[p]; i < last; i++) {
        if (this.edges[i] === e) {
          this.edges[i] = this.edges[last];
          break;
        }
      }
    }
  }
}

/**
 * Starting potentials: each starter at the value of its best suggestion, practices and the sink at 0 (the
 * Hungarian row reduction). Every reduced cost c(u,v) + pot[u] - pot[v] is then non-negative, as Dijkstra
 * requires: a suggestion's is the gap to the starter's best one, the unplaced edge's the starter's best
 * value, a seat's 0. Unlike shortest distances from the source (which put the sink as far below every
 * practice as the best practice's value), this puts the sink right next to every free seat, so a starter
 * whose best practice has a free seat is placed after settling three nodes.
 */
function initialPotentials(g: FlowGraph, starterCount: number): Float64Array {
  const pot = new Float64Array(g.nodeCount);
  for (let u = 0; u < starterCount; u++) {
    for (let e = g.start[u]; e < g.start[u + 1]; e++)
      if (g.cap[e] > 0 && -g.cost[e] > pot[u]) pot[u] = -g.cost[e];
  }
  return pot;
}

/** Pushes one unit from each starter in turn along its shortest path to the sink. */
function placeStarters(g: FlowGraph, starterCount: number): void {
  const { nodeCount, start: first, to, rev, cap, cost } = g;
  const sink = nodeCount - 1;
  const pot = initialPotentials(g, starterCount);
  const practiceEdges = new PracticeEdges(g, starterCount);
  const dist = new Float64Array(nodeCount).fill(Infinity);
  const prevEdge = new Int32Array(nodeCount);
  const settled = new Uint8Array(nodeCount);
  const touched = new Int32Array(nodeCount);
  let touchedCount = 0;
  const heap = new BinaryHeap();
  const relax = (u: number, e: number): void => {
    if (cap[e] === 0) return;
    const v = to[e];
    const candidate = dist[u] + cost[e] + pot[u] - pot[v];
    if (candidate < dist[v]) {
      if (dist[v] === Infinity) touched[touchedCount++] = v;
      dist[v] = candidate;
      prevEdge[v] = e;
      heap.push(candidate, v);
    }
  };
  // Least valuable starters first. Any order gives an optimal plan, but this one keeps searches short: a
  // more valuable starter arriving later mostly displaces a less valuable one into "unplaced", which is
  // cheap and near; in the opposite order every late, less valuable starter's search has to go through
  // all exchanges worth less than itself before it settles. On the bench's largest region this order is
  // about 4x faster. Ties keep input order, so the plan is deterministic.
  const order = Array.from({ length: starterCount }, (_, u) => u).sort((a, b) => pot[a] - pot[b] || a - b);
  for (const start of order) {
    touchedCount = 0;
    dist[start] = 0;
    touched[touchedCount++] = start;
    heap.clear();
    heap.push(0, start);
    // Dijkstra on reduced costs, stopping once the sink is settled.
    while (heap.size > 0) {
      const u = heap.pop();
      if (settled[u] === 1 || heap.lastKey > dist[u]) continue;
      settled[u] = 1;
      if (u === sink) break;
      if (u < starterCount) {
        for (let e = first[u]; e < first[u + 1]; e++) relax(u, e);
      } else {
        for (let i = practiceEdges.first(u); i < practiceEdges.end(u); i++) relax(u, practiceEdges.edge(i));
        relax(u, practiceEdges.seatEdge[u - starterCount]);
      }
    }
    // The sink is always reached, at worst through the start's own unplaced edge, so the path costs at
    // most 0. Moving only the settled nodes, by dist - dist[sink], keeps every reduced cost non-negative.
    const reach = dist[sink];
    for (let t = 0; t < touchedCount; t++) {
      const v = touched[t];
      if (settled[v] === 1) pot[v] += dist[v] - reach;
      dist[v] = Infinity;
      settled[v] = 0;
    }
    for (let v = sink; v !== start;) {
      const e = prevEdge[v];
      const x = to[rev[e]];
      cap[e] -= 1;
      cap[rev[e]] += 1;
      practiceEdges.used(e, x, v);
      v = x;
    }
  }
}
