/**
 * ISO dates as day numbers, without Date: scoring must not depend on the process's time zone or clock.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Day number of a YYYY-MM-DD date; throws on anything else, since a bad date must not score silently. */
export function isoDayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (m === null) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const first = month >= 1 && month <= 12 ? daysFromCivil(year, month, 1) : NaN;
  const firstOfNext = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  if (Number.isNaN(first) || day < 1 || first + day - 1 >= firstOfNext) {
    throw new RangeError(`Not a calendar date: ${iso}`);
  }
  return daysFromCivil(year, month, day);
}

/** Average Gregorian month, for turning a wait in days into months in explanations and fractions. */
export const DAYS_PER_MONTH = 365.2425 / 12;
