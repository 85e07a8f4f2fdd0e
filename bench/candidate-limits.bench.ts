/**
 * What the candidate set's sizes cost and give (docs/matching.md "N and M are settings"): on one synthetic
 * data set (rescoring.bench.ts' seed, 5,000 x 5,000 unless BENCH_SIZES says another single size), a fresh
 * full rescoring for each setting of N (a starter's best kept) and M (a practice's best per successor seat),
 * from an empty suggestion table, as an admin's change followed by a rescoring would leave it. Per setting:
 * the suggestions stored, the full rescoring's wall time and, measured in the same run, the bare write of
 * the same suggestions (one INSERT ... SELECT into a copy of `matches`: the baseline no rescoring beats),
 * the median of a few profiles' rescorings, and what coordinators get of it: among the practices that at
 * least one starter passes, the share with at least 1, 2 and 3 names per successor seat they seek (a
 * practice that fewer starters pass counts as served when it shows every one of them), and the share of
 * starters whose list holds min(N, what they pass). The plan columns show that M does not change the
 * regional plan: its pairs and total fit are the same under every setting.
 *
 * Run: `npm run bench -- candidate-limits`. Knobs: BENCH_LIMITS (N x M list, default
 * "10x1,10x2,10x3,10x5,5x3,20x3"), BENCH_SIZES (one size), BENCH_PROFILES (profiles rescored per setting,
 * default 11), BENCH_DATABASE_URL (else `praktijkmatch_bench_limits`; recreated), BENCH_REDIS_URL.
 */
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RescoringService } from '../src/modules/matching/rescoring.service';
import { successorSeats } from '../src/modules/matching/scoring';
import {
  bareWrite,
  benchUrl,
  changeTravel,
  benchWorker,
  loadAverage,
  median,
  recreateBenchDatabase,
  scoredAsStored,
  seedSynthetic,
  time,
  TODAY,
} from './rescoring.bench';

const DEFAULT_LIMITS = '10x1,10x2,10x3,10x5,5x3,20x3';

/** Per practice (by id): how many starters pass it above the threshold, and its seats. */
async function passingPerPractice(ds: DataSource): Promise<{
  practices: Map<string, { passing: number; seats: number }>;
  starters: Map<string, number>;
}> {
  const { engine, practices } = await scoredAsStored(ds);
  const passing = new Int32Array(practices.length);
  const perStarter = new Map<string, number>();
  const starterIds = engine.starterIds();
  for (let i = 0; i < engine.starterCount; i++) {
    const pairs = engine.passingPairs(i);
    perStarter.set(starterIds[i], pairs.length);
    for (const x of pairs) passing[x.practiceIndex]++;
  }
  const out = new Map<string, { passing: number; seats: number }>();
  practices.forEach((p, k) => {
    if (passing[k] > 0) out.set(p.id, { passing: passing[k], seats: successorSeats(p) });
  });
  return { practices: out, starters: perStarter };
}

const share = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

