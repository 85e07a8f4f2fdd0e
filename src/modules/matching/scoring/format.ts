/**
 * Number formatting for explanations, written out instead of Intl so the text is the same in every Node
 * build (small-icu builds format differently) and every process: scoring must be deterministic. Integer
 * arithmetic only, because bulk scoring formats some twenty numbers per pair.
 */

export type Locale = 'nl' | 'en';

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

function groupThousands(whole: number, separator: string): string {
  if (whole < 1000) return String(whole);
  let rest = whole;
  let text = '';
  while (rest >= 1000) {
    const group = rest % 1000;
    text = separator + (group < 10 ? '00' : group < 100 ? '0' : '') + String(group) + text;
    rest = Math.floor(rest / 1000);
  }
  return String(rest) + text;
}

/** Rounds to at most maxDecimals (0..6), drops trailing zeros, groups thousands: nl 2.095 / 4,5, en 2,095 / 4.5. */
export function formatNumber(value: number, maxDecimals: number, locale: Locale): string {
  const scale = POWERS_OF_TEN[maxDecimals];
  const scaled = Math.round(Math.abs(value) * scale);
  if (!Number.isSafeInteger(scaled) || scale === undefined) return String(value);
  const whole = Math.floor(scaled / scale);
  let fraction = scaled - whole * scale;
  let text = groupThousands(whole, locale === 'nl' ? '.' : ',');
  if (fraction !== 0) {
    let digits = maxDecimals;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    text += (locale === 'nl' ? ',' : '.') + String(fraction).padStart(digits, '0');
  }
  return value < 0 && scaled !== 0 ? '-' + text : text;
}

/** Shorthands for the two locales every explanation carries. */
export function nl(value: number, maxDecimals = 1): string {
  return formatNumber(value, maxDecimals, 'nl');
}

export function en(value: number, maxDecimals = 1): string {
  return formatNumber(value, maxDecimals, 'en');
}
