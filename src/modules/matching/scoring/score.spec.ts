import { haversineKm } from './distance';
import { makePractice, makeStarter, randomPractice, randomStarter, seededRandom } from './scoring.fixtures';
import { checkHardConstraints, maxPointsTenths, scorePair } from './score';
import {
  CRITERIA,
  DEFAULT_WEIGHTS,
  type Criterion,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
} from './types';

function item(s: ScoringStarter, p: ScoringPractice, criterion: Criterion, distanceKm = 0) {
  const found = scorePair(s, p, distanceKm, DEFAULT_WEIGHTS).breakdown.find((b) => b.criterion === criterion);
  if (found === undefined) throw new Error(`no ${criterion} in breakdown`);
  return found;
}

function points(s: ScoringStarter, p: ScoringPractice, criterion: Criterion, distanceKm = 0): number {
  return item(s, p, criterion, distanceKm).points;
}

function tenths(values: number[]): number {
  return values.reduce((sum, v) => sum + Math.round(v * 10), 0);
}

describe('checkHardConstraints', () => {
  it('passes a starter and practice that meet every constraint', () => {
    expect(checkHardConstraints(makeStarter(), makePractice(), 0)).toEqual([]);
  });

  describe('place', () => {
    it('passes a practice exactly at the maximum travel distance', () => {
      expect(checkHardConstraints(makeStarter({ maxTravelKm: 30 }), makePractice(), 30)).toEqual([]);
    });

    it('fails a practice just beyond the maximum travel distance', () => {
      expect(checkHardConstraints(makeStarter({ maxTravelKm: 30 }), makePractice(), 30.000001)).toEqual([
        'place',
      ]);
    });

    it('passes a practice beyond the distance in one of the preferred regions', () => {
      const s = makeStarter({ maxTravelKm: 10, preferredRegionIds: ['friesland', 'groningen'] });
      expect(checkHardConstraints(s, makePractice({ regionId: 'groningen' }), 150)).toEqual([]);
      expect(checkHardConstraints(s, makePractice({ regionId: 'drenthe' }), 150)).toEqual(['place']);
    });

    it('passes a zero travel distance only for the same centroid', () => {
      const s = makeStarter({ maxTravelKm: 0 });
      expect(checkHardConstraints(s, makePractice(), 0)).toEqual([]);
      expect(checkHardConstraints(s, makePractice(), 0.1)).toEqual(['place']);
    });
  });

  describe('time', () => {
    it('passes a handover window ending the day the starter becomes available', () => {
      const s = makeStarter({ availableFrom: '2027-03-31' });
      expect(
        checkHardConstraints(s, makePractice({ handoverFrom: '2027-01-01', handoverTo: '2027-03-31' }), 0),
      ).toEqual([]);
    });

    it('fails a handover window that ended the day before the starter becomes available', () => {
      const s = makeStarter({ availableFrom: '2027-04-01' });
      expect(
        checkHardConstraints(s, makePractice({ handoverFrom: '2027-01-01', handoverTo: '2027-03-31' }), 0),
      ).toEqual(['time']);
    });

    it('passes a starter available long before the window opens', () => {
      const s = makeStarter({ availableFrom: '2025-01-01' });
      expect(
        checkHardConstraints(s, makePractice({ handoverFrom: '2029-01-01', handoverTo: '2029-06-30' }), 0),
      ).toEqual([]);
    });

    it('rejects a date that is not an ISO calendar date', () => {
      expect(() =>
        checkHardConstraints(makeStarter({ availableFrom: '2027-02-30' }), makePractice(), 0),
      ).toThrow(RangeError);
      expect(() =>
        checkHardConstraints(makeStarter({ availableFrom: '1-1-2027' }), makePractice(), 0),
      ).toThrow(RangeError);
    });
  });

  it('passes when one wanted role is offered and fails when none is', () => {
    const s = makeStarter({ roles: ['employed', 'locum_then_holder'] });
    expect(
      checkHardConstraints(s, makePractice({ successorRoles: ['holder', 'locum_then_holder'] }), 0),
    ).toEqual([]);
    expect(checkHardConstraints(s, makePractice({ successorRoles: ['holder', 'partner'] }), 0)).toEqual([
      'role',
    ]);
  });

  it('passes an accepted practice form and fails another', () => {
    const s = makeStarter({ practiceForms: ['group', 'health_centre'] });
    expect(checkHardConstraints(s, makePractice({ practiceForm: 'health_centre' }), 0)).toEqual([]);
    expect(checkHardConstraints(s, makePractice({ practiceForm: 'solo' }), 0)).toEqual(['form']);
  });

  it('fails a dispensing practice only for a starter who does not accept one', () => {
    const dispensing = makePractice({ dispensing: true });
    expect(checkHardConstraints(makeStarter({ dispensingOk: false }), dispensing, 0)).toEqual(['dispensing']);
    expect(checkHardConstraints(makeStarter({ dispensingOk: true }), dispensing, 0)).toEqual([]);
    expect(
      checkHardConstraints(makeStarter({ dispensingOk: false }), makePractice({ dispensing: false }), 0),
    ).toEqual([]);
  });

  it('fails an inactive starter profile and an unpublished practice', () => {
    expect(checkHardConstraints(makeStarter({ active: false }), makePractice(), 0)).toEqual(['active']);
    expect(checkHardConstraints(makeStarter(), makePractice({ published: false }), 0)).toEqual(['active']);
  });

  it('reports every failed constraint in a fixed order', () => {
    const s = makeStarter({
      maxTravelKm: 5,
      availableFrom: '2030-01-01',
      roles: ['employed'],
      practiceForms: ['solo'],
      active: false,
    });
    const p = makePractice({ dispensing: true });
    expect(checkHardConstraints(s, p, 50)).toEqual(['place', 'time', 'role', 'form', 'dispensing', 'active']);
  });
});

