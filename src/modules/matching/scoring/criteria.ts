/**
 * The soft criteria as fractions 0..1 of their weight, on plain numbers so the object path (scorePair)
 * and the compiled bulk path (scoreAll) call the very same arithmetic and agree to the last bit.
 */
import { DAYS_PER_MONTH } from './calendar';
import type { PracticeForm, PracticeSetting, StarterSetting, SuccessorRole } from './types';

/** Normpraktijk: the reference list size of one full-time GP, 2,095 registered patients (DESIGN.md glossary). */
export const NORMPRAKTIJK_PATIENTS = 2095;

/**
 * GP capacity one fte of support staff frees, in fte of a GP. Working assumptions to tune with the
 * coordinators (there is no national norm): a PA or VS sees patients on their own, a POH-S takes over
 * routine chronic care (diabetes, COPD, cardiovascular risk), a POH-GGZ mental-health consultations.
 */
export const GP_FTE_FREED_PER_PA_OR_NP_FTE = 0.5;
export const GP_FTE_FREED_PER_POH_SOMATIC_FTE = 0.3;
export const GP_FTE_FREED_PER_POH_MENTAL_HEALTH_FTE = 0.2;

/** Load at which the workload criterion reaches zero: half again a normpraktijk per effective GP. */
export const WORKLOAD_RATIO_ZERO = 1.5;

/** A wait this long between availability and the handover window's start earns no timing points. */
export const TIMING_WAIT_ZERO_MONTHS = 24;

/** Days per week off the wish at which the days criterion reaches zero (half the points per day). */
export const DAYS_GAP_ZERO = 2;

/**
 * A pair admitted only through a preferred region (beyond the travel distance) still earns a quarter:
 * the starter named that region, but said they would not travel that far from home. Inside the radius
 * the points fall linearly from full at home to half at the maximum, so any pair inside outranks one
 * outside.
 */
export const DISTANCE_AT_MAX_FRACTION = 0.5;
export const DISTANCE_PREFERRED_REGION_ONLY_FRACTION = 0.25;

/** Solo practice for a starter who also accepts shared forms: acceptable, not what young GPs mostly seek. */
export const SOLO_WHEN_SHARED_ACCEPTED_FRACTION = 0.5;

/** Living in the region ties a starter less than training there: most trainees settle where they trained. */
export const LIVES_IN_REGION_FRACTION = 0.75;

/** A partner finds work less easily around a rural practice. */
export const RURAL_PARTNER_WORK_FRACTION = 0.5;

export const FORM_BITS: Readonly<Record<PracticeForm, number>> = {
  solo: 1,
  duo: 2,
  group: 4,
  health_centre: 8,
};
export const ROLE_BITS: Readonly<Record<SuccessorRole, number>> = {
  holder: 1,
  partner: 2,
  employed: 4,
  employed_then_holder: 8,
  locum_then_holder: 16,
};

export function formsMask(forms: readonly PracticeForm[]): number {
  let mask = 0;
  for (const form of forms) mask |= FORM_BITS[form];
  return mask;
}

export function rolesMask(roles: readonly SuccessorRole[]): number {
  let mask = 0;
  for (const role of roles) mask |= ROLE_BITS[role];
  return mask;
}

export const SETTING_URBAN = 0;
export const SETTING_RURAL = 1;
export const SETTING_ANY = 2;

export function settingCode(setting: StarterSetting | PracticeSetting): number {
  return setting === 'urban' ? SETTING_URBAN : setting === 'rural' ? SETTING_RURAL : SETTING_ANY;
}

export function distanceFraction(
  distanceKm: number,
  maxTravelKm: number,
  inPreferredRegion: boolean,
): number {
  if (distanceKm <= maxTravelKm) {
    return maxTravelKm > 0 ? 1 - (1 - DISTANCE_AT_MAX_FRACTION) * (distanceKm / maxTravelKm) : 1;
  }
  return inPreferredRegion ? DISTANCE_PREFERRED_REGION_ONLY_FRACTION : 0;
}

/** How far (days a week) the need lies outside the wished range; 0 inside it. */
export function daysGap(daysMin: number, daysMax: number, need: number): number {
  return need < daysMin ? daysMin - need : need > daysMax ? need - daysMax : 0;
}

