import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A private `redis-server` the test owns: killing and respawning it is "Redis stopped and restarted
 * empty" (no persistence), without touching the machine's shared Redis.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
      { stdio: 'ignore' },
    );
    const probe = new Redis({ port: this.port, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; i < 100; i += 1) {
        try {
          if (probe.status !== 'ready') await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          await sleep(50);
        }
      }
      throw new Error(`private redis on ${this.port} did not start`);
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: the data (queues, locks) is gone with it. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  }
}

/**
 * The compiled worker (`node dist/src/worker.js`, built by the e2e global setup) as a real child process,
 * so a SIGKILL is a real crash: no shutdown hooks, open transactions cut off mid-way.
 */
export class WorkerProcess {
  private child?: ChildProcess;

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    this.child = spawn(process.execPath, ['dist/src/worker.js'], {
      cwd: process.cwd(),
      env: { ...process.env, ...this.env },
      stdio: 'ignore',
    });
  }

  /** Started and not exited since. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill(signal);
    await exited(child);
  }
}

/**
 * Advances BullMQ's stalled-job clock for one queue after its worker died: drops the dead worker's job
 * locks and the stalled-check throttle and marks its active jobs as stalled, which is where BullMQ's own
 * checker would be after `lockDuration` + one `stalledInterval` (30 s + 30 s by default). The next worker
 * to start moves them back to wait at once. Without it, the case would wait about a minute for the same.
 */
export async function fastForwardStalledJobs(redisUrl: string, queueKey: string): Promise<number> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const active = await client.lrange(`${queueKey}:active`, 0, -1);
    if (active.length) {
      await client.del(...active.map((id) => `${queueKey}:${id}:lock`));
      await client.sadd(`${queueKey}:stalled`, ...active);
    }
    await client.del(`${queueKey}:stalled-check`);
    return active.length;
  } finally {
    client.disconnect();
  }
}
