/**
 * The full rescoring's second thread (scoring-thread.ts): a real worker thread, started from the TypeScript
 * sources as the tests run them. What the engine prepares with it must be exactly what it prepares alone:
 * the same candidates (each with its points), the same plan flags, the same plans and potentials; and when
 * the thread fails, the engine does its part itself and says so.
 */
import { DEFAULT_WEIGHTS, type ScoringPractice, type ScoringStarter } from './scoring';
import { randomPractice, randomStarter, seededRandom } from './scoring/scoring.fixtures';
import { scoreStream } from './scoring-tasks';
import { ScoringThread } from './scoring-thread';
import { SuggestionEngine } from './suggestion-engine';
import type { CandidateLimits } from './suggestion-selection';

function instance(
  seed: number,
  s: number,
  p: number,
): { starters: ScoringStarter[]; practices: ScoringPractice[] } {
  const rand = seededRandom(seed);
  return {
    starters: Array.from({ length: s }, (_, i) =>
      randomStarter(rand, `s-${seed}-${String(i).padStart(4, '0')}`),
    ),
    practices: Array.from({ length: p }, (_, i) =>
      randomPractice(rand, `p-${seed}-${String(i).padStart(4, '0')}`),
    ),
  };
}

/** Everything a full rescoring reads of a prepared engine: its candidates, their flags, the plans. */
function outcome(engine: SuggestionEngine): unknown {
  const pairs = engine.pairs(0, engine.starterCount).map((e) => ({
    starter: e.starter.id,
    practice: e.practiceIndex,
    tenths: e.scoreTenths,
    points: e.pointsTenths,
    km: e.distanceKm,
    inPlan: engine.inPlan(e),
  }));
  const duos = engine
    .duoSuggestions()
    .map((e) => `${e.starter.id}/${e.partner?.id}/${e.practiceIndex}/${e.scoreTenths}`);
  const plans = [...engine.regionPlans].map(([region, { solved, starterIds }]) => ({
    region,
    starterIds,
    placed: [...solved.solved.placed],
    starterPot: [...solved.solved.starterPot],
    practicePot: [...solved.solved.practicePot].map((x) => (Number.isNaN(x) ? 'NaN' : x)),
    m: solved.m,
    patients: solved.solved.patients,
    scoreTenths: solved.solved.scoreTenths,
  }));
  const stats = [...engine.planStats].map(([region, { ms: _ms, ...rest }]) => ({ region, ...rest }));
  return { pairs, duos, plans, stats };
}

describe('ScoringThread: the full rescoring on two threads', () => {
  const thread = new ScoringThread();
  afterAll(() => thread.close());

  it('streams the pairs of a range in the order the scorer visits them', () => {
    const { starters, practices } = instance(7, 40, 60);
    const whole = scoreStream(starters, practices, DEFAULT_WEIGHTS, 0, 40);
    const parts = [
      scoreStream(starters, practices, DEFAULT_WEIGHTS, 0, 17),
      scoreStream(starters, practices, DEFAULT_WEIGHTS, 17, 40),
    ];
    expect(parts[0].count + parts[1].count).toBe(whole.count);
    expect(whole.count).toBeGreaterThan(100);
    const joined = (f: 'starter' | 'practice' | 'distance' | 'tenths'): number[] => [
      ...parts[0][f],
      ...parts[1][f],
    ];
    for (const f of ['starter', 'practice', 'distance', 'tenths'] as const)
      expect(joined(f)).toEqual([...whole[f]]);
  });

  it.each([
    [1, 120, 90, { starterBest: 10, practiceBestPerSeat: 3 }],
    [2, 300, 200, { starterBest: 3, practiceBestPerSeat: 1 }],
    [3, 61, 400, { starterBest: 5, practiceBestPerSeat: 2 }],
  ] as Array<[number, number, number, CandidateLimits]>)(
    'prepares with the thread exactly what it prepares alone (seed %i, %i x %i)',
    async (seed, s, p, limits) => {
      const { starters, practices } = instance(seed, s, p);
      const pool = starters.filter((x) => x.lookingForDuoPartner);
      const alone = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, pool, [], limits);
      alone.prepare({ plan: true });
      const withThread = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, pool, [], limits);
      await withThread.prepareWith(thread, { plan: true });
      expect(withThread.threadErrors).toEqual([]);
      const expected = outcome(alone);
      expect(outcome(withThread)).toEqual(expected);
      // Not a vacuous comparison: plans were solved on both sides, and pairs placed.
      expect(alone.regionPlans.size).toBeGreaterThan(1);
      expect((expected as { pairs: Array<{ inPlan: boolean }> }).pairs.some((x) => x.inPlan)).toBe(true);
    },
  );

  it('does the work itself, with the same result, when the thread fails', async () => {
    const { starters, practices } = instance(4, 150, 120);
    const alone = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, [], []);
    alone.prepare({ plan: true });
    // A thread whose worker dies at once: every request it takes fails.
    const broken = new ScoringThread();
    const dying = broken.score(starters, practices, DEFAULT_WEIGHTS, 0, 0);
    await broken.close();
    await expect(dying).rejects.toThrow(/scoring thread stopped/);
    const failing = {
      score: () => Promise.reject(new Error('no thread today')),
      solve: () => Promise.reject(new Error('no thread today')),
    } as unknown as ScoringThread;
    const engine = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, [], []);
    await engine.prepareWith(failing, { plan: true });
    expect(engine.threadErrors.map((e) => e.message)).toEqual(['no thread today', 'no thread today']);
    expect(outcome(engine)).toEqual(outcome(alone));
  });

  it('reports an error the thread hits as a failed request, and keeps serving', async () => {
    const { starters, practices } = instance(5, 10, 10);
    // Bad weights make the thread's scorer throw; the next request is served as usual.
    await expect(
      thread.score(starters, practices, null as unknown as typeof DEFAULT_WEIGHTS, 0, 10),
    ).rejects.toThrow(/scoring thread: /);
    const stream = await thread.score(starters, practices, DEFAULT_WEIGHTS, 0, 10);
    expect(stream.count).toBe(scoreStream(starters, practices, DEFAULT_WEIGHTS, 0, 10).count);
  });
});
