/**
 * How many successors a practice seeks, and how many patients each takes over. Shared by the days
 * criterion (the need per successor) and the regional plan (a practice's seats and patients per seat).
 */

/**
 * Most days a week one GP works: the profile caps daysPerWeekMax at 5. A full-time GP carries one
 * normpraktijk (2,095 patients) in about that time.
 */
export const MAX_DAYS_PER_WEEK_PER_GP = 5;

/**
 * Seats = ceil(daysPerWeekNeeded / 5), at least 1. One person can cover at most 5 days, so fewer seats
 * cannot meet the need; more would split a post the stopper means for one person (most small practices
 * seek one full-time successor, DESIGN.md "Duos"), and a duo is scored against the whole need instead.
 * So 0.5-5 days is one seat, 5.5-10 days two.
 */
export function successorSeats(p: { daysPerWeekNeeded: number }): number {
  return Math.max(1, Math.ceil(p.daysPerWeekNeeded / MAX_DAYS_PER_WEEK_PER_GP));
}

/** Days a week each successor is asked to work. */
export function daysPerSuccessor(p: { daysPerWeekNeeded: number }): number {
  return p.daysPerWeekNeeded / successorSeats(p);
}

/** Patients a single successor takes over: the list divided evenly over the seats. */
export function patientsPerSuccessor(p: { listSize: number; daysPerWeekNeeded: number }): number {
  return p.listSize / successorSeats(p);
}
