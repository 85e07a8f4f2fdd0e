/**
 * Soak: the real API at half its measured capacity for ten minutes, with zero failed requests and a flat
 * heap. On the load bench's data (support/load-seed.ts, bench/load.bench.ts's scene), it first measures
 * the API's capacity on each of three routes alone (the coordinator's match list, the vacancy board, a
 * profile update), then drives all three at once from three autocannon processes, each at a third of half
 * its own capacity, so the server as a whole runs at half its capacity. Every few seconds it forces a
 * garbage collection in the API's process (this one; autocannon runs elsewhere) and samples the heap.
 * Flat: the median heap of the last quarter of the run is within 10% (or 16 MB) of the second quarter's.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/run.js soak`.
 * Knobs: BENCH_SOAK_S (600), BENCH_SOAK_PROBE_S (10, each capacity probe), BENCH_CONNECTIONS (20),
 * BENCH_LOAD_DATABASE_URL.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startLoadScene } from './load.bench';
import { autocannon, LoadTarget, machineNote, median, round } from './support/bench-kit';

const SAMPLE_EVERY_MS = 5_000;
const MB = 1024 * 1024;

const isCallable = (f: unknown): f is () => void => typeof f === 'function';

/** A callable gc() without starting node with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose_gc');
  const gc: unknown = runInNewContext('gc');
  if (!isCallable(gc)) throw new Error('could not expose the garbage collector');
  return () => gc();
}

export async function runSoakBench(): Promise<Array<Record<string, string | number>>> {
  const soakS = Number(process.env.BENCH_SOAK_S ?? 600);
  const probeS = Number(process.env.BENCH_SOAK_PROBE_S ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const gc = exposeGc();
  const scene = await startLoadScene();
  try {
    const t = scene.targets(scene.api.url);
    const routes: Array<{ name: string; target: LoadTarget }> = [
      { name: 'match list', target: t.matches },
      { name: 'vacancy board', target: scene.api.url + scene.paths.vacancies },
      { name: 'profile update', target: t.profile },
    ];
    const capacity: number[] = [];
    for (const r of routes) {
      await autocannon(r.target, 3, connections);
      capacity.push((await autocannon(r.target, probeS, connections)).rps);
    }
    const rates = capacity.map((c) => Math.max(1, Math.round((0.5 * c) / routes.length)));

    const samples: Array<{ at: number; heapMb: number; rssMb: number }> = [];
    const t0 = Date.now();
    const sample = (): void => {
      gc();
      const m = process.memoryUsage();
      samples.push({ at: (Date.now() - t0) / 1000, heapMb: m.heapUsed / MB, rssMb: m.rss / MB });
    };
    sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    let results;
    try {
      results = await Promise.all(routes.map((r, i) => autocannon(r.target, soakS, connections, rates[i])));
    } finally {
      clearInterval(timer);
    }
    sample();

    const quarter = (q: number): number[] =>
      samples.filter((s) => s.at >= (q * soakS) / 4 && s.at < ((q + 1) * soakS) / 4 + 1).map((s) => s.heapMb);
    const early = median(quarter(1));
    const late = median(quarter(3));
    const growth = late - early;
    const flat = growth <= Math.max(16, 0.1 * early);
    const failed = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const rows = routes.map((r, i) => ({
      route: r.name,
      'capacity req/s': round(capacity[i], 0),
      'soak target req/s': rates[i],
      'soak req/s': round(results[i].rps, 1),
      'p50 ms': results[i].p50,
      'p99 ms': results[i].p99,
      'non-2xx': results[i].non2xx,
      errors: results[i].errors,
    }));
    console.log(
      `soak: ${soakS} s at half capacity (each route at a third of half its solo capacity, all at once), ` +
        `${connections} connections each; ${machineNote()}`,
    );
    console.table(rows);
    const first = samples[0];
    const last = samples[samples.length - 1];
    console.log(
      `heap after gc: start ${first.heapMb.toFixed(1)} MB, 2nd-quarter median ${early.toFixed(1)} MB, ` +
        `last-quarter median ${late.toFixed(1)} MB, end ${last.heapMb.toFixed(1)} MB (growth ${growth.toFixed(1)} MB); ` +
        `rss ${first.rssMb.toFixed(0)} -> ${last.rssMb.toFixed(0)} MB; ${samples.length} samples`,
    );
    console.log(`target (zero failed requests): ${failed === 0 ? 'met' : `NOT met (${failed} failed)`}`);
    console.log(
      `target (flat memory: last quarter within max(16 MB, 10%) of the second): ${flat ? 'met' : 'NOT met'}`,
    );
    return rows;
  } finally {
    await scene.close();
  }
}

if (require.main === module) {
  runSoakBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
