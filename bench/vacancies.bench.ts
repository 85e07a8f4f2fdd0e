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
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiModule } from '../src/api.module';
import { validateEnv } from '../src/core/config/env';
import { createLogger } from '../src/core/logging/logger';
import { createFastifyAdapter, setupApp } from '../src/setup-app';
import { startBareServer } from './bare-vacancies-server';

const PRACTICES = 5_000;
const NORMPRAKTIJK = 2095;

export interface VacanciesBenchRow {
  server: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  [key: string]: string | number;
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** The bench database: BENCH_DATABASE_URL, else DATABASE_URL's server with the database `praktijkmatch_bench`. */
function benchDatabaseUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch');
  url.pathname = '/praktijkmatch_bench';
  return url.toString();
}

async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/bench/.test(name))
    throw new Error(`refusing to recreate "${name}": a bench database's name says bench`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  // The same migration CLI production uses, from the compiled tree this file runs in.
  execFileSync(process.execPath, [join(__dirname, '..', 'src', 'cli', 'migrate.js'), 'run'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
}

/** 5,000 published practices over every region's PC4s, with set-based SQL and a fixed random seed. */
async function seedPractices(url: string): Promise<void> {
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

export async function startApi(url: string): Promise<{ url: string; close: () => Promise<void> }> {
  const env = validateEnv({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    MAIL_FROM: 'praktijkmatch bench <bench@praktijkmatch.local>',
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: 'pmbench',
    WORKER_TIMERS: 'false',
  });
  const logger = createLogger(env.LOG_LEVEL, 'api-bench');
  const app = await NestFactory.create<NestFastifyApplication>(
    createApiModule(env, logger),
    createFastifyAdapter(env, logger),
    { logger: false },
  );
  await setupApp(app, env, logger);
  await app.listen(0, '127.0.0.1');
  return { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

/** autocannon in a second process, so the load generator does not share the servers' event loop. */
function autocannon(url: string, seconds: number, connections: number): Promise<Measurement> {
  const cli = require.resolve('autocannon/autocannon.js');
  const args = [cli, '--json', '-c', String(connections), '-d', String(seconds), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const r = JSON.parse(out) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
      };
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runVacanciesBench(): Promise<VacanciesBenchRow[]> {
  const seconds = Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const url = benchDatabaseUrl();
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

    await autocannon(bare.url + path, 3, connections);
    await autocannon(api.url + path, 3, connections);
    // Alternate the order every round and take medians: on a small shared machine a burst of someone
    // else's work otherwise lands on one side only.
    const results: Record<'bare' | 'api', Measurement[]> = { bare: [], api: [] };
    const targets = { bare: bare.url + path, api: api.url + path };
    for (let i = 0; i < rounds; i++) {
      const order: Array<'bare' | 'api'> = i % 2 === 0 ? ['bare', 'api'] : ['api', 'bare'];
      for (const side of order) results[side].push(await autocannon(targets[side], seconds, connections));
    }
    for (const m of [...results.bare, ...results.api]) {
      if (m.non2xx > 0 || m.errors > 0)
        throw new Error(`failed requests during the bench: ${JSON.stringify(m)}`);
    }
    const summary = (ms: Measurement[]) => ({
      rps: median(ms.map((m) => m.rps)),
      p50: median(ms.map((m) => m.p50)),
      p99: median(ms.map((m) => m.p99)),
    });
    const s = { bare: summary(results.bare), api: summary(results.api) };
    const rows: VacanciesBenchRow[] = [
      {
        server: 'bare fastify + pg',
        'req/s': round(s.bare.rps, 0),
        'p50 ms': s.bare.p50,
        'p99 ms': s.bare.p99,
      },
      { server: 'nest api', 'req/s': round(s.api.rps, 0), 'p50 ms': s.api.p50, 'p99 ms': s.api.p99 },
      {
        server: 'ratio api/bare',
        'req/s': round(s.api.rps / s.bare.rps, 2),
        'p50 ms': round(s.api.p50 / Math.max(s.bare.p50, 0.001), 2),
        'p99 ms': round(s.api.p99 / Math.max(s.bare.p99, 0.001), 2),
      },
    ];
    const pass = s.api.rps >= 0.8 * s.bare.rps && s.api.p99 <= 2 * s.bare.p99;
    console.log(
      `vacancy board: ${PRACTICES} published practices, GET ${path.replace(/regionId=[^&]+/, 'regionId=<busiest>')} ` +
        `(${page.total} matches), ${connections} connections, median of ${rounds} alternating ${seconds} s runs ` +
        `after a 3 s warm-up; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${cpus().length} CPUs`,
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
