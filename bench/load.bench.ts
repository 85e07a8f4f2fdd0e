/**
 * The API under concurrent clients, route by route, against a bare Fastify + pg server doing the same work
 * in the same run (bench/bare-load-server.ts says what "the same" covers). Data: 2,000 starters, 1,500
 * practices, suggestions from the real RescoringService, one coordinator of the busiest region
 * (support/load-seed.ts), in `praktijkmatch_bench_load`, recreated and migrated each run.
 * - the coordinator's match list (page 2 of the region's suggestions, by fit): target >= 0.8x bare req/s;
 * - a profile update, PUT /api/starter-profile, validation included, rotating over 200 starters: >= 0.5x;
 * - login, POST /api/auth/login, rotating over 20 accounts: bounded by argon2 on both sides; reported only.
 * autocannon from a second process, warm-up, then alternating rounds and medians (support/bench-kit.ts).
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/run.js load`.
 * Knobs: BENCH_LOAD_DATABASE_URL, BENCH_DURATION_S (10), BENCH_CONNECTIONS (20), BENCH_ROUNDS (3).
 */
import { isDeepStrictEqual } from 'node:util';
import { BareServer, startBareLoadServer } from './bare-load-server';
import {
  alternatingRounds,
  benchDatabaseUrl,
  benchEnv,
  ComparisonRow,
  comparisonRows,
  LoadTarget,
  machineNote,
  recreateDatabase,
  startApi,
} from './support/bench-kit';
import { LoadFixtures, seedLoadData } from './support/load-seed';

export const LOAD_QUEUE_PREFIX = 'pmbenchload';
const BARE_QUEUE_PREFIX = 'pmbenchloadbare';
const LOGIN_CONNECTIONS = 4;

export interface LoadScene {
  fixtures: LoadFixtures;
  api: { url: string; close: () => Promise<void> };
  bare: BareServer;
  paths: { matches: string; profile: string; login: string; vacancies: string };
  /** The three routes as autocannon targets on a server's base URL. */
  targets: (base: string) => { matches: LoadTarget; profile: LoadTarget; login: LoadTarget };
  close: () => Promise<void>;
}

/** Recreates and seeds the bench database, starts the real API and the bare server on it. */
export async function startLoadScene(): Promise<LoadScene> {
  const url = benchDatabaseUrl('praktijkmatch_bench_load', 'BENCH_LOAD_DATABASE_URL');
  await recreateDatabase(url);
  const fixtures = await seedLoadData(url, { queuePrefix: `${LOAD_QUEUE_PREFIX}w` });
  const api = await startApi(url, { QUEUE_PREFIX: LOAD_QUEUE_PREFIX });
  const bare = await startBareLoadServer(url, benchEnv(url).REDIS_URL, BARE_QUEUE_PREFIX);
  const paths = {
    matches: `/api/matches?regionId=${fixtures.regionId}&status=suggested&sort=fit&page=2&pageSize=20`,
    profile: '/api/starter-profile',
    login: '/api/auth/login',
    vacancies: `/api/vacancies?regionId=${fixtures.regionId}&page=1&pageSize=20`,
  };
  const json = { 'content-type': 'application/json' };
  const targets = (base: string) => ({
    matches: {
      url: base + paths.matches,
      method: 'GET' as const,
      variants: [{ headers: { authorization: `Bearer ${fixtures.coordinatorToken}` } }],
    },
    profile: {
      url: base + paths.profile,
      method: 'PUT' as const,
      variants: fixtures.profileWriters.map((w) => ({
        headers: { ...json, authorization: `Bearer ${w.token}` },
        body: w.body,
      })),
    },
    login: {
      url: base + paths.login,
      method: 'POST' as const,
      variants: fixtures.logins.map((l) => ({ headers: json, body: JSON.stringify(l) })),
    },
  });
  return {
    fixtures,
    api,
    bare,
    paths,
    targets,
    close: async () => {
      await bare.close();
      await api.close();
    },
  };
}

