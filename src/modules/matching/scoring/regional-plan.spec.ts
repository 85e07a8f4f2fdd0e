import {
  computeRegionalPlan,
  patientsPerSuccessor,
  PlanRebuildNeeded,
  RegionalPlan,
  planObjective,
  successorSeats,
  type PlanSuggestion,
} from './regional-plan';
import { seededRandom } from './scoring.fixtures';

function suggestion(
  id: string,
  starterId: string,
  practiceId: string,
  patients: number,
  score: number,
): PlanSuggestion {
  return { id, starterId, practiceId, patients, score };
}

function chosen(suggestions: PlanSuggestion[], plan: Set<string>): PlanSuggestion[] {
  return suggestions.filter((s) => plan.has(s.id));
}

function isFeasible(picked: PlanSuggestion[], seats: Map<string, number>): boolean {
  const starters = new Set<string>();
  const used = new Map<string, number>();
  for (const s of picked) {
    if (starters.has(s.starterId)) return false;
    starters.add(s.starterId);
    used.set(s.practiceId, (used.get(s.practiceId) ?? 0) + 1);
    if ((used.get(s.practiceId) ?? 0) > (seats.get(s.practiceId) ?? 0)) return false;
  }
  return true;
}

function better(
  x: { patients: number; scoreTenths: number },
  y: { patients: number; scoreTenths: number },
): boolean {
  return x.patients > y.patients || (x.patients === y.patients && x.scoreTenths > y.scoreTenths);
}

function bruteForceBest(suggestions: PlanSuggestion[], seats: Map<string, number>) {
  let best = { patients: 0, scoreTenths: 0 };
  for (let mask = 0; mask < 1 << suggestions.length; mask++) {
    const picked = suggestions.filter((_, i) => (mask & (1 << i)) !== 0);
    if (!isFeasible(picked, seats)) continue;
    const objective = planObjective(picked);
    if (better(objective, best)) best = objective;
  }
  return best;
}

/** Exact optimum by trying, starter by starter, each of its suggestions or none. */
function searchBest(suggestions: PlanSuggestion[], seats: Map<string, number>) {
  const byStarter = [...new Set(suggestions.map((s) => s.starterId))].map((id) =>
    suggestions.filter((s) => s.starterId === id),
  );
  const used = new Map<string, number>();
  let best = { patients: 0, scoreTenths: 0 };
  const visit = (k: number, patients: number, scoreTenths: number): void => {
    if (k === byStarter.length) {
      if (better({ patients, scoreTenths }, best)) best = { patients, scoreTenths };
      return;
    }
    visit(k + 1, patients, scoreTenths);
    for (const s of byStarter[k]) {
      const taken = used.get(s.practiceId) ?? 0;
      if (taken >= (seats.get(s.practiceId) ?? 0)) continue;
      used.set(s.practiceId, taken + 1);
      visit(k + 1, patients + Math.round(s.patients), scoreTenths + Math.round(s.score * 10));
      used.set(s.practiceId, taken);
    }
  };
  visit(0, 0, 0);
  return best;
}

function randomInstance(
  rand: () => number,
  maxStarters: number,
  maxPractices: number,
  maxSuggestions: number,
) {
  const starterCount = 1 + Math.floor(rand() * maxStarters);
  const practiceCount = 1 + Math.floor(rand() * maxPractices);
  const seats = new Map(Array.from({ length: practiceCount }, (_, p) => [`p${p}`, Math.floor(rand() * 3)]));
  const patientsOf = Array.from(
    { length: practiceCount },
    () => [0, 500, 1000, 1500, 2095][Math.floor(rand() * 5)],
  );
  const n = 1 + Math.floor(rand() * maxSuggestions);
  const suggestions = Array.from({ length: n }, (_, i) => {
    const p = Math.floor(rand() * practiceCount);
    // Mostly the practice's patients per successor, as the worker supplies; sometimes not, which the plan allows.
    const patients = rand() < 0.8 ? patientsOf[p] : [0, 500, 1000, 1500, 2095][Math.floor(rand() * 5)];
    return suggestion(
      `g${i}`,
      `s${Math.floor(rand() * starterCount)}`,
      `p${p}`,
      patients,
      Math.round(rand() * 1000) / 10,
    );
  });
  return { suggestions, seats };
}