describe('scorePair criteria', () => {
  it('gives full points to a perfect pair', () => {
    const result = scorePair(makeStarter(), makePractice(), 0, DEFAULT_WEIGHTS);
    expect(result.score).toBe(100);
    expect(result.breakdown.map((b) => b.criterion)).toEqual(CRITERIA);
  });

  it('distance: full at home, half at the maximum, a quarter beyond it in a preferred region, none otherwise', () => {
    const s = makeStarter({ maxTravelKm: 30, preferredRegionIds: ['utrecht'] });
    expect(points(s, makePractice(), 'distance', 0)).toBe(18);
    expect(points(s, makePractice(), 'distance', 15)).toBe(13.5);
    expect(points(s, makePractice(), 'distance', 30)).toBe(9);
    expect(points(s, makePractice(), 'distance', 45)).toBe(4.5);
    expect(points(makeStarter({ maxTravelKm: 30 }), makePractice(), 'distance', 45)).toBe(0);
    expect(points(makeStarter({ maxTravelKm: 0 }), makePractice(), 'distance', 0)).toBe(18);
  });

  it('distance explanation names the kilometres and the maximum', () => {
    expect(item(makeStarter({ maxTravelKm: 30 }), makePractice(), 'distance', 12).explanation).toEqual({
      nl: 'Afstand 12 km van uw woonplaats (max 30 km)',
      en: '12 km from your home (max 30 km)',
    });
    expect(
      item(
        makeStarter({ maxTravelKm: 30, preferredRegionIds: ['utrecht'] }),
        makePractice(),
        'distance',
        41.26,
      ).explanation,
    ).toEqual({
      nl: 'Afstand 41,3 km van uw woonplaats, verder dan uw max van 30 km, maar in een regio van uw voorkeur',
      en: '41.3 km from your home, beyond your 30 km maximum but in a region you prefer',
    });
  });

  it('days: full when the need per successor lies in the wished range, half a day off loses a quarter, two days off none', () => {
    const s = makeStarter({ daysPerWeekMin: 3, daysPerWeekMax: 4 });
    expect(points(s, makePractice({ daysPerWeekNeeded: 3 }), 'days')).toBe(16);
    expect(points(s, makePractice({ daysPerWeekNeeded: 4.5 }), 'days')).toBe(12);
    expect(points(s, makePractice({ daysPerWeekNeeded: 5 }), 'days')).toBe(8);
    expect(points(s, makePractice({ daysPerWeekNeeded: 1 }), 'days')).toBe(0);
    // 8 days is two successors of 4 days each.
    expect(points(s, makePractice({ daysPerWeekNeeded: 8 }), 'days')).toBe(16);
    expect(item(s, makePractice({ daysPerWeekNeeded: 9 }), 'days').explanation).toEqual({
      nl: 'U wilt 3–4 dagen per week; de praktijk zoekt 9 dagen, 4,5 per opvolger (2 opvolgers)',
      en: 'You want 3–4 days a week; the practice needs 9 days, 4.5 per successor (2 successors)',
    });
  });

  it('form: full for a wished shared form or solo-only wish, half for solo when shared forms are wished too, none otherwise', () => {
    expect(
      points(
        makeStarter({ practiceForms: ['duo', 'group'] }),
        makePractice({ practiceForm: 'group' }),
        'form',
      ),
    ).toBe(8);
    expect(
      points(makeStarter({ practiceForms: ['solo'] }), makePractice({ practiceForm: 'solo' }), 'form'),
    ).toBe(8);
    expect(
      points(makeStarter({ practiceForms: ['solo', 'duo'] }), makePractice({ practiceForm: 'solo' }), 'form'),
    ).toBe(4);
    expect(
      points(
        makeStarter({ practiceForms: ['duo'] }),
        makePractice({ practiceForm: 'health_centre' }),
        'form',
      ),
    ).toBe(0);
  });

  it('timing: full inside the window with the transition wished, none after a two-year wait without transition', () => {
    const p = makePractice({
      handoverFrom: '2026-06-01',
      handoverTo: '2026-12-31',
      transitionMonthsOffered: 6,
    });
    expect(points(makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 6 }), p, 'timing')).toBe(
      12,
    );
    expect(
      points(makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 12 }), p, 'timing'),
    ).toBe(10);
    expect(
      points(
        makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 0 }),
        makePractice({ ...p, transitionMonthsOffered: 0 }),
        'timing',
      ),
    ).toBe(12);
    const far = makePractice({
      handoverFrom: '2028-07-01',
      handoverTo: '2028-12-31',
      transitionMonthsOffered: 0,
    });
    expect(
      points(makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 6 }), far, 'timing'),
    ).toBe(0);
    // One year's wait costs half the date part: 12 * (2/3 * 0.5 + 1/3) = 8.
    const yearAhead = makePractice({
      handoverFrom: '2027-07-01',
      handoverTo: '2027-12-31',
      transitionMonthsOffered: 6,
    });
    expect(
      points(makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 6 }), yearAhead, 'timing'),
    ).toBe(8);
    expect(
      item(makeStarter({ availableFrom: '2026-07-01', transitionMonthsWanted: 6 }), yearAhead, 'timing')
        .explanation.en,
    ).toBe(
      'Available from 2026-07-01, handover 2027-07-01 to 2027-12-31: a 12-month wait; transition 6 months offered, 6 wanted',
    );
  });

  it('setting: full for a match or no preference, none for a mismatch', () => {
    expect(points(makeStarter({ setting: 'any' }), makePractice({ setting: 'rural' }), 'setting')).toBe(6);
    expect(points(makeStarter({ setting: 'rural' }), makePractice({ setting: 'rural' }), 'setting')).toBe(6);
    expect(points(makeStarter({ setting: 'urban' }), makePractice({ setting: 'rural' }), 'setting')).toBe(0);
  });

  it('regional tie: full when trained in the region, three quarters when only living there, none otherwise', () => {
    const p = makePractice({ regionId: 'drenthe' });
    expect(
      points(makeStarter({ trainingRegionId: 'drenthe', homeRegionId: 'groningen' }), p, 'regional_tie'),
    ).toBe(10);
    expect(
      points(makeStarter({ trainingRegionId: 'groningen', homeRegionId: 'drenthe' }), p, 'regional_tie'),
    ).toBe(7.5);
    expect(points(makeStarter({ trainingRegionId: null, homeRegionId: null }), p, 'regional_tie')).toBe(0);
  });

  it('workload: full at the normpraktijk of 2,095 per GP, none at 1.5 times it, support staff lowering the load', () => {
    const staff = { pohSomaticFte: 0, pohMentalHealthFte: 0, assistantsFte: 2, paOrNpFte: 0 };
    expect(points(makeStarter(), makePractice({ listSize: 4190, gpCount: 2, staff }), 'workload')).toBe(10);
    expect(points(makeStarter(), makePractice({ listSize: 3143, gpCount: 1, staff }), 'workload')).toBe(0);
    expect(points(makeStarter(), makePractice({ listSize: 2619, gpCount: 1, staff }), 'workload')).toBe(5);
    // Half an fte of PA/VS frees a quarter GP: 2,619 / (1.25 * 2,095) = 100% of the norm.
    expect(
      points(
        makeStarter(),
        makePractice({ listSize: 2619, gpCount: 1, staff: { ...staff, paOrNpFte: 0.5 } }),
        'workload',
      ),
    ).toBe(10);
    expect(
      item(
        makeStarter(),
        makePractice({
          listSize: 2619,
          gpCount: 1,
          staff: { ...staff, pohSomaticFte: 0.8, pohMentalHealthFte: 0.4 },
        }),
        'workload',
      ).explanation.nl,
    ).toBe(
      '2.619 patiënten per huisarts (normpraktijk 2.095); met 0,8 fte POH-S, 0,4 fte POH-GGZ, 0 fte PA/VS: 95% van de norm',
    );
  });

  it('anw: full without a limit or within it, the tolerated share above it, none for a zero limit', () => {
    const p = makePractice({ anwHoursPerMonth: 8 });
    expect(points(makeStarter({ anwHoursPerMonthMax: null }), p, 'anw')).toBe(6);
    expect(points(makeStarter({ anwHoursPerMonthMax: 8 }), p, 'anw')).toBe(6);
    expect(points(makeStarter({ anwHoursPerMonthMax: 4 }), p, 'anw')).toBe(3);
    expect(points(makeStarter({ anwHoursPerMonthMax: 0 }), p, 'anw')).toBe(0);
    expect(
      points(makeStarter({ anwHoursPerMonthMax: 0 }), makePractice({ anwHoursPerMonth: 0 }), 'anw'),
    ).toBe(6);
  });

  it('training: none only when a wished training practice is not one', () => {
    expect(
      points(
        makeStarter({ wantsTrainingPractice: true }),
        makePractice({ isTrainingPractice: true }),
        'training',
      ),
    ).toBe(4);
    expect(
      points(
        makeStarter({ wantsTrainingPractice: true }),
        makePractice({ isTrainingPractice: false }),
        'training',
      ),
    ).toBe(0);
    expect(
      points(
        makeStarter({ wantsTrainingPractice: false }),
        makePractice({ isTrainingPractice: false }),
        'training',
      ),
    ).toBe(4);
  });

  it("partner's work: full when not needed or urban, half when needed around a rural practice", () => {
    expect(
      points(makeStarter({ partnerNeedsWork: true }), makePractice({ setting: 'urban' }), 'partner_work'),
    ).toBe(10);
    expect(
      points(makeStarter({ partnerNeedsWork: true }), makePractice({ setting: 'rural' }), 'partner_work'),
    ).toBe(5);
    expect(
      points(makeStarter({ partnerNeedsWork: false }), makePractice({ setting: 'rural' }), 'partner_work'),
    ).toBe(10);
    expect(
      item(makeStarter({ partnerNeedsWork: true }), makePractice({ setting: 'rural' }), 'partner_work')
        .explanation.en,
    ).toBe('Rural area: less work nearby for your partner');
  });
});

