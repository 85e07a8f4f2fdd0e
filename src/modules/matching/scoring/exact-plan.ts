/**
 * The regional plan over every passing pair of a region, solved directly and exactly: the same objective
 * and network as RegionalPlan (regional-plan.ts), but with the units pushed from the practices' seats
 * instead of from the starters, on compressed typed arrays.
 *
 * Objective: most patients placed, then the best total fit. Pair (s, p) weighs w = m * patients(p) +
 * tenths(s, p) with m = 1000 * (placements + 1) + 1, more than the fit of any plan, so one more patient
 * always outweighs fit (the same exact integer cost as RegionalPlan's).
 *
 * Network (min-cost flow, cost -w): each practice p supplies seats(p) units; p -> s per passing pair
 * (cap 1, cost -w(s, p)); s -> sink (cap 1, cost 0); p -> sink (cap seats(p), cost 0: a seat left empty).
 * Every unit reaches the sink, so a min-cost flow is a plan of maximum weight: each starter at most once,
 * each practice at most seats(p) times.
 *
 * Algorithm: successive shortest paths with node potentials (Ahuja, Magnanti & Orlin, ch. 9.7). Residual
 * arcs and their reduced costs c + pot[from] - pot[to] are kept non-negative (the invariant); the sink's
 * potential is 0 and never moves. One unit at a time, from a practice with a seat not pushed yet, Dijkstra
 * on the reduced costs finds a shortest path to the sink; the settled nodes' potentials move by
 * dist - dist(sink) (nodes not settled are at least that far), which keeps every reduced cost
 * non-negative, and the path's arcs then have reduced cost 0, so augmenting along it keeps the invariant.
 * When every seat is pushed, the flow is feasible and no residual arc has a negative reduced cost, so the
 * residual network has no negative cycle: the flow is a min-cost flow (the optimality condition), i.e. an
 * optimum over every passing pair. This holds whatever order the seats are pushed in.
 *
 * Why from the seats and not from the starters (RegionalPlan's order): in a region there are many more
 * starters than seats they can fill (Zuid-Holland in the bench at 20,000 x 15,000: 7,741 starters with a
 * passing pair, 2,570 seats). Pushed from a starter, each of the starters who end unplaced needs a search over every
 * exchange worth less than its own best pair (m times patients, most of the region) before its "unplaced"
 * arc proves cheapest. Pushed from a seat, a path ends at any free starter, and there are many: a shortest
 * path is usually a few exchanges of fit, and Dijkstra stops there. The residual network is simple from the
 * seats' side too: a placed starter has one arc out (back to its practice), a free one one arc to the
 * sink. A free starter stays free until placed and a placed one is never freed, so a free starter's
 * potential stays 0: offering the sink from it as soon as it is reached (before it is settled) is the
 * relaxation of its one arc; if the sink is settled first, that starter is at the sink's distance, so it
 * would not move, and the path's arcs still end with reduced cost 0.
 *
 * Pruning, also exact: a practice's pairs are sorted by weight, best first (by fit, where they all weigh
 * the practice's patients). A starter's potential starts at 0 and only decreases (potentials move by
 * dist - dist(sink) <= 0), so the reduced cost of p -> s, -w(s, p) + pot[p] - pot[s], is at least
 * pot[p] - w(s, p), which grows along p's sorted pairs. Scanning p at distance d stops at the first pair
 * whose bound d + pot[p] - w is not below the sink's tentative distance, an upper bound of the sink's final
 * distance D. The pairs skipped could improve no distance below D, and keep the invariant through the
 * update: with p settled, an arc to a starter y settled too gets rc + d(p) - d(y) >= D - d(y) >= 0, and
 * one to a starter not settled gets rc + d(p) - D >= 0.
 *
 * Offers, also exact: a starter reached at a distance no less than the sink's tentative one is not offered
 * (put on the heap). Every path through it is at least that long, since reduced costs are non-negative,
 * so the sink's distance D is found all the same; and a node whose every offer was held back has a true
 * distance of at least D, so the nodes settled below D, their distances and hence the potentials after
 * the update are the same as without holding back (a node settled at exactly D moves by 0). Only the
 * choice among equally short paths may differ, which leaves the optimum as it is. At 20,000 x 15,000,
 * 24 of Zuid-Holland's 25 million arcs scanned ended at such a starter (placed, its potential far below
 * 0): offering each of them had filled the heap with 4 million entries for 0.4 million taken off it.
 *
 * Blocks, also exact: a practice's run is cut into blocks of BLOCK arcs, each with an upper bound of
 * w(s, p) + pot[s] over its arcs, and a scan skips a block whose bound says that none of its arcs reaches
 * its starter below the sink's tentative distance (the reduced cost p -> s is pot[p] - w - pot[s]). The
 * bounds stay true: potentials only decrease (see pruning), so w + pot[s] only decreases, and a block
 * scanned whole gets its exact maximum. Most of a popular practice's run is placed starters, whose
 * potentials fall far below 0: at 20,000 x 15,000, Zuid-Holland's searches scanned 22.3 million arcs one by
 * one, and with blocks of 16, 6.8 million arcs and 1.5 million blocks.
 *
 * First potentials: pot[p] = max over its pairs of w (the column reduction), starters and sink 0, which
 * makes every arc non-negative; a practice's best starter is then at distance 0 while free.
 *
 * Complexity: one search per seat, O(E' log V) each, E' the pairs scanned before the bound stops them.
 * Measured on Zuid-Holland at 20,000 x 15,000 (2,570 seats, 2,961,166 pairs): 24.8 million pairs scanned
 * in all, about 9,600 per search, against 2.96 million in one pass over every pair.
 * candidate-set.spec.ts checks it against brute force (and against planOverAllPairs) on random regions,
 * regional-plan.spec.ts through RegionalPlan.solve, which takes its optimum over.
 */
