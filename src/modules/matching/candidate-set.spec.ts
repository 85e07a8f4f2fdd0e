/**
 * The candidate set (DESIGN.md "Matching"): each starter's best N, each practice's best M per seat, and
 * every pair of the regional plan over all passing pairs. Checked against plain brute force: the plan over
 * the candidate graph must be as good as the best assignment over every passing pair, and no practice that
 * some starter passes may be left without a candidate.
 */
import {
  CRITERIA,
  DEFAULT_WEIGHTS,
  haversineKm,
  checkHardConstraints,
  patientsPerSuccessor,
  planOverAllPairs,
  RegionalPlan,
  scorePair,
  solveAllPairs,
  successorSeats,
  type PlanSuggestion,
  type ScoringPractice,
  type ScoringStarter,
} from './scoring';
import {
  makePractice,
  makeStarter,
  randomPractice,
  randomStarter,
  seededRandom,
} from './scoring/scoring.fixtures';
import { solveFromSeats } from './scoring/exact-plan';
import { SuggestionEngine } from './suggestion-engine';
import { MIN_SUGGESTION_SCORE, type CandidateLimits } from './suggestion-selection';

interface Pair {
  starter: number;
  practice: number;
  tenths: number;
}

/** Best (patients, score tenths) over every assignment of these pairs: starter by starter, a pair or none. */
function bruteForce(
  pairs: Pair[],
  starters: number,
  seats: ArrayLike<number>,
  patients: ArrayLike<number>,
): { patients: number; scoreTenths: number } {
  const byStarter = Array.from({ length: starters }, (_, s) => pairs.filter((p) => p.starter === s));
  const used = new Map<number, number>();
  let best = { patients: 0, scoreTenths: 0 };
  const go = (s: number, pat: number, tenths: number): void => {
    if (s === starters) {
      if (pat > best.patients || (pat === best.patients && tenths > best.scoreTenths))
        best = { patients: pat, scoreTenths: tenths };
      return;
    }
    go(s + 1, pat, tenths);
    for (const p of byStarter[s]) {
      const n = used.get(p.practice) ?? 0;
      if (n >= seats[p.practice]) continue;
      used.set(p.practice, n + 1);
      go(s + 1, pat + Math.round(patients[p.practice]), tenths + p.tenths);
      used.set(p.practice, n);
    }
  };
  go(0, 0, 0);
  return best;
}

/** Every passing pair at or above the threshold, by brute force over scorePair. */
function passingPairs(starters: ScoringStarter[], practices: ScoringPractice[]): Pair[] {
  const out: Pair[] = [];
  starters.forEach((s, si) =>
    practices.forEach((p, pi) => {
      const d = haversineKm(s.homeLat, s.homeLon, p.lat, p.lon);
      if (checkHardConstraints(s, p, d).length > 0) return;
      const tenths = Math.round(scorePair(s, p, d, DEFAULT_WEIGHTS).score * 10);
      if (tenths >= MIN_SUGGESTION_SCORE * 10) out.push({ starter: si, practice: pi, tenths });
    }),
  );
  return out;
}

/** The engine's candidates (a full rescoring: prepare with the plan), as pairs. */
function candidates(
  starters: ScoringStarter[],
  practices: ScoringPractice[],
  limits: CandidateLimits,
): { engine: SuggestionEngine; pairs: Pair[] } {
  const engine = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, [], [], limits);
  engine.prepare({ plan: true });
  const index = new Map(starters.map((s, i) => [s.id, i]));
  const pairs = engine.pairs(0, engine.starterCount).map((e) => ({
    starter: index.get(e.starter.id) as number,
    practice: e.practiceIndex,
    tenths: e.scoreTenths,
  }));
  return { engine, pairs };
}

