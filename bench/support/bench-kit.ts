/**
 * The machinery every HTTP benchmark shares: a dedicated bench database (recreated and migrated with the
 * production migration CLI), the real API booted exactly as main.ts boots it, autocannon driven from a
 * second process, alternating rounds with medians, and the small numeric helpers.
 */
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiModule } from '../../src/api.module';
import { Env, validateEnv } from '../../src/core/config/env';
import { createLogger } from '../../src/core/logging/logger';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/modules/auth/jwt.strategy';
import { createFastifyAdapter, setupApp } from '../../src/setup-app';

export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface Summary {
  rps: number;
  p50: number;
  p99: number;
}

/**
 * What autocannon drives: a plain URL (GET, the autocannon CLI itself), or a request whose headers and body
 * rotate over `variants` (one per simulated user), run by support/load-client.js.
 */
export type LoadTarget =
  | string
  | {
      url: string;
      method: 'GET' | 'POST' | 'PUT';
      variants: Array<{ headers: Record<string, string>; body?: string }>;
    };

/** `override` (an env variable) if set, else DATABASE_URL's server with the database `name`. */
export function benchDatabaseUrl(name: string, override = 'BENCH_DATABASE_URL'): string {
  const given = process.env[override];
  if (given) return given;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch');
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(url: string): Promise<void> {
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
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'src', 'cli', 'migrate.js'), 'run'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
}

/** The validated environment of a bench process (API or worker context) on the given database. */
export function benchEnv(databaseUrl: string, overrides: Record<string, string> = {}): Env {
  return validateEnv({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    MAIL_FROM: 'praktijkmatch bench <bench@praktijkmatch.local>',
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: 'pmbench',
    WORKER_TIMERS: 'false',
    ...overrides,
  });
}

/** The real API: the same NestFactory, Fastify adapter and setupApp as main.ts. */
export async function startApi(
  url: string,
  overrides: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const env = benchEnv(url, overrides);
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

/** An HS256 access token as the API issues them (same issuer, audience and claims), signed with node crypto. */
export function signAccessToken(sub: string, role: string, secret = BENCH_JWT_SECRET, ttlS = 4 * 3600): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, role, iat: now, exp: now + ttlS, iss: JWT_ISSUER, aud: JWT_AUDIENCE })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function collect(args: string[], stdin?: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
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
    child.stdin?.end(stdin);
  });
}

/**
 * autocannon in a second process, so the load generator does not share the servers' event loop.
 * `rate` caps the total requests per second over all connections (autocannon's overallRate).
 */
export function autocannon(
  target: LoadTarget,
  seconds: number,
  connections: number,
  rate?: number,
): Promise<Measurement> {
  if (typeof target === 'string' && rate === undefined) {
    const cli = require.resolve('autocannon/autocannon.js');
    return collect([cli, '--json', '-c', String(connections), '-d', String(seconds), target]);
  }
  const config =
    typeof target === 'string' ? { url: target, method: 'GET', variants: [{ headers: {} }] } : target;
  return collect(
    [join(__dirname, 'load-client.js')],
    JSON.stringify({ ...config, seconds, connections, rate }),
  );
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function machineNote(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`;
}

/**
 * A warm-up of each target, then `rounds` runs of each, alternating the order every round, and medians:
 * on a small shared machine a burst of someone else's work otherwise lands on one side only. Any failed
 * request fails the bench.
 */
export async function alternatingRounds<K extends string>(
  targets: Record<K, LoadTarget>,
  opts: { seconds: number; connections: number; rounds: number; warmupS?: number },
): Promise<Record<K, Summary>> {
  const sides = Object.keys(targets) as K[];
  for (const side of sides) await autocannon(targets[side], opts.warmupS ?? 3, opts.connections);
  const results = new Map<K, Measurement[]>(sides.map((s) => [s, []]));
  for (let i = 0; i < opts.rounds; i++) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order)
      results.get(side)!.push(await autocannon(targets[side], opts.seconds, opts.connections));
  }
  for (const m of [...results.values()].flat()) {
    if (m.non2xx > 0 || m.errors > 0)
      throw new Error(`failed requests during the bench: ${JSON.stringify(m)}`);
  }
  const out = {} as Record<K, Summary>;
  for (const side of sides) {
    const ms = results.get(side)!;
    out[side] = {
      rps: median(ms.map((m) => m.rps)),
      p50: median(ms.map((m) => m.p50)),
      p99: median(ms.map((m) => m.p99)),
    };
  }
  return out;
}

export interface ComparisonRow {
  server: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  [key: string]: string | number;
}

/** bare, api and their ratio, as the tables print them. */
export function comparisonRows(bare: Summary, api: Summary, bareName = 'bare fastify + pg'): ComparisonRow[] {
  return [
    { server: bareName, 'req/s': round(bare.rps, 0), 'p50 ms': bare.p50, 'p99 ms': bare.p99 },
    { server: 'nest api', 'req/s': round(api.rps, 0), 'p50 ms': api.p50, 'p99 ms': api.p99 },
    {
      server: 'ratio api/bare',
      'req/s': round(api.rps / bare.rps, 2),
      'p50 ms': round(api.p50 / Math.max(bare.p50, 0.001), 2),
      'p99 ms': round(api.p99 / Math.max(bare.p99, 0.001), 2),
    },
  ];
}