describe('successorSeats and patientsPerSuccessor', () => {
  it('seeks one successor up to five days a week and one more per further five', () => {
    expect(
      [0.5, 4, 4.5, 5, 5.5, 8, 10].map((daysPerWeekNeeded) => successorSeats({ daysPerWeekNeeded })),
    ).toEqual([1, 1, 1, 1, 2, 2, 2]);
    expect(patientsPerSuccessor({ listSize: 4190, daysPerWeekNeeded: 9 })).toBe(2095);
  });
});

describe('computeRegionalPlan', () => {
  it('prefers more patients over a better total fit', () => {
    const suggestions = [suggestion('big', 's1', 'p1', 3000, 40), suggestion('good', 's1', 'p2', 2000, 95)];
    expect(
      computeRegionalPlan(
        suggestions,
        new Map([
          ['p1', 1],
          ['p2', 1],
        ]),
      ),
    ).toEqual(new Set(['big']));
  });

  it('breaks a tie in patients by fit', () => {
    const suggestions = [
      suggestion('worse', 's1', 'p1', 2000, 60),
      suggestion('better', 's2', 'p1', 2000, 61),
    ];
    expect(computeRegionalPlan(suggestions, new Map([['p1', 1]]))).toEqual(new Set(['better']));
  });

  it('maximises weight, not the number of introductions', () => {
    // Two introductions (A-Y, B-X) would place 200 patients; A-X alone places 3,000.
    const suggestions = [
      suggestion('ax', 'A', 'X', 3000, 50),
      suggestion('ay', 'A', 'Y', 100, 50),
      suggestion('bx', 'B', 'X', 100, 50),
    ];
    expect(
      computeRegionalPlan(
        suggestions,
        new Map([
          ['X', 1],
          ['Y', 1],
        ]),
      ),
    ).toEqual(new Set(['ax']));
  });

  it('uses each starter once and each practice up to its seats', () => {
    const suggestions = [
      suggestion('a1', 'A', 'P', 1000, 80),
      suggestion('b1', 'B', 'P', 1000, 70),
      suggestion('c1', 'C', 'P', 1000, 60),
      suggestion('a2', 'A', 'Q', 900, 99),
    ];
    // A goes to Q so that B and C can fill both seats of P: 2,900 patients.
    expect(
      computeRegionalPlan(
        suggestions,
        new Map([
          ['P', 2],
          ['Q', 1],
        ]),
      ),
    ).toEqual(new Set(['a2', 'b1', 'c1']));
  });

  it('returns an empty plan for no suggestions or no seats, and rejects a practice without a seat count', () => {
    expect(computeRegionalPlan([], new Map())).toEqual(new Set());
    expect(computeRegionalPlan([suggestion('x', 's', 'p', 100, 50)], new Map([['p', 0]]))).toEqual(new Set());
    expect(() => computeRegionalPlan([suggestion('x', 's', 'p', 100, 50)], new Map())).toThrow(RangeError);
  });

  it('matches the brute-force optimum over all subsets on many small random instances', () => {
    const rand = seededRandom(424242);
    for (let round = 0; round < 400; round++) {
      const { suggestions, seats } = randomInstance(rand, 4, 3, 7);
      const picked = chosen(suggestions, computeRegionalPlan(suggestions, seats));
      expect(isFeasible(picked, seats)).toBe(true);
      expect(planObjective(picked)).toEqual(bruteForceBest(suggestions, seats));
    }
  });

  it('matches an exhaustive search on larger instances where starters compete for few seats', () => {
    const rand = seededRandom(77);
    for (let round = 0; round < 300; round++) {
      const { suggestions, seats } = randomInstance(rand, 8, 4, 24);
      const picked = chosen(suggestions, computeRegionalPlan(suggestions, seats));
      expect(isFeasible(picked, seats)).toBe(true);
      expect(planObjective(picked)).toEqual(searchBest(suggestions, seats));
    }
  });

  it('gives the same plan for the same input', () => {
    const { suggestions, seats } = randomInstance(seededRandom(5), 8, 4, 24);
    expect(computeRegionalPlan(suggestions, seats)).toEqual(computeRegionalPlan(suggestions, seats));
  });
});