export async function runCandidateLimitsBench(): Promise<Array<Record<string, string | number>>> {
  const url = benchUrl('praktijkmatch_bench_limits');
  await recreateBenchDatabase(url);
  const [size] = (process.env.BENCH_SIZES ?? '5000x5000').split(',');
  const [s, p] = size.split('x').map(Number);
  const limits = (process.env.BENCH_LIMITS ?? DEFAULT_LIMITS).split(',').map((x) => {
    const [n, mm] = x.split('x').map(Number);
    if (!Number.isInteger(n) || !Number.isInteger(mm)) throw new Error(`BENCH_LIMITS: "${x}" is not N x M`);
    return { n, m: mm };
  });
  const profiles = Number(process.env.BENCH_PROFILES ?? 11);
  const ctx = await benchWorker(url, 'redis://127.0.0.1:6379/8');
  const ds = ctx.get<DataSource>(getDataSourceToken());
  const rescoring = ctx.get(RescoringService);
  const rows: Array<Record<string, string | number>> = [];
  try {
    await seedSynthetic(ds, s, p);
    const passing = await passingPerPractice(ds);
    const ids = await ds.query<Array<{ id: string }>>(
      `SELECT id FROM starter_profiles ORDER BY id LIMIT $1`,
      [profiles],
    );
    for (const { n, m } of limits) {
      await ds.query(`TRUNCATE matches CASCADE`);
      await ds.query(`INSERT INTO matching_settings (starter_best, practice_best_per_seat) VALUES ($1, $2)`, [
        n,
        m,
      ]);
      const [fullMs] = await time(() => rescoring.rescoreAll(TODAY));
      const [bareMs] = await time(() => bareWrite(ds));
      const [count] = await ds.query<Array<{ pairs: number; duos: number; plan: number; fit: number }>>(
        `SELECT count(*) FILTER (WHERE kind = 'pair')::int AS pairs, count(*) FILTER (WHERE kind = 'duo')::int AS duos,
                count(*) FILTER (WHERE in_regional_plan)::int AS plan,
                COALESCE(sum(score * 10) FILTER (WHERE in_regional_plan), 0)::int AS fit
           FROM matches WHERE status = 'suggested'`,
      );
      const perPractice = new Map(
        (
          await ds.query<Array<{ id: string; n: number }>>(
            `SELECT practice_id AS id, count(*)::int AS n FROM matches
              WHERE status = 'suggested' AND kind = 'pair' GROUP BY practice_id`,
          )
        ).map((r) => [r.id, r.n]),
      );
      const perStarter = new Map(
        (
          await ds.query<Array<{ id: string; n: number }>>(
            `SELECT starter_profile_id AS id, count(*)::int AS n FROM matches
              WHERE status = 'suggested' AND kind = 'pair' GROUP BY starter_profile_id`,
          )
        ).map((r) => [r.id, r.n]),
      );
      const served = [1, 2, 3].map(
        (names) =>
          [...passing.practices].filter(
            ([id, x]) => (perPractice.get(id) ?? 0) >= Math.min(names * x.seats, x.passing),
          ).length,
      );
      const startersFull = [...passing.starters].filter(
        ([id, k]) => (perStarter.get(id) ?? 0) >= Math.min(n, k),
      ).length;
      const singles: number[] = [];
      for (const [k, { id }] of ids.entries()) {
        await changeTravel(ds, id, k % 2 === 0 ? 1 : -1);
        singles.push((await time(() => rescoring.rescoreStarter(id, TODAY)))[0]);
      }
      // Back to the seed's travel distances, so that every setting is measured on the same data.
      for (const [k, { id }] of ids.entries()) await changeTravel(ds, id, k % 2 === 0 ? -1 : 1);
      singles.sort((a, b) => a - b);
      const practicesPassed = passing.practices.size;
      rows.push({
        'starters x practices': `${s} x ${p}`,
        'N x M': `${n} x ${m}`,
        'load (uptime)': loadAverage(),
        'suggestions (pairs + duos)': `${count.pairs + count.duos} (${count.pairs} + ${count.duos})`,
        'full rescoring ms': Math.round(fullMs),
        'bare write ms': Math.round(bareMs),
        'x bare write': (fullMs / bareMs).toFixed(1),
        'one profile median ms': median(singles),
        'practices a starter passes': practicesPassed,
        'of them, >= 1 / 2 / 3 names per seat': served.map((x) => share(x, practicesPassed)).join(' / '),
        'starters with min(N, passing) names': share(startersFull, passing.starters.size),
        'plan pairs / fit (tenths)': `${count.plan} / ${count.fit}`,
        'plan pairs beyond N and M': [...rescoring.lastPlanStats.values()].reduce(
          (x, st) => x + st.planPairsAdded,
          0,
        ),
      });
    }
  } finally {
    await ctx.close();
  }
  console.table(rows);
  return rows;
}
