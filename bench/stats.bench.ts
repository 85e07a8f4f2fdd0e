/**
 * Region statistics timing at twenty times the demo's size (the demo has about 300 starters and 300
 * practices: here 6,000 of each, with 30,000 matches spread over every status and their transitions), in a
 * bench database recreated each run (BENCH_STATS_DATABASE_URL, else `praktijkmatch_bench_stats` on
 * DATABASE_URL's server). Every region's stats and the country's, BENCH_STATS_ROUNDS times (5), next to a
 * baseline measured in the same run: one plain scan of the same tables (count(*) of practices, starters,
 * matches and match events), the floor any aggregate over them pays.
 */
import { DataSource } from 'typeorm';
import { recreateBenchDatabase, seedSynthetic } from './rescoring.bench';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { StatsService } from '../src/modules/insight/stats.service';
import { todayInNl } from '../src/modules/practices/iso-date';

const DEMO_STARTERS = 300;
const DEMO_PRACTICES = 300;

function statsBenchUrl(): string {
  if (process.env.BENCH_STATS_DATABASE_URL) return process.env.BENCH_STATS_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch');
  url.pathname = '/praktijkmatch_bench_stats';
  return url.toString();
}

/**
 * Five matches per starter with practices of their home region, over every status in proportions a busy
 * region might show, each with the transitions that led to it (deterministic: setseed).
 */
async function seedMatches(ds: DataSource): Promise<void> {
  await ds.query(`SELECT setseed(0.17)`);
  await ds.query(
    `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version, distance_km,
                          urgency, outcome, approved_at, introduced_at, closed_at, created_at)
     SELECT s.id, p.id, p.region_id, st.status, 40 + floor(random() * 60), '[]', 1, floor(random() * 40), floor(random() * 100),
            CASE WHEN st.status = 'closed' THEN (ARRAY['agreement','no_fit','withdrawn'])[1 + floor(random() * 3)::int] END,
            CASE WHEN st.status IN ('awaiting_consent','introduced','closed','declined','expired') THEN now() - interval '60 days' END,
            CASE WHEN st.status IN ('introduced','closed') THEN now() - interval '50 days' END,
            CASE WHEN st.status = 'closed' THEN now() - interval '10 days' END,
            now() - interval '70 days'
       FROM starter_profiles s
       JOIN LATERAL (SELECT id, region_id FROM practices p WHERE p.region_id = s.home_region_id
                      ORDER BY md5(p.id::text || s.id::text) LIMIT 5) p ON true
       JOIN LATERAL (SELECT CASE WHEN r < 0.6 THEN 'suggested' WHEN r < 0.7 THEN 'awaiting_consent' WHEN r < 0.78 THEN 'introduced'
                                 WHEN r < 0.86 THEN 'closed' WHEN r < 0.92 THEN 'rejected' WHEN r < 0.96 THEN 'declined' ELSE 'expired' END AS status
                       FROM (SELECT random() + 0 * length(p.id::text) AS r) x) st ON true`,
  );
  await ds.query(
    `INSERT INTO match_events (match_id, from_status, to_status, created_at)
     SELECT id, NULL, 'suggested', created_at FROM matches
     UNION ALL SELECT id, 'suggested', 'awaiting_consent', approved_at FROM matches WHERE approved_at IS NOT NULL
     UNION ALL SELECT id, 'awaiting_consent', 'introduced', introduced_at FROM matches WHERE introduced_at IS NOT NULL
     UNION ALL SELECT id, 'introduced', 'closed', closed_at FROM matches WHERE closed_at IS NOT NULL`,
  );
  await ds.query(`ANALYZE`);
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function runStatsBench(): Promise<Array<Record<string, string | number>>> {
  const url = statsBenchUrl();
  await recreateBenchDatabase(url);
  const rounds = Number(process.env.BENCH_STATS_ROUNDS ?? 5);
  const ds = new DataSource({ ...dataSourceOptions(url, 'praktijkmatch-bench-stats') });
  await ds.initialize();
  try {
    await seedSynthetic(ds, DEMO_STARTERS * 20, DEMO_PRACTICES * 20);
    await seedMatches(ds);
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
    const baseline: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = process.hrtime.bigint();
      await ds.query(
        `SELECT (SELECT count(*) FROM practices), (SELECT count(*) FROM starter_profiles),
                (SELECT count(*) FROM matches), (SELECT count(*) FROM match_events)`,
      );
      baseline.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    baseline.sort((a, b) => a - b);
    rows.push({
      stats: 'baseline: plain scan',
      practices: size.practices,
      starters: size.starters,
      matches: size.matches,
      'p50 ms': Math.round(percentile(baseline, 50) * 10) / 10,
      'max ms': Math.round(baseline[baseline.length - 1] * 10) / 10,
    });
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
