/**
 * Benchmark of the matching core on synthetic but realistic data: starters' homes and practices spread
 * over the Netherlands, clustered around its cities, scored with scoreAll next to a bare typed-array
 * kernel that evaluates the same hard constraints and distance over the same pruned candidates. The
 * target is scoreAll within 2x of the kernel. Run on its own: compile, then `node <out>/bench/matching-score.bench.js`.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_WEIGHTS,
  SUCCESSOR_ROLES,
  boundingBox,
  compilePractices,
  compileStarters,
  computeRegionalPlan,
  inBox,
  lowerBound,
  patientsPerSuccessor,
  scoreAll,
  successorSeats,
  type CompiledPractices,
  type CompiledStarters,
  type PlanSuggestion,
  type PracticeForm,
  type ScoreAllStats,
  type ScoredPair,
  type ScoringPractice,
  type ScoringStarter,
  type SuccessorRole,
} from '../src/modules/matching/scoring';
import { seededRandom } from '../src/modules/matching/scoring/scoring.fixtures';

type Row = Record<string, string | number>;

/** Cities with their province (region) and a relative share of GPs, roughly by population. */
const CITIES: ReadonlyArray<{ name: string; lat: number; lon: number; region: string; weight: number }> = [
  { name: 'Amsterdam', lat: 52.3676, lon: 4.9041, region: 'noord-holland', weight: 9 },
  { name: 'Rotterdam', lat: 51.9244, lon: 4.4777, region: 'zuid-holland', weight: 7 },
  { name: 'Den Haag', lat: 52.0705, lon: 4.3007, region: 'zuid-holland', weight: 6 },
  { name: 'Utrecht', lat: 52.0907, lon: 5.1214, region: 'utrecht', weight: 5 },
  { name: 'Eindhoven', lat: 51.4416, lon: 5.4697, region: 'noord-brabant', weight: 4 },
  { name: 'Groningen', lat: 53.2194, lon: 6.5665, region: 'groningen', weight: 3 },
  { name: 'Tilburg', lat: 51.5555, lon: 5.0913, region: 'noord-brabant', weight: 3 },
  { name: 'Almere', lat: 52.3508, lon: 5.2647, region: 'flevoland', weight: 2 },
  { name: 'Nijmegen', lat: 51.8126, lon: 5.8372, region: 'gelderland', weight: 3 },
  { name: 'Enschede', lat: 52.2215, lon: 6.8937, region: 'overijssel', weight: 2 },
  { name: 'Zwolle', lat: 52.5168, lon: 6.083, region: 'overijssel', weight: 2 },
  { name: 'Maastricht', lat: 50.8514, lon: 5.691, region: 'limburg', weight: 2 },
  { name: 'Leeuwarden', lat: 53.2012, lon: 5.7999, region: 'friesland', weight: 2 },
  { name: 'Assen', lat: 52.9925, lon: 6.5649, region: 'drenthe', weight: 1 },
  { name: 'Middelburg', lat: 51.4988, lon: 3.6109, region: 'zeeland', weight: 1 },
];
const REGIONS = [...new Set(CITIES.map((c) => c.region))];
const KRIMP_REGIONS = new Set(['groningen', 'zeeland', 'limburg', 'drenthe', 'friesland']);
const KM_PER_DEGREE_LAT = 111.2;

