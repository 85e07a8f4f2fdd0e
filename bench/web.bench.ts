/**
 * `npm run bench -- web`: the web app's board as a visitor's browser sees it. Seeds 5,000 published
 * practices (the vacancies bench's seed) into `praktijkmatch_bench_web`, starts the real API serving the
 * built app (dist/web), and opens `/vacancies` in headless Chromium (Debian's, CHROMIUM_PATH): cold (a new
 * browser context, nothing cached) and warm (the same context again, the hashed assets cached). For each it
 * reports the first contentful paint and the moment the list of vacancies is rendered, beside the bare
 * `GET /api/vacancies` the page makes, timed in the same run; and the app's gzipped JavaScript.
 *
 * Needs `npm run build` first (npm run bench does it). Knobs: BENCH_WEB_DATABASE_URL, BENCH_WEB_ROUNDS (5).
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
  startApi,
} from './support/bench-kit';
import { seedPractices } from './vacancies.bench';

const LIST = '[data-testid="vacancy-list"] li';
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
  document: { querySelector(selector: string): unknown };
}

export interface WebBenchRow {
  what: string;
  samples: number;
  'median ms': number;
  'min ms': number;
  'max ms': number;
}

/** Opens the board in `context` and returns first contentful paint and list-rendered times (ms from navigation). */
async function openBoard(context: BrowserContext, url: string): Promise<{ fcp: number; list: number }> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    // Functions run in the page (the app's CSP forbids evaluating strings); this file has no DOM types.
    const list = await page.waitForFunction(
      (selector: string) =>
        (globalThis as unknown as PageGlobals).document.querySelector(selector) ? performance.now() : false,
      LIST,
      { polling: 'raf', timeout: 30_000 },
    );
    const listMs = (await list.jsonValue()) as number;
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    return { fcp, list: listMs };
  } finally {
    await page.close();
  }
}

/** A page painted from cache may report no paint entry: such samples are left out and counted. */
function row(what: string, all: number[]): WebBenchRow {
  const samples = all.filter(Number.isFinite);
  return {
    what,
    samples: samples.length,
    'median ms': round(median(samples)),
    'min ms': round(Math.min(...samples)),
    'max ms': round(Math.max(...samples)),
  };
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
    // The call the board page makes on load (page 1, no filter), timed bare from Node.
    const apiMs: number[] = [];
    for (let i = 0; i < rounds * 4; i++) {
      const started = performance.now();
      const res = await fetch(`${api.url}/api/vacancies?page=1&pageSize=20`);
      if (res.status !== 200) throw new Error(`GET /api/vacancies answered ${res.status}`);
      await res.arrayBuffer();
      apiMs.push(performance.now() - started);
    }
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const cold = { fcp: [] as number[], list: [] as number[] };
    const warm = { fcp: [] as number[], list: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 375, height: 800 } });
      try {
        const first = await openBoard(context, `${api.url}/vacancies`);
        cold.fcp.push(first.fcp);
        cold.list.push(first.list);
        const again = await openBoard(context, `${api.url}/vacancies`);
        warm.fcp.push(again.fcp);
        warm.list.push(again.list);
      } finally {
        await context.close();
      }
    }
    const rows = [
      row('bare GET /api/vacancies (Node fetch, page 1)', apiMs.slice(rounds)),
      row('board cold: first contentful paint', cold.fcp),
      row('board cold: list rendered', cold.list),
      row('board warm: first contentful paint', warm.fcp),
      row('board warm: list rendered', warm.list),
    ];
    const sizes = bundleSizes(dist);
    console.log(
      `web board: 5,000 published practices, /vacancies at 375 px in headless Chromium, ${rounds} rounds ` +
        `(cold: new context; warm: same context again), served by the real API on loopback; ${machineNote()}`,
    );
    console.table(rows);
    console.log(
      `JavaScript, gzipped: ${sizes.initialKb} kB loaded by the public entry, ${sizes.totalKb} kB in all ` +
        `${sizes.chunks} chunks (budget for the public pages: 150 kB, npm run web:budget)`,
    );
    return rows;
  } finally {
    await browser?.close();
    await api.close();
  }
}
