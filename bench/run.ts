/**
 * `npm run bench`: every benchmark of the project, one after another, each printing its own table.
 * `node dist/bench/run.js vacancies` runs only the named ones.
 */
import { runCandidateLimitsBench } from './candidate-limits.bench';
import { runLoadBench } from './load.bench';
import { runMailPathBench } from './mail-path.bench';
import { runScoringBench } from './matching-score.bench';
import { runPlanBench } from './plan.bench';
import { runRescoringBench } from './rescoring.bench';
import { runSoakBench } from './soak.bench';
import { runStatsBench } from './stats.bench';
import { runVacanciesBench } from './vacancies.bench';
import { runWebBench } from './web.bench';

interface Bench {
  name: string;
  run: () => Promise<unknown>;
}

const BENCHES: Bench[] = [
  { name: 'vacancies', run: runVacanciesBench },
  { name: 'web', run: runWebBench },
  { name: 'load', run: runLoadBench },
  { name: 'mail-path', run: runMailPathBench },
  { name: 'matching-score', run: async () => console.table(await runScoringBench()) },
  { name: 'rescoring', run: runRescoringBench },
  { name: 'plan', run: runPlanBench },
  { name: 'candidate-limits', run: runCandidateLimitsBench },
  { name: 'stats', run: async () => console.table(await runStatsBench()) },
  // Ten minutes by default (BENCH_SOAK_S): last, so a plain `npm run bench` shows the quick tables first.
  { name: 'soak', run: runSoakBench },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length)
    throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    console.log(`\n== ${bench.name} ==`);
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