describe('RegionalPlan.update', () => {
  /** A new random suggestion list for one starter (possibly empty), over the instance's practices and more. */
  function newSuggestions(rand: () => number, starterId: string, round: number, practiceCount: number) {
    const n = Math.floor(rand() * 4);
    return Array.from({ length: n }, (_, i) => {
      const p = Math.floor(rand() * (practiceCount + 1));
      return suggestion(
        `u${round}-${i}`,
        starterId,
        `p${p}`,
        [0, 500, 1000, 1500, 2095][Math.floor(rand() * 5)],
        Math.round(rand() * 1000) / 10,
      );
    });
  }

  function withChanges(current: PlanSuggestion[], changes: Map<string, PlanSuggestion[]>): PlanSuggestion[] {
    return [...current.filter((s) => !changes.has(s.starterId)), ...[...changes.values()].flat()];
  }

  it('stays optimal through random sequences of changed, new and removed starters, and reports exactly what changed', () => {
    const rand = seededRandom(9001);
    for (let round = 0; round < 150; round++) {
      const { suggestions, seats } = randomInstance(rand, 6, 4, 14);
      const practiceCount = seats.size;
      // A practice that may appear only through an update.
      seats.set(`p${practiceCount}`, 1 + Math.floor(rand() * 2));
      let current = suggestions;
      const plan = RegionalPlan.solve(current, seats);
      for (let step = 0; step < 6; step++) {
        const changes = new Map<string, PlanSuggestion[]>();
        const k = 1 + Math.floor(rand() * 2);
        for (let c = 0; c < k; c++) {
          const starterId = `s${Math.floor(rand() * 7)}`;
          changes.set(starterId, newSuggestions(rand, starterId, round * 100 + step * 10 + c, practiceCount));
        }
        const before = plan.chosen();
        const change = plan.update(changes, seats);
        current = withChanges(current, changes);
        const after = plan.chosen();
        const picked = chosen(current, after);
        expect(isFeasible(picked, seats)).toBe(true);
        expect(picked.length).toBe(after.size);
        expect(planObjective(picked)).toEqual(searchBest(current, seats));
        expect(planObjective(picked)).toEqual(
          planObjective(chosen(current, computeRegionalPlan(current, seats))),
        );
        expect(new Set(change.added)).toEqual(new Set([...after].filter((id) => !before.has(id))));
        // A removed suggestion left the plan, or left with its starter's old list (its id may live on).
        for (const id of [...before].filter((id) => !after.has(id))) expect(change.removed).toContain(id);
        for (const id of change.removed) expect(after.has(id)).toBe(false);
      }
    }
  });

  it('adopts a stored plan exactly when it is optimal, and follows changes from it as from its own', () => {
    const rand = seededRandom(4711);
    let adopted = 0;
    let refused = 0;
    for (let round = 0; round < 200; round++) {
      const { suggestions, seats } = randomInstance(rand, 6, 4, 12);
      const best = searchBest(suggestions, seats);
      // A random feasible plan: sometimes optimal (often among ties), mostly not.
      const stored = new Set<string>();
      const used = new Map<string, number>();
      const starters = new Set<string>();
      for (const s of [...suggestions].sort(() => rand() - 0.5)) {
        if (starters.has(s.starterId) || rand() < 0.3) continue;
        if ((used.get(s.practiceId) ?? 0) >= (seats.get(s.practiceId) ?? 0)) continue;
        starters.add(s.starterId);
        used.set(s.practiceId, (used.get(s.practiceId) ?? 0) + 1);
        stored.add(s.id);
      }
      // Or the optimum of the same input in another order: an equally good plan.
      const other = rand() < 0.5 ? computeRegionalPlan([...suggestions].reverse(), seats) : stored;
      const plan = RegionalPlan.solve(suggestions, seats);
      const own = plan.chosen();
      const optimal = JSON.stringify(planObjective(chosen(suggestions, other))) === JSON.stringify(best);
      const took = plan.adoptIfOptimal(other);
      if (took) {
        adopted++;
        expect(optimal).toBe(true);
        expect(plan.chosen()).toEqual(other);
      } else {
        refused++;
        expect(plan.chosen()).toEqual(own);
      }
      // Refused only for a plan that is worse (an optimal one always fits the optimal potentials).
      if (optimal) expect(took).toBe(true);
      const changed = `s${Math.floor(rand() * 6)}`;
      const changes = new Map([[changed, newSuggestions(rand, changed, round, seats.size - 1)]]);
      plan.update(changes, seats);
      const current = withChanges(suggestions, changes);
      expect(planObjective(chosen(current, plan.chosen()))).toEqual(searchBest(current, seats));
    }
    expect(adopted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('stays optimal on a larger region through many changes (against a new solve each time)', () => {
    const rand = seededRandom(31337);
    const seats = new Map(Array.from({ length: 40 }, (_, p) => [`p${p}`, 1 + Math.floor(rand() * 2)]));
    const patientsOf = Array.from({ length: 41 }, () => [500, 1000, 1500, 2095][Math.floor(rand() * 4)]);
    const listFor = (starterId: string, tag: string): PlanSuggestion[] =>
      Array.from({ length: Math.floor(rand() * 6) }, (_, i) => {
        const p = Math.floor(rand() * 40);
        return suggestion(`${tag}-${i}`, starterId, `p${p}`, patientsOf[p], Math.round(rand() * 1000) / 10);
      });
    let current = Array.from({ length: 150 }, (_, s) => listFor(`s${s}`, `g${s}`)).flat();
    const plan = RegionalPlan.solve(current, seats);
    for (let step = 0; step < 200; step++) {
      const starterId = `s${Math.floor(rand() * 160)}`;
      const changes = new Map([[starterId, listFor(starterId, `u${step}`)]]);
      plan.update(changes, seats);
      current = withChanges(current, changes);
      const picked = chosen(current, plan.chosen());
      expect(isFeasible(picked, seats)).toBe(true);
      expect(planObjective(picked)).toEqual(
        planObjective(chosen(current, computeRegionalPlan(current, seats))),
      );
    }
  });

  it('places a waiting starter when the one holding the seat leaves, and moves chains of starters', () => {
    const seats = new Map([
      ['P', 1],
      ['Q', 1],
    ]);
    const plan = RegionalPlan.solve(
      [
        suggestion('a-p', 'A', 'P', 2000, 90),
        suggestion('b-p', 'B', 'P', 2000, 80),
        suggestion('b-q', 'B', 'Q', 1000, 80),
        suggestion('c-q', 'C', 'Q', 1000, 70),
      ],
      seats,
    );
    expect(plan.chosen()).toEqual(new Set(['a-p', 'b-q']));
    // A leaves: B moves up to P, and C takes B's seat at Q.
    const change = plan.update(new Map([['A', []]]), seats);
    expect(new Set(change.added)).toEqual(new Set(['b-p', 'c-q']));
    expect(new Set(change.removed)).toEqual(new Set(['a-p', 'b-q']));
    expect(plan.chosen()).toEqual(new Set(['b-p', 'c-q']));
    // A comes back better for Q only: it takes Q, C is out.
    plan.update(new Map([['A', [suggestion('a-q', 'A', 'Q', 1000, 99)]]]), seats);
    expect(plan.chosen()).toEqual(new Set(['b-p', 'a-q']));
  });

  it('asks for a new solve when a practice it knows changed its seats', () => {
    const plan = RegionalPlan.solve([suggestion('x', 's', 'p', 100, 50)], new Map([['p', 1]]));
    expect(() =>
      plan.update(new Map([['t', [suggestion('y', 't', 'p', 100, 60)]]]), new Map([['p', 2]])),
    ).toThrow(PlanRebuildNeeded);
  });
});

describe('RegionalPlan.provenBy', () => {
  /**
   * A random region as a full rescoring sees it: every passing pair (one per starter and practice, the
   * practice's patients) as the plan's graph, solved with its potentials (solveGraph), and the stored
   * suggestions: a random part of those pairs with or without the plan's, sometimes with pairs the graph
   * does not have (a coordinator's proposal), each stored under an id of its own.
   */
  function region(rand: () => number) {
    const starters = 1 + Math.floor(rand() * 7);
    const practices = 1 + Math.floor(rand() * 4);
    const practiceIds = Array.from({ length: practices }, (_, p) => `p${p}`);
    const seats = Array.from({ length: practices }, () => Math.floor(rand() * 3));
    const patients = Array.from(
      { length: practices },
      () => [0, 500, 1000, 1500, 2095][Math.floor(rand() * 5)],
    );
    const start = [0];
    const practice: number[] = [];
    const tenths: number[] = [];
    const starterIds: string[] = [];
    for (let s = 0; s < starters; s++) {
      for (let p = 0; p < practices; p++) {
        if (rand() < 0.45) continue;
        practice.push(p);
        tenths.push(Math.floor(rand() * 1001));
      }
      if (practice.length === start[start.length - 1]) continue; // a starter without pairs has no row
      starterIds.push(`s${s}`);
      start.push(practice.length);
    }
    const graph = {
      start: Int32Array.from(start),
      practice: Int32Array.from(practice),
      tenths: Int32Array.from(tenths),
      candidate: new Uint8Array(practice.length),
      seats,
      patients,
    };
    const solved = RegionalPlan.solveGraph(graph, practiceIds);
    const pairs: PlanSuggestion[] = [];
    const inPlan = new Set<string>();
    starterIds.forEach((starterId, r) => {
      for (let k = graph.start[r]; k < graph.start[r + 1]; k++) {
        const p = graph.practice[k];
        const id = `m-${starterId}-${p}`;
        pairs.push(suggestion(id, starterId, practiceIds[p], patients[p], graph.tenths[k] / 10));
        if (solved.solved.placed[r] === k) inPlan.add(id);
      }
    });
    return {
      graph,
      solved,
      starterIds,
      practiceIds,
      pairs,
      inPlan,
      seatMap: new Map(practiceIds.map((id, p) => [id, seats[p]])),
    };
  }

  it('proves the stored plan optimal without a solve whenever the stored pairs hold the plan over every pair, and never a plan that is not optimal', () => {
    const rand = seededRandom(2027);
    let proven = 0;
    let refused = 0;
    let flaggedKept = 0;
    for (let round = 0; round < 400; round++) {
      const { solved, starterIds, practiceIds, pairs, inPlan, seatMap } = region(rand);
      const holdsPlan = rand() < 0.8;
      const stored = pairs.filter((s) => (holdsPlan && inPlan.has(s.id)) || rand() < 0.6);
      const foreign = rand() < 0.25;
      if (foreign) {
        // A proposal the graph does not have: a pair with another score, or a starter it does not know.
        const p = practiceIds[Math.floor(rand() * practiceIds.length)];
        const who = rand() < 0.5 ? `s${Math.floor(rand() * 7)}` : 'newcomer';
        if (!stored.some((s) => s.starterId === who && s.practiceId === p))
          stored.push(
            suggestion(
              `c-${round}`,
              who,
              p,
              [0, 500, 2095][Math.floor(rand() * 3)],
              Math.round(rand() * 1000) / 10,
            ),
          );
      }
      // The flags in the table: the plan itself, nothing, or a random feasible plan of the stored pairs.
      const flagged = new Set<string>();
      const pick = rand();
      if (pick < 0.4) {
        for (const s of stored) if (inPlan.has(s.id)) flagged.add(s.id);
      } else if (pick < 0.7) {
        const used = new Map<string, number>();
        const placed = new Set<string>();
        for (const s of stored) {
          if (
            placed.has(s.starterId) ||
            rand() < 0.4 ||
            (used.get(s.practiceId) ?? 0) >= (seatMap.get(s.practiceId) ?? 0)
          )
            continue;
          placed.add(s.starterId);
          used.set(s.practiceId, (used.get(s.practiceId) ?? 0) + 1);
          flagged.add(s.id);
        }
      }
      const best = searchBest(stored, seatMap);
      const plan = RegionalPlan.provenBy(stored, seatMap, { solved, starterIds, practiceIds }, flagged);
      if (!plan) {
        refused++;
        // Only a table without the plan's pairs, or with a pair the graph does not have, can be refused.
        expect(holdsPlan && !foreign).toBe(false);
        continue;
      }
      proven++;
      const picked = chosen(stored, plan.chosen());
      expect(isFeasible(picked, seatMap)).toBe(true);
      expect(planObjective(picked)).toEqual(best);
      // An optimal stored plan is kept as it is (nothing to write).
      if (
        JSON.stringify(planObjective(chosen(stored, flagged))) === JSON.stringify(best) &&
        flagged.size > 0
      ) {
        expect(plan.chosen()).toEqual(flagged);
        flaggedKept++;
      }
      // And it follows a change as a solved plan does.
      const changed = starterIds[Math.floor(rand() * starterIds.length)];
      const fresh = suggestion(`u-${round}`, changed, practiceIds[0], 1000, Math.round(rand() * 1000) / 10);
      const changes = new Map([[changed, rand() < 0.5 ? [fresh] : []]]);
      plan.update(changes, seatMap);
      const current = [...stored.filter((s) => s.starterId !== changed), ...(changes.get(changed) ?? [])];
      expect(planObjective(chosen(current, plan.chosen()))).toEqual(searchBest(current, seatMap));
    }
    expect(proven).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(10);
    expect(flaggedKept).toBeGreaterThan(50);
  });
});
