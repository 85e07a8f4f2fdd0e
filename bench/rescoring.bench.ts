/**
 * End-to-end rescoring on synthetic but realistic data in PostgreSQL, at national scale (2,000 starters x
 * 1,500 practices), 5,000 x 5,000 and 20,000 x 15,000: the wall time of a full rescoring (reading both
 * tables, scoring, writing the suggestions, recomputing every regional plan), of a second full run over
 * the same data (the update path), of one profile's rescoring after a change to that profile, and of the regional plan of the largest
 * region. Each row also shows the same run's bare baselines, which no rescoring can beat: reading the two
 * tables with one plain query each, and writing the suggestions the run produced with one plain INSERT ...
 * SELECT into a copy of `matches` with the same indexes (no foreign keys, no events). The first run's
 * phases (read, candidates, score+write, plan) are shown too; the regional plans start once the last pair
 * batch is written, beside the duo batches, and the plan column is what remains of them after the writes.
 * The first full rescoring runs in a new process (the scoring code not yet compiled on either thread);
 * it is then run again from an empty table in the same process, as a long-lived worker runs it.
 * Targets: 5,000 x 5,000 within 3 s, one profile within 100 ms, the largest region's plan within 1 s.
 *
 * The second table compares, per size, the plans the worker stored over the candidate graph (each
 * starter's best N, each practice's best M per seat, the pairs of the plan over every passing pair) with a
 * plan solved directly over every passing pair, and with the old rule (each starter's best ten alone):
 * patients placed and total fit, as ratios (targets: 1.000 at 2,000 x 1,500 and 5,000 x 5,000, at least
 * 0.999 for the largest region at 20,000 x 15,000). BENCH_PLAN_REGIONS=all|largest chooses the regions
 * (default: all up to 5,000 x 5,000, the largest beyond: the direct solve takes tens of seconds there).
 *
 * Run: `npm run bench -- rescoring`. Knobs: BENCH_DATABASE_URL (else `praktijkmatch_bench_matching` on
 * DATABASE_URL's server; recreated each run), BENCH_SIZES (e.g. "2000x1500,5000x5000"), BENCH_PROFILES (how
 * many profiles are rescored one by one, default 21: the first by id, and ids are random, so each run draws
 * another sample; a few starters with a suggestion in over a thousand practices' best M are the slowest).
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { validateEnv } from '../src/core/config/env';
import { createLogger } from '../src/core/logging/logger';
import {
  currentMatchingSettings,
  currentWeights,
  loadPractices,
  loadStarters,
} from '../src/modules/matching/matching-data';
import { RegionalPlanService } from '../src/modules/matching/regional-plan.service';
import { RescoringService, type RescoreResult } from '../src/modules/matching/rescoring.service';
import {
  patientsPerSuccessor,
  planOverAllPairs,
  solveAllPairs,
  successorSeats,
  type ScoringPractice,
  type ScoringStarter,
} from '../src/modules/matching/scoring';
import { SuggestionEngine } from '../src/modules/matching/suggestion-engine';
import { MAX_SUGGESTIONS_PER_STARTER } from '../src/modules/matching/suggestion-selection';
import { createWorkerModule } from '../src/worker.module';

export const TODAY = '2026-11-22';
const DEFAULT_SIZES: Array<[number, number]> = [
  [2_000, 1_500],
  [5_000, 5_000],
  [20_000, 15_000],
];

/** BENCH_DATABASE_URL, else the database `name` on DATABASE_URL's server. */
export function benchUrl(name = 'praktijkmatch_bench_matching'): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch');
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateBenchDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('bench')) throw new Error(`refusing to recreate "${name}": its name must say bench`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  execFileSync(process.execPath, [join(__dirname, '..', 'src', 'cli', 'migrate.js'), 'run'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
}

/**
 * Synthetic starters and practices, deterministic (setseed): homes and practices on real PC4 centroids,
 * list sizes around the normpraktijk of 2,095 per GP, mostly duo and group practices, handovers over the
 * next five years, travel distances of 15-60 km, a third with a preferred region, a fifth looking for a
 * duo partner.
 */
/** What the seed needs of a connection: a TypeORM DataSource, or a pg Client through `clientQueryable`. */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** A single pg Client as a Queryable (the seed's temp table lives on that one connection). */
export const clientQueryable = (client: {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}): Queryable => ({
  query: async <T>(sql: string, params?: unknown[]): Promise<T> =>
    (await client.query(sql, params)).rows as T,
});

export async function seedSynthetic(ds: Queryable, starters: number, practices: number): Promise<void> {
  await ds.query(`TRUNCATE matches, match_events, starter_profiles, practices, users CASCADE`);
  await ds.query(`SELECT setseed(0.4242)`);
  await ds.query(
    `CREATE TEMP TABLE IF NOT EXISTS pc AS SELECT row_number() OVER (ORDER BY postcode) AS n, postcode, region_for_pc4(pc4) AS region_id, is_krimp_pc4(pc4) AS krimp, place FROM places WHERE region_for_pc4(pc4) IS NOT NULL`,
  );
  const [{ n: places }] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM pc`);
  await ds.query(
    `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
     SELECT 'bench-' || r || '-' || g || '@bench.test', 'x', 'Bench ' || g, r, now()
       FROM generate_series(1, $1) g, (VALUES ('starter'), ('stopper')) AS roles(r)
      WHERE (r = 'starter' AND g <= $2) OR (r = 'stopper' AND g <= $3)`,
    [Math.max(starters, practices), starters, practices],
  );
  await ds.query(
    `INSERT INTO starter_profiles (user_id, career_stage, home_postcode, home_region_id, max_travel_km, preferred_region_ids,
        days_per_week_min, days_per_week_max, practice_forms, roles, available_from, transition_months_wanted, setting,
        dispensing_ok, anw_hours_per_month_max, wants_training_practice, training_region_id, looking_for_duo_partner,
        partner_needs_work, about, active)
     SELECT u.id, (ARRAY['aios','hidha','waarnemer','gp'])[1 + floor(random() * 4)::int], pc.postcode, pc.region_id,
            15 + floor(random() * 46)::int, CASE WHEN random() < 0.33 THEN ARRAY[pc.region_id] ELSE '{}' END,
            d.mn, least(5, d.mn + floor(random() * 3)::int * 0.5 + 0.5),
            CASE WHEN random() < 0.5 THEN ARRAY['duo','group'] WHEN random() < 0.5 THEN ARRAY['solo','duo','group','health_centre'] ELSE ARRAY['group','health_centre'] END,
            CASE WHEN random() < 0.5 THEN ARRAY['holder','partner'] ELSE ARRAY['partner','employed_then_holder','employed'] END,
            DATE '2026-11-22' + floor(random() * 900)::int, floor(random() * 12)::int,
            (ARRAY['urban','rural','any'])[1 + floor(random() * 3)::int], random() < 0.2,
            CASE WHEN random() < 0.5 THEN NULL ELSE 10 + floor(random() * 30)::int END, random() < 0.3,
            CASE WHEN random() < 0.6 THEN pc.region_id ELSE NULL END, random() < 0.2, random() < 0.4, 'bench', true
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM users WHERE role = 'starter') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN pc ON pc.n = pick.n
       JOIN LATERAL (SELECT (2 + floor(random() * 5)::int * 0.5) + 0 * u.i AS mn) d ON true`,
    [places],
  );
  await ds.query(
    `INSERT INTO practices (owner_id, name, postcode, region_id, place, krimp, list_size, practice_form, gp_count,
        days_per_week_needed, setting, successor_roles, handover_from, handover_to, transition_months_offered, dispensing,
        is_training_practice, anw_hours_per_month, poh_somatic_fte, poh_mental_health_fte, assistants_fte, pa_or_np_fte,
        building, description, status, published_at)
     SELECT u.id, 'Praktijk ' || u.i, pc.postcode, pc.region_id, pc.place, pc.krimp, f.gps * (1700 + floor(random() * 800)::int),
            f.form, f.gps, 4 + floor(random() * 3)::int * 0.5 + (CASE WHEN random() < 0.25 THEN 4 ELSE 0 END),
            CASE WHEN random() < 0.6 THEN 'urban' ELSE 'rural' END,
            CASE WHEN random() < 0.5 THEN ARRAY['holder'] ELSE ARRAY['partner','employed_then_holder'] END,
            h.start, h.start + 90 + floor(random() * 270)::int, floor(random() * 12)::int, random() < 0.05, random() < 0.3,
            floor(random() * 40)::int, 0.5, 0.3, 2, CASE WHEN random() < 0.3 THEN 0.5 ELSE 0 END, 'rented', 'bench',
            'published', now()
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM users WHERE role = 'stopper') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN pc ON pc.n = pick.n
       JOIN LATERAL (SELECT CASE WHEN r < 0.2 THEN 'solo' WHEN r < 0.6 THEN 'duo' WHEN r < 0.9 THEN 'group' ELSE 'health_centre' END AS form,
                            CASE WHEN r < 0.2 THEN 1 WHEN r < 0.6 THEN 2 ELSE 3 + floor(random() * 3)::int END AS gps
                       FROM (SELECT random() + 0 * u.i AS r) x) f ON true
       JOIN LATERAL (SELECT DATE '2026-12-01' + (floor(random() * 1800) + 0 * u.i)::int AS start) h ON true`,
    [places],
  );
  await ds.query(`ANALYZE`);
}

/** The suggestions just written, inserted again by one plain statement into a copy of the table. */
export async function bareWrite(ds: DataSource): Promise<void> {
  await ds.query(`DROP TABLE IF EXISTS bench_matches_copy`);
  await ds.query(`CREATE TABLE bench_matches_copy (LIKE matches INCLUDING ALL)`);
  await ds.query(
    `INSERT INTO bench_matches_copy (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score,
            points_tenths, max_points_tenths, weights_version, distance_km, urgency, content_hash)
     SELECT kind, starter_profile_id, partner_profile_id, practice_id, region_id, score, points_tenths, max_points_tenths,
            weights_version, distance_km, urgency, content_hash FROM matches WHERE status = 'suggested'`,
  );
  await ds.query(`DROP TABLE bench_matches_copy`);
}

interface Objective {
  patients: number;
  tenths: number;
}

interface PlanQuality {
  region: string;
  /** Plan the worker stored (over the candidate graph), the plan over every passing pair, the old rule's. */
  candidate: Objective;
  every: Objective;
  old: Objective;
  everyMs: number;
  /** The starter-side min-cost flow over every passing pair (the solver before solveAllPairs), for comparison. */
  oldDirect: Objective;
  oldDirectMs: number;
  passingPairs: number;
  storedPairs: number;
}

/**
 * Every active starter scored against every published practice as stored now (weights and candidate sizes
 * in force), by the engine the worker uses, with no plan: what the benches compare the worker's output with.
 */
export async function scoredAsStored(ds: DataSource): Promise<{
  engine: SuggestionEngine;
  starters: ScoringStarter[];
  practices: ScoringPractice[];
}> {
  const m = ds.manager;
  const weights = await currentWeights(m);
  const limits = await currentMatchingSettings(m);
  const [starters, practices] = await Promise.all([loadStarters(m), loadPractices(m)]);
  const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], limits);
  engine.prepare({ plan: false });
  return { engine, starters, practices };
}

/**
 * The plans the worker stored after a full rescoring (RegionalPlanService over the stored suggestions: the
 * candidate graph), against a plan solved directly over every passing pair of the region (scored here
 * again, independently of the rescoring: every pair in one network, no pricing) and against the old rule's
 * graph (each starter's best ten alone). `regions`: 'all', or only the region with the most passing pairs.
 */
async function planQuality(ds: DataSource, regions: 'all' | 'largest'): Promise<PlanQuality[]> {
  const { engine, practices } = await scoredAsStored(ds);
  const regionNames = new Map(
    (await ds.query<Array<{ id: string; name: string }>>(`SELECT id, name FROM regions`)).map((r) => [
      r.id,
      r.name,
    ]),
  );
  const seats = practices.map((p) => successorSeats(p));
  const patients = practices.map((p) => Math.round(patientsPerSuccessor(p)));
  const idRank = new Map([...practices.map((p) => p.id)].sort().map((id, k) => [id, k]));
  // Per region: every passing pair, by starter; whether it is among the starter's best ten (the old rule).
  const byRegion = new Map<
    string,
    { start: number[]; practice: number[]; tenths: number[]; old: number[] }
  >();
  for (let i = 0; i < engine.starterCount; i++) {
    const pairs = engine.passingPairs(i);
    const oldBest = new Set(
      [...pairs]
        .sort(
          (x, y) =>
            y.tenths - x.tenths ||
            (idRank.get(practices[x.practiceIndex].id) as number) -
              (idRank.get(practices[y.practiceIndex].id) as number),
        )
        .slice(0, MAX_SUGGESTIONS_PER_STARTER)
        .map((x) => x.practiceIndex),
    );
    const touched = new Set<string>();
    for (const x of pairs) {
      const r = practices[x.practiceIndex].regionId;
      let g = byRegion.get(r);
      if (!g) byRegion.set(r, (g = { start: [0], practice: [], tenths: [], old: [] }));
      g.practice.push(x.practiceIndex);
      g.tenths.push(x.tenths);
      g.old.push(oldBest.has(x.practiceIndex) ? 1 : 0);
      touched.add(r);
    }
    for (const r of touched) {
      const g = byRegion.get(r) as { start: number[]; practice: number[] };
      g.start.push(g.practice.length);
    }
  }
  let chosen = [...byRegion.keys()];
  if (regions === 'largest') {
    chosen = [
      chosen.reduce((a, b) =>
        (byRegion.get(a)?.practice.length ?? 0) >= (byRegion.get(b)?.practice.length ?? 0) ? a : b,
      ),
    ];
  }
  const stored = await ds.query<
    Array<{ region_id: string; practice_id: string; score: number; in_plan: boolean }>
  >(
    `SELECT region_id, practice_id, score::float8 AS score, in_regional_plan AS in_plan FROM matches
      WHERE status = 'suggested' AND kind = 'pair'`,
  );
  const practiceIndex = new Map(practices.map((p, k) => [p.id, k]));
  const out: PlanQuality[] = [];
  for (const r of chosen) {
    const g = byRegion.get(r) as { start: number[]; practice: number[]; tenths: number[]; old: number[] };
    const graph = {
      start: Int32Array.from(g.start),
      practice: Int32Array.from(g.practice),
      tenths: Int32Array.from(g.tenths),
      candidate: new Uint8Array(g.practice.length).fill(1),
      seats,
      patients,
    };
    const t0 = process.hrtime.bigint();
    const every = solveAllPairs(graph);
    const everyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const t1 = process.hrtime.bigint();
    const oldDirect = planOverAllPairs(graph);
    const oldDirectMs = Number(process.hrtime.bigint() - t1) / 1e6;
    // The old rule's graph: only the pairs among their starter's best ten, solved the same way.
    const keep = g.old.map((o) => o === 1);
    const oldStart = [0];
    for (let s = 0; s + 1 < g.start.length; s++) {
      let n = oldStart[oldStart.length - 1];
      for (let k = g.start[s]; k < g.start[s + 1]; k++) if (keep[k]) n++;
      oldStart.push(n);
    }
    const old = planOverAllPairs({
      start: Int32Array.from(oldStart),
      practice: Int32Array.from(g.practice.filter((_, k) => keep[k])),
      tenths: Int32Array.from(g.tenths.filter((_, k) => keep[k])),
      candidate: new Uint8Array(oldStart[oldStart.length - 1]).fill(1),
      seats,
      patients,
    });
    const mine = stored.filter((x) => x.region_id === r);
    const candidate = mine
      .filter((x) => x.in_plan)
      .reduce(
        (acc, x) => ({
          patients: acc.patients + patients[practiceIndex.get(x.practice_id) as number],
          tenths: acc.tenths + Math.round(x.score * 10),
        }),
        { patients: 0, tenths: 0 },
      );
    out.push({
      region: regionNames.get(r) ?? r,
      candidate,
      every: { patients: every.patients, tenths: every.scoreTenths },
      old: { patients: old.patients, tenths: old.scoreTenths },
      everyMs,
      oldDirect: { patients: oldDirect.patients, tenths: oldDirect.scoreTenths },
      oldDirectMs,
      passingPairs: g.practice.length,
      storedPairs: mine.length,
    });
  }
  return out;
}

/** The 1, 5 and 15 minute load averages, as `uptime` shows them: the machine is shared. */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const ratio = (x: number, y: number): string => (y === 0 ? '-' : (x / y).toFixed(4));

/** The middle of `xs`, sorted ascending, rounded. */
export const median = (xs: readonly number[]): number => Math.round(xs[Math.floor(xs.length / 2)] ?? 0);

/** A full rescoring's phases, in the order the tables show them. */
const FULL_PHASES = ['read', 'candidates', 'score+write', 'plan'];

/** A rescoring's milliseconds in each of these phases (0 where it had none). */
const phasesOf = (r: RescoreResult, names: readonly string[]): number[] =>
  names.map((k) => r.phasesMs?.[k] ?? 0);

/**
 * A real change, as when a starter edits their profile: `km` more (or less) travel moves every distance
 * point, so the suggestions are rewritten and the region's plan recomputed.
 */
export async function changeTravel(ds: DataSource, starterId: string, km: number): Promise<void> {
  await ds.query(`UPDATE starter_profiles SET max_travel_km = max_travel_km + $2 WHERE id = $1`, [
    starterId,
    km,
  ]);
}

/**
 * CPU seconds used so far by this process (every thread: process.cpuUsage) and by the PostgreSQL processes
 * on this machine (Linux /proc: each live one's own time, and what the postmaster collected from those that
 * ended); null where /proc cannot tell. The difference over a run, divided by the cores, is the shortest
 * that run could take on this machine if both sides kept every core busy.
 */
export function cpuSeconds(): { node: number; pg: number | null } {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1e6, pg: postgresCpuSeconds() };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux (sysconf(_SC_CLK_TCK))

function postgresCpuSeconds(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  let ticks = 0;
  let seen = false;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid ...: the command may hold spaces, so the fields are read after its ')'.
    const close = stat.lastIndexOf(')');
    if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
    const f = stat.slice(close + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14 to 17 of the whole line, 12 to 15 after the command.
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    seen = true;
  }
  return seen ? ticks / CLOCK_TICKS : null;
}

/** CPU seconds between two readings: Node / PostgreSQL (and their sum over the cores: a floor for the run). */
export function cpuUsed(from: ReturnType<typeof cpuSeconds>, to = cpuSeconds()): string {
  const node = to.node - from.node;
  if (from.pg === null || to.pg === null) return `${node.toFixed(1)} / n/a`;
  const pg = to.pg - from.pg;
  return `${node.toFixed(1)} / ${pg.toFixed(1)} (${((node + pg) / cpus().length).toFixed(1)} s)`;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, result];
}

/** The worker's Nest context on the bench database, quiet, without timers (BENCH_REDIS_URL, else `redis`). */
export async function benchWorker(url: string, redis: string): Promise<INestApplicationContext> {
  const env = validateEnv({
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? redis,
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_FROM: 'bench <bench@bench.test>',
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: 'pmbench',
    WORKER_TIMERS: 'false',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  });
  return NestFactory.createApplicationContext(createWorkerModule(env, createLogger('silent', 'bench')), {
    logger: false,
  });
}

export async function runRescoringBench(): Promise<Array<Record<string, string | number>>> {
  const url = benchUrl();
  await recreateBenchDatabase(url);
  const sizes: Array<[number, number]> = process.env.BENCH_SIZES
    ? process.env.BENCH_SIZES.split(',').map((s) => s.split('x').map(Number) as [number, number])
    : DEFAULT_SIZES;
  const ctx = await benchWorker(url, 'redis://127.0.0.1:6379/5');
  const ds = ctx.get<DataSource>(getDataSourceToken());
  const rescoring = ctx.get(RescoringService);
  const plan = ctx.get(RegionalPlanService);
  const rows: Array<Record<string, string | number>> = [];
  const planRows: Array<Record<string, string | number>> = [];
  try {
    for (const [s, p] of sizes) {
      await seedSynthetic(ds, s, p);
      const [bareReadMs] = await time(async () => {
        await ds.query(
          `SELECT * FROM starter_profiles sp JOIN places pl ON pl.postcode = sp.home_postcode WHERE sp.active`,
        );
        await ds.query(
          `SELECT * FROM practices p JOIN places pl ON pl.postcode = p.postcode WHERE p.status = 'published'`,
        );
      });
      const cpuBefore = cpuSeconds();
      const [fullMs, full] = await time(() => rescoring.rescoreAll(TODAY));
      const fullCpu = cpuUsed(cpuBefore);
      const [bareWriteMs] = await time(() => bareWrite(ds));
      // The same from an empty table again, in the same process: the worker is long-lived, and the first
      // full rescoring of a process also pays for compiling the scoring code on both threads.
      await ds.query(`TRUNCATE matches CASCADE`);
      const warmCpuBefore = cpuSeconds();
      const [warmMs, warm] = await time(() => rescoring.rescoreAll(TODAY));
      const warmCpu = cpuUsed(warmCpuBefore);
      const [againMs] = await time(() => rescoring.rescoreAll(TODAY));
      // The plans over the candidate graph against the plan over every passing pair (and the old rule's).
      const scope =
        (process.env.BENCH_PLAN_REGIONS as 'all' | 'largest' | undefined) ??
        (s * p > 25_000_000 ? 'largest' : 'all');
      const quality = await planQuality(ds, scope);
      const ids = await ds.query<Array<{ id: string }>>(
        `SELECT id FROM starter_profiles ORDER BY id LIMIT $1`,
        [Number(process.env.BENCH_PROFILES ?? 21)],
      );
      // The table grew from nothing to every suggestion: statistics as autovacuum would leave them in
      // production, not the seed's (with them, a profile's practice query took 24 ms instead of 4).
      await ds.query(`ANALYZE`);
      const singles: number[] = [];
      const withoutPlan: number[] = [];
      let slowest = { ms: -1, phases: '' };
      for (const [k, { id }] of ids.entries()) {
        await changeTravel(ds, id, k % 2 === 0 ? 1 : -1);
        const [ms, r] = await time(() => rescoring.rescoreStarter(id, TODAY));
        singles.push(ms);
        withoutPlan.push(ms - (r.phasesMs?.plan ?? 0));
        if (ms > slowest.ms)
          slowest = {
            ms,
            phases: `${phasesOf(r, ['read', 'every-pair', 'score+write', 'plan']).join(' / ')} (regions followed ${r.plans?.followed ?? 0}, solved ${r.plans?.solved ?? 0})`,
          };
      }
      singles.sort((a, b) => a - b);
      withoutPlan.sort((a, b) => a - b);
      const [largest] = await ds.query<Array<{ region_id: string; n: number }>>(
        `SELECT region_id, count(*)::int AS n FROM matches WHERE status = 'suggested' AND kind = 'pair' GROUP BY region_id ORDER BY n DESC LIMIT 1`,
      );
      const [planMs] = largest ? await time(() => plan.recompute(largest.region_id)) : [0];
      // The same after the profile rescorings (the incremental path), for the largest region.
      const [after] = scope === 'all' ? await planQuality(ds, 'largest') : [undefined];
      // One profile after another process rescored everything (or this one restarted): the plans over
      // every passing pair of the starter's regions are built from scratch (the cold path). Three times,
      // each after a full rescoring's row in the rescoring log.
      const cold: number[] = [];
      for (const [k, { id }] of ids.slice(0, 3).entries()) {
        await ds.query(`INSERT INTO rescoring_log (everything) VALUES (true)`);
        await changeTravel(ds, id, k % 2 === 0 ? 1 : -1);
        const [ms] = await time(() => rescoring.rescoreStarter(id, TODAY));
        cold.push(ms);
      }
      cold.sort((a, b) => a - b);
      // Two workers: a second process rescores one profile, then this one another. This one drops only
      // the regions the other's rescoring touched (the rescoring log), and follows the rest.
      const second = await benchWorker(url, 'redis://127.0.0.1:6379/5');
      const alternating: number[] = [];
      try {
        const secondRescoring = second.get(RescoringService);
        for (let k = 0; k < 5; k++) {
          const theirs = ids[(8 + k) % ids.length].id;
          const ours = ids[(3 + k) % ids.length].id;
          await changeTravel(ds, theirs, k % 2 === 0 ? 1 : -1);
          await secondRescoring.rescoreStarter(theirs, TODAY);
          await changeTravel(ds, ours, k % 2 === 0 ? 1 : -1);
          const [ms] = await time(() => rescoring.rescoreStarter(ours, TODAY));
          alternating.push(ms);
        }
      } finally {
        await second.close();
      }
      alternating.sort((a, b) => a - b);
      const sum = (f: (q: PlanQuality) => number): number => quality.reduce((n, q) => n + f(q), 0);
      const biggest = quality.reduce((a, b) => (a.passingPairs >= b.passingPairs ? a : b));
      const stats = [...rescoring.lastPlanStats.values()];
      const priced = [...rescoring.lastPlanStats.entries()].find(([id]) => id === largest?.region_id)?.[1];
      planRows.push({
        'starters x practices': `${s} x ${p}`,
        'load (uptime)': loadAverage(),
        regions: scope === 'all' ? `all ${quality.length}` : biggest.region,
        'passing pairs': sum((q) => q.passingPairs),
        'stored pairs': sum((q) => q.storedPairs),
        'patients: candidate / every pair': ratio(
          sum((q) => q.candidate.patients),
          sum((q) => q.every.patients),
        ),
        'fit: candidate / every pair': ratio(
          sum((q) => q.candidate.tenths),
          sum((q) => q.every.tenths),
        ),
        'patients: old best-10 / every pair': ratio(
          sum((q) => q.old.patients),
          sum((q) => q.every.patients),
        ),
        'fit: old best-10 / every pair': ratio(
          sum((q) => q.old.tenths),
          sum((q) => q.every.tenths),
        ),
        'patients placed (every pair)': sum((q) => q.every.patients),
        'plan over every pair: exact (seats) ms / old direct (starters) ms': `${Math.round(sum((q) => q.everyMs))} / ${Math.round(sum((q) => q.oldDirectMs))}`,
        'exact = old direct': quality.every(
          (q) => q.every.patients === q.oldDirect.patients && q.every.tenths === q.oldDirect.tenths,
        )
          ? 'yes'
          : 'NO',
        'largest: its plan in the full rescoring ms': priced ? priced.ms : '-',
        'plan pairs beyond N and M, all regions': stats.reduce((n, x) => n + x.planPairsAdded, 0),
        [`after ${ids.length} profile rescorings, largest: patients / fit ratio`]: after
          ? `${ratio(after.candidate.patients, after.every.patients)} / ${ratio(after.candidate.tenths, after.every.tenths)}`
          : 'not measured',
      });
      rows.push({
        'starters x practices': `${s} x ${p}`,
        'load (uptime)': loadAverage(),
        'bare read ms': Math.round(bareReadMs),
        'bare write ms': Math.round(bareWriteMs),
        'full rescoring ms': Math.round(fullMs),
        'of which read / candidates / score+write / rest of plan ms': phasesOf(full, FULL_PHASES).join(' / '),
        'its CPU s: Node / PostgreSQL (sum / cores)': fullCpu,
        'again, warm process: ms / read / candidates / score+write / plan': [
          Math.round(warmMs),
          ...phasesOf(warm, FULL_PHASES),
        ].join(' / '),
        'again: CPU s Node / PostgreSQL (sum / cores)': warmCpu,
        'second run ms': Math.round(againMs),
        suggestions: full.suggested,
        'one profile median ms': median(singles),
        'one profile p90 ms': Math.round(singles[Math.ceil(singles.length * 0.9) - 1] ?? 0),
        'one profile max ms': Math.round(singles[singles.length - 1]),
        'slowest profile: read / every-pair / score+write / plan ms': slowest.phases,
        'one profile w/o plan median ms': median(withoutPlan),
        'one profile, plans over every pair built anew: median of 3 ms': median(cold),
        "one profile after another worker's: median of 5 ms": median(alternating),
        'largest region plan ms': Math.round(planMs),
        'plan suggestions': largest?.n ?? 0,
      });
    }
  } finally {
    await ctx.close();
  }
  console.table(rows);
  console.table(planRows);
  return [...rows, ...planRows];
}

if (require.main === module) {
  runRescoringBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
