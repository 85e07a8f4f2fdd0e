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
import { BinaryHeap } from './binary-heap';
import { solveFromSeats, type SeatPlan } from './exact-plan';

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

/** placed[u] of a starter whose unit goes to the sink unplaced; PENDING: its unit has not been pushed yet. */
const UNPLACED = -1;
const PENDING = -2;
/** Node 0 is the sink; nodes 1.. are practices and starters in the order they were added. */
const SINK = 0;

function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number, fill = 0): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * The residual network and its potentials, in typed arrays that grow. A starter's suggestion edges are
 * contiguous (first[u] .. end[u]-1), so scanning them is one sequential read; a practice keeps only the
 * edges of the starters placed there (its "slots", at most its seats), because only those carry a path
 * onwards (a practice has an edge from every starter suggested to it). The flow is implicit: placed[u] is
 * the edge starter u is placed by, or UNPLACED; a practice's used seats are its slot count.
 *
 * Residual arcs, each with reduced cost c + pot[from] - pot[to] >= 0 (the invariant every operation keeps):
 * starter -> practice over each edge it is not placed by (cost: the edge's), starter -> sink if the starter
 * is not unplaced (cost 0), practice -> starter back over a placed edge (minus its cost), practice -> sink
 * while a seat is free (cost 0); and, used only by removal, sink -> practice over a used seat and sink ->
 * starter for an unplaced one.
 */
class FlowNetwork {
  nodeCount = 1;
  isPractice = new Uint8Array(64);
  pot = new Float64Array(64);
  private dist = new Float64Array(64).fill(Infinity);
  private settled = new Uint8Array(64);
  /** The arc a search reached a node by: an edge index, or for the sink -1 - (the node it came from). */
  private via = new Int32Array(64);
  private touched = new Int32Array(64);
  private touchedCount = 0;
  // Per starter node.
  private first = new Int32Array(64);
  private end = new Int32Array(64);
  placed = new Int32Array(64);
  alive = new Uint8Array(64);
  // Per practice node.
  seats = new Int32Array(64);
  private slotOffset = new Int32Array(64);
  private slotCount = new Int32Array(64);
  private slots = new Int32Array(64);
  private slotTotal = 0;
  /**
   * Per practice, the edges of the starters suggested to it, built on the first removal (or by
   * prepareForChanges): the edges of that moment in one typed array by practice (inStart / inEdge), and
   * those added since in a list per practice (inExtra). Typed, because a region at 20,000 x 15,000 has
   * millions of edges: one JS array per practice took about 130 ms to build for Zuid-Holland.
   */
  private inStart: Int32Array | null = null;
  private inEdge = new Int32Array(0);
  private inExtra: Array<number[] | undefined> = [];
  // Per edge.
  edgeCount = 0;
  deadEdges = 0;
  private edgeStarter = new Int32Array(64);
  private edgePractice = new Int32Array(64);
  private edgeCost = new Float64Array(64);
  private readonly heap = new BinaryHeap();
  /** While set, each starter's placement before its first move since then. */
  moves: Map<number, number> | null = null;

  /** Room for this many nodes and edges in all, so that building a large plan allocates once. */
  reserve(nodes: number, edges: number): void {
    this.growNodes(nodes);
    this.edgeStarter = grown(this.edgeStarter, edges);
    this.edgePractice = grown(this.edgePractice, edges);
    this.edgeCost = grown(this.edgeCost, edges);
  }

  private newNode(practice: boolean): number {
    const v = this.nodeCount++;
    this.growNodes(v + 1);
    this.isPractice[v] = practice ? 1 : 0;
    return v;
  }

  private growNodes(n: number): void {
    if (n <= this.pot.length) return;
    this.isPractice = grown(this.isPractice, n);
    this.pot = grown(this.pot, n);
    this.dist = grown(this.dist, n, Infinity);
    this.settled = grown(this.settled, n);
    this.via = grown(this.via, n);
    this.touched = grown(this.touched, n);
    this.first = grown(this.first, n);
    this.end = grown(this.end, n);
    this.placed = grown(this.placed, n);
    this.alive = grown(this.alive, n);
    this.seats = grown(this.seats, n);
    this.slotOffset = grown(this.slotOffset, n);
    this.slotCount = grown(this.slotCount, n);
  }

  /** A practice with these seats, none used; at the sink's potential, so its free seat costs 0. */
  addPractice(seats: number): number {
    const v = this.newNode(true);
    this.seats[v] = seats;
    this.slotOffset[v] = this.slotTotal;
    this.slotTotal += seats;
    this.slots = grown(this.slots, this.slotTotal);
    this.pot[v] = this.pot[SINK];
    return v;
  }

  /**
   * A starter with one edge per (practice node, cost), its unit not pushed yet. Its potential is the least
   * that keeps every arc out of it non-negative: at first (practices and sink at 0) the value of its best
   * suggestion, the Hungarian row reduction.
   */
  addStarter(practices: ArrayLike<number>, costs: ArrayLike<number>): number {
    const u = this.newNode(false);
    const n = practices.length;
    this.edgeStarter = grown(this.edgeStarter, this.edgeCount + n);
    this.edgePractice = grown(this.edgePractice, this.edgeCount + n);
    this.edgeCost = grown(this.edgeCost, this.edgeCount + n);
    this.first[u] = this.edgeCount;
    let pot = this.pot[SINK];
    for (let i = 0; i < n; i++) {
      const e = this.edgeCount++;
      this.edgeStarter[e] = u;
      this.edgePractice[e] = practices[i];
      this.edgeCost[e] = costs[i];
      if (this.inStart) this.addIncoming(practices[i], e);
      if (this.pot[practices[i]] - costs[i] > pot) pot = this.pot[practices[i]] - costs[i];
    }
    this.end[u] = this.edgeCount;
    this.pot[u] = pot;
    this.placed[u] = PENDING;
    this.alive[u] = 1;
    return u;
  }

  /**
   * addStarter for every row of a compressed graph at once (row r's edges are [start[r], start[r+1]), none
   * empty; `practice` practice nodes, `cost` the edges' costs), on consecutive new nodes, the first
   * returned. The same network as one addStarter per row, in a few block copies instead of a call, two
   * views and a bounds check per row: a region at 20,000 x 15,000 has millions of edges.
   */
  addStarters(start: Int32Array, practice: Int32Array, cost: Float64Array): number {
    const rows = start.length - 1;
    const from = this.nodeCount;
    this.growNodes(from + rows);
    const base = this.edgeCount;
    const total = practice.length;
    this.edgeStarter = grown(this.edgeStarter, base + total);
    this.edgePractice = grown(this.edgePractice, base + total);
    this.edgeCost = grown(this.edgeCost, base + total);
    this.edgePractice.set(practice, base);
    this.edgeCost.set(cost, base);
    const { pot, edgeStarter } = this;
    const sink = pot[SINK];
    for (let r = 0; r < rows; r++) {
      const u = this.nodeCount++;
      this.isPractice[u] = 0;
      const a = start[r];
      const b = start[r + 1];
      edgeStarter.fill(u, base + a, base + b);
      let best = sink;
      for (let k = a; k < b; k++) {
        const v = pot[practice[k]] - cost[k];
        if (v > best) best = v;
      }
      if (this.inStart) for (let k = a; k < b; k++) this.addIncoming(practice[k], base + k);
      this.first[u] = base + a;
      this.end[u] = base + b;
      pot[u] = best;
      this.placed[u] = PENDING;
      this.alive[u] = 1;
    }
    this.edgeCount = base + total;
    return from;
  }

  /**
   * Places a pending starter by edge e (UNPLACED: -1) without a search, to take over an optimum found
   * elsewhere over these same edges (RegionalPlan.solve); the caller sets the potentials that prove it.
   */
  adopt(u: number, e: number): void {
    this.move(u, e < 0 ? UNPLACED : e);
  }

  /** The starter node an edge belongs to. */
  starterOf(e: number): number {
    return this.edgeStarter[e];
  }

  /** The practice node an edge leads to. */
  practiceOf(e: number): number {
    return this.edgePractice[e];
  }

  /**
   * Whether `want` (per starter node, the edge to place it by; a starter not in it unplaced) is a plan these
   * potentials prove optimal: with it, every residual arc has a non-negative reduced cost (each edge not
   * placed, each placed one backwards, the arcs to and from the sink, each seat free or used), which is
   * the optimality condition and the invariant update() relies on. LP duality says an optimal dual fits
   * every optimal plan; this checks it arc by arc and assumes nothing. O(edges).
   */
  provesOptimal(want: ReadonlyMap<number, number>, starters: Iterable<number>): boolean {
    const { pot, edgeCost, edgePractice, seats, first, end } = this;
    const used = new Map<number, number>();
    for (const u of starters) {
      if (this.alive[u] !== 1) continue;
      const placedBy = want.get(u) ?? UNPLACED;
      if (placedBy >= 0 && (placedBy < first[u] || placedBy >= end[u])) return false;
      for (let e = first[u]; e < end[u]; e++) {
        const rc = edgeCost[e] + pot[u] - pot[edgePractice[e]];
        if (e === placedBy ? rc > 0 : rc < 0) return false;
      }
      if (placedBy < 0 ? pot[SINK] - pot[u] < 0 : pot[u] - pot[SINK] < 0) return false;
      if (placedBy >= 0) used.set(edgePractice[placedBy], (used.get(edgePractice[placedBy]) ?? 0) + 1);
    }
    for (let v = 1; v < this.nodeCount; v++) {
      if (this.isPractice[v] !== 1) continue;
      const n = used.get(v) ?? 0;
      if (n > seats[v]) return false;
      if (n < seats[v] && pot[v] - pot[SINK] < 0) return false;
      if (n > 0 && pot[SINK] - pot[v] < 0) return false;
    }
    return true;
  }

  private move(u: number, e: number): void {
    const old = this.placed[u];
    if (this.moves && !this.moves.has(u)) this.moves.set(u, old);
    if (old >= 0) {
      const p = this.edgePractice[old];
      const o = this.slotOffset[p];
      const last = o + --this.slotCount[p];
      for (let i = o; i < last; i++) {
        if (this.slots[i] === old) {
          this.slots[i] = this.slots[last];
          break;
        }
      }
    }
    if (e >= 0) {
      const p = this.edgePractice[e];
      this.slots[this.slotOffset[p] + this.slotCount[p]++] = e;
    }
    this.placed[u] = e;
  }

  /** Starts a Dijkstra search at `start`, on the reduced costs (one search at a time). */
  private begin(start: number): void {
    this.dist[start] = 0;
    this.touched[0] = start;
    this.touchedCount = 1;
    this.heap.clear();
    this.heap.push(0, start);
  }

  /** Offers node y the distance `candidate`, reached over `arc`. */
  private offer(y: number, candidate: number, arc: number): void {
    if (candidate < this.dist[y]) {
      if (this.dist[y] === Infinity) this.touched[this.touchedCount++] = y;
      this.dist[y] = candidate;
      this.via[y] = arc;
      this.heap.push(candidate, y);
    }
  }

  /** Settles and returns the nearest node not settled yet, or -1 when none is left closer than `limit`. */
  private settleNext(limit: number): number {
    const { heap, dist, settled } = this;
    while (heap.size > 0) {
      const x = heap.pop();
      if (settled[x] === 1 || heap.lastKey > dist[x]) continue; // a stale heap entry
      if (dist[x] >= limit) return -1;
      settled[x] = 1;
      return x;
    }
    return -1;
  }

  /**
   * Ends the search: each settled node's potential moves by sign * (dist - reach), which keeps every
   * reduced cost non-negative (nodes not settled are at least `reach` away); the distances are cleared.
   */
  private finishSearch(reach: number, sign: 1 | -1): void {
    const { pot, dist, settled, touched } = this;
    for (let t = 0; t < this.touchedCount; t++) {
      const v = touched[t];
      if (settled[v] === 1) pot[v] += sign * (dist[v] - reach);
      dist[v] = Infinity;
      settled[v] = 0;
    }
  }

  /**
   * Pushes a pending starter's unit along its shortest path to the sink (one step of successive shortest
   * paths): Dijkstra on the reduced costs from the starter, stopped once the sink is settled, so it
   * explores only the practices and starters that compete with it. The path moves each starter on it one
   * practice on (or to unplaced); it is never positive, because the starter's own unplaced arc costs 0, so
   * a starter is placed only where that is worth something.
   */
  place(start: number): void {
    const { pot, dist, via, isPractice, placed, first, end } = this;
    const { edgePractice, edgeCost, edgeStarter, slots, slotOffset, slotCount, seats } = this;
    const relax = (x: number, y: number, cost: number, arc: number): void =>
      this.offer(y, dist[x] + cost + pot[x] - pot[y], arc);
    this.begin(start);
    for (let x = this.settleNext(Infinity); x !== -1 && x !== SINK; x = this.settleNext(Infinity)) {
      if (isPractice[x] === 0) {
        const own = placed[x];
        if (own !== UNPLACED) relax(x, SINK, 0, -1 - x);
        for (let e = first[x]; e < end[x]; e++) if (e !== own) relax(x, edgePractice[e], edgeCost[e], e);
      } else {
        const o = slotOffset[x];
        for (let i = o; i < o + slotCount[x]; i++)
          relax(x, edgeStarter[slots[i]], -edgeCost[slots[i]], slots[i]);
        if (slotCount[x] < seats[x]) relax(x, SINK, 0, -1 - x);
      }
    }
    // The sink is always reached, at worst through the start's own unplaced arc. Moving only the settled
    // nodes, by dist - dist[sink], keeps every reduced cost non-negative.
    this.finishSearch(dist[SINK], 1);
    let v = -1 - via[SINK];
    let assign = UNPLACED;
    if (isPractice[v] === 1) {
      assign = via[v];
      v = edgeStarter[assign];
    }
    for (;;) {
      const old = placed[v];
      this.move(v, assign);
      if (v === start) break;
      // v was reached back over its placement, at a practice some other starter reached by a suggestion.
      assign = via[edgePractice[old]];
      v = edgeStarter[assign];
    }
  }

  /**
   * Takes a placed or unplaced starter out with its unit. The only residual arc this can add is the seat
   * it frees at its practice p; if that arc's reduced cost is negative, the flow is no longer optimal, and
   * the one negative cycle through it is the cheapest path sink -> ... -> p closed by the freed seat (one
   * unit of capacity changed, so one cycle restores optimality). repair() finds and cancels it.
   */
  remove(u: number): void {
    const old = this.placed[u];
    this.deadEdges += this.end[u] - this.first[u];
    this.alive[u] = 0;
    if (old < 0) return;
    this.move(u, UNPLACED);
    this.repair(this.edgePractice[old]);
  }

  /** Builds the edges into each practice (a counting sort of the live starters' edges by practice). */
  buildIncoming(): void {
    if (this.inStart) return;
    const { edgeStarter, edgePractice, alive } = this;
    const start = new Int32Array(this.nodeCount + 1);
    for (let e = 0; e < this.edgeCount; e++) if (alive[edgeStarter[e]] === 1) start[edgePractice[e] + 1]++;
    for (let v = 0; v < this.nodeCount; v++) start[v + 1] += start[v];
    const edge = new Int32Array(start[this.nodeCount]);
    const fill = start.slice(0, this.nodeCount);
    for (let e = 0; e < this.edgeCount; e++)
      if (alive[edgeStarter[e]] === 1) edge[fill[edgePractice[e]]++] = e;
    this.inStart = start;
    this.inEdge = edge;
    this.inExtra = [];
  }

  private addIncoming(v: number, e: number): void {
    (this.inExtra[v] ??= []).push(e);
  }

  /**
   * Dijkstra backwards from practice p over the residual arcs, towards the sink: into a practice come the
   * starters suggested to it and not placed there, and the sink over a used seat; into a starter its own
   * practice (back over its placement), or the sink if it is unplaced. The search stops once no cycle
   * through the freed seat can be negative. Cancelling the cycle moves a chain of starters one practice on:
   * an unplaced starter is placed, or a practice ends with a free seat instead of p.
   */
  private repair(p: number): void {
    const { pot, dist, via, isPractice, placed, alive } = this;
    const { edgePractice, edgeCost, edgeStarter, slotCount } = this;
    const bound = pot[SINK] - pot[p];
    if (bound <= 0) return;
    this.buildIncoming();
    const inStart = this.inStart as Int32Array;
    const { inEdge, inExtra } = this;
    const relax = (x: number, y: number, cost: number, arc: number): void =>
      this.offer(y, dist[x] + cost + pot[y] - pot[x], arc);
    this.begin(p);
    let found = false;
    for (let x = this.settleNext(bound); x !== -1; x = this.settleNext(bound)) {
      if (x === SINK) {
        found = true;
        break;
      }
      if (isPractice[x] === 1) {
        // Practices added after the edges were sorted have none there, only their extra list.
        const to = x + 1 < inStart.length ? inStart[x + 1] : 0;
        for (let i = x < inStart.length ? inStart[x] : 0; i < to; i++) {
          const e = inEdge[i];
          const y = edgeStarter[e];
          if (alive[y] === 1 && placed[y] !== e) relax(x, y, edgeCost[e], e);
        }
        for (const e of inExtra[x] ?? []) {
          const y = edgeStarter[e];
          if (alive[y] === 1 && placed[y] !== e) relax(x, y, edgeCost[e], e);
        }
        if (slotCount[x] > 0) relax(x, SINK, 0, -1 - x);
      } else {
        const own = placed[x];
        if (own >= 0) relax(x, edgePractice[own], -edgeCost[own], own);
        else relax(x, SINK, 0, -1 - x);
      }
    }
    // Backwards, distances run to p: settled nodes move by reach - dist.
    this.finishSearch(found ? dist[SINK] : bound, -1);
    if (!found) return;
    // The path sink -> ... -> p moves each starter on it to the practice the next one leaves; applied from
    // p's end, so a practice always loses its starter before it gains one (its slots never overflow).
    const path: number[] = [];
    for (let v = -1 - via[SINK]; v !== p;) {
      if (isPractice[v] === 1) {
        // Back over a placement: that starter leaves this practice for the next one on the path.
        v = edgeStarter[via[v]];
      } else {
        path.push(v);
        v = edgePractice[via[v]];
      }
    }
    for (let i = path.length - 1; i >= 0; i--) this.move(path[i], via[path[i]]);
  }
}

/** The cached plan cannot take this change exactly (a practice's seats changed, or costs outgrew the
 * exact integer range): solve the region again. */
export class PlanRebuildNeeded extends Error {}

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

/** What changed in the plan: suggestions that joined it and suggestions that left it. */
export interface PlanChange {
  added: string[];
  removed: string[];
}

/**
 * A region's plan, kept so that it can follow changes: solve() computes it from scratch; update() replaces
 * some starters' suggestions and restores the optimum exactly by removing each changed starter (at most
 * one cycle cancelled) and pushing its new unit (one shortest path), which touches only what competes
 * with those starters instead of solving the region again.
 */
export class RegionalPlan {
  private readonly flow = new FlowNetwork();
  private readonly starterNode = new Map<string, number>();
  private readonly practiceNode = new Map<string, number>();
  private readonly edgeIds: string[] = [];
  /**
   * Per node, its starter's or practice's id, when the suggestions are named by their pair
   * (`starterId/practiceId`, fromGraph) instead of one stored id per edge: a plan over every passing pair
   * of a region has millions of edges, and a string per edge would outweigh the network itself.
   */
  private readonly nodeName: string[] | null;
  private seatTotal = 0;

  private constructor(
    /** Patients weigh m each: m exceeds the score tenths of any plan of up to `placementBound` placements. */
    private readonly m: number,
    private readonly placementBound: number,
    private readonly patientsBound: number,
    pairNamed = false,
  ) {
    this.nodeName = pairNamed ? [] : null;
  }

  /** The id of edge e's suggestion: stored (solve), or its pair's name (fromGraph). */
  private edgeId(e: number): string {
    if (!this.nodeName) return this.edgeIds[e];
    return `${this.nodeName[this.flow.starterOf(e)]}/${this.nodeName[this.flow.practiceOf(e)]}`;
  }

  /** Room for a region to grow a quarter before update() asks for a new solve. */
  private static placementBound(placements: number): number {
    return placements + Math.max(64, Math.ceil(placements / 4));
  }

  /**
   * The optimal plan over every pair of a graph (AllPairsGraph: rows by starter, `starterIds[row]` names
   * row `row`, `practiceIds[p]` practice p; candidate flags ignored), solved from the seats (exact, see
   * exact-plan.ts) and kept so that update() follows changes exactly, as after solve(). Its suggestions are
   * named `starterId/practiceId`, and update() must be given suggestions named so.
   */
  static fromGraph(
    g: AllPairsGraph,
    starterIds: readonly string[],
    practiceIds: readonly string[],
  ): RegionalPlan {
    return RegionalPlan.fromSolved(RegionalPlan.solveGraph(g, practiceIds), starterIds, practiceIds);
  }

  /**
   * fromGraph's solve without its network: the seats' optimum over every pair of `g`, with the potentials
   * that prove it, computed with the patients' weight fromSolved's network will have. What a worker keeps
   * of a region until a change first needs the network: the graph's own arrays (8 bytes a pair, the
   * candidate flags dropped) and one placement and potential per starter and practice, against the
   * network's 16 bytes a pair plus the time to build it (about 75 ns a pair; Zuid-Holland at
   * 20,000 x 15,000 has 2.96 million pairs).
   */
  static solveGraph(g: AllPairsGraph, practiceIds: readonly string[]): SolvedRegion {
    const rows = g.start.length - 1;
    const used = new Uint8Array(g.seats.length);
    let seats = 0;
    let maxPatients = 0;
    let practices = 0;
    for (let k = 0; k < g.practice.length; k++) {
      const p = g.practice[k];
      const t = g.tenths[k];
      if (!Number.isInteger(t) || t < 0 || t > 1000) throw new RangeError(`fromGraph: pair ${k} tenths`);
      if (used[p] === 1) continue;
      used[p] = 1;
      practices++;
      const n = g.seats[p];
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Practice ${practiceIds[p]}: seats`);
      if (!(Number.isFinite(g.patients[p]) && g.patients[p] >= 0))
        throw new RangeError(`Practice ${practiceIds[p]}: patients`);
      seats += n;
      maxPatients = Math.max(maxPatients, Math.round(g.patients[p]));
    }
    let starters = 0;
    for (let r = 0; r < rows; r++) if (g.start[r + 1] > g.start[r]) starters++;
    const placementBound = RegionalPlan.placementBound(Math.min(starters, seats));
    const m = 1000 * placementBound + 1;
    const patientsBound = Math.max(maxPatients, 10_000);
    new RegionalPlan(m, placementBound, patientsBound, true).checkRange(starters + practices + 1);
    const graph: AllPairsGraph = { ...g, candidate: new Uint8Array(0), pairPatients: undefined };
    return { graph, solved: solveFromSeats(graph, m), m, placementBound, patientsBound };
  }

  /**
   * The plan of a solved region (solveGraph) with its network, able to follow changes: the same plan and
   * potentials as fromGraph's, without solving again.
   */
  static fromSolved(
    s: SolvedRegion,
    starterIds: readonly string[],
    practiceIds: readonly string[],
  ): RegionalPlan {
    const g = s.graph;
    const rows = g.start.length - 1;
    if (starterIds.length !== rows) throw new RangeError('fromGraph: one starter id per row');
    const plan = new RegionalPlan(s.m, s.placementBound, s.patientsBound, true);
    const nodeOf = new Int32Array(g.seats.length).fill(-1);
    let practices = 0;
    // -1: no pair; 0: to be added (practice nodes are 1 and up).
    for (let k = 0; k < g.practice.length; k++) {
      if (nodeOf[g.practice[k]] !== -1) continue;
      nodeOf[g.practice[k]] = 0;
      practices++;
    }
    let starters = 0;
    for (let r = 0; r < rows; r++) if (g.start[r + 1] > g.start[r]) starters++;
    plan.flow.reserve(1 + practices + starters, g.practice.length);
    for (let p = 0; p < nodeOf.length; p++)
      if (nodeOf[p] === 0) nodeOf[p] = plan.addPractice(practiceIds[p], g.seats[p]);
    // The rows with pairs, in order; pairs keep their index (no pair is skipped), so a pair's edge in the
    // network is its index in the graph, which is what the seats' placements name.
    const start = new Int32Array(starters + 1);
    const rowOf = new Int32Array(starters);
    const practice = new Int32Array(g.practice.length);
    const cost = new Float64Array(g.practice.length);
    let row = 0;
    for (let r = 0; r < rows; r++) {
      const from = g.start[r];
      const to = g.start[r + 1];
      if (to === from) continue;
      for (let k = from; k < to; k++) {
        const p = g.practice[k];
        practice[k] = nodeOf[p];
        cost[k] = -(Math.round(g.patients[p]) * plan.m + g.tenths[k]);
      }
      rowOf[row] = r;
      start[++row] = to;
    }
    const first = plan.flow.addStarters(start, practice, cost);
    const flow = plan.flow;
    for (let p = 0; p < nodeOf.length; p++) {
      const pot = s.solved.practicePot[p];
      if (nodeOf[p] > 0 && !Number.isNaN(pot)) flow.pot[nodeOf[p]] = -pot;
    }
    for (let i = 0; i < starters; i++) {
      const u = first + i;
      const r = rowOf[i];
      plan.starterNode.set(starterIds[r], u);
      (plan.nodeName as string[])[u] = starterIds[r];
      flow.pot[u] = -s.solved.starterPot[r];
      flow.adopt(u, s.solved.placed[r]);
    }
    return plan;
  }

  /**
   * The optimal plan of these suggestions. practiceSeats gives, per practice id, how many successors it
   * seeks (successorSeats); every suggested practice needs an entry. Deterministic: the same input in the
   * same order gives the same plan.
   */
  static solve(
    suggestions: readonly PlanSuggestion[],
    practiceSeats: ReadonlyMap<string, number>,
  ): RegionalPlan {
    const size = RegionalPlan.sizeOf(suggestions, practiceSeats);
    const { placementBound, patientsBound } = size;
    const { plan, nodes, byStarter } = RegionalPlan.network(suggestions, practiceSeats, size, {
      m: 1000 * placementBound + 1,
      placementBound,
      patientsBound,
    });
    plan.adoptSeatPlan(nodes, byStarter);
    return plan;
  }

  /** The starters and practices of these suggestions, and the bounds a network of them needs. */
  private static sizeOf(
    suggestions: readonly PlanSuggestion[],
    practiceSeats: ReadonlyMap<string, number>,
  ): {
    starterIndex: Map<string, number>;
    practiceIds: Set<string>;
    placementBound: number;
    patientsBound: number;
  } {
    validate(suggestions, practiceSeats);
    const starterIndex = new Map<string, number>();
    const practiceIds = new Set<string>();
    for (const s of suggestions) {
      if (!starterIndex.has(s.starterId)) starterIndex.set(s.starterId, starterIndex.size);
      practiceIds.add(s.practiceId);
    }
    let seats = 0;
    for (const id of practiceIds) seats += practiceSeats.get(id) as number;
    const maxPatients = suggestions.reduce((max, s) => Math.max(max, Math.round(s.patients)), 0);
    return {
      starterIndex,
      practiceIds,
      placementBound: RegionalPlan.placementBound(Math.min(starterIndex.size, seats)),
      patientsBound: Math.max(maxPatients, 10_000),
    };
  }

  /** The network of these suggestions with these bounds, its starters pending (solve's first half). */
  private static network(
    suggestions: readonly PlanSuggestion[],
    practiceSeats: ReadonlyMap<string, number>,
    { starterIndex, practiceIds }: ReturnType<typeof RegionalPlan.sizeOf>,
    bounds: { m: number; placementBound: number; patientsBound: number },
  ): { plan: RegionalPlan; nodes: number[]; byStarter: PlanSuggestion[][] } {
    const plan = new RegionalPlan(bounds.m, bounds.placementBound, bounds.patientsBound);
    plan.checkRange(starterIndex.size + practiceIds.size + 1);
    plan.flow.reserve(1 + practiceIds.size + starterIndex.size, suggestions.length);
    for (const id of practiceIds) plan.addPractice(id, practiceSeats.get(id) as number);
    // Each starter's edges contiguous, in input order.
    const byStarter: PlanSuggestion[][] = Array.from({ length: starterIndex.size }, () => []);
    for (const s of suggestions) byStarter[starterIndex.get(s.starterId) as number].push(s);
    const nodes = byStarter.map((list) => plan.addStarter(list));
    return { plan, nodes, byStarter };
  }

  /**
   * The optimal plan of these suggestions without solving them, when a solve over a larger graph proves it:
   * `region` is the plan over every passing pair of the region (SolvedRegion, its rows named by
   * `starterIds`, its practices by `practiceIds`), whose pairs include these suggestions' pairs but perhaps
   * not all of them (a coordinator's proposal, a request). Its potentials are given to this network (as
   * fromSolved does; a starter or practice it does not know gets 0) and FlowNetwork.provesOptimal checks
   * them, arc by arc, against a plan: first `flagged` (the plan stored in the table), else the region's own
   * plan, as far as these suggestions hold its pairs. Why that is exact: a dual optimum of the larger graph
   * keeps every arc it shares with this one non-negative, and this network's other arcs are checked one by
   * one; a plan and potentials that keep every residual arc non-negative are an optimum (the optimality
   * condition of a min-cost flow), the state solve() leaves and update() continues from. Returns null when
   * neither plan is proven (or the solve's patients' weight does not cover this network); the caller then
   * solves. Nothing is assumed about which suggestions were stored: every arc is checked.
   */
  static provenBy(
    suggestions: readonly PlanSuggestion[],
    practiceSeats: ReadonlyMap<string, number>,
    region: NamedSolvedRegion,
    flagged: ReadonlySet<string>,
  ): RegionalPlan | null {
    const size = RegionalPlan.sizeOf(suggestions, practiceSeats);
    const { m, placementBound, patientsBound, graph, solved } = region.solved;
    // The solve's weight keeps the objective lexicographic for up to its placement bound.
    if (size.placementBound > placementBound) return null;
    const { plan } = RegionalPlan.network(suggestions, practiceSeats, size, {
      m,
      placementBound,
      patientsBound: Math.max(patientsBound, size.patientsBound),
    });
    const flow = plan.flow;
    const rowOf = new Map(region.starterIds.map((id, r) => [id, r]));
    // A practice the solve does not know keeps the 0 addPractice gave it.
    region.practiceIds.forEach((id, p) => {
      const v = plan.practiceNode.get(id);
      if (v !== undefined && !Number.isNaN(solved.practicePot[p])) flow.pot[v] = -solved.practicePot[p];
    });
    for (const [id, u] of plan.starterNode) {
      const r = rowOf.get(id);
      flow.pot[u] = r === undefined ? 0 : -solved.starterPot[r];
    }
    if (flagged.size > 0 && plan.adoptIfOptimal(flagged)) return plan;
    const idOf = new Map(suggestions.map((s) => [`${s.starterId}/${s.practiceId}`, s.id]));
    const own = new Set<string>();
    for (let r = 0; r < solved.placed.length; r++) {
      const k = solved.placed[r];
      if (k < 0) continue;
      const id = idOf.get(`${region.starterIds[r]}/${region.practiceIds[graph.practice[k]]}`);
      if (id === undefined) return null; // a pair of the region's plan that is not stored: solve
      own.add(id);
    }
    // Not proven: this network is dropped (its starters were never placed).
    return plan.adoptIfOptimal(own) ? plan : null;
  }

  /**
   * Solves the just-added pending starters (their edges 0.. in order, each starter's contiguous) from the
   * seats' side (solveFromSeats, exact: see exact-plan.ts) with this plan's own patients' weight, and takes
   * its optimum over: the placements, and the potentials as this network's (a starter's and a practice's
   * potential here is minus its potential there, the sink's 0 in both). Every residual arc of this network
   * is then one of the seats' network with the same reduced cost, or one whose non-negativity follows from
   * the same optimum (free seat: the practice's dual is 0; unplaced starter: its price is 0; placed one and
   * used seat: prices are >= 0), so the invariant update() relies on holds, as after pushing every starter
   * here. Before this, solve pushed each starter from its own side (place), which needs a search over
   * every exchange worth less than a starter before it ends unplaced: over Zuid-Holland's stored
   * suggestions at 20,000 x 15,000, about 1.3 s under load against tens of ms from the seats.
   */
  private adoptSeatPlan(nodes: number[], byStarter: PlanSuggestion[][]): void {
    const start = new Int32Array(nodes.length + 1);
    byStarter.forEach((list, i) => (start[i + 1] = start[i] + list.length));
    const practice = new Int32Array(start[nodes.length]);
    const tenths = new Int32Array(start[nodes.length]);
    const pairPatients = new Float64Array(start[nodes.length]);
    byStarter.forEach((list, i) =>
      list.forEach((s, j) => {
        practice[start[i] + j] = this.practiceNode.get(s.practiceId) as number;
        tenths[start[i] + j] = Math.round(s.score * 10);
        pairPatients[start[i] + j] = Math.round(s.patients);
      }),
    );
    this.adoptSeatGraph(nodes, { start, practice, tenths, pairPatients });
  }

  /**
   * adoptSeatPlan's work on a graph of this network's own nodes: rows in the order of `nodes` (the pending
   * starters just added, their edges contiguous and in row order, from edge 0), practices by node.
   */
  private adoptSeatGraph(
    nodes: number[],
    g: { start: Int32Array; practice: Int32Array; tenths: Int32Array; pairPatients: Float64Array },
  ): void {
    const flow = this.flow;
    const seats = flow.seats.subarray(0, flow.nodeCount);
    const patients = new Float64Array(flow.nodeCount);
    const candidate = new Uint8Array(0);
    const solved = solveFromSeats({ ...g, candidate, seats, patients }, this.m);
    for (const [v, pot] of solved.practicePot.entries()) if (!Number.isNaN(pot)) flow.pot[v] = -pot;
    nodes.forEach((u, i) => {
      flow.pot[u] = -solved.starterPot[i];
      // The seats' plan names pairs by their index, which is this network's edge index.
      flow.adopt(u, solved.placed[i]);
    });
  }

  /** Potentials and path lengths stay within 2 * V * (largest edge cost); keep that an exact integer. */
  private checkRange(nodeCount: number): void {
    if (2 * (this.patientsBound * this.m + 1000) * nodeCount > Number.MAX_SAFE_INTEGER) {
      throw new RangeError('Regional plan too large for exact integer costs; split the region');
    }
  }

  private addPractice(id: string, seats: number): number {
    const v = this.flow.addPractice(seats);
    this.practiceNode.set(id, v);
    if (this.nodeName) this.nodeName[v] = id;
    this.seatTotal += seats;
    return v;
  }

  private addStarter(list: readonly PlanSuggestion[]): number {
    const practices = new Int32Array(list.length);
    const costs = new Float64Array(list.length);
    list.forEach((s, i) => {
      practices[i] = this.practiceNode.get(s.practiceId) as number;
      costs[i] = -(Math.round(s.patients) * this.m + Math.round(s.score * 10));
      if (!this.nodeName) this.edgeIds.push(s.id);
    });
    const u = this.flow.addStarter(practices, costs);
    this.starterNode.set(list[0].starterId, u);
    if (this.nodeName) this.nodeName[u] = list[0].starterId;
    return u;
  }

  /**
   * Takes over the plan `ids` (suggestions of this plan, e.g. the flags in the table) when it is as good as
   * this one and the potentials prove it optimal (FlowNetwork.provesOptimal): then the plan stays what is
   * stored, and update() follows changes from it exactly. Returns whether it did; if not, nothing changed.
   */
  adoptIfOptimal(ids: ReadonlySet<string>): boolean {
    const want = new Map<number, number>();
    const edgeOf = new Map<string, number>();
    for (let e = 0; e < this.flow.edgeCount; e++) edgeOf.set(this.edgeId(e), e);
    const nodes = [...this.starterNode.values()];
    for (const id of ids) {
      const e = edgeOf.get(id);
      if (e === undefined) return false;
      const u = this.flow.starterOf(e);
      if (want.has(u) || this.flow.alive[u] !== 1) return false;
      want.set(u, e);
    }
    if (!this.flow.provesOptimal(want, nodes)) return false;
    for (const u of nodes) this.flow.adopt(u, -1);
    for (const [u, e] of want) this.flow.adopt(u, e);
    return true;
  }

  /** The suggestions in the plan. */
  chosen(): Set<string> {
    const plan = new Set<string>();
    for (const u of this.starterNode.values())
      if (this.flow.placed[u] >= 0) plan.add(this.edgeId(this.flow.placed[u]));
    return plan;
  }

  /**
   * The edge this starter is placed by, or -1: after fromGraph and before any update(), the index of its
   * pair in the graph it was built from.
   */
  placedEdgeOf(starterId: string): number {
    const u = this.starterNode.get(starterId);
    return u === undefined ? -1 : Math.max(-1, this.flow.placed[u]);
  }

  /** The suggestion this starter is placed by, or null. */
  placementOf(starterId: string): string | null {
    const u = this.starterNode.get(starterId);
    const e = u === undefined ? -1 : this.flow.placed[u];
    return e >= 0 ? this.edgeId(e) : null;
  }

  /**
   * Builds now what the first update() would (the edges into each practice, 4 bytes an edge), so that a
   * plan kept for changes answers its first one as fast as the next.
   */
  prepareForChanges(): void {
    this.flow.buildIncoming();
  }

  /** Edges in the network, live and of removed starters. */
  get edgeCount(): number {
    return this.flow.edgeCount;
  }

  /** More than half of the stored edges belong to removed starters: a new solve would be leaner. */
  get wasteful(): boolean {
    return this.flow.deadEdges > Math.max(10_000, this.flow.edgeCount / 2);
  }

  /**
   * Replaces the suggestions of the starters in `changes` (an empty list takes the starter out) and brings
   * the plan back to an optimum. practiceSeats must give the seats of any practice new to the plan; a
   * known practice's seats must not have changed (else PlanRebuildNeeded, as when the region outgrows the
   * cost range the plan was built with). Returns the suggestions that joined and left the plan.
   */
  update(
    changes: ReadonlyMap<string, readonly PlanSuggestion[]>,
    practiceSeats: ReadonlyMap<string, number>,
  ): PlanChange {
    const all = [...changes.values()].flat();
    validate(all, practiceSeats);
    for (const [id, list] of changes) {
      if (list.some((s) => s.starterId !== id))
        throw new RangeError(`Suggestions of ${id} name another starter`);
    }
    for (const s of all) {
      const v = this.practiceNode.get(s.practiceId);
      if (v !== undefined && this.flow.seats[v] !== practiceSeats.get(s.practiceId))
        throw new PlanRebuildNeeded('seats changed');
      if (Math.round(s.patients) > this.patientsBound)
        throw new PlanRebuildNeeded('patients beyond the range');
    }
    const newPractices = new Set(all.map((s) => s.practiceId).filter((id) => !this.practiceNode.has(id)));
    let seats = this.seatTotal;
    for (const id of newPractices) seats += practiceSeats.get(id) as number;
    let starters = this.starterNode.size;
    for (const [id, list] of changes)
      starters += (list.length > 0 ? 1 : 0) - (this.starterNode.has(id) ? 1 : 0);
    if (Math.min(starters, seats) > this.placementBound)
      throw new PlanRebuildNeeded('region outgrew the plan');
    this.checkRange(this.flow.nodeCount + newPractices.size + changes.size);

    const moves = new Map<number, number>();
    this.flow.moves = moves;
    try {
      for (const id of changes.keys()) {
        const u = this.starterNode.get(id);
        if (u === undefined) continue;
        this.flow.remove(u);
        this.starterNode.delete(id);
      }
      for (const id of newPractices) this.addPractice(id, practiceSeats.get(id) as number);
      const added: number[] = [];
      for (const list of changes.values()) if (list.length > 0) added.push(this.addStarter(list));
      const pot = this.flow.pot;
      for (const u of added.sort((a, b) => pot[a] - pot[b] || a - b)) this.flow.place(u);
    } finally {
      this.flow.moves = null;
    }
    const before = new Set<string>();
    const after = new Set<string>();
    for (const [u, old] of moves) {
      if (old >= 0) before.add(this.edgeId(old));
      const now = this.flow.placed[u];
      if (this.flow.alive[u] === 1 && now >= 0) after.add(this.edgeId(now));
    }
    return {
      added: [...after].filter((id) => !before.has(id)),
      removed: [...before].filter((id) => !after.has(id)),
    };
  }
}

/**
 * Which suggestions form the plan (RegionalPlan.solve). Deterministic: the same input in the same order
 * gives the same set; among equally good plans the choice is arbitrary but fixed.
 */
export function computeRegionalPlan(
  suggestions: readonly PlanSuggestion[],
  practiceSeats: ReadonlyMap<string, number>,
): Set<string> {
  return RegionalPlan.solve(suggestions, practiceSeats).chosen();
}

/**
 * A region's passing pairs, by starter (compressed rows): starter k's pairs are start[k] .. start[k+1]-1,
 * each naming a practice (any integer id; `seats` and `patients` are indexed by it), the score in whole
 * tenths, and whether the pair is a candidate (kept as a suggestion anyway).
 */
export interface AllPairsGraph {
  start: Int32Array;
  practice: Int32Array;
  tenths: Int32Array;
  candidate: Uint8Array;
  seats: ArrayLike<number>;
  patients: ArrayLike<number>;
  /** Per pair, the patients it places, where they are not the practice's alone (RegionalPlan's suggestions). */
  pairPatients?: ArrayLike<number>;
  /**
   * Left-out pairs a starter brings in per pricing round: 0 (the default) every pair that prices
   * negative, else only its `perRound` most negative. Measured on the bench's largest region at
   * 20,000 x 15,000: every negative pair took 3 rounds, the two most negative 8 rounds and about four times
   * as long (each round re-places thousands of starters), so the default takes them all.
   */
  perRound?: number;
}

/** A solved region with the names of its rows and practices (a full rescoring's, RegionalPlan.provenBy's input). */
export interface NamedSolvedRegion {
  solved: SolvedRegion;
  /** Per row of the solve's graph, its starter's id. */
  starterIds: readonly string[];
  /** Per practice index of the solve's graph, its practice's id. */
  practiceIds: readonly string[];
}

/** A region's plan over every pair, solved but without its network (RegionalPlan.solveGraph). */
export interface SolvedRegion {
  /** The graph, candidate flags dropped. */
  graph: AllPairsGraph;
  /** The seats' optimum over it with its potentials, by row and by practice index. */
  solved: SeatPlan;
  m: number;
  placementBound: number;
  patientsBound: number;
}

export interface AllPairsPlan {
  /** Per starter the pair (index into the graph's arrays) it is placed by, or -1. */
  placed: Int32Array;
  /** Solve-and-price rounds: 1 when the candidate graph alone already held an optimum. */
  rounds: number;
  /** Pairs the network held at the end (the candidates and the pairs pricing brought in). */
  edges: number;
  patients: number;
  scoreTenths: number;
}

/**
 * The regional plan over every passing pair of the region, exactly, without building the network of
 * every pair: solve over the candidate pairs, then price every pair left out, and bring in the pairs
 * of any starter whose left-out pair prices negative; repeat until none does.
 *
 * Why this is exact (LP duality for min-cost flow). The full network has the same nodes as the candidate
 * network (every starter and every practice with a passing pair has a candidate pair: its best N and best M
 * per seat), and its only extra arcs are the left-out pairs, which carry no flow, so each is one residual
 * arc starter -> practice with reduced cost c + pot[starter] - pot[practice]. The solver keeps every
 * residual arc of its network at non-negative reduced cost (the potentials are a feasible dual); if every
 * left-out pair is non-negative too, the potentials certify that the full residual network has no
 * negative cycle, which is the optimality condition of a min-cost flow: the flow found is optimal over
 * every passing pair, with the same total as solving them all. The negative pairs are brought in, each
 * starter's at once (RegionalPlan.update's exact step: take the starter out, one cycle cancelled, and push
 * its unit again with its pairs so far and the new ones, one shortest path); each round brings in at least
 * one pair and no pair leaves, so the loop ends, after at most as many rounds as there are pairs (in
 * practice a handful: the bench reports them).
 * candidate-set.spec.ts checks the result against brute force over every pair on random instances.
 *
 * Not what the rescoring uses any more: the candidate graph's potentials price most left-out pairs
 * negative (Zuid-Holland at 20,000 x 15,000: 5 rounds, 2.1 of its 3.0 million pairs in the last network,
 * about 5 s), so solveAllPairs (exact-plan.ts: every pair, pushed from the seats, about 0.5 s) replaced it.
 * Kept for comparison (bench/plan.bench.ts) and as a second exact solver in the tests.
 */
export function planOverAllPairs(g: AllPairsGraph): AllPairsPlan {
  const n = g.start.length - 1;
  const flow = new FlowNetwork();
  const node = new Map<number, number>();
  let seatTotal = 0;
  let maxPatients = 0;
  const seen = new Set<number>();
  for (let k = 0; k < g.practice.length; k++) {
    const p = g.practice[k];
    if (!seen.has(p)) {
      seen.add(p);
      const seats = g.seats[p];
      if (!Number.isSafeInteger(seats) || seats < 0) throw new RangeError(`practice ${p}: seats`);
      seatTotal += seats;
      maxPatients = Math.max(maxPatients, Math.round(g.patients[p]));
    }
  }
  const nodeOf = (p: number): number => {
    let v = node.get(p);
    if (v === undefined) node.set(p, (v = flow.addPractice(g.seats[p])));
    return v;
  };
  const placements = Math.min(n, seatTotal);
  const m = 1000 * (placements + 1) + 1;
  if (2 * (Math.max(maxPatients, 1) * m + 1000) * (2 * n + seen.size + 1) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('Regional plan too large for exact integer costs; split the region');
  }
  const cost = (k: number): number => -(Math.round(g.patients[g.practice[k]]) * m + g.tenths[k]);
  const starterNode = new Int32Array(n).fill(-1);
  // Which pairs are in the network: the candidates at first, then those pricing brings in.
  const inNet = Uint8Array.from(g.candidate);
  const edgePair: number[] = [];
  const add = (s: number): number => {
    const pairs: number[] = [];
    for (let k = g.start[s]; k < g.start[s + 1]; k++) if (inNet[k] === 1) pairs.push(k);
    if (pairs.length === 0) return -1;
    const u = flow.addStarter(
      pairs.map((k) => nodeOf(g.practice[k])),
      pairs.map(cost),
    );
    for (const k of pairs) edgePair.push(k);
    starterNode[s] = u;
    return u;
  };
  const placeInOrder = (nodes: number[]): void => {
    const pot = flow.pot;
    for (const u of nodes.sort((a, b) => pot[a] - pot[b] || a - b)) flow.place(u);
  };
  const first: number[] = [];
  for (let s = 0; s < n; s++) {
    const u = add(s);
    if (u >= 0) first.push(u);
  }
  placeInOrder(first);
  let rounds = 1;
  const all = !g.perRound || g.perRound <= 0;
  const PER_ROUND = all ? 1 : (g.perRound as number);
  const bestRc = new Float64Array(PER_ROUND);
  const bestK = new Int32Array(PER_ROUND);
  for (;;) {
    const violators: number[] = [];
    for (let s = 0; s < n; s++) {
      const u = starterNode[s];
      // Its negative left-out pairs (or, with perRound, only its most negative ones).
      let found = 0;
      for (let k = g.start[s]; k < g.start[s + 1]; k++) {
        if (inNet[k] === 1) continue;
        // A starter with no pair in the network yet (never, with every starter's best N) takes them all.
        // A practice not in the network yet has every seat free, at the sink's potential.
        const v = node.get(g.practice[k]);
        const rc = u < 0 ? -1 : cost(k) + flow.pot[u] - (v === undefined ? flow.pot[SINK] : flow.pot[v]);
        if (rc >= 0) continue;
        if (u < 0 || all) {
          inNet[k] = 1;
          found = PER_ROUND;
          continue;
        }
        // Keep the PER_ROUND most negative (ties: the earlier pair).
        let at = found < PER_ROUND ? found++ : PER_ROUND;
        while (at > 0 && rc < bestRc[at - 1]) {
          if (at < PER_ROUND) {
            bestRc[at] = bestRc[at - 1];
            bestK[at] = bestK[at - 1];
          }
          at--;
        }
        if (at < PER_ROUND) {
          bestRc[at] = rc;
          bestK[at] = k;
        }
      }
      if (found === 0) continue;
      if (u >= 0 && !all) for (let j = 0; j < found; j++) inNet[bestK[j]] = 1;
      violators.push(s);
    }
    if (violators.length === 0) break;
    rounds++;
    // Every removal before any starter is added again: a removal's repair moves potentials, and a starter
    // whose unit is not pushed yet is not covered by what a repair keeps non-negative.
    for (const s of violators) if (starterNode[s] >= 0) flow.remove(starterNode[s]);
    const added: number[] = [];
    for (const s of violators) {
      const u = add(s);
      if (u >= 0) added.push(u);
    }
    placeInOrder(added);
  }
  const placed = new Int32Array(n).fill(-1);
  let patients = 0;
  let scoreTenths = 0;
  for (let s = 0; s < n; s++) {
    const u = starterNode[s];
    if (u < 0 || flow.alive[u] === 0) continue;
    const e = flow.placed[u];
    if (e < 0) continue;
    const k = edgePair[e];
    placed[s] = k;
    patients += Math.round(g.patients[g.practice[k]]);
    scoreTenths += g.tenths[k];
  }
  return { placed, rounds, edges: flow.edgeCount - flow.deadEdges, patients, scoreTenths };
}