class Generator {
  private readonly rand: () => number;
  private readonly totalWeight = CITIES.reduce((sum, c) => sum + c.weight, 0);

  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }

  uniform(min: number, max: number): number {
    return min + this.rand() * (max - min);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }

  gaussian(): number {
    // Box-Muller; 1 - u keeps the logarithm finite.
    return Math.sqrt(-2 * Math.log(1 - this.rand())) * Math.cos(2 * Math.PI * this.rand());
  }

  /** A point near a city (by weight, spread ~12 km) or, one time in five, anywhere in the country's box. */
  place(): { lat: number; lon: number; region: string; urban: boolean } {
    if (this.chance(0.2)) {
      const lat = this.uniform(50.75, 53.5);
      const lon = this.uniform(3.4, 7.2);
      return { lat, lon, region: this.nearestCity(lat, lon).region, urban: false };
    }
    let r = this.rand() * this.totalWeight;
    const city = CITIES.find((c) => (r -= c.weight) < 0) ?? CITIES[0];
    const spreadKm = 12;
    const lat = Math.min(53.5, Math.max(50.75, city.lat + (this.gaussian() * spreadKm) / KM_PER_DEGREE_LAT));
    const lon = Math.min(
      7.2,
      Math.max(3.4, city.lon + (this.gaussian() * spreadKm) / (KM_PER_DEGREE_LAT * 0.62)),
    );
    return { lat, lon, region: city.region, urban: this.chance(0.75) };
  }

  nearestCity(lat: number, lon: number): (typeof CITIES)[number] {
    let best = CITIES[0];
    let bestD = Infinity;
    for (const c of CITIES) {
      const d = (c.lat - lat) ** 2 + ((c.lon - lon) * 0.62) ** 2;
      if (d < bestD) [best, bestD] = [c, d];
    }
    return best;
  }

  /** A month counted from January 2025 (0), as an ISO date on a random day 1..28. */
  date(month: number): string {
    const year = 2025 + Math.floor(month / 12);
    const mm = String((month % 12) + 1).padStart(2, '0');
    return `${year}-${mm}-${String(1 + Math.floor(this.rand() * 28)).padStart(2, '0')}`;
  }

  month(from: number, count: number): number {
    return from + Math.floor(this.rand() * count);
  }

  some<T>(items: readonly T[], p: number, fallback: T): T[] {
    const chosen = items.filter(() => this.chance(p));
    return chosen.length > 0 ? chosen : [fallback];
  }

  starter(i: number): ScoringStarter {
    const home = this.place();
    const daysMin = this.pick([2, 2.5, 3, 3, 3, 3.5, 4, 4]);
    const forms: PracticeForm[] = this.some(['duo', 'group', 'health_centre'], 0.7, 'duo');
    if (this.chance(0.25)) forms.unshift('solo');
    return {
      id: `starter-${i}`,
      homeLat: home.lat,
      homeLon: home.lon,
      homeRegionId: home.region,
      maxTravelKm: this.pick([10, 15, 20, 25, 25, 30, 30, 40, 50]),
      preferredRegionIds: this.chance(0.6)
        ? []
        : this.chance(0.7)
          ? [home.region]
          : [home.region, this.pick(REGIONS)],
      daysPerWeekMin: daysMin,
      daysPerWeekMax: Math.min(5, daysMin + this.pick([0, 0.5, 1, 1])),
      practiceForms: forms,
      roles: this.some<SuccessorRole>(SUCCESSOR_ROLES, 0.5, 'employed_then_holder'),
      availableFrom: this.date(this.month(8, 28)),
      transitionMonthsWanted: this.pick([0, 3, 3, 6, 6, 12]),
      setting: this.pick(['any', 'any', 'urban', 'rural'] as const),
      dispensingOk: this.chance(0.3),
      anwHoursPerMonthMax: this.chance(0.4) ? null : this.pick([4, 8, 12, 16, 20]),
      wantsTrainingPractice: this.chance(0.3),
      trainingRegionId: this.chance(0.7) ? home.region : this.pick(REGIONS),
      lookingForDuoPartner: this.chance(0.4),
      partnerNeedsWork: this.chance(0.5),
      active: this.chance(0.92),
      careerStage: this.pick(['aios', 'aios', 'hidha', 'waarnemer', 'gp'] as const),
    };
  }

  practice(i: number): ScoringPractice {
    const at = this.place();
    const form = this.pick<PracticeForm>([
      'solo',
      'solo',
      'solo',
      'duo',
      'duo',
      'duo',
      'group',
      'group',
      'health_centre',
    ]);
    const gpCount = form === 'solo' ? 1 : form === 'duo' ? 2 : 3 + Math.floor(this.rand() * 4);
    const listSize = Math.max(600, Math.round(gpCount * (2095 + this.gaussian() * 350)));
    // Handover windows open from mid-2025 to the end of 2029 and stay open 3 to 18 months.
    const opens = this.month(5, 54);
    const rural = !at.urban;
    return {
      id: `practice-${i}`,
      lat: at.lat,
      lon: at.lon,
      regionId: at.region,
      krimp: rural && KRIMP_REGIONS.has(at.region) && this.chance(0.5),
      listSize,
      practiceForm: form,
      gpCount,
      daysPerWeekNeeded: form === 'solo' ? this.pick([4, 4.5, 5]) : this.pick([3, 4, 4.5, 5, 8, 9]),
      setting: rural ? 'rural' : 'urban',
      successorRoles: this.some<SuccessorRole>(SUCCESSOR_ROLES, 0.4, 'holder'),
      handoverFrom: this.date(opens),
      handoverTo: this.date(this.month(opens + 3, 16)),
      transitionMonthsOffered: this.pick([0, 3, 6, 6, 12]),
      dispensing: rural && this.chance(0.25),
      isTrainingPractice: this.chance(0.3),
      anwHoursPerMonth: this.pick([4, 6, 8, 10, 12, 16]),
      staff: {
        pohSomaticFte: Math.round(gpCount * this.uniform(0.3, 0.8) * 10) / 10,
        pohMentalHealthFte: Math.round(gpCount * this.uniform(0.1, 0.5) * 10) / 10,
        assistantsFte: Math.round(gpCount * this.uniform(1, 2) * 10) / 10,
        paOrNpFte: this.chance(0.25) ? Math.round(this.uniform(0.4, 1) * 10) / 10 : 0,
      },
      published: this.chance(0.9),
      hasIntroductionUnderway: this.chance(0.2),
    };
  }
}