/** The plan RegionalPlan.solve (what the worker runs over the stored suggestions) finds over these pairs. */
function planOver(pairs: Pair[], practices: ScoringPractice[]): { patients: number; scoreTenths: number } {
  const suggestions: PlanSuggestion[] = pairs.map((p, k) => ({
    id: `m${k}`,
    starterId: `s${p.starter}`,
    practiceId: practices[p.practice].id,
    score: p.tenths / 10,
    patients: patientsPerSuccessor(practices[p.practice]),
  }));
  const seats = new Map(practices.map((p) => [p.id, successorSeats(p)]));
  const chosen = RegionalPlan.solve(suggestions, seats).chosen();
  const picked = suggestions.filter((s) => chosen.has(s.id));
  return {
    patients: picked.reduce((n, s) => n + Math.round(s.patients), 0),
    scoreTenths: picked.reduce((n, s) => n + Math.round(s.score * 10), 0),
  };
}

const seatsOf = (practices: ScoringPractice[]): number[] => practices.map((p) => successorSeats(p));
const patientsOf = (practices: ScoringPractice[]): number[] =>
  practices.map((p) => Math.round(patientsPerSuccessor(p)));

describe('planOverAllPairs', () => {
  it('equals brute force over every pair, whatever subset starts as the candidates', () => {
    const rand = seededRandom(5);
    for (let round = 0; round < 300; round++) {
      const starters = 1 + Math.floor(rand() * 6);
      const practices = 1 + Math.floor(rand() * 5);
      const seats = Array.from({ length: practices }, () => Math.floor(rand() * 3));
      const patients = Array.from(
        { length: practices },
        () => [800, 1000, 2095, 2100][Math.floor(rand() * 4)],
      );
      const pairs: Pair[] = [];
      for (let s = 0; s < starters; s++)
        for (let p = 0; p < practices; p++)
          if (rand() < 0.6) pairs.push({ starter: s, practice: p, tenths: 400 + Math.floor(rand() * 601) });
      const start = new Int32Array(starters + 1);
      for (const p of pairs) start[p.starter + 1]++;
      for (let s = 0; s < starters; s++) start[s + 1] += start[s];
      // Candidates: one pair per starter at most (its first), often none: pricing must bring in the rest.
      const candidate = Uint8Array.from(pairs, (p, k) => (k === start[p.starter] && rand() < 0.7 ? 1 : 0));
      const plan = planOverAllPairs({
        start,
        practice: Int32Array.from(pairs, (p) => p.practice),
        tenths: Int32Array.from(pairs, (p) => p.tenths),
        candidate,
        seats,
        patients,
      });
      const best = bruteForce(pairs, starters, seats, patients);
      expect({ patients: plan.patients, scoreTenths: plan.scoreTenths }).toEqual(best);
      // Bringing in only each starter's most negative pair per round reaches the same optimum.
      const one = planOverAllPairs({
        start,
        practice: Int32Array.from(pairs, (p) => p.practice),
        tenths: Int32Array.from(pairs, (p) => p.tenths),
        candidate,
        seats,
        patients,
        perRound: 1,
      });
      expect({ patients: one.patients, scoreTenths: one.scoreTenths }).toEqual(best);
      // The placement is feasible and adds up to what it reports.
      const used = new Map<number, number>();
      for (let s = 0; s < starters; s++) {
        const k = plan.placed[s];
        if (k < 0) continue;
        expect(pairs[k].starter).toBe(s);
        used.set(pairs[k].practice, (used.get(pairs[k].practice) ?? 0) + 1);
      }
      for (const [p, n] of used) expect(n).toBeLessThanOrEqual(seats[p]);
    }
  });
});