import { BinaryHeap } from './binary-heap';
import type { AllPairsGraph, AllPairsPlan } from './regional-plan';

/** Arcs per block of a practice's run (see the file's comment: blocks). */
const BLOCK = 16;

/** An exact plan with its proof: the potentials (duals) of the seats' network at the optimum. */
export interface SeatPlan extends AllPairsPlan {
  /** Per starter row, its potential: minus its dual price (<= 0; 0 while free). */
  starterPot: Float64Array;
  /** Per practice id (index into `seats`), its potential: its dual value per seat; NaN for a practice without pairs. */
  practicePot: Float64Array;
  /** The patients' weight the costs were built with. */
  m: number;
}

/** The plan over every pair of the graph (candidate flags ignored), exactly; see the file's comment. */
export function solveAllPairs(g: AllPairsGraph): AllPairsPlan {
  const { placed, rounds, edges, patients, scoreTenths } = solveFromSeats(g);
  return { placed, rounds, edges, patients, scoreTenths };
}

/**
 * solveAllPairs with its potentials. `m`: the patients' weight to use (RegionalPlan's own, so that the
 * potentials fit its network's costs); by default the least that keeps the objective lexicographic.
 * `block`: arcs per block of a practice's run (tests use small ones, so that small instances have blocks).
 */