interface KernelResult {
  considered: number;
  passed: number;
  distanceSum: number;
}

/**
 * The baseline: the same candidates (bounding box on latitude-sorted practices plus preferred-region
 * practices outside the box) and the same hard constraints with an inlined haversine, on the compiled
 * typed arrays, counting passes and summing distances so nothing is optimised away. No scoring.
 */
function bareKernel(s: CompiledStarters, p: CompiledPractices): KernelResult {
  const regionMap = Int32Array.from(s.regionIds, (id) => p.regionIndex.get(id) ?? -1);
  const preferred = s.preferred.map((r) => (r < 0 ? -1 : regionMap[r]));
  const R2 = 2 * 6371.0088;
  const pLat = p.latRad;
  const pLon = p.lonRad;
  const pCos = p.cosLat;
  const lats = p.latDeg;
  const lons = p.lonDeg;
  let considered = 0;
  let passed = 0;
  let distanceSum = 0;
  const check = (i: number, pos: number): void => {
    considered++;
    if (p.published[pos] === 0) return;
    if ((s.forms[i] & p.formBit[pos]) === 0 || (s.roles[i] & p.roles[pos]) === 0) return;
    if ((p.dispensing[pos] & ~s.dispensingOk[i] & 1) !== 0 || s.availableDay[i] > p.handoverToDay[pos])
      return;
    let inPreferred = false;
    for (let k = s.preferredStart[i]; k < s.preferredStart[i + 1]; k++)
      if (preferred[k] === p.region[pos]) inPreferred = true;
    const a = Math.sin((pLat[pos] - s.latRad[i]) / 2);
    const b = Math.sin((pLon[pos] - s.lonRad[i]) / 2);
    const d = R2 * Math.asin(Math.sqrt(Math.min(1, a * a + s.cosLat[i] * pCos[pos] * b * b)));
    if (!(d <= s.maxTravelKm[i] || inPreferred)) return;
    passed++;
    distanceSum += d;
  };
  for (let i = 0; i < s.count; i++) {
    if (s.active[i] === 0) continue;
    const box = boundingBox(s.latDeg[i], s.lonDeg[i], s.maxTravelKm[i]);
    for (let pos = lowerBound(lats, box.latMin); pos < p.count && lats[pos] <= box.latMax; pos++) {
      if (box.allLongitudes || (lons[pos] >= box.lonMin && lons[pos] <= box.lonMax)) check(i, pos);
    }
    for (let k = s.preferredStart[i]; k < s.preferredStart[i + 1]; k++) {
      const r = preferred[k];
      if (r < 0) continue;
      for (let m = p.regionStart[r]; m < p.regionStart[r + 1]; m++) {
        if (!inBox(p, p.regionMembers[m], box)) check(i, p.regionMembers[m]);
      }
    }
  }
  return { considered, passed, distanceSum };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

/**
 * Runs each contender `rounds` times, interleaved (kernel, scores, breakdown, kernel, ...), and keeps
 * each one's best time: the run least disturbed by GC and by other processes on a shared machine, and a
 * ratio that load drifting during the bench cannot skew towards either side.
 */
function interleavedBest<T>(rounds: number, runs: Array<() => T>): Array<{ ms: number; value: T }> {
  const best: Array<{ ms: number; value: T } | null> = runs.map(() => null);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, i) => {
      const result = timed(run);
      const current = best[i];
      if (current === null || result.ms < current.ms) best[i] = result;
    });
  }
  return best.map((result) => {
    if (result === null) throw new Error('no rounds run');
    return result;
  });
}

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);
const round1 = (x: number): number => Math.round(x * 10) / 10;

