/**
 * Scoring one starter against one practice: hard constraints, then weighted soft criteria with a
 * one-line explanation each. Pure and deterministic (DESIGN.md, "Matching"): no clock, no randomness,
 * no I/O, so the same inputs give the same score and text in the API, the worker and the bench.
 */
import { isoDayNumber } from './calendar';
import {
  FORM_BITS,
  anwFraction,
  daysFraction,
  distanceFraction,
  formFraction,
  formsMask,
  partnerWorkFraction,
  regionalTieFraction,
  rolesMask,
  settingCode,
  settingFraction,
  timingFraction,
  trainingFraction,
  workloadFraction,
  workloadRatio,
} from './criteria';
import { explainCriterion } from './explanations';
import { daysPerSuccessor } from './successors';
import {
  CRITERIA,
  type BreakdownItem,
  type Criterion,
  type Explanation,
  type HardConstraint,
  type ScoreResult,
  type ScoringPractice,
  type ScoringStarter,
  type ScoringWeights,
} from './types';

/** Points are counted in tenths (integers) so that they add up to the score exactly. */
export const TENTHS_PER_SCORE = 1000;

/**
 * The hard constraints the pair fails, in a fixed order; empty means it may be suggested.
 * distanceKm is haversineKm(starter home, practice).
 */
export function checkHardConstraints(
  s: ScoringStarter,
  p: ScoringPractice,
  distanceKm: number,
): HardConstraint[] {
  const failed: HardConstraint[] = [];
  // Inclusive: a practice exactly at the maximum travel distance is within it.
  if (!(distanceKm <= s.maxTravelKm || s.preferredRegionIds.includes(p.regionId))) failed.push('place');
  // Inclusive: available on the last day of the handover window still fits (DESIGN.md: D <= T).
  if (!(isoDayNumber(s.availableFrom) <= isoDayNumber(p.handoverTo))) failed.push('time');
  if ((rolesMask(s.roles) & rolesMask(p.successorRoles)) === 0) failed.push('role');
  if (!s.practiceForms.includes(p.practiceForm)) failed.push('form');
  if (p.dispensing && !s.dispensingOk) failed.push('dispensing');
  if (!(s.active && p.published)) failed.push('active');
  return failed;
}

/**
 * Checks weights: every criterion present, a non-negative integer, and not all zero. Weights come from
 * the database, edited by admins; a bad row must fail loudly, not score everything 0.
 */
export function validateWeights(weights: ScoringWeights): void {
  let total = 0;
  for (const criterion of CRITERIA) {
    const w = weights[criterion];
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`Weight of ${criterion} must be a non-negative integer, got ${String(w)}`);
    }
    total += w;
  }
  if (total === 0) throw new RangeError('At least one scoring weight must be positive');
}

/**
 * Each criterion's maximum in tenths of a point, summing to exactly 1000 (100.0 points). Weights summing
 * to 100 map one to one; otherwise they are scaled with the largest-remainder method (ties go to the
 * earlier criterion), so the reported maxPoints still add up to 100 and a zero weight stays zero.
 */
export function maxPointsTenths(weights: ScoringWeights): number[] {
  validateWeights(weights);
  const raw = CRITERIA.map((criterion) => TENTHS_PER_SCORE * weights[criterion]);
  const total = CRITERIA.reduce((sum, criterion) => sum + weights[criterion], 0);
  const tenths = raw.map((r) => Math.floor(r / total));
  let leftover = TENTHS_PER_SCORE - tenths.reduce((sum, t) => sum + t, 0);
  const byRemainder = raw
    .map((r, i) => ({ i, remainder: r % total }))
    .sort((x, y) => y.remainder - x.remainder || x.i - y.i);
  for (const { i } of byRemainder) {
    if (leftover === 0) break;
    tenths[i] += 1;
    leftover -= 1;
  }
  return tenths;
}

/** A fraction 0..1 (NaN counts as 0) of a criterion's maximum, in whole tenths of a point. */
export function pointsTenths(fraction: number, maxTenths: number): number {
  const clamped = fraction > 0 ? (fraction < 1 ? fraction : 1) : 0;
  return Math.round(clamped * maxTenths);
}

/** Every criterion's fraction 0..1, in CRITERIA order. */
export function pairFractions(s: ScoringStarter, p: ScoringPractice, distanceKm: number): number[] {
  const { pohSomaticFte, pohMentalHealthFte, paOrNpFte } = p.staff;
  const practiceSetting = settingCode(p.setting);
  return [
    distanceFraction(distanceKm, s.maxTravelKm, s.preferredRegionIds.includes(p.regionId)),
    daysFraction(s.daysPerWeekMin, s.daysPerWeekMax, daysPerSuccessor(p)),
    formFraction(formsMask(s.practiceForms), FORM_BITS[p.practiceForm]),
    timingFraction(
      isoDayNumber(s.availableFrom),
      isoDayNumber(p.handoverFrom),
      isoDayNumber(p.handoverTo),
      p.transitionMonthsOffered,
      s.transitionMonthsWanted,
    ),
    settingFraction(settingCode(s.setting), practiceSetting),
    regionalTieFraction(s.trainingRegionId === p.regionId, s.homeRegionId === p.regionId),
    workloadFraction(workloadRatio(p.listSize, p.gpCount, pohSomaticFte, pohMentalHealthFte, paOrNpFte)),
    anwFraction(p.anwHoursPerMonth, s.anwHoursPerMonthMax ?? Infinity),
    trainingFraction(s.wantsTrainingPractice, p.isTrainingPractice),
    partnerWorkFraction(s.partnerNeedsWork, practiceSetting),
  ];
}

/**
 * Builds the result from fractions. score = sum of the items' points, which are each criterion's
 * fraction of its (normalised) maximum rounded to a tenth; everything is summed as integer tenths, so
 * sum(points) * 10 === score * 10 and sum(maxPoints) === 100 hold exactly (floating-point addition of the
 * one-decimal numbers themselves may be off in the 15th digit, which is why the invariant is in tenths).
 */
export function assembleScore(
  maxTenths: readonly number[],
  fractions: ArrayLike<number>,
  explain: (criterion: Criterion) => Explanation,
): ScoreResult {
  let total = 0;
  const breakdown: BreakdownItem[] = new Array<BreakdownItem>(CRITERIA.length);
  for (let i = 0; i < CRITERIA.length; i++) {
    const criterion = CRITERIA[i];
    const points = pointsTenths(fractions[i], maxTenths[i]);
    total += points;
    breakdown[i] = {
      criterion,
      points: points / 10,
      maxPoints: maxTenths[i] / 10,
      explanation: explain(criterion),
    };
  }
  return { score: total / 10, breakdown };
}

/**
 * The fit of a starter and a practice, 0..100 with one explained item per criterion. It scores any pair;
 * callers suggest only pairs that pass checkHardConstraints.
 */
export function scorePair(
  s: ScoringStarter,
  p: ScoringPractice,
  distanceKm: number,
  weights: ScoringWeights,
): ScoreResult {
  return assembleScore(maxPointsTenths(weights), pairFractions(s, p, distanceKm), (criterion) =>
    explainCriterion(criterion, s, p, distanceKm),
  );
}
