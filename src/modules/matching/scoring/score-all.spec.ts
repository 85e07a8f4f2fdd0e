import { compilePractices, compileStarters } from './compiled';
import { scoreAll, type ScoredPair } from './score-all';
import { haversineKm } from './distance';
import { checkHardConstraints, scorePair } from './score';
import { makePractice, makeStarter, randomPractice, randomStarter, seededRandom } from './scoring.fixtures';
import {
  CRITERIA,
  DEFAULT_WEIGHTS,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
} from './types';

function objectPath(starters: ScoringStarter[], practices: ScoringPractice[], weights: ScoringWeights) {
  const results = new Map<string, { distanceKm: number; score: number; breakdown: unknown }>();
  starters.forEach((s, i) =>
    practices.forEach((p, j) => {
      const d = haversineKm(s.homeLat, s.homeLon, p.lat, p.lon);
      if (checkHardConstraints(s, p, d).length === 0)
        results.set(`${i}:${j}`, { distanceKm: d, ...scorePair(s, p, d, weights) });
    }),
  );
  return results;
}

function compiledPath(
  starters: ScoringStarter[],
  practices: ScoringPractice[],
  weights: ScoringWeights,
  breakdown: boolean,
  candidates: 'bounding-box' | Array<[number, number]> = 'bounding-box',
) {
  const results = new Map<string, { distanceKm: number; score: number; breakdown: unknown }>();
  const stats = scoreAll(
    compileStarters(starters),
    compilePractices(practices),
    candidates,
    weights,
    (pair: ScoredPair) => {
      const key = `${pair.starterIndex}:${pair.practiceIndex}`;
      if (results.has(key)) throw new Error(`pair ${key} reported twice`);
      results.set(key, { distanceKm: pair.distanceKm, score: pair.score, breakdown: pair.breakdown });
    },
    { breakdown },
  );
  return { results, stats };
}