export function daysFraction(daysMin: number, daysMax: number, need: number): number {
  return Math.max(0, 1 - daysGap(daysMin, daysMax, need) / DAYS_GAP_ZERO);
}

export function formFraction(starterForms: number, practiceFormBit: number): number {
  if ((starterForms & practiceFormBit) === 0) return 0;
  return practiceFormBit === FORM_BITS.solo && starterForms !== FORM_BITS.solo
    ? SOLO_WHEN_SHARED_ACCEPTED_FRACTION
    : 1;
}

/** Days the starter waits for the handover window to open; 0 when they become available inside it. */
export function waitDays(availableDay: number, handoverFromDay: number): number {
  return Math.max(0, handoverFromDay - availableDay);
}

/**
 * Two thirds for how soon availability and the handover window meet (full when the starter becomes
 * available inside the window, nothing after a 24-month wait or when the window closed first), one third
 * for the transition period (full when the stopper offers at least the months the starter wants).
 */
export function timingFraction(
  availableDay: number,
  handoverFromDay: number,
  handoverToDay: number,
  monthsOffered: number,
  monthsWanted: number,
): number {
  const datePart =
    availableDay > handoverToDay
      ? 0
      : Math.max(0, 1 - waitDays(availableDay, handoverFromDay) / (TIMING_WAIT_ZERO_MONTHS * DAYS_PER_MONTH));
  const transitionPart =
    monthsWanted <= 0 || monthsOffered >= monthsWanted ? 1 : Math.max(0, monthsOffered) / monthsWanted;
  return (2 * datePart + transitionPart) / 3;
}

export function settingFraction(starterSetting: number, practiceSetting: number): number {
  return starterSetting === SETTING_ANY || starterSetting === practiceSetting ? 1 : 0;
}

export function regionalTieFraction(trainedInRegion: boolean, livesInRegion: boolean): number {
  return trainedInRegion ? 1 : livesInRegion ? LIVES_IN_REGION_FRACTION : 0;
}

/** GP fte the practice effectively has: its GPs plus what support staff take off their hands. */
export function effectiveGpFte(
  gpCount: number,
  pohSomaticFte: number,
  pohMentalHealthFte: number,
  paOrNpFte: number,
): number {
  return (
    gpCount +
    GP_FTE_FREED_PER_POH_SOMATIC_FTE * pohSomaticFte +
    GP_FTE_FREED_PER_POH_MENTAL_HEALTH_FTE * pohMentalHealthFte +
    GP_FTE_FREED_PER_PA_OR_NP_FTE * paOrNpFte
  );
}

/** Patients per effective GP as a share of the normpraktijk (1 = exactly 2,095). */
export function workloadRatio(
  listSize: number,
  gpCount: number,
  pohSomaticFte: number,
  pohMentalHealthFte: number,
  paOrNpFte: number,
): number {
  return (
    listSize / (effectiveGpFte(gpCount, pohSomaticFte, pohMentalHealthFte, paOrNpFte) * NORMPRAKTIJK_PATIENTS)
  );
}

/** Full up to the normpraktijk per effective GP, falling linearly to nothing at 1.5 times it. */
export function workloadFraction(ratio: number): number {
  return ratio <= 1 ? 1 : Math.max(0, (WORKLOAD_RATIO_ZERO - ratio) / (WORKLOAD_RATIO_ZERO - 1));
}

/** maxHours is Infinity when the starter set no limit; beyond it, the share of the hours they accept. */
export function anwFraction(practiceHours: number, maxHours: number): number {
  return practiceHours <= maxHours ? 1 : Math.max(0, maxHours) / practiceHours;
}

export function trainingFraction(wantsTrainingPractice: boolean, isTrainingPractice: boolean): number {
  return !wantsTrainingPractice || isTrainingPractice ? 1 : 0;
}

export function partnerWorkFraction(partnerNeedsWork: boolean, practiceSetting: number): number {
  return !partnerNeedsWork || practiceSetting === SETTING_URBAN ? 1 : RURAL_PARTNER_WORK_FRACTION;
}
