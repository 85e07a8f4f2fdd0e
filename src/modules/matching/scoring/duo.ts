/**
 * Duos (DESIGN.md, "Duos"): most starters want to take over with a partner and most have none yet,
 * while most small practices seek one full-time successor. Two starters looking for a partner are
 * paired, and the pair is scored against a practice as one unit whose days meet the need together.
 */
import { daysFraction, formsMask, rolesMask } from './criteria';
import { explainCriterion, explainDuoDays } from './explanations';
import { assembleScore, checkHardConstraints, maxPointsTenths, pairFractions } from './score';
import {
  CRITERIA,
  HARD_CONSTRAINTS,
  type Criterion,
  type Explanation,
  type HardConstraint,
  type ScoreResult,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
} from './types';

/** Why two starters cannot form a duo. */
export type DuoConstraint = 'same_starter' | 'looking' | 'active' | 'place' | 'form' | 'role';

/** Why a duo cannot take over a practice: a member's hard constraint, or days that do not add up. */
export type DuoHardConstraint = HardConstraint | 'days';

/**
 * The reasons a and b are not compatible duo partners; empty means compatible. homeDistanceKm is
 * haversineKm between their homes. Both must look for a partner and be active, accept a common practice
 * form and a common role, and live within the smaller of their travel distances of each other or share
 * a preferred region (otherwise no practice could suit both).
 */
export function checkDuoCompatible(
  a: ScoringStarter,
  b: ScoringStarter,
  homeDistanceKm: number,
): DuoConstraint[] {
  const failed: DuoConstraint[] = [];
  if (a.id === b.id) failed.push('same_starter');
  if (!(a.lookingForDuoPartner && b.lookingForDuoPartner)) failed.push('looking');
  if (!(a.active && b.active)) failed.push('active');
  const sharedRegion = a.preferredRegionIds.some((regionId) => b.preferredRegionIds.includes(regionId));
  if (!(homeDistanceKm <= Math.min(a.maxTravelKm, b.maxTravelKm) || sharedRegion)) failed.push('place');
  if ((formsMask(a.practiceForms) & formsMask(b.practiceForms)) === 0) failed.push('form');
  if ((rolesMask(a.roles) & rolesMask(b.roles)) === 0) failed.push('role');
  return failed;
}

/**
 * The reasons the duo a+b cannot take over p; empty means it passes. Each member must pass the place,
 * time, form, dispensing and active constraints and want a role the practice offers, and the practice's
 * need must lie within their combined days: min(a)+min(b) <= need <= max(a)+max(b).
 */
export function checkDuoHardConstraints(
  a: ScoringStarter,
  b: ScoringStarter,
  p: ScoringPractice,
  distanceAKm: number,
  distanceBKm: number,
): DuoHardConstraint[] {
  const failedA = checkHardConstraints(a, p, distanceAKm);
  const failedB = checkHardConstraints(b, p, distanceBKm);
  const failed: DuoHardConstraint[] = HARD_CONSTRAINTS.filter(
    (c) => failedA.includes(c) || failedB.includes(c),
  );
  const need = p.daysPerWeekNeeded;
  if (!(a.daysPerWeekMin + b.daysPerWeekMin <= need && need <= a.daysPerWeekMax + b.daysPerWeekMax))
    failed.push('days');
  return failed;
}

function combineExplanations(criterion: Criterion, ea: Explanation, eb: Explanation): Explanation {
  if (ea.nl === eb.nl && ea.en === eb.en) {
    // Workload describes only the practice; "both" would read oddly there.
    return criterion === 'workload' ? ea : { nl: `Beiden: ${ea.nl}`, en: `Both: ${ea.en}` };
  }
  return { nl: `A: ${ea.nl} · B: ${eb.nl}`, en: `A: ${ea.en} · B: ${eb.en}` };
}

/**
 * The fit of the duo a+b with p, in the same shape as scorePair: the days criterion compares their
 * combined range with the practice's whole need; every other criterion is the mean of the two members'
 * fractions (averaged before rounding, so the duo loses no precision to each member's rounding).
 */
export function scoreDuo(
  a: ScoringStarter,
  b: ScoringStarter,
  p: ScoringPractice,
  distanceAKm: number,
  distanceBKm: number,
  weights: ScoringWeights,
): ScoreResult {
  const fa = pairFractions(a, p, distanceAKm);
  const fb = pairFractions(b, p, distanceBKm);
  const daysIndex = CRITERIA.indexOf('days');
  const fractions = fa.map((f, i) =>
    i === daysIndex
      ? daysFraction(
          a.daysPerWeekMin + b.daysPerWeekMin,
          a.daysPerWeekMax + b.daysPerWeekMax,
          p.daysPerWeekNeeded,
        )
      : (f + fb[i]) / 2,
  );
  return assembleScore(maxPointsTenths(weights), fractions, (criterion) =>
    criterion === 'days'
      ? explainDuoDays(
          a.daysPerWeekMin + b.daysPerWeekMin,
          a.daysPerWeekMax + b.daysPerWeekMax,
          p.daysPerWeekNeeded,
        )
      : combineExplanations(
          criterion,
          explainCriterion(criterion, a, p, distanceAKm),
          explainCriterion(criterion, b, p, distanceBKm),
        ),
  );
}