describe('scoreAll', () => {
  const rand = seededRandom(7);
  const starters = Array.from({ length: 110 }, (_, i) => randomStarter(rand, `s${i}`));
  const practices = Array.from({ length: 150 }, (_, i) => randomPractice(rand, `p${i}`));
  // Edge cases that pass everything but place narrowly: a practice exactly at a starter's maximum
  // distance, and a practice on the home of a starter who will not travel at all.
  const open = {
    active: true,
    dispensingOk: true,
    availableFrom: '2024-01-01',
    practiceForms: ['solo', 'duo', 'group', 'health_centre'] as ScoringStarter['practiceForms'],
    roles: ['holder'] as ScoringStarter['roles'],
    preferredRegionIds: [],
  };
  practices[0] = { ...practices[0], published: true, successorRoles: ['holder'] };
  practices[1] = { ...practices[1], published: true, successorRoles: ['holder'] };
  const edge = practices[0];
  starters[0] = {
    ...starters[0],
    ...open,
    maxTravelKm: haversineKm(starters[0].homeLat, starters[0].homeLon, edge.lat, edge.lon),
  };
  starters[1] = {
    ...starters[1],
    ...open,
    maxTravelKm: 0,
    homeLat: practices[1].lat,
    homeLon: practices[1].lon,
  };
  const expected = objectPath(starters, practices, DEFAULT_WEIGHTS);

  it('finds exactly the pairs checkHardConstraints passes, with the results scorePair gives', () => {
    const { results, stats } = compiledPath(starters, practices, DEFAULT_WEIGHTS, true);
    expect(expected.size).toBeGreaterThan(500);
    expect(stats.pairsScored).toBe(expected.size);
    expect(results).toEqual(expected);
  });

  it('gives the same scores without building breakdowns', () => {
    const { results } = compiledPath(starters, practices, DEFAULT_WEIGHTS, false);
    expect([...results.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of results) {
      expect(value.score).toBe(expected.get(key)?.score);
      expect(value.breakdown).toBeNull();
    }
  });

  it('agrees with the object path under weights that do not sum to 100', () => {
    const weights = Object.fromEntries(CRITERIA.map((c, i) => [c, (i * 7) % 11])) as ScoringWeights;
    expect(compiledPath(starters, practices, weights, true).results).toEqual(
      objectPath(starters, practices, weights),
    );
  });

  it('includes the practice exactly at the maximum distance and the one on a zero-distance home', () => {
    const { results } = compiledPath(starters, practices, DEFAULT_WEIGHTS, false);
    expect(results.has('0:0')).toBe(true);
    expect(results.has('1:1')).toBe(true);
    expect(expected.has('0:0') && expected.has('1:1')).toBe(true);
  });

  it('prunes: considers far fewer pairs than all of them on spread-out data', () => {
    const spread = seededRandom(99);
    const s = Array.from({ length: 200 }, (_, i) => ({
      ...randomStarter(spread, `s${i}`),
      homeLat: 50.8 + spread() * 2.6,
      homeLon: 3.5 + spread() * 3.6,
      maxTravelKm: 10 + spread() * 30,
      preferredRegionIds: [],
    }));
    const p = Array.from({ length: 200 }, (_, i) => ({
      ...randomPractice(spread, `p${i}`),
      lat: 50.8 + spread() * 2.6,
      lon: 3.5 + spread() * 3.6,
    }));
    const { results, stats } = compiledPath(s, p, DEFAULT_WEIGHTS, true);
    expect(stats.pairsConsidered).toBeLessThan((200 * 200) / 10);
    expect(results).toEqual(objectPath(s, p, DEFAULT_WEIGHTS));
  });

  it('adds the practices of a preferred region however far they lie', () => {
    const s = [makeStarter({ maxTravelKm: 5, preferredRegionIds: ['groningen', 'groningen'] })];
    const p = [
      makePractice({ id: 'far-groningen', lat: 53.2194, lon: 6.5665, regionId: 'groningen' }),
      makePractice({ id: 'far-friesland', lat: 53.2012, lon: 5.7999, regionId: 'friesland' }),
      makePractice({ id: 'near', lat: 52.1, lon: 5.12, regionId: 'groningen' }),
    ];
    const { results, stats } = compiledPath(s, p, DEFAULT_WEIGHTS, false);
    expect([...results.keys()].sort()).toEqual(['0:0', '0:2']);
    expect(stats.pairsConsidered).toBe(2);
  });

  it('scores an explicit candidate list like the object path and rejects unknown indices', () => {
    const pairs: Array<[number, number]> = Array.from({ length: 500 }, () => [
      Math.floor(rand() * starters.length),
      Math.floor(rand() * practices.length),
    ]);
    const unique = [...new Map(pairs.map((pair) => [pair.join(':'), pair])).values()];
    const { results, stats } = compiledPath(starters, practices, DEFAULT_WEIGHTS, true, unique);
    expect(stats.pairsConsidered).toBe(unique.length);
    const want = new Map([...expected].filter(([key]) => unique.some((pair) => pair.join(':') === key)));
    expect(results).toEqual(want);
    expect(() => compiledPath(starters, practices, DEFAULT_WEIGHTS, true, [[0, practices.length]])).toThrow(
      RangeError,
    );
  });

  it('skips inactive starters and unpublished practices', () => {
    const { results } = compiledPath(
      [makeStarter({ active: false }), makeStarter()],
      [makePractice({ published: false }), makePractice()],
      DEFAULT_WEIGHTS,
      false,
    );
    expect([...results.keys()]).toEqual(['1:1']);
  });

  it('rejects a starter with an unusable travel distance or date', () => {
    expect(() => compileStarters([makeStarter({ maxTravelKm: Number.NaN })])).toThrow(RangeError);
    expect(() => compilePractices([makePractice({ handoverTo: '2026-13-01' })])).toThrow(RangeError);
  });
});