/** A random region of pairs by starter (compressed rows), the shape both exact solvers take. */
function randomGraph(
  rand: () => number,
  starters: number,
  practices: number,
  density: number,
  fitLevels: number,
): { pairs: Pair[]; start: Int32Array; seats: number[]; patients: number[] } {
  const seats = Array.from({ length: practices }, () => Math.floor(rand() * 3));
  const patients = Array.from(
    { length: practices },
    () => [0, 800, 1000, 2095, 2100][Math.floor(rand() * 5)],
  );
  const pairs: Pair[] = [];
  for (let s = 0; s < starters; s++)
    for (let p = 0; p < practices; p++)
      if (rand() < density)
        pairs.push({
          starter: s,
          practice: p,
          tenths: 400 + Math.floor(rand() * fitLevels) * Math.floor(600 / Math.max(1, fitLevels - 1)),
        });
  const start = new Int32Array(starters + 1);
  for (const p of pairs) start[p.starter + 1]++;
  for (let s = 0; s < starters; s++) start[s + 1] += start[s];
  return { pairs, start, seats, patients };
}

/** randomGraph's pairs as the solvers' graph, every pair a candidate; `patients` per practice may differ. */
function candidateGraph(r: ReturnType<typeof randomGraph>, patients: number[] = r.patients) {
  return {
    start: r.start,
    practice: Int32Array.from(r.pairs, (p) => p.practice),
    tenths: Int32Array.from(r.pairs, (p) => p.tenths),
    candidate: new Uint8Array(r.pairs.length).fill(1),
    seats: r.seats,
    patients,
  };
}

/** The plan solveAllPairs returns is feasible (each starter once, seats respected) and adds up. */
function expectFeasible(
  plan: { placed: Int32Array; patients: number; scoreTenths: number },
  pairs: Pair[],
  seats: number[],
  patients: number[],
): void {
  const used = new Map<number, number>();
  let pat = 0;
  let tenths = 0;
  plan.placed.forEach((k, s) => {
    if (k < 0) return;
    expect(pairs[k].starter).toBe(s);
    used.set(pairs[k].practice, (used.get(pairs[k].practice) ?? 0) + 1);
    pat += patients[pairs[k].practice];
    tenths += pairs[k].tenths;
  });
  for (const [p, n] of used) expect(n).toBeLessThanOrEqual(seats[p]);
  expect({ patients: plan.patients, scoreTenths: plan.scoreTenths }).toEqual({
    patients: pat,
    scoreTenths: tenths,
  });
}

