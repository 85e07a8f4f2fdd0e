/**
 * The regional plan alone, for iterating on the solver: the largest region's graph of every passing pair
 * (with the candidate flags a full rescoring gives it) at one size, solved by each method, with the
 * patients and total fit each finds. The data is the rescoring bench's (seedSynthetic), seeded once into
 * its own database and kept (BENCH_PLAN_RESEED=1 seeds again); the graph is cached in a file
 * (BENCH_PLAN_CACHE, default /tmp/praktijkmatch-plan-<size>.bin) so that a second run starts at once.
 *
 * Run: `npm run bench -- plan` (BENCH_PLAN_SIZE, default 20000x15000; BENCH_PLAN_METHODS, a comma list of
 * pricing,direct,exact; BENCH_PLAN_REPEAT, default 3). Knobs as the rescoring bench's: BENCH_DATABASE_URL
 * (else `praktijkmatch_bench_plan` on DATABASE_URL's server; its name must say bench).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  currentMatchingSettings,
  currentWeights,
  loadPractices,
  loadStarters,
} from '../src/modules/matching/matching-data';
import { planOverAllPairs, solveAllPairs, type AllPairsGraph } from '../src/modules/matching/scoring';
import { SuggestionEngine } from '../src/modules/matching/suggestion-engine';
import { clientQueryable, recreateBenchDatabase, seedSynthetic } from './rescoring.bench';

interface Cached {
  region: string;
  graph: AllPairsGraph;
  /** Scoring the region's starters against its practices, when the cache was built (ms). */
  scoreMs?: number;
}

function benchUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch');
  url.pathname = '/praktijkmatch_bench_plan';
  return url.toString();
}

/** Int32 arrays and one Uint8 array, each prefixed by its length. */
function save(file: string, c: Cached): void {
  const g = c.graph;
  const parts = [g.start, g.practice, g.tenths, Int32Array.from(g.seats), Int32Array.from(g.patients)];
  const header = Buffer.from(
    JSON.stringify({ region: c.region, scoreMs: c.scoreMs, lengths: parts.map((a) => a.length) }),
  );
  const buffers = [
    Buffer.alloc(4),
    header,
    ...parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
  ];
  buffers[0].writeUInt32LE(header.length);
  buffers.push(Buffer.from(g.candidate.buffer, g.candidate.byteOffset, g.candidate.byteLength));
  writeFileSync(file, Buffer.concat(buffers));
}

function load(file: string): Cached {
  const b = readFileSync(file);
  const n = b.readUInt32LE(0);
  const { region, scoreMs, lengths } = JSON.parse(b.subarray(4, 4 + n).toString()) as {
    region: string;
    scoreMs?: number;
    lengths: number[];
  };
  let at = 4 + n;
  const arrays = lengths.map((len) => {
    const a = new Int32Array(len);
    Buffer.from(a.buffer).set(b.subarray(at, at + len * 4));
    at += len * 4;
    return a;
  });
  const candidate = Uint8Array.from(b.subarray(at));
  const [start, practice, tenths, seats, patients] = arrays;
  return { region, scoreMs, graph: { start, practice, tenths, candidate, seats, patients } };
}