function benchSize(starterCount: number, practiceCount: number, repeats: number) {
  const gen = new Generator(starterCount * 7919 + practiceCount);
  const starters = Array.from({ length: starterCount }, (_, i) => gen.starter(i));
  const practices = Array.from({ length: practiceCount }, (_, i) => gen.practice(i));
  const compile = timed(() => ({ s: compileStarters(starters), p: compilePractices(practices) }));
  const { s, p } = compile.value;

  let checksum = 0;
  const keep = (pair: ScoredPair): void => {
    checksum += pair.score + (pair.breakdown?.length ?? 0);
  };
  const [kernelRun, scoresRun, breakdownRun] = interleavedBest<KernelResult | ScoreAllStats>(repeats, [
    () => bareKernel(s, p),
    () => scoreAll(s, p, 'bounding-box', DEFAULT_WEIGHTS, keep, { breakdown: false }),
    () => scoreAll(s, p, 'bounding-box', DEFAULT_WEIGHTS, keep),
  ]);
  const kernel = { ms: kernelRun.ms, value: kernelRun.value as KernelResult };
  const scoresOnly = { ms: scoresRun.ms, value: scoresRun.value as ScoreAllStats };
  const withBreakdown = { ms: breakdownRun.ms, value: breakdownRun.value as ScoreAllStats };
  if (
    scoresOnly.value.pairsScored !== kernel.value.passed ||
    scoresOnly.value.pairsConsidered !== kernel.value.considered
  ) {
    throw new Error('scoreAll and the bare kernel disagree on the candidates or the pairs passing');
  }
  const row: Row = {
    instance: `${starterCount} x ${practiceCount}`,
    'compile ms': round1(compile.ms),
    'pairs considered': kernel.value.considered,
    'pairs passing': kernel.value.passed,
    'kernel ms': round1(kernel.ms),
    'kernel considered/s': perSecond(kernel.value.considered, kernel.ms),
    'scoreAll (scores) ms': round1(scoresOnly.ms),
    'scoreAll (scores) considered/s': perSecond(scoresOnly.value.pairsConsidered, scoresOnly.ms),
    'scoreAll (scores) scored/s': perSecond(scoresOnly.value.pairsScored, scoresOnly.ms),
    'scores / kernel': round1(scoresOnly.ms / kernel.ms),
    'scoreAll (breakdown) ms': round1(withBreakdown.ms),
    'scoreAll (breakdown) scored/s': perSecond(withBreakdown.value.pairsScored, withBreakdown.ms),
    'breakdown / kernel': round1(withBreakdown.ms / kernel.ms),
  };
  return { row, practices, s, p, checksum };
}