describe('solveAllPairs (the exact plan over every passing pair, pushed from the seats)', () => {
  it('equals brute force over every assignment on small random instances, ties and empty seats included', () => {
    const rand = seededRandom(71);
    for (let round = 0; round < 600; round++) {
      const { pairs, start, seats, patients } = randomGraph(
        rand,
        1 + Math.floor(rand() * 7),
        1 + Math.floor(rand() * 5),
        0.3 + rand() * 0.7,
        // Few fit levels make many equally good plans (ties), many make them distinct.
        [2, 3, 601][Math.floor(rand() * 3)],
      );
      const g = {
        start,
        practice: Int32Array.from(pairs, (p) => p.practice),
        tenths: Int32Array.from(pairs, (p) => p.tenths),
        candidate: new Uint8Array(pairs.length),
        seats,
        patients,
      };
      const best = bruteForce(pairs, start.length - 1, seats, patients);
      // The default blocks, and blocks of one to three arcs, so that these small runs have many.
      for (const plan of [solveAllPairs(g), ...[1, 2, 3].map((b) => solveFromSeats(g, undefined, b))]) {
        expect({ patients: plan.patients, scoreTenths: plan.scoreTenths }).toEqual(best);
        expectFeasible(plan, pairs, seats, patients);
      }
    }
  });

  it('equals the starter-side min-cost flow (planOverAllPairs over every pair) on larger random regions', () => {
    const rand = seededRandom(72);
    for (let round = 0; round < 80; round++) {
      const region = randomGraph(
        rand,
        20 + Math.floor(rand() * 80),
        5 + Math.floor(rand() * 40),
        0.05 + rand() * 0.5,
        [2, 5, 601][Math.floor(rand() * 3)],
      );
      const { pairs, seats, patients } = region;
      const g = candidateGraph(region);
      const reference = planOverAllPairs(g);
      for (const plan of [solveAllPairs(g), ...[1, 4].map((b) => solveFromSeats(g, undefined, b))]) {
        expect({ patients: plan.patients, scoreTenths: plan.scoreTenths }).toEqual({
          patients: reference.patients,
          scoreTenths: reference.scoreTenths,
        });
        expectFeasible(plan, pairs, seats, patients);
      }
    }
  });

  it('gives the same potentials whatever the blocks, and equals the starter-side flow where most are placed', () => {
    // A region as the bench's: many more starters than seats, the same patients at many practices and
    // long runs, so that placed starters' potentials fall far below 0 and whole blocks are skipped.
    const rand = seededRandom(73);
    for (let round = 0; round < 30; round++) {
      const starters = 150 + Math.floor(rand() * 150);
      const practices = 20 + Math.floor(rand() * 30);
      const region = randomGraph(rand, starters, practices, 0.3 + rand() * 0.5, 601);
      const { pairs, seats } = region;
      const g = candidateGraph(
        region,
        region.patients.map((x) => (rand() < 0.7 ? 1000 : x)),
      );
      const reference = planOverAllPairs(g);
      const plans = [1, 2, 16, 1_000_000].map((b) => solveFromSeats(g, undefined, b));
      for (const plan of plans) {
        expect({ patients: plan.patients, scoreTenths: plan.scoreTenths }).toEqual({
          patients: reference.patients,
          scoreTenths: reference.scoreTenths,
        });
        expectFeasible(plan, pairs, seats, g.patients);
        // The blocks skip only what the search would not have offered: the same searches, the same duals.
        expect(Array.from(plan.starterPot)).toEqual(Array.from(plans[3].starterPot));
        expect(Array.from(plan.practicePot)).toEqual(Array.from(plans[3].practicePot));
      }
    }
  });

  it('takes practice ids as any indexes into seats and patients, and an empty region', () => {
    const seats = [0, 0, 0, 1, 0, 2];
    const patients = [0, 0, 0, 1000, 0, 2000];
    const g = {
      start: Int32Array.from([0, 2, 3, 3]),
      practice: Int32Array.from([5, 3, 5]),
      tenths: Int32Array.from([500, 900, 400]),
      candidate: new Uint8Array(3),
      seats,
      patients,
    };
    const plan = solveAllPairs(g);
    // Both seats of practice 5 (2,000 patients each) before practice 3's better fit.
    expect(Array.from(plan.placed)).toEqual([0, 2, -1]);
    expect(plan.patients).toBe(4000);
    const empty = solveAllPairs({
      ...g,
      start: Int32Array.from([0]),
      practice: new Int32Array(0),
      tenths: new Int32Array(0),
      candidate: new Uint8Array(0),
    });
    expect(empty.patients).toBe(0);
    expect(Array.from(empty.placed)).toEqual([]);
  });
});

