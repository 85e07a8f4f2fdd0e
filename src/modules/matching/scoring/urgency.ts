/**
 * Urgency of a practice, separate from fit (DESIGN.md, "Matching"): coordinators sort by it to see which
 * practices risk closing without a successor.
 */
import { DAYS_PER_MONTH, isoDayNumber } from './calendar';
import { NORMPRAKTIJK_PATIENTS } from './criteria';
import { en, nl } from './format';
import type { Explanation, ScoringPractice } from './types';

/**
 * Points per factor, summing to 100. The handover date weighs most: it is the deadline. No introduction
 * under way comes next, since an introduction means someone is already on it. Patients and krimp
 * (shrinking area, harder to fill) raise it further.
 */
export const URGENCY_POINTS = { handover: 40, noIntroduction: 25, patients: 20, krimp: 15 } as const;

/** A handover this far ahead or further adds nothing yet; one today or past due adds everything. */
export const URGENCY_HORIZON_MONTHS = 24;

export type UrgencyFactor = keyof typeof URGENCY_POINTS;

export interface UrgencyItem {
  factor: UrgencyFactor;
  points: number;
  maxPoints: number;
  explanation: Explanation;
}

export type UrgencyPractice = Pick<
  ScoringPractice,
  'handoverFrom' | 'hasIntroductionUnderway' | 'listSize' | 'krimp'
>;

function tenth(points: number): number {
  return Math.round(points * 10) / 10;
}

/** The urgency per factor, each rounded to a tenth and explained; urgency() is their sum. today: ISO date. */
export function urgencyBreakdown(p: UrgencyPractice, today: string): UrgencyItem[] {
  const monthsLeft = (isoDayNumber(p.handoverFrom) - isoDayNumber(today)) / DAYS_PER_MONTH;
  const nearness = Math.min(1, Math.max(0, 1 - monthsLeft / URGENCY_HORIZON_MONTHS));
  // n / (n + 2,095): rises with every patient, half at one normpraktijk, never quite full.
  const patientShare = p.listSize > 0 ? p.listSize / (p.listSize + NORMPRAKTIJK_PATIENTS) : 0;
  const when =
    monthsLeft <= 0
      ? { nl: `Overdracht per ${p.handoverFrom}, nu al`, en: `Handover from ${p.handoverFrom}, already due` }
      : {
          nl: `Overdracht per ${p.handoverFrom}, over ${nl(monthsLeft, 0)} ${nl(monthsLeft, 0) === '1' ? 'maand' : 'maanden'}`,
          en: `Handover from ${p.handoverFrom}, in ${en(monthsLeft, 0)} ${en(monthsLeft, 0) === '1' ? 'month' : 'months'}`,
        };
  return [
    {
      factor: 'handover',
      points: tenth(URGENCY_POINTS.handover * nearness),
      maxPoints: URGENCY_POINTS.handover,
      explanation: when,
    },
    {
      factor: 'noIntroduction',
      points: p.hasIntroductionUnderway ? 0 : URGENCY_POINTS.noIntroduction,
      maxPoints: URGENCY_POINTS.noIntroduction,
      explanation: p.hasIntroductionUnderway
        ? { nl: 'Er loopt al een kennismaking', en: 'An introduction is under way' }
        : { nl: 'Nog geen kennismaking gaande', en: 'No introduction under way yet' },
    },
    {
      factor: 'patients',
      points: tenth(URGENCY_POINTS.patients * patientShare),
      maxPoints: URGENCY_POINTS.patients,
      explanation: { nl: `${nl(p.listSize, 0)} patiënten`, en: `${en(p.listSize, 0)} patients` },
    },
    {
      factor: 'krimp',
      points: p.krimp ? URGENCY_POINTS.krimp : 0,
      maxPoints: URGENCY_POINTS.krimp,
      explanation: p.krimp
        ? { nl: 'In een krimpgebied', en: 'In a shrinking area (krimpgebied)' }
        : { nl: 'Niet in een krimpgebied', en: 'Not in a shrinking area' },
    },
  ];
}

/**
 * 0..100, one decimal; rises as the handover nears, without an introduction under way, with more
 * patients and in a krimpgebied, and never falls when any of these grows.
 */
export function urgency(p: UrgencyPractice, today: string): number {
  // Summed in whole tenths, so the items add up to the total exactly.
  const tenths = urgencyBreakdown(p, today).reduce((sum, item) => sum + Math.round(item.points * 10), 0);
  return tenths / 10;
}
