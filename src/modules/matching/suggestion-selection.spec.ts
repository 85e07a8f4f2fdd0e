import { haversineKm, maxPointsTenths, scoreDuo, scorePair, DEFAULT_WEIGHTS } from './scoring';
import { makePractice, makeStarter } from './scoring/scoring.fixtures';
import {
  bestOf,
  compactBreakdown,
  duoPointsOnly,
  pointsOnly,
  selectSuggestions,
} from './suggestion-selection';

describe('suggestion selection', () => {
  const c = (starterId: string, practiceId: string, score: number, partnerId: string | null = null) => ({
    starterId,
    partnerId,
    practiceId,
    score,
  });

  it('keeps the best per starter (or duo) at or above the minimum score, ties by practice id', () => {
    const kept = selectSuggestions(
      [
        c('s1', 'p3', 80),
        c('s1', 'p1', 80),
        c('s1', 'p2', 90),
        c('s1', 'p4', 39.9),
        c('s2', 'p1', 40),
        c('s1', 'p5', 60, 's9'),
      ],
      2,
    );
    expect(kept.map((k) => `${k.starterId}/${k.partnerId ?? '-'}/${k.practiceId}`)).toEqual([
      's1/-/p2',
      's1/-/p1',
      's2/-/p1',
      's1/s9/p5',
    ]);
  });

  it('ranks one list the same way selectSuggestions ranks a group', () => {
    const items = [c('s', 'b', 70), c('s', 'a', 70), c('s', 'c', 95), c('s', 'd', 10)];
    expect(bestOf(items, 2, (x) => x.practiceId)).toEqual(selectSuggestions(items, 2));
  });

  it('stores exactly the points scorePair and scoreDuo compute, without their text', () => {
    const a = makeStarter({ id: 'a', daysPerWeekMin: 2, daysPerWeekMax: 3, lookingForDuoPartner: true });
    const b = makeStarter({ id: 'b', daysPerWeekMin: 2, daysPerWeekMax: 3, lookingForDuoPartner: true });
    const p = makePractice({ daysPerWeekNeeded: 6 });
    const dA = haversineKm(a.homeLat, a.homeLon, p.lat, p.lon);
    const dB = haversineKm(b.homeLat, b.homeLon, p.lat, p.lon);
    const max = maxPointsTenths(DEFAULT_WEIGHTS);
    expect(pointsOnly(a, p, dA, max)).toEqual(
      compactBreakdown(scorePair(a, p, dA, DEFAULT_WEIGHTS).breakdown),
    );
    const duo = scoreDuo(a, b, p, dA, dB, DEFAULT_WEIGHTS);
    expect(duoPointsOnly(a, b, p, dA, dB, max)).toEqual({
      score: duo.score,
      breakdown: compactBreakdown(duo.breakdown),
    });
    expect(pointsOnly(a, p, dA, max).every((item) => !('explanation' in item))).toBe(true);
  });
});
