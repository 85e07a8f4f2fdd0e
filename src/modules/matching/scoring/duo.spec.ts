import { checkDuoCompatible, checkDuoHardConstraints, scoreDuo } from './duo';
import { scorePair } from './score';
import { makePractice, makeStarter } from './scoring.fixtures';
import { DEFAULT_WEIGHTS } from './types';

const a = makeStarter({ id: 'a', lookingForDuoPartner: true, daysPerWeekMin: 2, daysPerWeekMax: 3 });
const b = makeStarter({ id: 'b', lookingForDuoPartner: true, daysPerWeekMin: 2.5, daysPerWeekMax: 3 });

describe('checkDuoCompatible', () => {
  it('accepts two active starters looking for a partner with shared forms and roles who live close', () => {
    expect(checkDuoCompatible(a, b, 10)).toEqual([]);
  });

  it('requires both to be looking for a partner and active', () => {
    expect(checkDuoCompatible(a, { ...b, lookingForDuoPartner: false }, 10)).toEqual(['looking']);
    expect(checkDuoCompatible({ ...a, active: false }, b, 10)).toEqual(['active']);
  });

  it('refuses a starter as their own partner', () => {
    expect(checkDuoCompatible(a, a, 0)).toEqual(['same_starter']);
  });

  it('requires homes within the smaller travel distance, or a shared preferred region', () => {
    const near = { ...a, maxTravelKm: 40 };
    const far = { ...b, maxTravelKm: 20 };
    expect(checkDuoCompatible(near, far, 20)).toEqual([]);
    expect(checkDuoCompatible(near, far, 20.5)).toEqual(['place']);
    expect(
      checkDuoCompatible(
        { ...near, preferredRegionIds: ['zeeland', 'limburg'] },
        { ...far, preferredRegionIds: ['limburg'] },
        90,
      ),
    ).toEqual([]);
  });

  it('requires a shared practice form and a shared role', () => {
    expect(
      checkDuoCompatible({ ...a, practiceForms: ['solo'] }, { ...b, practiceForms: ['group'] }, 0),
    ).toEqual(['form']);
    expect(checkDuoCompatible({ ...a, roles: ['employed'] }, { ...b, roles: ['holder'] }, 0)).toEqual([
      'role',
    ]);
  });
});

describe('checkDuoHardConstraints', () => {
  const fullTime = makePractice({ daysPerWeekNeeded: 5 });

  it('passes a practice whose need the two meet together though neither alone could', () => {
    expect(checkDuoHardConstraints(a, b, fullTime, 0, 0)).toEqual([]);
  });

  it('fails when the need exceeds their combined maximum or falls below their combined minimum', () => {
    expect(checkDuoHardConstraints(a, b, makePractice({ daysPerWeekNeeded: 6 }), 0, 0)).toEqual([]);
    expect(checkDuoHardConstraints(a, b, makePractice({ daysPerWeekNeeded: 6.5 }), 0, 0)).toEqual(['days']);
    expect(checkDuoHardConstraints(a, b, makePractice({ daysPerWeekNeeded: 4.5 }), 0, 0)).toEqual([]);
    expect(checkDuoHardConstraints(a, b, makePractice({ daysPerWeekNeeded: 4 }), 0, 0)).toEqual(['days']);
  });

  it('fails when either member fails a hard constraint', () => {
    expect(checkDuoHardConstraints(a, b, fullTime, 0, 31)).toEqual(['place']);
    expect(checkDuoHardConstraints({ ...a, roles: ['employed'] }, b, fullTime, 0, 0)).toEqual(['role']);
    expect(checkDuoHardConstraints(a, { ...b, availableFrom: '2027-01-01' }, fullTime, 0, 0)).toEqual([
      'time',
    ]);
    expect(checkDuoHardConstraints(a, { ...b, practiceForms: ['solo'] }, fullTime, 0, 0)).toEqual(['form']);
    expect(
      checkDuoHardConstraints(a, b, makePractice({ daysPerWeekNeeded: 5, dispensing: true }), 0, 0),
    ).toEqual(['dispensing']);
    expect(checkDuoHardConstraints({ ...a, active: false }, b, fullTime, 0, 0)).toEqual(['active']);
  });
});

describe('scoreDuo', () => {
  const fullTime = makePractice({ daysPerWeekNeeded: 5, setting: 'rural' });

  it('scores days on the combined range against the whole need', () => {
    const duo = scoreDuo(a, b, fullTime, 0, 0, DEFAULT_WEIGHTS);
    const days = duo.breakdown.find((item) => item.criterion === 'days');
    expect(days?.points).toBe(16);
    expect(days?.explanation.nl).toBe('Samen 4,5–6 dagen per week; de praktijk zoekt 5 dagen');
    // Alone, 5 days is 2 days above a's maximum of 3: no days points.
    expect(
      scorePair(a, fullTime, 0, DEFAULT_WEIGHTS).breakdown.find((item) => item.criterion === 'days')?.points,
    ).toBe(0);
  });

  it("averages the members' other criteria", () => {
    const urban = { ...a, setting: 'urban' as const, maxTravelKm: 20 };
    const rural = { ...b, setting: 'rural' as const, maxTravelKm: 20 };
    const duo = scoreDuo(urban, rural, fullTime, 10, 0, DEFAULT_WEIGHTS);
    const byCriterion = Object.fromEntries(duo.breakdown.map((item) => [item.criterion, item]));
    expect(byCriterion.setting.points).toBe(3);
    // Distance fractions 0.75 and 1 average to 0.875 of 18.
    expect(byCriterion.distance.points).toBe(15.8);
    expect(byCriterion.setting.explanation.en).toBe(
      'A: Rural practice; you prefer urban · B: Rural practice, as you prefer',
    );
    expect(byCriterion.training.explanation.en).toBe(
      'Both: Not a training practice; you expressed no wish about it',
    );
    const tenths = duo.breakdown.reduce((sum, item) => sum + Math.round(item.points * 10), 0);
    expect(tenths).toBe(Math.round(duo.score * 10));
  });

  it('gives the same score whichever member comes first', () => {
    const other = { ...b, anwHoursPerMonthMax: 2, partnerNeedsWork: true };
    expect(scoreDuo(a, other, fullTime, 3, 7, DEFAULT_WEIGHTS).score).toBe(
      scoreDuo(other, a, fullTime, 7, 3, DEFAULT_WEIGHTS).score,
    );
  });
});
