/**
 * `npm run bench -- web`: the web app as its users' browsers see it, in `praktijkmatch_bench_web`, served by
 * the real API from the built app (dist/web), in headless Chromium (Debian's, CHROMIUM_PATH).
 * - The board: 5,000 published practices (the vacancies bench's seed); `/vacancies` opened cold (a new
 *   browser context, nothing cached) and warm (the same context again, the hashed assets cached): first
 *   contentful paint and the list rendered, beside the bare `GET /api/vacancies` the page makes.
 * - The coordinator's queue: a region with 3,000 suggestions (support/queue-seed.ts); the coordinator logs
 *   in (POST /api/auth/login in the browser context, so the refresh cookie is the browser's), then
 *   `/coordinator` (by urgency, page 1) is opened cold and warm until its 20 rows are rendered, beside the
 *   bare `GET /api/matches?sort=urgency&status=suggested` the page makes, with a bearer token, same run.
 * And the app's gzipped JavaScript.
 *
 * Needs `npm run build` first (npm run bench does it). Knobs: BENCH_WEB_DATABASE_URL, BENCH_WEB_ROUNDS (5),
 * BENCH_REDIS_URL.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  benchDatabaseUrl,
  machineNote,
  median,
  recreateDatabase,
  round,
  signAccessToken,
  startApi,
} from './support/bench-kit';
import { QUEUE_COORDINATOR, QUEUE_SUGGESTIONS, seedQueue, type QueueFixtures } from './support/queue-seed';
import { seedPractices } from './vacancies.bench';

const BOARD_LIST = '[data-testid="vacancy-list"] li';
const QUEUE_ROWS = '[data-testid="queue-row"]';
/** The queue's page size (web/src/features/coordinator/api/coordinator.ts): page 1 is full at 3,000. */
const QUEUE_PAGE_ROWS = 20;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number } };
}

export interface WebBenchRow {
  what: string;
  samples: number;
  'median ms': number;
  'p95 ms': number;
  'min ms': number;
  'max ms': number;
}

/**
 * Opens `url` in `context` and returns first contentful paint and the moment `count` elements matching
 * `selector` are in the page (ms from navigation start, measured in the page on every animation frame).
 */
async function openPage(
  context: BrowserContext,
  url: string,
  selector: string,
  count: number,
): Promise<{ fcp: number; rendered: number }> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    // Functions run in the page (the app's CSP forbids evaluating strings); this file has no DOM types.
    const done = await page.waitForFunction(
      ({ selector, count }: { selector: string; count: number }) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length >= count
          ? performance.now()
          : false,
      { selector, count },
      { polling: 'raf', timeout: 30_000 },
    );
    const rendered = (await done.jsonValue()) as number;
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    return { fcp, rendered };
  } finally {
    await page.close();
  }
}

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A page painted from cache may report no paint entry: such samples are left out and counted. */
function row(what: string, all: number[]): WebBenchRow {
  const samples = all.filter(Number.isFinite);
  return {
    what,
    samples: samples.length,
    'median ms': round(median(samples)),
    'p95 ms': round(percentile(samples, 95)),
    'min ms': round(Math.min(...samples)),
    'max ms': round(Math.max(...samples)),
  };
}

/** `count` sequential GETs from Node after `warmup` unmeasured ones; each answer read in full. */
async function timeGets(
  url: string,
  headers: Record<string, string>,
  count: number,
  warmup: number,
): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    await res.arrayBuffer();
    if (i >= warmup) ms.push(performance.now() - started);
  }
  return ms;
}

/** Gzipped JavaScript of the build: what the public entry loads, and all chunks. */
function bundleSizes(dist: string): { initialKb: number; totalKb: number; chunks: number } {
  const assets = join(dist, 'assets');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  let initial = 0;
  let total = 0;
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    const size = gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
    total += size;
    if (entry.has(file)) initial += size;
  }
  return { initialKb: round(initial / 1024), totalKb: round(total / 1024), chunks: files.length };
}

