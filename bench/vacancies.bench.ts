/**
 * Benchmark of the public vacancy board. Seeds 5,000 published practices into a dedicated database
 * (`praktijkmatch_bench`, recreated and migrated each run), starts the real API (the same NestFactory,
 * Fastify adapter and setupApp as main.ts) and a bare Fastify + pg server running the same SQL, then drives
 * a filtered board page on each with autocannon from a second process, after a warm-up. Targets: the API
 * at least 0.8x the bare throughput, and a p99 at most 2x the bare p99.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/run.js vacancies` (or `npm run bench`).
 * Knobs: BENCH_DATABASE_URL, BENCH_DURATION_S (10), BENCH_CONNECTIONS (20), BENCH_ROUNDS (3).
 */
import { Client } from 'pg';
import { startBareServer } from './bare-vacancies-server';
import {
  alternatingRounds,
  benchDatabaseUrl,
  ComparisonRow,
  comparisonRows,
  machineNote,
  recreateDatabase,
  startApi,
} from './support/bench-kit';

const PRACTICES = 5_000;
const NORMPRAKTIJK = 2095;

export type VacanciesBenchRow = ComparisonRow;

/** 5,000 published practices over every region's PC4s, with set-based SQL and a fixed random seed. */
export async function seedPractices(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`SELECT setseed(0.2095)`);
    const owner = await db.query<{ id: string }>(
      `INSERT INTO users (email, display_name, role, email_verified_at)
       VALUES ('bench-stopper@bench.praktijkmatch.nl', 'Bench Stopper', 'stopper', now()) RETURNING id`,
    );
    await db.query(
      `WITH pcs AS (
         SELECT row_number() OVER (ORDER BY postcode) AS n, postcode, place, region_for_pc4(pc4) AS region_id,
                is_krimp_pc4(pc4) AS krimp
           FROM places WHERE region_for_pc4(pc4) IS NOT NULL),
       cnt AS (SELECT count(*) AS c FROM pcs),
       gen AS (
         SELECT g, 1 + floor(random() * (SELECT c FROM cnt))::int AS pick,
                (ARRAY['solo','duo','duo','group','group','health_centre'])[1 + floor(random() * 6)::int] AS form,
                random() AS r1, random() AS r2, random() AS r3
           FROM generate_series(1, $2::int) g)
       INSERT INTO practices (owner_id, name, show_name_publicly, postcode, region_id, place, krimp, address,
         list_size, practice_form, gp_count, days_per_week_needed, setting, successor_roles, handover_from,
         handover_to, transition_months_offered, dispensing, is_training_practice, anw_hours_per_month,
         poh_somatic_fte, poh_mental_health_fte, assistants_fte, pa_or_np_fte, building, his, description,
         status, published_at)
       SELECT $1, 'Bench praktijk ' || g, r1 < 0.3, pcs.postcode, pcs.region_id, pcs.place, pcs.krimp, 'Straat ' || g,
              gp * $3::int * (0.8 + r2 * 0.4), form, gp, CASE WHEN form = 'solo' THEN 5 ELSE 4 END,
              CASE WHEN r3 < 0.4 THEN 'rural' ELSE 'urban' END,
              CASE WHEN form IN ('solo') THEN ARRAY['holder'] ELSE ARRAY['partner', 'employed_then_holder'] END,
              current_date + (r1 * 1800)::int, current_date + (r1 * 1800)::int + 180, 6, false, r2 < 0.3, 20,
              1, 0.5, 2 * gp, 0, 'rented', 'Medicom',
              'Praktijk ' || g || ' in ' || pcs.place || ': een goed georganiseerde praktijk die een opvolger zoekt.',
              'published', now()
         FROM gen JOIN pcs ON pcs.n = gen.pick,
              LATERAL (SELECT CASE form WHEN 'solo' THEN 1 WHEN 'duo' THEN 2 WHEN 'group' THEN 4 ELSE 6 END AS gp) s`,
      [owner.rows[0].id, PRACTICES, NORMPRAKTIJK],
    );
    await db.query(`ANALYZE practices`);
  } finally {
    await db.end();
  }
}

/** The filtered page the bench drives: the busiest region's duo practices, page 2. */
async function benchPath(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ region_id: string; n: number }>(
      `SELECT region_id, count(*)::int AS n FROM practices WHERE status = 'published' AND practice_form = 'duo'
        GROUP BY region_id ORDER BY n DESC, region_id LIMIT 1`,
    );
    return `/api/vacancies?regionId=${rows[0].region_id}&practiceForm=duo&page=2&pageSize=20`;
  } finally {
    await db.end();
  }
}

export async function runVacanciesBench(): Promise<VacanciesBenchRow[]> {
  const seconds = Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const url = benchDatabaseUrl('praktijkmatch_bench');
  await recreateDatabase(url);
  await seedPractices(url);
  const path = await benchPath(url);

  const api = await startApi(url);
  const bare = await startBareServer(url);
  try {
    // Same SQL, same answer: the comparison is only fair if both serve identical bodies.
    const [a, b] = await Promise.all([fetch(api.url + path), fetch(bare.url + path)]);
    const [aBody, bBody] = [await a.text(), await b.text()];
    if (a.status !== 200 || aBody !== bBody)
      throw new Error(`API and bare answers differ (${a.status}): ${aBody.slice(0, 200)}`);
    const page = JSON.parse(aBody) as { items: unknown[]; total: number };
    if (page.items.length === 0) throw new Error(`the bench page is empty: ${path}`);

    const s = await alternatingRounds(
      { bare: bare.url + path, api: api.url + path },
      { seconds, connections, rounds, warmupS: 3 },
    );
    const rows: VacanciesBenchRow[] = comparisonRows(s.bare, s.api);
    const pass = s.api.rps >= 0.8 * s.bare.rps && s.api.p99 <= 2 * s.bare.p99;
    console.log(
      `vacancy board: ${PRACTICES} published practices, GET ${path.replace(/regionId=[^&]+/, 'regionId=<busiest>')} ` +
        `(${page.total} matches), ${connections} connections, median of ${rounds} alternating ${seconds} s runs ` +
        `after a 3 s warm-up; ${machineNote()}`,
    );
    console.table(rows);
    console.log(`target (api >= 0.8x bare req/s, api p99 <= 2x bare p99): ${pass ? 'met' : 'NOT met'}`);
    return rows;
  } finally {
    await bare.close();
    await api.close();
  }
}

if (require.main === module) {
  runVacanciesBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
