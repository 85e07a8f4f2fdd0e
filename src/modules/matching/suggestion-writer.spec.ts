import { createHash } from 'node:crypto';
import { contentHash, ExistingSuggestion, staleAmong, staleKeys, SuggestionRow } from './suggestion-writer';

const row: SuggestionRow = {
  starterId: '00000000-0000-4000-8000-000000000001',
  partnerId: null,
  practiceId: '00000000-0000-4000-8000-000000000002',
  regionId: '00000000-0000-4000-8000-000000000003',
  scoreTenths: 734,
  pointsTenths: [166, 160, 80, 120, 60, 100, 0, 0, 40, 8],
  distanceKm: 12.34,
  urgency: 3.5,
  seats: 2,
  patients: 2095,
};

describe('contentHash', () => {
  it('is the stored format: SHA-1 in base64url of the same fields, whichever way Node computes it', () => {
    const text = `7|734|3.5|123|${row.regionId}|166,160,80,120,60,100,0,0,40,8|2|2095`;
    expect(contentHash(row, 7)).toBe(createHash('sha1').update(text).digest('base64url'));
    // A fixed value: changing the format would rewrite every stored suggestion once.
    expect(contentHash(row, 7)).toBe('-uh-_nYnjvPWC6gjNaUc6wp6ZSE');
    expect(contentHash({ ...row, seats: 3 }, 7)).not.toBe(contentHash(row, 7));
  });
});

describe('staleAmong', () => {
  const e = (k: string, w: boolean, b: string | null = null): ExistingSuggestion => ({
    k,
    h: null,
    s: 'x',
    b,
    w,
  });
  it('gives what staleKeys gives for the same covered suggestions', () => {
    const existing = new Map(
      [e('a', true), e('b', true), e('c', false), e('d', true, 'y')].map((x) => [x.k, x]),
    );
    const confirmed = new Set(['b']);
    const covers = (x: ExistingSuggestion): boolean => x.b === null;
    expect(staleAmong([...existing.values()].filter(covers), confirmed)).toEqual(
      staleKeys(existing, covers, confirmed),
    );
    expect(staleAmong([...existing.values()].filter(covers), confirmed)).toEqual(['a']);
  });
});