/** The board, cold and warm, beside its bare API call. */
async function boardRows(browser: Browser, base: string, rounds: number): Promise<WebBenchRow[]> {
  // The call the board page makes on load (page 1, no filter), timed bare from Node.
  const apiMs = await timeGets(`${base}/api/vacancies?page=1&pageSize=20`, {}, rounds * 3, rounds);
  const cold = { fcp: [] as number[], list: [] as number[] };
  const warm = { fcp: [] as number[], list: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 375, height: 800 } });
    try {
      const first = await openPage(context, `${base}/vacancies`, BOARD_LIST, 1);
      cold.fcp.push(first.fcp);
      cold.list.push(first.rendered);
      const again = await openPage(context, `${base}/vacancies`, BOARD_LIST, 1);
      warm.fcp.push(again.fcp);
      warm.list.push(again.rendered);
    } finally {
      await context.close();
    }
  }
  return [
    row('bare GET /api/vacancies (Node fetch, page 1)', apiMs),
    row('board cold: first contentful paint', cold.fcp),
    row('board cold: list rendered', cold.list),
    row('board warm: first contentful paint', warm.fcp),
    row('board warm: list rendered', warm.list),
  ];
}

/**
 * The coordinator's queue: per round a new browser context logs in (the API sets the refresh cookie in the
 * browser), then opens /coordinator twice (cold: nothing cached; warm: the same context again). Each open
 * includes what any page load does: the session check (POST /api/auth/refresh), the lazy coordinator
 * chunk, the regions and the match list.
 */
async function queueRows(
  browser: Browser,
  base: string,
  rounds: number,
  queue: QueueFixtures,
): Promise<WebBenchRow[]> {
  if (queue.suggestions !== QUEUE_SUGGESTIONS)
    throw new Error(`the queue region holds ${queue.suggestions} suggestions, not ${QUEUE_SUGGESTIONS}`);
  const token = signAccessToken(queue.coordinatorId, 'coordinator');
  const path = '/api/matches?sort=urgency&status=suggested&page=1&pageSize=20';
  const apiMs = await timeGets(`${base}${path}`, { authorization: `Bearer ${token}` }, rounds * 10, rounds);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    try {
      const login = await context.request.post(`${base}/api/auth/login`, {
        data: { email: QUEUE_COORDINATOR.email, password: QUEUE_COORDINATOR.password },
      });
      if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
      cold.push((await openPage(context, `${base}/coordinator`, QUEUE_ROWS, QUEUE_PAGE_ROWS)).rendered);
      warm.push((await openPage(context, `${base}/coordinator`, QUEUE_ROWS, QUEUE_PAGE_ROWS)).rendered);
    } finally {
      await context.close();
    }
  }
  return [
    row('bare GET /api/matches?sort=urgency&status=suggested (Node fetch, page 1)', apiMs),
    row('queue cold: 20 rows rendered (after login, new context)', cold),
    row('queue warm: 20 rows rendered (same context again)', warm),
  ];
}

export async function runWebBench(): Promise<WebBenchRow[]> {
  const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
  const dist = resolve(process.env.WEB_DIST_DIR ?? 'dist/web');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no web build in ${dist}: run npm run build`);
  const url = benchDatabaseUrl('praktijkmatch_bench_web', 'BENCH_WEB_DATABASE_URL');
  await recreateDatabase(url);
  await seedPractices(url);
  const api = await startApi(url, { WEB_DIST_DIR: dist });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const board = await boardRows(browser, api.url, rounds);
    // Seeded after the board is measured, so the board's 5,000 practices stay 5,000 while it is.
    const queue = await seedQueue(url);
    const queueTable = await queueRows(browser, api.url, rounds, queue);
    const sizes = bundleSizes(dist);
    console.log(
      `web board: 5,000 published practices, /vacancies at 375 px in headless Chromium, ${rounds} rounds ` +
        `(cold: new context; warm: same context again), served by the real API on loopback; ${machineNote()}`,
    );
    console.table(board);
    console.log(
      `coordinator queue: a region with ${queue.suggestions.toLocaleString('en')} suggestions, /coordinator ` +
        `(by urgency, page 1 of 20 rows) at 1280 px, ${rounds} rounds, logged in as the region's coordinator; ` +
        `${machineNote()}`,
    );
    console.table(queueTable);
    console.log(
      `JavaScript, gzipped: ${sizes.initialKb} kB loaded by the public entry, ${sizes.totalKb} kB in all ` +
        `${sizes.chunks} chunks (budget for the public pages: 150 kB, npm run web:budget)`,
    );
    return [...board, ...queueTable];
  } finally {
    await browser?.close();
    await api.close();
  }
}