/**
 * What the worker stores as suggestions (src/modules/matching/suggestion-selection.ts at the time of
 * writing): per starter, the best 10 pairs scoring at least 40. Copied, not imported, so the bench keeps
 * measuring the same input when that policy changes.
 */
const STORED_PER_STARTER = 10;
const STORED_MIN_SCORE = 40;

function planRow(label: string, suggestions: PlanSuggestion[], seats: Map<string, number>): Row {
  const plan = timed(() => computeRegionalPlan(suggestions, seats));
  const chosen = suggestions.filter((x) => plan.value.has(x.id));
  return {
    instance: label,
    suggestions: suggestions.length,
    starters: new Set(suggestions.map((x) => x.starterId)).size,
    practices: new Set(suggestions.map((x) => x.practiceId)).size,
    seats: [...seats.values()].reduce((a, b) => a + b, 0),
    'plan ms': round1(plan.ms),
    'in plan': chosen.length,
    'patients placed': Math.round(chosen.reduce((sum, x) => sum + x.patients, 0)),
  };
}

/**
 * The regional plan in the region with the most practices: once over every passing pair whose practice
 * lies there (a stress test far beyond what is stored), once over what the worker would store.
 */
function benchRegionalPlan(
  s: CompiledStarters,
  p: CompiledPractices,
  practices: readonly ScoringPractice[],
): Row[] {
  const counts = new Map<string, number>();
  for (const practice of practices) counts.set(practice.regionId, (counts.get(practice.regionId) ?? 0) + 1);
  const [region] = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
  const all: PlanSuggestion[] = [];
  scoreAll(
    s,
    p,
    'bounding-box',
    DEFAULT_WEIGHTS,
    (pair) => {
      const practice = practices[pair.practiceIndex];
      if (practice.regionId !== region) return;
      all.push({
        id: `${pair.starterIndex}:${pair.practiceIndex}`,
        starterId: s.source[pair.starterIndex].id,
        practiceId: practice.id,
        score: pair.score,
        patients: patientsPerSuccessor(practice),
      });
    },
    { breakdown: false },
  );
  const seats = new Map(practices.filter((x) => x.regionId === region).map((x) => [x.id, successorSeats(x)]));
  const byStarter = new Map<string, PlanSuggestion[]>();
  for (const x of all) {
    if (x.score < STORED_MIN_SCORE) continue;
    const list = byStarter.get(x.starterId) ?? [];
    list.push(x);
    byStarter.set(x.starterId, list);
  }
  const stored = [...byStarter.values()].flatMap((list) =>
    list.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id)).slice(0, STORED_PER_STARTER),
  );
  return [
    planRow(
      `plan ${region}: stored (best ${STORED_PER_STARTER}/starter, >= ${STORED_MIN_SCORE})`,
      stored,
      seats,
    ),
    planRow(`plan ${region}: every passing pair`, all, seats),
  ];
}

export const DEFAULT_BENCH_SIZES: Array<[number, number]> = [
  [2000, 1500],
  [5000, 5000],
  [20000, 15000],
];

/** Benchmarks scoreAll against the bare kernel per size, then the regional plan on the largest size. */
export async function runScoringBench(sizes: Array<[number, number]> = DEFAULT_BENCH_SIZES): Promise<Row[]> {
  // Warm the JIT on a small instance so the first measured size is not charged for compilation.
  benchSize(300, 300, 2);
  const rows: Row[] = [];
  let largest: ReturnType<typeof benchSize> | null = null;
  for (const [starterCount, practiceCount] of sizes) {
    const result = benchSize(starterCount, practiceCount, starterCount * practiceCount > 1e8 ? 2 : 4);
    rows.push(result.row);
    if (largest === null || starterCount * practiceCount >= largest.s.count * largest.p.count)
      largest = result;
    // Yield between sizes so a caller's timers and logging keep running.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (largest !== null) rows.push(...benchRegionalPlan(largest.s, largest.p, largest.practices));
  return rows;
}

if (require.main === module) {
  runScoringBench().then(
    (rows) => console.table(rows),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