describe('the candidate set', () => {
  const limits: CandidateLimits = { starterBest: 10, practiceBestPerSeat: 3 };

  /** Fourteen starters with the same wishes, fourteen practices nearby that each seek one successor. */
  function crowding(): { starters: ScoringStarter[]; practices: ScoringPractice[] } {
    const starters = Array.from({ length: 14 }, (_, i) =>
      makeStarter({ id: `s${String(i).padStart(2, '0')}` }),
    );
    // Slightly different practices: everyone ranks them in the same order, the last four last.
    const practices = Array.from({ length: 14 }, (_, i) =>
      makePractice({
        id: `p${String(i).padStart(2, '0')}`,
        lat: 52.0907 + i * 0.01,
        daysPerWeekNeeded: 4,
        listSize: 2095,
      }),
    );
    return { starters, practices };
  }

  it('crowding: every practice gets candidates and the plan places all fourteen starters', () => {
    const { starters, practices } = crowding();
    const all = passingPairs(starters, practices);
    expect(all).toHaveLength(14 * 14);
    // Everyone's best ten are the same ten practices: the old rule left four practices with nothing.
    const { engine, pairs } = candidates(starters, practices, limits);
    const firstTen = new Set(pairs.filter((p) => p.starter === 5).map((p) => p.practice));
    expect(firstTen.size).toBe(10);
    for (let pi = 0; pi < practices.length; pi++) {
      expect(pairs.filter((p) => p.practice === pi).length).toBeGreaterThanOrEqual(3);
    }
    const plan = planOver(pairs, practices);
    expect(plan.patients).toBe(14 * 2095);
    // The same as the plan over every passing pair (too many for the plain search at 14 x 14).
    expect(plan).toEqual(planOver(all, practices));
    expect(engine.planStats.get('utrecht')?.patients).toBe(14 * 2095);
  });

  it('crowding with M = 1 still gives every practice a candidate and the plan all fourteen', () => {
    const { starters, practices } = crowding();
    const { pairs } = candidates(starters, practices, { starterBest: 10, practiceBestPerSeat: 1 });
    for (let pi = 0; pi < practices.length; pi++) expect(pairs.some((p) => p.practice === pi)).toBe(true);
    expect(planOver(pairs, practices).patients).toBe(14 * 2095);
  });

  it('on random instances: every practice with a passing starter has a candidate, and the plan over the candidates equals brute force over every pair', () => {
    const rand = seededRandom(23);
    let checked = 0;
    for (let round = 0; round < 60; round++) {
      const starters = Array.from({ length: 3 + Math.floor(rand() * 5) }, (_, i) => ({
        ...randomStarter(rand, `s${i}`),
        homeLat: 52 + rand() * 0.3,
        homeLon: 5 + rand() * 0.3,
        maxTravelKm: 20 + Math.floor(rand() * 40),
        active: true,
      }));
      const practices = Array.from({ length: 2 + Math.floor(rand() * 4) }, (_, i) => ({
        ...randomPractice(rand, `p${i}`),
        lat: 52 + rand() * 0.3,
        lon: 5 + rand() * 0.3,
        regionId: 'r1',
        published: true,
      }));
      const all = passingPairs(starters, practices);
      if (all.length === 0) continue;
      checked++;
      const small: CandidateLimits = { starterBest: 1 + Math.floor(rand() * 2), practiceBestPerSeat: 1 };
      const { pairs } = candidates(starters, practices, small);
      for (const p of all) expect(pairs.some((c) => c.practice === p.practice)).toBe(true);
      // Every candidate is a passing pair with its score.
      for (const c of pairs) expect(all).toContainEqual(c);
      expect(planOver(pairs, practices)).toEqual(
        bruteForce(all, starters.length, seatsOf(practices), patientsOf(practices)),
      );
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('has no pair twice and gives each the points of its score', () => {
    const { starters, practices } = crowding();
    const engine = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, [], [], limits);
    engine.prepare({ plan: true });
    const out = engine.pairs(0, engine.starterCount);
    const keys = out.map((e) => `${e.starter.id}/${e.practiceIndex}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of out) {
      expect(e.pointsTenths).toHaveLength(CRITERIA.length);
      expect(e.pointsTenths.reduce((a, b) => a + b, 0)).toBe(e.scoreTenths);
    }
  });
});

describe('RegionalPlan.fromGraph over every passing pair, following changes (the incremental path)', () => {
  /** The plan's objective, read back from its pair-named suggestions. */
  function objectiveOf(
    chosen: ReadonlySet<string>,
    pairs: Pair[],
    patients: ArrayLike<number>,
  ): { patients: number; scoreTenths: number } {
    const byName = new Map(pairs.map((p) => [`s${p.starter}/p${p.practice}`, p]));
    let pat = 0;
    let tenths = 0;
    const starters = new Set<number>();
    for (const id of chosen) {
      const p = byName.get(id);
      if (!p) throw new Error(`plan names ${id}, not a pair of the graph`);
      expect(starters.has(p.starter)).toBe(false);
      starters.add(p.starter);
      pat += Math.round(patients[p.practice]);
      tenths += p.tenths;
    }
    return { patients: pat, scoreTenths: tenths };
  }

  function graphOf(pairs: Pair[], starters: number, seats: number[], patients: number[]) {
    const sorted = [...pairs].sort((a, b) => a.starter - b.starter);
    const start = new Int32Array(starters + 1);
    for (const p of sorted) start[p.starter + 1]++;
    for (let s = 0; s < starters; s++) start[s + 1] += start[s];
    return {
      start,
      practice: Int32Array.from(sorted, (p) => p.practice),
      tenths: Int32Array.from(sorted, (p) => p.tenths),
      candidate: new Uint8Array(sorted.length),
      seats,
      patients,
    };
  }

  /** Random changes of one starter at a time (new scores, pairs gone or new, a new starter, one taken out). */
  function run(
    rand: () => number,
    rounds: number,
    size: () => [number, number],
    check: (
      pairs: Pair[],
      starters: number,
      seats: number[],
      patients: number[],
    ) => { patients: number; scoreTenths: number },
  ): void {
    for (let round = 0; round < rounds; round++) {
      const [nStarters, nPractices] = size();
      const density = 0.3 + rand() * 0.7;
      const levels = [2, 3, 601][Math.floor(rand() * 3)];
      const { pairs: initial, seats, patients } = randomGraph(rand, nStarters, nPractices, density, levels);
      let pairs = initial;
      let starters = nStarters;
      const ids = (n: number): string[] => Array.from({ length: n }, (_, s) => `s${s}`);
      const practiceIds = Array.from({ length: nPractices }, (_, p) => `p${p}`);
      const plan = RegionalPlan.fromGraph(
        graphOf(pairs, starters, seats, patients),
        ids(starters),
        practiceIds,
      );
      expect(objectiveOf(plan.chosen(), pairs, patients)).toEqual(check(pairs, starters, seats, patients));
      const seatMap = new Map(practiceIds.map((id, p) => [id, seats[p]]));
      for (let step = 0; step < 6; step++) {
        // A starter changes (or a new one arrives): its pairs drawn again, sometimes none (it left).
        const s = rand() < 0.15 ? starters++ : Math.floor(rand() * starters);
        const fresh: Pair[] = [];
        if (rand() > 0.15)
          for (let p = 0; p < nPractices; p++)
            if (rand() < density)
              fresh.push({
                starter: s,
                practice: p,
                tenths: 400 + Math.floor(rand() * levels) * Math.floor(600 / Math.max(1, levels - 1)),
              });
        pairs = [...pairs.filter((x) => x.starter !== s), ...fresh];
        plan.update(
          new Map([
            [
              `s${s}`,
              fresh.map((x) => ({
                id: `s${s}/p${x.practice}`,
                starterId: `s${s}`,
                practiceId: `p${x.practice}`,
                score: x.tenths / 10,
                patients: patients[x.practice],
              })),
            ],
          ]),
          seatMap,
        );
        expect(objectiveOf(plan.chosen(), pairs, patients)).toEqual(check(pairs, starters, seats, patients));
      }
    }
  }

  it('equals brute force over every assignment after each change, on small random regions', () => {
    const rand = seededRandom(81);
    run(
      rand,
      300,
      () => [1 + Math.floor(rand() * 6), 1 + Math.floor(rand() * 5)],
      (pairs, starters, seats, patients) => bruteForce(pairs, starters, seats, patients),
    );
  });

  it('equals a fresh solve over every pair (solveAllPairs) after each change, on larger random regions', () => {
    const rand = seededRandom(82);
    run(
      rand,
      40,
      () => [20 + Math.floor(rand() * 80), 5 + Math.floor(rand() * 30)],
      (pairs, starters, seats, patients) => {
        const fresh = solveAllPairs(graphOf(pairs, starters, seats, patients));
        return { patients: fresh.patients, scoreTenths: fresh.scoreTenths };
      },
    );
  });
});
