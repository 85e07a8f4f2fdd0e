/**
 * Input and output types of the pure matching core. The inputs mirror the API contract's starter profile
 * and practice (DESIGN.md, "API contract"), with postcodes already resolved to PC4 centroids and region ids,
 * so scoring needs no I/O.
 */

export type PracticeForm = 'solo' | 'duo' | 'group' | 'health_centre';
export const PRACTICE_FORMS: readonly PracticeForm[] = ['solo', 'duo', 'group', 'health_centre'];

export type SuccessorRole = 'holder' | 'partner' | 'employed' | 'employed_then_holder' | 'locum_then_holder';
export const SUCCESSOR_ROLES: readonly SuccessorRole[] = [
  'holder',
  'partner',
  'employed',
  'employed_then_holder',
  'locum_then_holder',
];

export type StarterSetting = 'urban' | 'rural' | 'any';
export type PracticeSetting = 'urban' | 'rural';
export type CareerStage = 'aios' | 'hidha' | 'waarnemer' | 'gp';

export interface ScoringStarter {
  id: string;
  homeLat: number;
  homeLon: number;
  /** Region of the home PC4; null when the PC4 lies in no region an operator defined. */
  homeRegionId: string | null;
  maxTravelKm: number;
  preferredRegionIds: string[];
  daysPerWeekMin: number;
  daysPerWeekMax: number;
  practiceForms: PracticeForm[];
  roles: SuccessorRole[];
  /** ISO date, YYYY-MM-DD. */
  availableFrom: string;
  transitionMonthsWanted: number;
  setting: StarterSetting;
  /** Accepts an apotheekhoudende (dispensing) practice. */
  dispensingOk: boolean;
  /** Most ANW hours (out-of-hours shifts) a month the starter accepts; null = no limit. */
  anwHoursPerMonthMax: number | null;
  wantsTrainingPractice: boolean;
  trainingRegionId: string | null;
  lookingForDuoPartner: boolean;
  partnerNeedsWork: boolean;
  active: boolean;
  careerStage: CareerStage;
}

export interface PracticeStaff {
  pohSomaticFte: number;
  pohMentalHealthFte: number;
  assistantsFte: number;
  paOrNpFte: number;
}

export interface ScoringPractice {
  id: string;
  lat: number;
  lon: number;
  regionId: string;
  /** Lies in a krimpgebied (shrinking area), which makes a successor harder to find. */
  krimp: boolean;
  listSize: number;
  practiceForm: PracticeForm;
  gpCount: number;
  daysPerWeekNeeded: number;
  setting: PracticeSetting;
  successorRoles: SuccessorRole[];
  /** ISO dates, YYYY-MM-DD, handoverFrom <= handoverTo. */
  handoverFrom: string;
  handoverTo: string;
  transitionMonthsOffered: number;
  /** Apotheekhoudend: the GP also runs the pharmacy. */
  dispensing: boolean;
  /** Opleidingspraktijk: the holder supervises GP trainees. */
  isTrainingPractice: boolean;
  anwHoursPerMonth: number;
  staff: PracticeStaff;
  published: boolean;
  hasIntroductionUnderway: boolean;
}

export type Criterion =
  | 'distance'
  | 'days'
  | 'form'
  | 'timing'
  | 'setting'
  | 'regional_tie'
  | 'workload'
  | 'anw'
  | 'training'
  | 'partner_work';

/** The order criteria appear in every breakdown. */
export const CRITERIA: readonly Criterion[] = [
  'distance',
  'days',
  'form',
  'timing',
  'setting',
  'regional_tie',
  'workload',
  'anw',
  'training',
  'partner_work',
];

/** Non-negative integer weight per criterion; they need not sum to 100 (scores are normalised). */
export type ScoringWeights = Record<Criterion, number>;

/**
 * Defaults, summing to 100. Distance and days per week come first because they are what starters name
 * first (nearby, 3-4 days a week); timing next, since a handover years away is no offer for someone
 * available now. Regional tie and partner's work weigh as much as workload: most trainees settle where
 * they trained, and a partner without work is a common reason a settled GP leaves again.
 */
export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  distance: 18,
  days: 16,
  form: 8,
  timing: 12,
  setting: 6,
  regional_tie: 10,
  workload: 10,
  anw: 6,
  training: 4,
  partner_work: 10,
});

export interface Explanation {
  nl: string;
  en: string;
}

export interface BreakdownItem {
  criterion: Criterion;
  /** One decimal; the breakdown's points add up to the score (exactly, counted in tenths). */
  points: number;
  /** One decimal; the breakdown's maxPoints add up to 100 (exactly, counted in tenths). */
  maxPoints: number;
  explanation: Explanation;
}

export interface ScoreResult {
  /** 0..100, one decimal. */
  score: number;
  breakdown: BreakdownItem[];
}

export type HardConstraint = 'place' | 'time' | 'role' | 'form' | 'dispensing' | 'active';

/** Hard constraints in the order checkHardConstraints reports them. */
export const HARD_CONSTRAINTS: readonly HardConstraint[] = [
  'place',
  'time',
  'role',
  'form',
  'dispensing',
  'active',
];