async function call(target: LoadTarget): Promise<{ status: number; body: Record<string, unknown> }> {
  if (typeof target === 'string') throw new Error('expected a request target');
  const variant = target.variants[0];
  const res = await fetch(target.url, {
    method: target.method,
    headers: variant.headers,
    body: variant.body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Both servers must give the same answer before their speed is compared. */
async function checkSameWork(scene: LoadScene): Promise<void> {
  const api = scene.targets(scene.api.url);
  const bare = scene.targets(scene.bare.url);
  const [am, bm] = [await call(api.matches), await call(bare.matches)];
  if (am.status !== 200 || bm.status !== 200 || !isDeepStrictEqual(am.body, bm.body))
    throw new Error(
      `match lists differ (${am.status}/${bm.status}): ${JSON.stringify(am.body).slice(0, 300)}`,
    );
  const items = am.body.items as Array<{ breakdown: Array<{ explanation: string }> }>;
  if (items.length === 0 || items.some((i) => i.breakdown.some((b) => !b.explanation)))
    throw new Error('the match page is empty or unexplained');
  const [ap, bp] = [await call(api.profile), await call(bare.profile)];
  const { updatedAt: _a, ...apBody } = ap.body;
  const { updatedAt: _b, ...bpBody } = bp.body;
  if (ap.status !== 200 || bp.status !== 200 || !isDeepStrictEqual(apBody, bpBody))
    throw new Error(
      `profile answers differ (${ap.status}/${bp.status}): ${JSON.stringify(ap.body)} vs ${JSON.stringify(bp.body)}`,
    );
  const [al, bl] = [await call(api.login), await call(bare.login)];
  if (
    al.status !== 200 ||
    bl.status !== 200 ||
    typeof al.body.accessToken !== 'string' ||
    typeof bl.body.accessToken !== 'string'
  )
    throw new Error(`login failed (${al.status}/${bl.status})`);
}

export async function runLoadBench(): Promise<Record<string, ComparisonRow[]>> {
  const seconds = Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const scene = await startLoadScene();
  try {
    await checkSameWork(scene);
    const api = scene.targets(scene.api.url);
    const bare = scene.targets(scene.bare.url);
    const f = scene.fixtures;
    console.log(
      `load: ${f.starters} starters, ${f.practices} practices, ${f.suggestions} suggestions ` +
        `(${f.regionSuggestions} in the coordinator's region); ${connections} connections, median of ${rounds} ` +
        `alternating ${seconds} s runs after a 3 s warm-up; ${machineNote()}`,
    );
    const tables: Record<string, ComparisonRow[]> = {};
    const routes = [
      {
        key: 'matches',
        title: `GET ${scene.paths.matches.replace(/regionId=[^&]+/, 'regionId=<busiest>')}`,
        target: 0.8,
      },
      { key: 'profile', title: 'PUT /api/starter-profile (validated write, 200 starters)', target: 0.5 },
      {
        key: 'login',
        title: `POST /api/auth/login (argon2id verify, 20 accounts, ${LOGIN_CONNECTIONS} connections, >= 10 s runs)`,
        target: 0,
      },
    ] as const;
    for (const route of routes) {
      // argon2 runs on libuv's 4 threads: more login connections than that only queue, and a verify takes
      // hundreds of milliseconds, so short runs would count only a handful of requests.
      const login = route.key === 'login';
      const s = await alternatingRounds(
        { bare: bare[route.key], api: api[route.key] },
        {
          seconds: login ? Math.max(seconds, 10) : seconds,
          connections: login ? Math.min(connections, LOGIN_CONNECTIONS) : connections,
          rounds,
          warmupS: 3,
        },
      );
      tables[route.key] = comparisonRows(s.bare, s.api);
      console.log(`\n${route.title}`);
      console.table(tables[route.key]);
      const ratio = s.api.rps / s.bare.rps;
      console.log(
        route.target > 0
          ? `target (api >= ${route.target}x bare req/s): ${ratio >= route.target ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`
          : `no target: both sides are bound by argon2id verification (${ratio.toFixed(2)}x)`,
      );
    }
    return tables;
  } finally {
    await scene.close();
  }
}

if (require.main === module) {
  runLoadBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
