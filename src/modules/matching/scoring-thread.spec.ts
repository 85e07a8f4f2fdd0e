/**
 * The full rescoring's second thread (scoring-thread.ts): a real worker thread, started from the TypeScript
 * sources as the tests run them. What the engine prepares with it must be exactly what it prepares alone:
 * the same candidates (each with its points), the same plan flags, the same plans and potentials; and when
 * the thread fails, the engine does its part itself and says so.
 */
import { DEFAULT_WEIGHTS, type ScoringPractice, type ScoringStarter } from './scoring';
import {
  makePractice,
  makeStarter,
  randomPractice,
  randomStarter,
  seededRandom,
} from './scoring/scoring.fixtures';
import type { BestOf } from './best-of';
import { collectRange, practiceBestOf, runTask, type CollectRules } from './scoring-tasks';
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

  /** Plain rules: each starter's best 3, each practice's best 2, every pair of the first five starters. */
  const rulesFor = (s: number, p: number): CollectRules => ({
    starterBest: 3,
    idRank: Int32Array.from({ length: p }, (_, k) => k),
    starterRank: Int32Array.from({ length: s }, (_, k) => k),
    practiceLimit: new Int32Array(p).fill(2),
    everyPairOf: Uint8Array.from({ length: s }, (_, k) => (k < 5 ? 1 : 0)),
  });
  const collect = (
    starters: ScoringStarter[],
    practices: ScoringPractice[],
    from: number,
    to: number,
    rules: CollectRules,
  ): ReturnType<typeof collectRange> =>
    runTask({
      id: 0,
      task: 'collect',
      starters,
      practices,
      weights: DEFAULT_WEIGHTS,
      from,
      to,
      rules,
    }) as ReturnType<typeof collectRange>;

  it('collects a range in two parts that add up to the whole', () => {
    const { starters, practices } = instance(7, 40, 60);
    const rules = rulesFor(40, 60);
    const whole = collect(starters, practices, 0, 40, rules);
    const [a, b] = [collect(starters, practices, 0, 17, rules), collect(starters, practices, 17, 40, rules)];
    expect(whole.pairPractice.length).toBeGreaterThan(100);
    expect(whole.allStarter.length).toBeGreaterThan(0);
    for (const f of [
      'bestSize',
      'pairCount',
      'pairPractice',
      'pairTenths',
      'allStarter',
      'allPractice',
      'allDistance',
    ] as const)
      expect([...a[f], ...b[f]]).toEqual([...whole[f]]);
    expect([...a.bestTenths, ...b.bestTenths]).toEqual([...whole.bestTenths]);
  });

  it("keeps each practice's best by score, ties by starter rank, as a plain sort of its pairs does", () => {
    const random = instance(8, 120, 40);
    // Many equal scores: the same wishes over and over (distinct ids), so ties decide.
    const clones = Array.from({ length: 60 }, (_, k) =>
      makeStarter({ id: `c-${String(k).padStart(2, '0')}` }),
    );
    const nearby = Array.from({ length: 30 }, (_, k) =>
      makePractice({
        id: `n-${String(k).padStart(2, '0')}`,
        lat: 52.0907 + k * 0.01,
        listSize: 1500 + 100 * k,
      }),
    );
    for (const { starters, practices } of [random, { starters: clones, practices: nearby }]) {
      const rules = {
        ...rulesFor(starters.length, practices.length),
        // Ranks not in index order, and limits of 1 to 3.
        starterRank: Int32Array.from({ length: starters.length }, (_, k) => (k * 7) % starters.length),
        practiceLimit: Int32Array.from({ length: practices.length }, (_, k) => 1 + (k % 3)),
      };
      const half = Math.floor(starters.length / 2);
      const ranges = [
        collect(starters, practices, 0, half, rules),
        collect(starters, practices, half, starters.length, rules),
      ];
      const kept = practiceBestOf(ranges, rules);
      // The plain way: every pair at or above the threshold, grouped by practice, sorted, cut.
      const whole = collect(starters, practices, 0, starters.length, rules);
      const byPractice = new Map<number, Array<{ i: number; tenths: number }>>();
      let at = 0;
      whole.pairCount.forEach((count, i) => {
        for (let k = 0; k < count; k++, at++) {
          const list = byPractice.get(whole.pairPractice[at]) ?? [];
          list.push({ i, tenths: whole.pairTenths[at] });
          byPractice.set(whole.pairPractice[at], list);
        }
      });
      let ties = 0;
      for (let pi = 0; pi < practices.length; pi++) {
        const expected = (byPractice.get(pi) ?? [])
          .sort((a, b) => b.tenths - a.tenths || rules.starterRank[a.i] - rules.starterRank[b.i])
          .slice(0, rules.practiceLimit[pi]);
        const top = kept[pi];
        const got = Array.from({ length: top?.size ?? 0 }, (_, k) => ({
          i: (top as BestOf).practice[k],
          tenths: (top as BestOf).tenths[k],
        }));
        expect(got).toEqual(expected);
        if (expected.length > 1 && expected[0].tenths === expected[1].tenths) ties++;
      }
      expect(byPractice.size).toBeGreaterThan(5);
      if (starters === clones) expect(ties).toBeGreaterThan(10);
    }
  });

  it('gives the same candidates when the other part is collected in this thread (the merge alone)', async () => {
    const { starters, practices } = instance(6, 200, 150);
    const pool = starters.filter((x) => x.lookingForDuoPartner);
    const alone = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, pool, []);
    alone.prepare({ plan: true });
    const here = {
      collect: (...args: unknown[]) => {
        const [st, pr, weights, from, to, rules] = args as [
          ScoringStarter[],
          ScoringPractice[],
          typeof DEFAULT_WEIGHTS,
          number,
          number,
          CollectRules,
        ];
        return Promise.resolve(
          runTask({
            id: 0,
            task: 'collect',
            starters: st,
            practices: pr,
            weights,
            from,
            to,
            rules,
          }),
        );
      },
      solve: (graphs: never, practiceIds: never) =>
        Promise.resolve(runTask({ id: 0, task: 'solve', graphs, practiceIds })),
    } as unknown as ScoringThread;
    const engine = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, pool, []);
    await engine.prepareWith(here, { plan: true });
    expect(engine.threadErrors).toEqual([]);
    expect(outcome(engine)).toEqual(outcome(alone));
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
      // The duos computed beside the plans, as the full rescoring asks: the same as computed afterwards.
      await withThread.prepareWith(thread, { plan: true, duos: true });
      expect(withThread.threadErrors).toEqual([]);
      const expected = outcome(alone);
      expect(outcome(withThread)).toEqual(expected);
      // Not a vacuous comparison: plans were solved on both sides, pairs placed, and duos suggested.
      expect(alone.regionPlans.size).toBeGreaterThan(1);
      expect((expected as { pairs: Array<{ inPlan: boolean }> }).pairs.some((x) => x.inPlan)).toBe(true);
      expect((expected as { duos: string[] }).duos.length).toBeGreaterThan(0);
    },
  );

  it('does the work itself, with the same result, when the thread fails', async () => {
    const { starters, practices } = instance(4, 150, 120);
    const alone = new SuggestionEngine(starters, practices, DEFAULT_WEIGHTS, [], []);
    alone.prepare({ plan: true });
    // A thread whose worker dies at once: every request it takes fails.
    const broken = new ScoringThread();
    const dying = broken.collect(starters, practices, DEFAULT_WEIGHTS, 0, 0, rulesFor(150, 120));
    await broken.close();
    await expect(dying).rejects.toThrow(/scoring thread stopped/);
    const failing = {
      collect: () => Promise.reject(new Error('no thread today')),
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
    const rules = rulesFor(10, 10);
    await expect(
      thread.collect(starters, practices, null as unknown as typeof DEFAULT_WEIGHTS, 0, 10, rules),
    ).rejects.toThrow(/scoring thread: /);
    const got = await thread.collect(starters, practices, DEFAULT_WEIGHTS, 0, 10, rules);
    expect([...got.pairCount]).toEqual([...collect(starters, practices, 0, 10, rules).pairCount]);
  });
});
