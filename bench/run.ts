/**
 * `npm run bench`: every benchmark of the project, one after another, each printing its own table.
 * `node dist/bench/run.js vacancies` runs only the named ones.
 */
import { runVacanciesBench } from './vacancies.bench';

interface Bench {
  name: string;
  run: () => Promise<unknown>;
}

const BENCHES: Bench[] = [
  { name: 'vacancies', run: runVacanciesBench },
  // Other benchmarks register here, e.g. { name: 'matching-score', run: runScoringBench } from
  // ./matching-score.bench (it prints its rows with console.table when run on its own).
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