async function build(size: [number, number]): Promise<Cached> {
  const url = benchUrl();
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const probe = new Client({ connectionString: admin.toString() });
  await probe.connect();
  const exists = (await probe.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  await probe.end();
  let seeded = false;
  if (exists && process.env.BENCH_PLAN_RESEED !== '1') {
    const c = new Client({ connectionString: url });
    await c.connect();
    const [{ s, p }] = (
      await c.query(
        `SELECT (SELECT count(*)::int FROM starter_profiles) AS s, (SELECT count(*)::int FROM practices) AS p`,
      )
    ).rows as Array<{ s: number; p: number }>;
    await c.end();
    seeded = s === size[0] && p === size[1];
  }
  if (!seeded) {
    await recreateBenchDatabase(url);
    const c = new Client({ connectionString: url });
    await c.connect();
    await seedSynthetic(clientQueryable(c), size[0], size[1]);
    await c.end();
  }
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  try {
    const m = ds.manager;
    const weights = await currentWeights(m);
    const limits = await currentMatchingSettings(m);
    const [starters, practices] = await Promise.all([loadStarters(m), loadPractices(m)]);
    const engine = new SuggestionEngine(starters, practices, weights.weights, [], [], limits);
    engine.prepare({ plan: false });
    const graphs = engine.regionGraphs();
    const largest = graphs.reduce((a, b) => (a.graph.practice.length >= b.graph.practice.length ? a : b));
    // What an exact plan after one profile's change would have to do first: score every starter with a
    // passing pair in the region again (their pairs are not stored), against the region's practices.
    const regionStarters = largest.starterOf.map((i) => starters[i]);
    const regionPractices = practices.filter((x) => x.regionId === largest.regionId);
    const t0 = process.hrtime.bigint();
    new SuggestionEngine(regionStarters, regionPractices, weights.weights, [], [], limits).prepare({
      plan: false,
    });
    const scoreMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
    const [{ name: region }] = await ds.query<Array<{ name: string }>>(
      `SELECT name FROM regions WHERE id = $1`,
      [largest.regionId],
    );
    return { region, graph: largest.graph, scoreMs };
  } finally {
    await ds.destroy();
  }
}

const METHODS: Record<
  string,
  (g: AllPairsGraph) => { patients: number; scoreTenths: number; note?: string }
> = {
  pricing: (g) => {
    const r = planOverAllPairs(g);
    return { ...r, note: `${r.rounds} rounds, ${r.edges} pairs` };
  },
  direct: (g) => planOverAllPairs({ ...g, candidate: new Uint8Array(g.practice.length).fill(1) }),
  exact: (g) => solveAllPairs(g),
};

export async function runPlanBench(): Promise<Array<Record<string, string | number>>> {
  const sizeText = process.env.BENCH_PLAN_SIZE ?? '20000x15000';
  const size = sizeText.split('x').map(Number) as [number, number];
  const file = process.env.BENCH_PLAN_CACHE ?? `/tmp/praktijkmatch-plan-${sizeText}.bin`;
  let cached: Cached;
  if (existsSync(file) && process.env.BENCH_PLAN_RESEED !== '1') cached = load(file);
  else {
    cached = await build(size);
    save(file, cached);
  }
  const g = cached.graph;
  const methods = (process.env.BENCH_PLAN_METHODS ?? 'exact,pricing').split(',');
  const repeat = Number(process.env.BENCH_PLAN_REPEAT ?? 3);
  const rows: Array<Record<string, string | number>> = [];
  let reference: { patients: number; scoreTenths: number } | null = null;
  for (const method of methods) {
    const solve = METHODS[method];
    if (!solve) throw new Error(`unknown plan method ${method}; known: ${Object.keys(METHODS).join(', ')}`);
    const times: number[] = [];
    let result: { patients: number; scoreTenths: number; note?: string } = { patients: 0, scoreTenths: 0 };
    for (let r = 0; r < (method === 'exact' ? repeat : 1); r++) {
      const t0 = process.hrtime.bigint();
      result = solve(g);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    reference ??= result;
    times.sort((a, b) => a - b);
    rows.push({
      size: sizeText,
      region: cached.region,
      'load (uptime)': loadavg()
        .map((x) => x.toFixed(2))
        .join(' '),
      method,
      'passing pairs': g.practice.length,
      starters: g.start.length - 1,
      'ms (median of runs)': Math.round(times[Math.floor(times.length / 2)]),
      'ms (min)': Math.round(times[0]),
      patients: result.patients,
      'score tenths': result.scoreTenths,
      'same as first':
        result.patients === reference.patients && result.scoreTenths === reference.scoreTenths ? 'yes' : 'NO',
      note: result.note ?? '',
      "rescoring the region's starters ms (when cached)": cached.scoreMs ?? '-',
    });
  }
  console.table(rows);
  return rows;
}

if (require.main === module) {
  runPlanBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
