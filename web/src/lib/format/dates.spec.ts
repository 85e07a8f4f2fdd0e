import { readableDates } from './dates';

const words = (iso: string) => `<${iso}>`;

describe('readableDates', () => {
  it('writes every ISO date of an explanation line through the date formatter', () => {
    expect(
      readableDates('Beschikbaar vanaf 2027-03-01, overdracht 2027-01-01 tot 2027-12-31: past direct', words),
    ).toBe('Beschikbaar vanaf <2027-03-01>, overdracht <2027-01-01> tot <2027-12-31>: past direct');
  });

  it('leaves numbers, ranges and text without a date alone', () => {
    for (const text of [
      '12 km van huis, binnen de 50 km',
      '2.095 patiënten',
      'postcode 9401-9402',
      'code 12027-03-015',
      '2027-13-01 is no date',
    ])
      expect(readableDates(text, words)).toBe(text);
  });
});
