/**
 * The mail path at fan-out scale: a burst of approvals leaves thousands of pending consent mails in the
 * outbox, and MailRelayService.relay() (the real service, from the API's application context; no worker
 * runs, so nothing consumes the queue) moves them onto the `mail` queue. Beside it, in the same run, a bare
 * BullMQ `queue.addBulk` of the same number of jobs with the same ids, options and batch size on a separate
 * prefix: the ceiling any relay can reach. Both are timed from the first call until every job is in Redis.
 * Alternating rounds, medians; between rounds the outbox rows are set pending again and both queues are
 * emptied. Target: the relay at addBulk-class throughput, taken here as at least 0.5x the bare addBulk.
 *
 * The rows are written by SQL shaped like consent-request mails (consent-mails.ts), not by approving
 * matches: this measures the outbox-to-queue leg, not the approval transaction.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/run.js mail-path`.
 * Knobs: BENCH_MAIL_N (5000), BENCH_MAIL_BATCH (500, the relay's default limit), BENCH_ROUNDS (3),
 * BENCH_MAIL_DATABASE_URL (else `praktijkmatch_bench_mail`).
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { createApiModule } from '../src/api.module';
import { createLogger } from '../src/core/logging/logger';
import { JOBS, QUEUES } from '../src/core/queue/jobs';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import {
  benchDatabaseUrl,
  benchEnv,
  machineNote,
  median,
  recreateDatabase,
  round,
} from './support/bench-kit';

const RELAY_PREFIX = 'pmbenchmail';
const BARE_PREFIX = 'pmbenchmailbare';

async function seedOutbox(db: Client, n: number): Promise<void> {
  await db.query(
    `INSERT INTO outbox_messages (template, recipient, locale, data, status)
     SELECT 'consent-request', 'bench-starter-' || g || '@bench.test', CASE WHEN g % 5 = 0 THEN 'en' ELSE 'nl' END,
            json_build_object('displayName', 'Bench ' || g, 'token', md5(g::text), 'expiresOn', '2026-12-06',
              'matchId', gen_random_uuid(), 'practice', json_build_object('place', 'Assen', 'practiceForm', 'duo'),
              'starters', '[]'::json),
            'pending'
       FROM generate_series(1, $1::int) g`,
    [n],
  );
  await db.query(`ANALYZE outbox_messages`);
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function runMailPathBench(): Promise<Array<Record<string, string | number>>> {
  const n = Number(process.env.BENCH_MAIL_N ?? 5_000);
  const batch = Number(process.env.BENCH_MAIL_BATCH ?? 500);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const url = benchDatabaseUrl('praktijkmatch_bench_mail', 'BENCH_MAIL_DATABASE_URL');
  await recreateDatabase(url);
  const env = benchEnv(url, { QUEUE_PREFIX: RELAY_PREFIX, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
  const db = new Client({ connectionString: url });
  await db.connect();
  await seedOutbox(db, n);
  const ctx: INestApplicationContext = await NestFactory.createApplicationContext(
    createApiModule(env, createLogger('silent', 'bench')),
    { logger: false },
  );
  const redis = new URL(env.REDIS_URL);
  const connection = {
    host: redis.hostname,
    port: Number(redis.port || 6379),
    db: Number(redis.pathname.slice(1) || 0),
  };
  const relayQueue = new Queue(QUEUES.mail, { prefix: RELAY_PREFIX, connection });
  const bareQueue = new Queue(QUEUES.mail, { prefix: BARE_PREFIX, connection });
  try {
    const relay = ctx.get(MailRelayService);
    const ids = (await db.query<{ id: string }>(`SELECT id FROM outbox_messages`)).rows.map((r) => r.id);
    const opts = {
      attempts: env.MAIL_MAX_ATTEMPTS,
      backoff: { type: 'exponential', delay: env.MAIL_BACKOFF_MS },
    };
    const sides = {
      // What the worker's relay tick does, repeated until the outbox has nothing left to enqueue.
      relay: async () => {
        let moved = 0;
        for (let got = -1; got !== 0; moved += got) got = await relay.relay(batch);
        if (moved !== n) throw new Error(`relay moved ${moved} of ${n}`);
      },
      bare: async () => {
        for (let i = 0; i < n; i += batch)
          await bareQueue.addBulk(
            ids
              .slice(i, i + batch)
              .map((id) => ({ name: JOBS.sendMail, data: { outboxId: id }, opts: { ...opts, jobId: id } })),
          );
      },
    };
    const reset = async (): Promise<void> => {
      await db.query(`UPDATE outbox_messages SET enqueued_at = NULL`);
      await relayQueue.obliterate({ force: true });
      await bareQueue.obliterate({ force: true });
    };
    const times: Record<'relay' | 'bare', number[]> = { relay: [], bare: [] };
    // One untimed round of each warms the connections and Redis' scripts.
    for (const side of ['bare', 'relay'] as const) {
      await reset();
      await sides[side]();
    }
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? (['bare', 'relay'] as const) : (['relay', 'bare'] as const);
      for (const side of order) {
        await reset();
        times[side].push(await timeMs(sides[side]));
        const queued = await (side === 'relay' ? relayQueue : bareQueue).getJobCountByTypes('wait');
        if (queued !== n) throw new Error(`${side}: ${queued} of ${n} jobs in the queue`);
      }
    }
    await reset();
    const bareMs = median(times.bare);
    const relayMs = median(times.relay);
    const rows = [
      {
        path: `bare queue.addBulk (batches of ${batch})`,
        jobs: n,
        ms: round(bareMs, 0),
        'jobs/s': round((n / bareMs) * 1000, 0),
      },
      {
        path: `MailRelayService.relay(${batch}) until empty`,
        jobs: n,
        ms: round(relayMs, 0),
        'jobs/s': round((n / relayMs) * 1000, 0),
      },
      {
        path: 'ratio relay/bare (throughput)',
        jobs: n,
        ms: round(relayMs / bareMs, 2),
        'jobs/s': round(bareMs / relayMs, 2),
      },
    ];
    console.log(
      `mail path: ${n} pending consent mails, median of ${rounds} alternating rounds; ${machineNote()}`,
    );
    console.table(rows);
    console.log(`target (relay >= 0.5x bare addBulk jobs/s): ${bareMs / relayMs >= 0.5 ? 'met' : 'NOT met'}`);
    return rows;
  } finally {
    await relayQueue.close();
    await bareQueue.close();
    await ctx.close();
    await db.end();
  }
}

if (require.main === module) {
  runMailPathBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