describe('weights', () => {
  it('maps weights summing to 100 one to one', () => {
    expect(maxPointsTenths(DEFAULT_WEIGHTS)).toEqual(CRITERIA.map((c) => DEFAULT_WEIGHTS[c] * 10));
  });

  it('scales other sums so maxPoints still add up to exactly 100 and zero weights stay zero', () => {
    const weights: ScoringWeights = {
      ...DEFAULT_WEIGHTS,
      distance: 1,
      days: 1,
      form: 1,
      timing: 0,
      setting: 0,
      regional_tie: 0,
      workload: 0,
      anw: 0,
      training: 0,
      partner_work: 0,
    };
    expect(maxPointsTenths(weights)).toEqual([334, 333, 333, 0, 0, 0, 0, 0, 0, 0]);
    const result = scorePair(makeStarter(), makePractice(), 0, weights);
    expect(result.score).toBe(100);
    expect(tenths(result.breakdown.map((b) => b.maxPoints))).toBe(1000);
  });

  it('rejects negative, fractional, missing or all-zero weights', () => {
    const zero = Object.fromEntries(CRITERIA.map((c) => [c, 0])) as ScoringWeights;
    expect(() => scorePair(makeStarter(), makePractice(), 0, zero)).toThrow(RangeError);
    expect(() => maxPointsTenths({ ...DEFAULT_WEIGHTS, anw: -1 })).toThrow(RangeError);
    expect(() => maxPointsTenths({ ...DEFAULT_WEIGHTS, anw: 1.5 })).toThrow(RangeError);
    const { anw: _anw, ...missing } = DEFAULT_WEIGHTS;
    expect(() => maxPointsTenths(missing as ScoringWeights)).toThrow(RangeError);
  });
});

