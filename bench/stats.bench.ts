/**
 * Region statistics timing: every region's stats and the country's, against the database named by
 * BENCH_STATS_DATABASE_URL (default: DATABASE_URL), BENCH_STATS_ROUNDS times (5). Seeding the demo data
 * ×20 is not done here yet: point it at a database seeded that way.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { StatsService } from '../src/modules/insight/stats.service';
import { todayInNl } from '../src/modules/practices/iso-date';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function runStatsBench(): Promise<Array<Record<string, string | number>>> {
  const url =
    process.env.BENCH_STATS_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/praktijkmatch';
  const rounds = Number(process.env.BENCH_STATS_ROUNDS ?? 5);
  const ds = new DataSource({ ...dataSourceOptions(url, 'praktijkmatch-bench-stats') });
  await ds.initialize();
  try {
    const stats = new StatsService(ds);
    const regions = await ds.query<Array<{ id: string; code: string }>>(
      `SELECT id, code FROM regions ORDER BY code`,
    );
    const [size] = await ds.query<Array<{ practices: number; starters: number; matches: number }>>(
      `SELECT (SELECT count(*) FROM practices)::int AS practices, (SELECT count(*) FROM starter_profiles)::int AS starters,
              (SELECT count(*) FROM matches)::int AS matches`,
    );
    const asOf = todayInNl();
    const rows: Array<Record<string, string | number>> = [];
    for (const scope of [
      ...regions.map((r) => ({ id: r.id, name: r.code })),
      { id: null, name: 'country' },
    ]) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = process.hrtime.bigint();
        await stats.stats(scope.id, asOf);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      rows.push({
        stats: scope.name,
        practices: size.practices,
        starters: size.starters,
        matches: size.matches,
        'p50 ms': Math.round(percentile(times, 50) * 10) / 10,
        'max ms': Math.round(times[times.length - 1] * 10) / 10,
      });
    }
    return rows;
  } finally {
    await ds.destroy();
  }
}