export function solveFromSeats(g: AllPairsGraph, weight?: number, block = BLOCK): SeatPlan {
  if (!Number.isSafeInteger(block) || block < 1) throw new RangeError(`block: ${block}`);
  const n = g.start.length - 1;
  const pairs = g.practice.length;
  // Local practice numbers 0..P-1, in order of first appearance.
  const localOf = new Int32Array(g.seats.length).fill(-1);
  const globalOf: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const p = g.practice[k];
    if (localOf[p] < 0) {
      const seats = g.seats[p];
      if (!Number.isSafeInteger(seats) || seats < 0) throw new RangeError(`practice ${p}: seats`);
      localOf[p] = globalOf.length;
      globalOf.push(p);
    }
  }
  const P = globalOf.length;
  const seats = Int32Array.from(globalOf, (p) => g.seats[p]);
  const patients = Float64Array.from(globalOf, (p) => Math.round(g.patients[p]));
  let seatTotal = 0;
  let maxPatients = 0;
  for (let x = 0; x < P; x++) {
    seatTotal += seats[x];
    maxPatients = Math.max(maxPatients, patients[x]);
  }
  if (g.pairPatients)
    for (let k = 0; k < pairs; k++) maxPatients = Math.max(maxPatients, Math.round(g.pairPatients[k]));
  const m = weight ?? 1000 * (Math.min(n, seatTotal) + 1) + 1;
  // Potentials and path lengths stay within 2 * V * (largest edge cost), V the nodes: keep that exact.
  if (2 * (Math.max(maxPatients, 1) * m + 1000) * (n + P + 1) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('Regional plan too large for exact integer costs; split the region');
  }

  // Each practice's pairs, best first by weight, m * patients + tenths (ties: the starter's order):
  // bucketed by practice in one sequential pass (one write cursor per practice), then each practice's run
  // sorted in place, through buffers of one run, by a counting sort on tenths (where a practice's pairs all
  // weigh its patients, as in every real region) or else a comparison sort.
  const first = new Int32Array(P + 1);
  for (let k = 0; k < pairs; k++) first[localOf[g.practice[k]] + 1]++;
  let longest = 0;
  for (let x = 0; x < P; x++) {
    longest = Math.max(longest, first[x + 1]);
    first[x + 1] += first[x];
  }
  const cursor = first.slice(0, P);
  const adjPair = new Int32Array(pairs);
  const adjStarter = new Int32Array(pairs);
  const adjWeight = new Float64Array(pairs);
  let minT = Infinity;
  let maxT = -Infinity;
  for (let s = 0; s < n; s++) {
    for (let k = g.start[s]; k < g.start[s + 1]; k++) {
      const t = g.tenths[k];
      if (t < minT) minT = t;
      if (t > maxT) maxT = t;
      const e = cursor[localOf[g.practice[k]]]++;
      adjPair[e] = k;
      adjStarter[e] = s;
      adjWeight[e] = t;
    }
  }
  const runPair = new Int32Array(longest);
  const runStarter = new Int32Array(longest);
  const runTenths = new Int32Array(longest);
  const bucket = new Int32Array(pairs > 0 ? maxT - minT + 2 : 1);
  const pairPatients = g.pairPatients;
  const patientsOf = (k: number, x: number): number =>
    pairPatients ? Math.round(pairPatients[k]) : patients[x];
  for (let x = 0; x < P; x++) {
    const lo = first[x];
    const len = first[x + 1] - lo;
    runPair.set(adjPair.subarray(lo, lo + len));
    runStarter.set(adjStarter.subarray(lo, lo + len));
    let uniform = true;
    for (let j = 0; j < len; j++) {
      runTenths[j] = adjWeight[lo + j];
      if (pairPatients && uniform) uniform = patientsOf(runPair[j], x) === patientsOf(runPair[0], x);
    }
    if (!uniform) {
      const w = (j: number): number => patientsOf(runPair[j], x) * m + runTenths[j];
      const run = Array.from({ length: len }, (_, j) => j).sort((a, b) => w(b) - w(a) || a - b);
      run.forEach((j, to) => {
        adjPair[lo + to] = runPair[j];
        adjStarter[lo + to] = runStarter[j];
        adjWeight[lo + to] = w(j);
      });
      continue;
    }
    const value = len > 0 ? patientsOf(runPair[0], x) * m : 0;
    bucket.fill(0);
    for (let j = 0; j < len; j++) bucket[maxT - runTenths[j] + 1]++;
    bucket[0] = lo;
    for (let b = 1; b < bucket.length; b++) bucket[b] += bucket[b - 1];
    for (let j = 0; j < len; j++) {
      const to = bucket[maxT - runTenths[j]]++;
      adjPair[to] = runPair[j];
      adjStarter[to] = runStarter[j];
      adjWeight[to] = value + runTenths[j];
    }
  }

  // Nodes: practices 0..P-1, starters P..P+n-1, the sink P+n.
  const T = P + n;
  const V = T + 1;
  const pot = new Float64Array(V);
  for (let x = 0; x < P; x++) pot[x] = adjWeight[first[x]];
  // Each practice's run in blocks of `block` arcs; blockMax[b] is at least w + pot[s] of every arc in block
  // b (see the file's comment: blocks). At first every starter's potential is 0 and the block's first
  // arc weighs the most.
  const firstBlock = new Int32Array(P + 1);
  for (let x = 0; x < P; x++)
    firstBlock[x + 1] = firstBlock[x] + Math.ceil((first[x + 1] - first[x]) / block);
  const blockMax = new Float64Array(firstBlock[P]);
  for (let x = 0; x < P; x++)
    for (let b = firstBlock[x]; b < firstBlock[x + 1]; b++)
      blockMax[b] = adjWeight[first[x] + (b - firstBlock[x]) * block];
  const dist = new Float64Array(V).fill(Infinity);
  const settled = new Uint8Array(V);
  /** A starter: the pair (adjacency index) it was reached by; a practice: the starter node; the sink: the node. */
  const via = new Int32Array(V);
  const viaPractice = new Int32Array(n);
  const touched = new Int32Array(V);
  const heap = new BinaryHeap();
  /** Per starter: its practice (local) and pair's adjacency index, or -1. */
  const matchPractice = new Int32Array(n).fill(-1);
  const matchEdge = new Int32Array(n).fill(-1);
  /** Per practice: its units sent to the sink (seats left empty). */
  const empty = new Int32Array(P);

  let touchedCount = 0;
  /** Offers node y the distance `candidate`, reached over `arc`. */
  const offer = (y: number, candidate: number, arc: number): void => {
    if (candidate < dist[y]) {
      if (dist[y] === Infinity) touched[touchedCount++] = y;
      dist[y] = candidate;
      via[y] = arc;
      heap.push(candidate, y);
    }
  };
  const push = (p0: number): void => {
    touchedCount = 0;
    heap.clear();
    offer(p0, 0, -1);
    for (;;) {
      // The sink is always reached (at worst over p0's empty-seat arc), so the heap never runs dry first.
      const x = heap.pop();
      if (settled[x] === 1 || heap.lastKey > dist[x]) continue;
      settled[x] = 1;
      if (x === T) break;
      const dx = dist[x];
      if (x < P) {
        // d + rc(x -> s) = base - w - pot[s], with -pot[s] >= 0: base - w bounds it from below.
        const base = dx + pot[x];
        // The sink's tentative distance, kept here: only this loop's offers to the sink change it.
        let dT = dist[T];
        const lo = first[x];
        const hi = first[x + 1];
        for (let b = firstBlock[x]; b < firstBlock[x + 1]; b++) {
          const from = lo + (b - firstBlock[x]) * block;
          // The block's first arc weighs the most of the rest of the run: past the bound, all are.
          if (base - adjWeight[from] >= dT) break;
          // Every arc of the block reaches its starter at base - (w + pot[s]) >= base - blockMax[b].
          if (base - blockMax[b] >= dT) continue;
          const to = Math.min(from + block, hi);
          let most = -Infinity;
          let e = from;
          for (; e < to; e++) {
            const w = adjWeight[e];
            if (base - w >= dT) break;
            const s = adjStarter[e];
            const y = P + s;
            const v = w + pot[y];
            if (v > most) most = v;
            const candidate = base - v;
            // A node offered no less than the sink's tentative distance is not needed (see the file's
            // comment: offers); nor is the pair s is placed by (that arc is used; another pair of s to x,
            // if the input has two, is an arc like any other).
            if (candidate >= dT || candidate >= dist[y] || matchEdge[s] === e) continue;
            offer(y, candidate, e);
            viaPractice[s] = x;
            // A free starter's one arc goes to the sink (reduced cost pot[s]); offering it now, as if s
            // were settled at this distance, lets the bound stop this scan early.
            if (matchPractice[s] < 0) {
              offer(T, candidate + pot[y], y);
              dT = dist[T];
            }
          }
          // Scanned whole: its bound is now exact (until potentials move, which only lowers them).
          if (e < to) break;
          blockMax[b] = most;
        }
        if (empty[x] < seats[x]) offer(T, dx + pot[x], x);
      } else {
        const s = x - P;
        const q = matchPractice[s];
        if (q >= 0) offer(q, dx + adjWeight[matchEdge[s]] + pot[x] - pot[q], x);
        else offer(T, dx + pot[x], x);
      }
    }
    const D = dist[T];
    for (let t = 0; t < touchedCount; t++) {
      const v = touched[t];
      if (settled[v] === 1) pot[v] += dist[v] - D;
      dist[v] = Infinity;
      settled[v] = 0;
    }
    // Augment: from the sink back to p0. Each starter on the path moves to the practice it was reached
    // from (leaving the practice after it on the path); a path ending at a practice leaves one seat empty.
    let v = via[T];
    if (v < P) {
      empty[v]++;
      if (v === p0) return;
      v = via[v];
    }
    for (;;) {
      const s = v - P;
      const x = viaPractice[s];
      matchPractice[s] = x;
      matchEdge[s] = via[v];
      if (x === p0) return;
      v = via[x];
    }
  };

  // Most valuable practices first, one seat each round: they take their best starters at distance 0, and
  // later seats mostly find a free starter after a few exchanges.
  const order = Int32Array.from({ length: P }, (_, x) => x).sort((a, b) => pot[b] - pot[a] || a - b);
  let maxSeats = 0;
  for (let x = 0; x < P; x++) maxSeats = Math.max(maxSeats, seats[x]);
  for (let round = 0; round < maxSeats; round++) for (const x of order) if (seats[x] > round) push(x);

  const placed = new Int32Array(n).fill(-1);
  let patientsPlaced = 0;
  let scoreTenths = 0;
  for (let s = 0; s < n; s++) {
    if (matchPractice[s] < 0) continue;
    const k = adjPair[matchEdge[s]];
    placed[s] = k;
    patientsPlaced += patientsOf(k, matchPractice[s]);
    scoreTenths += g.tenths[k];
  }
  const practicePot = new Float64Array(g.seats.length).fill(NaN);
  for (let x = 0; x < P; x++) practicePot[globalOf[x]] = pot[x];
  return {
    placed,
    rounds: 1,
    edges: pairs,
    patients: patientsPlaced,
    scoreTenths,
    starterPot: pot.slice(P, P + n),
    practicePot,
    m,
  };
}
