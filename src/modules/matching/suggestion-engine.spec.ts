import {
  checkDuoCompatible,
  checkDuoHardConstraints,
  checkHardConstraints,
  DEFAULT_WEIGHTS,
  haversineKm,
  scoreDuo,
  scorePair,
  type ScoringPractice,
  type ScoringStarter,
  successorSeats,
} from './scoring';
import {
  makePractice,
  makeStarter,
  randomPractice,
  randomStarter,
  seededRandom,
} from './scoring/scoring.fixtures';
import { findDuoPartners, SuggestionEngine, type EngineSuggestion } from './suggestion-engine';
import {
  DEFAULT_CANDIDATE_LIMITS,
  MAX_DUO_PARTNERS,
  MIN_SUGGESTION_SCORE,
  MAX_SUGGESTIONS_PER_DUO,
  MAX_SUGGESTIONS_PER_STARTER,
  selectSuggestions,
} from './suggestion-selection';

interface Flat {
  key: string;
  score: number;
  points: number[];
  distanceKm: number;
}

const tenths = (x: number): number => Math.round(x * 10);

/** The object path, written the plain way: every pair and duo scored with scorePair/scoreDuo, then selected. */
function reference(
  rescored: ScoringStarter[],
  practices: ScoringPractice[],
  pool: ScoringStarter[],
  withPracticeSide = false,
): Flat[] {
  const pairs = rescored.flatMap((s) =>
    practices.flatMap((p) => {
      const d = haversineKm(s.homeLat, s.homeLon, p.lat, p.lon);
      if (checkHardConstraints(s, p, d).length > 0) return [];
      const r = scorePair(s, p, d, DEFAULT_WEIGHTS);
      return [{ starterId: s.id, partnerId: null, practiceId: p.id, score: r.score, r, d }];
    }),
  );
  const duoKeys = new Set<string>();
  const duos: Array<[ScoringStarter, ScoringStarter]> = [];
  for (const a of rescored) {
    if (!a.active || !a.lookingForDuoPartner) continue;
    const partners = pool
      .filter((b) => b.id !== a.id)
      .map((b) => ({ b, km: haversineKm(a.homeLat, a.homeLon, b.homeLat, b.homeLon) }))
      .filter(({ b, km }) => checkDuoCompatible(a, b, km).length === 0)
      .sort((x, y) => x.km - y.km || (x.b.id < y.b.id ? -1 : 1))
      .slice(0, MAX_DUO_PARTNERS);
    for (const { b } of partners) {
      const duo: [ScoringStarter, ScoringStarter] = a.id < b.id ? [a, b] : [b, a];
      if (!duoKeys.has(`${duo[0].id}/${duo[1].id}`)) {
        duoKeys.add(`${duo[0].id}/${duo[1].id}`);
        duos.push(duo);
      }
    }
  }
  const duoCandidates = duos.flatMap(([a, b]) =>
    practices.flatMap((p) => {
      const dA = haversineKm(a.homeLat, a.homeLon, p.lat, p.lon);
      const dB = haversineKm(b.homeLat, b.homeLon, p.lat, p.lon);
      if (checkDuoHardConstraints(a, b, p, dA, dB).length > 0) return [];
      const r = scoreDuo(a, b, p, dA, dB, DEFAULT_WEIGHTS);
      return [{ starterId: a.id, partnerId: b.id, practiceId: p.id, score: r.score, r, d: Math.max(dA, dB) }];
    }),
  );
  // The practice's side: its best M per successor seat, ties by the starter's (the duo's) ids.
  const practiceSide = <T extends (typeof duoCandidates)[number] | (typeof pairs)[number]>(list: T[]): T[] =>
    practices.flatMap((p) =>
      list
        .filter((c) => c.practiceId === p.id && c.score >= MIN_SUGGESTION_SCORE)
        .sort((x, y) => {
          const kx = `${x.starterId}/${x.partnerId ?? ''}`;
          const ky = `${y.starterId}/${y.partnerId ?? ''}`;
          return y.score - x.score || (kx < ky ? -1 : kx > ky ? 1 : 0);
        })
        .slice(0, DEFAULT_CANDIDATE_LIMITS.practiceBestPerSeat * successorSeats(p)),
    );
  const union = <T extends { starterId: string; partnerId: string | null; practiceId: string }>(
    xs: T[],
  ): T[] => {
    const seen = new Set<string>();
    return xs.filter((c) => {
      const k = `${c.starterId}/${c.partnerId ?? '-'}/${c.practiceId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  return [
    ...union([
      ...selectSuggestions(pairs, MAX_SUGGESTIONS_PER_STARTER),
      ...(withPracticeSide ? practiceSide(pairs) : []),
    ]),
    ...union([...selectSuggestions(duoCandidates, MAX_SUGGESTIONS_PER_DUO), ...practiceSide(duoCandidates)]),
  ].map((c) => ({
    key: `${c.starterId}/${c.partnerId ?? '-'}/${c.practiceId}`,
    score: c.score,
    points: c.r.breakdown.map((b) => tenths(b.points)),
    distanceKm: c.d,
  }));
}

function flatten(practices: ScoringPractice[], suggestions: EngineSuggestion[]): Flat[] {
  return suggestions.map((e) => ({
    key: `${e.starter.id}/${e.partner?.id ?? '-'}/${practices[e.practiceIndex].id}`,
    score: e.scoreTenths / 10,
    points: e.pointsTenths,
    distanceKm: e.distanceKm,
  }));
}

function engineRun(
  rescored: ScoringStarter[],
  practices: ScoringPractice[],
  pool: ScoringStarter[],
  batch: number,
  alsoSeeking: ScoringStarter[] = [],
  prepared = false,
): Flat[] {
  const engine = new SuggestionEngine(rescored, practices, DEFAULT_WEIGHTS, pool, alsoSeeking);
  if (prepared) engine.prepare({ plan: false });
  const out: EngineSuggestion[] = [];
  for (let from = 0; from < engine.starterCount; from += batch) out.push(...engine.pairs(from, from + batch));
  out.push(...engine.duoSuggestions());
  return flatten(practices, out);
}

const byKey = (xs: Flat[]): Flat[] => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));

describe('SuggestionEngine', () => {
  const rand = seededRandom(11);
  const starters = Array.from({ length: 160 }, (_, i) =>
    randomStarter(rand, `s${String(i).padStart(3, '0')}`),
  );
  const practices = Array.from({ length: 140 }, (_, i) =>
    randomPractice(rand, `p${String(i).padStart(3, '0')}`),
  );
  const pool = starters.filter((s) => s.active && s.lookingForDuoPartner);

  it('suggests exactly what scorePair, scoreDuo and selectSuggestions give, in any batch size', () => {
    const expected = byKey(reference(starters, practices, pool));
    expect(expected.filter((x) => x.key.includes('/-/')).length).toBeGreaterThan(100);
    expect(expected.filter((x) => !x.key.includes('/-/')).length).toBeGreaterThan(10);
    for (const batch of [1, 7, 1000])
      expect(byKey(engineRun(starters, practices, pool, batch))).toEqual(expected);
  });

  it("prepared, adds each practice's best M per seat to the starters' best N, exactly", () => {
    const expected = byKey(reference(starters, practices, pool, true));
    const plain = byKey(reference(starters, practices, pool));
    expect(expected.length).toBeGreaterThan(plain.length);
    for (const batch of [1, 1000])
      expect(byKey(engineRun(starters, practices, pool, batch, [], true))).toEqual(expected);
  });

  it("rescoring a few starters gives exactly the full rescoring's suggestions that include them", () => {
    const few = [
      ...new Set([...starters.filter((s) => s.lookingForDuoPartner).slice(0, 6), ...starters.slice(0, 3)]),
    ];
    const ids = new Set(few.map((s) => s.id));
    const mine = (key: string): boolean => key.split('/').some((id) => ids.has(id));
    const expected = byKey(reference(starters, practices, pool).filter((x) => mine(x.key)));
    expect(expected.some((x) => !x.key.includes('/-/'))).toBe(true);
    const others = pool.filter((s) => !ids.has(s.id));
    const partial = byKey(engineRun(few, practices, pool, 2, others));
    // Pairs exactly; duos: a practice's best M among every duo is among the best M of the duos scored
    // here too, so the partial run has every duo the full one has, and possibly more (kept until the
    // nightly rescoring).
    const pairsOnly = (xs: Flat[]): Flat[] => xs.filter((x) => x.key.includes('/-/'));
    expect(pairsOnly(partial)).toEqual(pairsOnly(expected));
    expect(partial).toEqual(expect.arrayContaining(expected));
  });

  it('finds the duos in which another seeker names the rescored one among their nearest', () => {
    const seeker = (id: string, homeLat: number) =>
      makeStarter({ id, homeLat, homeLon: 5, lookingForDuoPartner: true, maxTravelKm: 30 });
    // r's three nearest are a, b, c; q's three nearest are r, a and b (r is nearest to q, q not to r).
    const r = seeker('r', 52.0);
    const near = [seeker('a', 51.999), seeker('b', 51.998), seeker('c', 51.997)];
    const q = seeker('q', 52.03);
    const all = [r, ...near, q];
    const p = makePractice({ id: 'p1', lat: 52.0, lon: 5, daysPerWeekNeeded: 6, gpCount: 2 });
    const duosOf = (e: EngineSuggestion[]) =>
      e.filter((x) => x.partner !== null).map((x) => `${x.starter.id}/${x.partner?.id}`);
    const full = new SuggestionEngine(all, [p], DEFAULT_WEIGHTS, all);
    for (let i = 0; i < all.length; i++) full.pairs(i, i + 1);
    const fullDuosOfR = duosOf(full.duoSuggestions()).filter((k) => k.split('/').includes('r'));
    expect(fullDuosOfR).toContain('q/r');
    const partial = new SuggestionEngine([r], [p], DEFAULT_WEIGHTS, all, [...near, q]);
    partial.pairs(0, 1);
    expect(duosOf(partial.duoSuggestions()).sort()).toEqual(fullDuosOfR.sort());
  });

  it('breaks equal scores by practice id and keeps at most ten per starter', () => {
    const s = makeStarter({ id: 's1' });
    // Identical practices at the same place score the same; ids decide, whatever the input order.
    const same = ['p09', 'p03', 'p11', 'p01', 'p05', 'p02', 'p12', 'p04', 'p10', 'p07', 'p06', 'p08'].map(
      (id) => makePractice({ id }),
    );
    const engine = new SuggestionEngine([s], same, DEFAULT_WEIGHTS, []);
    const kept = engine.pairs(0, 1).map((e) => same[e.practiceIndex].id);
    expect(kept).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10']);
  });

  it('suggests nothing for an inactive starter or below the minimum score', () => {
    const inactive = makeStarter({ id: 's1', active: false });
    expect(new SuggestionEngine([inactive], [makePractice()], DEFAULT_WEIGHTS, []).pairs(0, 1)).toEqual([]);
    const weak = makeStarter({ id: 's2', setting: 'urban', anwHoursPerMonthMax: 0, maxTravelKm: 60 });
    const far = makePractice({
      setting: 'rural',
      anwHoursPerMonth: 60,
      lat: 52.5,
      listSize: 9000,
      gpCount: 1,
    });
    const d = haversineKm(weak.homeLat, weak.homeLon, far.lat, far.lon);
    expect(checkHardConstraints(weak, far, d)).toEqual([]);
    const { score } = scorePair(weak, far, d, DEFAULT_WEIGHTS);
    const kept = new SuggestionEngine([weak], [far], DEFAULT_WEIGHTS, []).pairs(0, 1);
    expect(kept.length).toBe(score >= 40 ? 1 : 0);
  });
});

describe('findDuoPartners', () => {
  it('finds the same nearest compatible partners as checkDuoCompatible over the whole pool', () => {
    const rand = seededRandom(5);
    const pool = Array.from({ length: 120 }, (_, i) => ({
      ...randomStarter(rand, `d${String(i).padStart(3, '0')}`),
      lookingForDuoPartner: true,
      active: true,
    }));
    const duos = findDuoPartners(pool, pool).map(([a, b]) => `${a.id}/${b.id}`);
    const expected = new Set<string>();
    for (const a of pool) {
      pool
        .filter((b) => b.id !== a.id)
        .map((b) => ({ b, km: haversineKm(a.homeLat, a.homeLon, b.homeLat, b.homeLon) }))
        .filter(({ b, km }) => checkDuoCompatible(a, b, km).length === 0)
        .sort((x, y) => x.km - y.km || (x.b.id < y.b.id ? -1 : 1))
        .slice(0, MAX_DUO_PARTNERS)
        .forEach(({ b }) => expected.add(a.id < b.id ? `${a.id}/${b.id}` : `${b.id}/${a.id}`));
    }
    expect(new Set(duos)).toEqual(expected);
    expect(duos.length).toBe(expected.size);
  });

  it('pairs starters far apart who share a preferred region, and never one with themself', () => {
    const a = makeStarter({
      id: 'a',
      lookingForDuoPartner: true,
      maxTravelKm: 5,
      preferredRegionIds: ['r1'],
    });
    const b = makeStarter({
      id: 'b',
      lookingForDuoPartner: true,
      maxTravelKm: 5,
      homeLat: 53.2,
      preferredRegionIds: ['r1'],
    });
    const c = makeStarter({ id: 'c', lookingForDuoPartner: true, maxTravelKm: 5, homeLat: 53.2 });
    expect(findDuoPartners([a], [a, b, c]).map(([x, y]) => `${x.id}/${y.id}`)).toEqual(['a/b']);
  });
});
