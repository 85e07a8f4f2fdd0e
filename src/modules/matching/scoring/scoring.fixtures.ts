/**
 * Test data for the scoring specs: small factories with sensible defaults (a starter and a practice that
 * match perfectly) and a seeded generator for property tests. Not used by production code.
 */
import {
  PRACTICE_FORMS,
  SUCCESSOR_ROLES,
  type PracticeForm,
  type ScoringPractice,
  type ScoringStarter,
  type SuccessorRole,
} from './types';

/** mulberry32: a tiny, fast PRNG whose sequence depends only on the seed. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const UTRECHT = { lat: 52.0907, lon: 5.1214 };

export function makeStarter(overrides: Partial<ScoringStarter> = {}): ScoringStarter {
  return {
    id: 'starter-1',
    homeLat: UTRECHT.lat,
    homeLon: UTRECHT.lon,
    homeRegionId: 'utrecht',
    maxTravelKm: 30,
    preferredRegionIds: [],
    daysPerWeekMin: 3,
    daysPerWeekMax: 4,
    practiceForms: ['duo', 'group'],
    roles: ['holder', 'partner'],
    availableFrom: '2026-01-01',
    transitionMonthsWanted: 3,
    setting: 'any',
    dispensingOk: false,
    anwHoursPerMonthMax: null,
    wantsTrainingPractice: false,
    trainingRegionId: 'utrecht',
    lookingForDuoPartner: false,
    partnerNeedsWork: false,
    active: true,
    careerStage: 'aios',
    ...overrides,
  };
}

export function makePractice(overrides: Partial<ScoringPractice> = {}): ScoringPractice {
  return {
    id: 'practice-1',
    lat: UTRECHT.lat,
    lon: UTRECHT.lon,
    regionId: 'utrecht',
    krimp: false,
    listSize: 2095,
    practiceForm: 'duo',
    gpCount: 1,
    daysPerWeekNeeded: 4,
    setting: 'urban',
    successorRoles: ['holder'],
    handoverFrom: '2026-01-01',
    handoverTo: '2026-12-31',
    transitionMonthsOffered: 6,
    dispensing: false,
    isTrainingPractice: false,
    anwHoursPerMonth: 8,
    staff: { pohSomaticFte: 0, pohMentalHealthFte: 0, assistantsFte: 2, paOrNpFte: 0 },
    published: true,
    hasIntroductionUnderway: false,
    ...overrides,
  };
}

const REGIONS = ['utrecht', 'noord-holland', 'zuid-holland', 'gelderland'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function subset<T>(rand: () => number, items: readonly T[]): T[] {
  const chosen = items.filter(() => rand() < 0.45);
  return chosen.length > 0 ? chosen : [pick(rand, items)];
}

function date(rand: () => number, fromYear: number, years: number): string {
  const year = fromYear + Math.floor(rand() * years);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function halfDays(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * ((max - min) * 2 + 1)) / 2;
}

/** A random starter within about 70 by 70 km around Utrecht, so many pairs pass and many fail. */
export function randomStarter(rand: () => number, id: string): ScoringStarter {
  const daysA = halfDays(rand, 0.5, 5);
  const daysB = halfDays(rand, 0.5, 5);
  return makeStarter({
    id,
    homeLat: 51.8 + rand() * 0.6,
    homeLon: 4.6 + rand() * 1.0,
    homeRegionId: rand() < 0.1 ? null : pick(rand, REGIONS),
    maxTravelKm: rand() < 0.05 ? 0 : Math.round(rand() * 60),
    preferredRegionIds: REGIONS.filter(() => rand() < 0.15),
    daysPerWeekMin: Math.min(daysA, daysB),
    daysPerWeekMax: Math.max(daysA, daysB),
    practiceForms: subset<PracticeForm>(rand, PRACTICE_FORMS),
    roles: subset<SuccessorRole>(rand, SUCCESSOR_ROLES),
    availableFrom: date(rand, 2025, 4),
    transitionMonthsWanted: Math.floor(rand() * 13),
    setting: pick(rand, ['urban', 'rural', 'any'] as const),
    dispensingOk: rand() < 0.5,
    anwHoursPerMonthMax: rand() < 0.3 ? null : Math.floor(rand() * 20),
    wantsTrainingPractice: rand() < 0.4,
    trainingRegionId: rand() < 0.2 ? null : pick(rand, REGIONS),
    lookingForDuoPartner: rand() < 0.5,
    partnerNeedsWork: rand() < 0.5,
    active: rand() < 0.9,
    careerStage: pick(rand, ['aios', 'hidha', 'waarnemer', 'gp'] as const),
  });
}

export function randomPractice(rand: () => number, id: string): ScoringPractice {
  const handoverFrom = date(rand, 2025, 4);
  const handoverTo = rand() < 0.2 ? handoverFrom : date(rand, Number(handoverFrom.slice(0, 4)), 3);
  return makePractice({
    id,
    lat: 51.8 + rand() * 0.6,
    lon: 4.6 + rand() * 1.0,
    regionId: pick(rand, REGIONS),
    krimp: rand() < 0.1,
    listSize: 500 + Math.floor(rand() * 9000),
    practiceForm: pick(rand, PRACTICE_FORMS),
    gpCount: 1 + Math.floor(rand() * 4),
    daysPerWeekNeeded: halfDays(rand, 0.5, 10),
    setting: rand() < 0.6 ? 'urban' : 'rural',
    successorRoles: subset<SuccessorRole>(rand, SUCCESSOR_ROLES),
    handoverFrom,
    handoverTo: handoverTo < handoverFrom ? handoverFrom : handoverTo,
    transitionMonthsOffered: Math.floor(rand() * 13),
    dispensing: rand() < 0.15,
    isTrainingPractice: rand() < 0.3,
    anwHoursPerMonth: Math.floor(rand() * 30),
    staff: {
      pohSomaticFte: Math.round(rand() * 20) / 10,
      pohMentalHealthFte: Math.round(rand() * 10) / 10,
      assistantsFte: Math.round(rand() * 40) / 10,
      paOrNpFte: rand() < 0.7 ? 0 : Math.round(rand() * 10) / 10,
    },
    published: rand() < 0.9,
    hasIntroductionUnderway: rand() < 0.3,
  });
}
