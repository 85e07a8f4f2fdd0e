import { makePractice } from './scoring.fixtures';
import { timingWaitPart } from './explanations';
import { urgency, urgencyBreakdown } from './urgency';

const today = '2026-01-01';

describe('urgency', () => {
  it('is 0..100: highest for an overdue, large krimp practice without introduction, near 0 for the opposite', () => {
    const urgent = makePractice({
      handoverFrom: '2025-06-01',
      hasIntroductionUnderway: false,
      listSize: 20000,
      krimp: true,
    });
    const calm = makePractice({
      handoverFrom: '2030-01-01',
      hasIntroductionUnderway: true,
      listSize: 1,
      krimp: false,
    });
    expect(urgency(urgent, today)).toBeGreaterThan(98);
    expect(urgency(urgent, today)).toBeLessThanOrEqual(100);
    expect(urgency(calm, today)).toBe(0);
  });

  it('rises as the handover nears', () => {
    const dates = [
      '2029-01-01',
      '2027-06-01',
      '2027-01-01',
      '2026-06-01',
      '2026-01-02',
      '2026-01-01',
      '2025-01-01',
    ];
    const values = dates.map((handoverFrom) => urgency(makePractice({ handoverFrom }), today));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(values[3]).toBeGreaterThan(values[1]);
  });

  it('is higher without an introduction under way, with more patients and in a krimpgebied', () => {
    const base = makePractice({ handoverFrom: '2026-09-01' });
    expect(urgency({ ...base, hasIntroductionUnderway: false }, today)).toBeGreaterThan(
      urgency({ ...base, hasIntroductionUnderway: true }, today),
    );
    expect(urgency({ ...base, krimp: true }, today)).toBeGreaterThan(
      urgency({ ...base, krimp: false }, today),
    );
    const sizes = [100, 1000, 2095, 3000, 6000, 20000];
    const values = sizes.map((listSize) => urgency({ ...base, listSize }, today));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
  });

  it('explains each factor and adds the items up to the total', () => {
    const p = makePractice({ handoverFrom: '2026-07-01', listSize: 2095, krimp: true });
    const items = urgencyBreakdown(p, today);
    expect(items.map((i) => i.factor)).toEqual(['handover', 'noIntroduction', 'patients', 'krimp']);
    expect(items[0].explanation.nl).toBe('Overdracht per 2026-07-01, over 6 maanden');
    expect(items[2].points).toBe(10);
    expect(items.reduce((sum, i) => sum + Math.round(i.points * 10), 0)).toBe(
      Math.round(urgency(p, today) * 10),
    );
  });

  it('says one month in the singular, in both languages', () => {
    const p = makePractice({ handoverFrom: '2026-02-01' });
    const [handover] = urgencyBreakdown(p, '2026-01-01');
    expect(handover.explanation).toEqual({
      nl: 'Overdracht per 2026-02-01, over 1 maand',
      en: 'Handover from 2026-02-01, in 1 month',
    });
    expect(timingWaitPart(31).nl).toBe('1 maand wachten');
    expect(timingWaitPart(62).nl).toBe('2 maanden wachten');
    expect(timingWaitPart(10).nl).toBe('0,3 maanden wachten');
  });
});