describe('scorePair properties over seeded random pairs', () => {
  const rand = seededRandom(20240611);
  const cases = Array.from({ length: 400 }, (_, i) => {
    const s = randomStarter(rand, `s${i}`);
    const p = randomPractice(rand, `p${i}`);
    const weights = Object.fromEntries(
      CRITERIA.map((c) => [c, i % 2 === 0 ? DEFAULT_WEIGHTS[c] : Math.floor(rand() * 30)]),
    ) as ScoringWeights;
    if (CRITERIA.every((c) => weights[c] === 0)) weights.distance = 1;
    return { s, p, d: haversineKm(s.homeLat, s.homeLon, p.lat, p.lon), weights };
  });

  it('keeps every score within 0..100 with one decimal and points within their maximum', () => {
    for (const { s, p, d, weights } of cases) {
      const { score, breakdown } = scorePair(s, p, d, weights);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(
        Number.isInteger(Math.round(score * 10)) && Math.abs(score * 10 - Math.round(score * 10)) < 1e-9,
      ).toBe(true);
      for (const b of breakdown) {
        expect(b.points).toBeGreaterThanOrEqual(0);
        expect(b.points).toBeLessThanOrEqual(b.maxPoints);
      }
    }
  });

  it('makes the points add up to the score and the maxima to 100, exactly in tenths', () => {
    for (const { s, p, d, weights } of cases) {
      const { score, breakdown } = scorePair(s, p, d, weights);
      expect(tenths(breakdown.map((b) => b.points))).toBe(Math.round(score * 10));
      expect(tenths(breakdown.map((b) => b.maxPoints))).toBe(1000);
      expect(breakdown.reduce((sum, b) => sum + b.points, 0)).toBeCloseTo(score, 9);
    }
  });

  it('gives deep-equal output for the same inputs, on copies too', () => {
    for (const { s, p, d, weights } of cases) {
      const copy = JSON.parse(JSON.stringify({ s, p, weights })) as {
        s: ScoringStarter;
        p: ScoringPractice;
        weights: ScoringWeights;
      };
      expect(scorePair(copy.s, copy.p, d, copy.weights)).toEqual(scorePair(s, p, d, weights));
      expect(checkHardConstraints(copy.s, copy.p, d)).toEqual(checkHardConstraints(s, p, d));
    }
  });

  it('gives every breakdown item a Dutch and an English one-line explanation', () => {
    for (const { s, p, d, weights } of cases.slice(0, 50)) {
      for (const b of scorePair(s, p, d, weights).breakdown) {
        expect(b.explanation.nl).toMatch(/^\S.*\S$/);
        expect(b.explanation.en).toMatch(/^\S.*\S$/);
        expect(b.explanation.nl).not.toContain('\n');
        expect(b.explanation.en).not.toMatch(/NaN|undefined|Infinity/);
      }
    }
  });
});
