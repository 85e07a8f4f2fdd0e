/**
 * A second thread for the full rescoring's candidates (DESIGN.md "Matching"): while the main thread scores
 * one part of the starters and solves some regions' plans, this thread scores the other part and solves the
 * other regions, so both cores work in the phase where PostgreSQL has nothing to write yet. One worker
 * thread (worker_threads), started on first use and kept; it runs scoring-tasks.ts on copies of what it is
 * sent and keeps nothing between requests.
 *
 * Run from the compiled JavaScript (dist/), the thread starts scoring-thread.worker.js. Run from the
 * TypeScript sources (Jest, ts-jest), it starts the .ts file through TypeScript's transpiler, so the tests
 * run the same thread code as production.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AllPairsGraph, ScoringPractice, ScoringStarter, ScoringWeights } from './scoring';
import type {
  CollectedRange,
  CollectRules,
  SolvedGraph,
  ThreadReply,
  ThreadRequest,
  ThreadResult,
} from './scoring-tasks';

/** Loads the worker's TypeScript entry when the sources run untranspiled (see the file's comment). */
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const ts = require(workerData.typescript);
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
require(workerData.entry);
`;

type Pending = { worker: Worker; resolve: (result: ThreadResult) => void; reject: (err: Error) => void };
type Task<T extends ThreadRequest['task']> = Omit<Extract<ThreadRequest, { task: T }>, 'id'>;

export class ScoringThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Starters [from, to) collected on the thread (scoring-tasks.ts collectRange). */
  collect(
    starters: readonly ScoringStarter[],
    practices: readonly ScoringPractice[],
    weights: ScoringWeights,
    from: number,
    to: number,
    rules: CollectRules,
  ): Promise<CollectedRange> {
    return this.request({
      task: 'collect',
      starters,
      practices,
      weights,
      from,
      to,
      rules,
    }) as Promise<CollectedRange>;
  }

  /** These graphs' plans over every passing pair, solved on the thread, in the order given. */
  solve(graphs: AllPairsGraph[], practiceIds: readonly string[]): Promise<SolvedGraph[]> {
    return this.request({ task: 'solve', graphs, practiceIds }) as Promise<SolvedGraph[]>;
  }

  /**
   * Starts the thread now if it is not running, so that its start (loading the scoring code) overlaps
   * the caller's reads instead of delaying the first request. Harmless if it fails: the request will say.
   */
  start(): void {
    try {
      this.started();
    } catch {
      // The first request reports the failure (and the engine does the work itself).
    }
  }

  /** Stops the thread; a request still open fails. The next request starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private request(task: Task<'collect'> | Task<'solve'>): Promise<ThreadResult> {
    let worker: Worker;
    try {
      worker = this.started();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const id = this.nextId++;
    return new Promise<ThreadResult>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      // Referenced while a request is open, so a process with nothing else to do waits for the answer.
      worker.ref();
      try {
        worker.postMessage({ ...task, id });
      } catch (err) {
        this.settle(id, err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const ext = extname(__filename);
    const entry = join(__dirname, `scoring-thread.worker${ext}`);
    const worker =
      ext === '.ts'
        ? new Worker(TS_BOOTSTRAP, {
            eval: true,
            workerData: { entry, typescript: require.resolve('typescript') },
          })
        : new Worker(entry);
    worker.unref();
    worker.on('message', (reply: ThreadReply) => {
      if ('error' in reply) this.settle(reply.id, new Error(`scoring thread: ${reply.error}`));
      else this.settle(reply.id, null, reply.result);
    });
    const fail = (err: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const [id, open] of [...this.pending]) if (open.worker === worker) this.settle(id, err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scoring thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, err: Error | null, result?: ThreadResult): void {
    const open = this.pending.get(id);
    if (!open) return;
    this.pending.delete(id);
    if (![...this.pending.values()].some((p) => p.worker === open.worker)) open.worker.unref();
    if (err) open.reject(err);
    else open.resolve(result as ThreadResult);
  }
}
