/**
 * An ISO calendar date inside a sentence (2027-03-01), not part of a longer run of digits; what stands
 * before it is captured rather than looked behind at (Safari before 16.4 has no lookbehind).
 */
const ISO_DATE = /(^|[^\d-])(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])/g;

/**
 * A line of text from the API (a score's explanation) with each ISO date in it written as the reader
 * reads dates (`date`: the i18n formatter, `1 maart 2027`). The API writes the dates as ISO so its lines
 * stay the same in every process and language setting; the page that shows them puts them in words.
 */
export function readableDates(text: string, date: (iso: string) => string): string {
  return text.replace(ISO_DATE, (_whole, before: string, iso: string) => before + date(iso));
}
