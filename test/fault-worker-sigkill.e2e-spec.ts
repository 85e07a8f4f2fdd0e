import request from 'supertest';
import { MailService } from '../src/modules/mail/mail.service';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { uniqueEmail } from './support/factories';
import { fastForwardStalledJobs, WorkerProcess } from './support/fault/processes';
import { FaultSmtpServer } from './support/fault/smtp';
import { waitFor } from './support/smtp';
import { TEST_DATABASE_URL, TEST_REDIS_URL, testEnv } from './support/test-env';

const BATCH = 200;
/** The mail processor's concurrency: at most this many rows can be between SMTP acceptance and commit. */
const IN_FLIGHT = 8;

/**
 * Fault: a real worker process (`node dist/src/worker.js`) is killed with SIGKILL in the middle of a batch
 * of mails and started again. Every mail goes out; the only duplicates allowed are rows whose send the
 * SMTP server had accepted when the kill cut off the row's update (README "Mail delivery"), and such a
 * second copy carries the first one's Message-ID, so a mail client shows one message.
 */
describe('fault: worker killed with SIGKILL mid-batch and restarted', () => {
  jest.setTimeout(60_000);
  const smtp = new FaultSmtpServer();
  const prefix = `pmfault-kill-${Date.now().toString(36)}`;
  let api: TestApi;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    api = await createTestApi(testEnv({ SMTP_URL: smtpUrl, QUEUE_PREFIX: prefix }));
    await truncateAll(api.dataSource);
    workerEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'praktijkmatch <noreply@praktijkmatch.test>',
      PUBLIC_URL: 'http://localhost:3000',
      PORT: '0',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: prefix,
      WORKER_TIMERS: 'true',
      MAIL_RELAY_INTERVAL_MS: '100',
      MAIL_REQUEUE_AFTER_SECONDS: '2',
      MAIL_BACKOFF_MS: '50',
      MAIL_MAX_ATTEMPTS: '6',
    };
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api?.close();
    await smtp.stop();
  });

  const sentCount = async (): Promise<number> => {
    const rows = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent'`,
    );
    return rows[0].n;
  };

  it('sends every mail of the batch after the restart, a second copy only for rows cut off mid-send', async () => {
    const ds = api.dataSource;
    const recipients = Array.from({ length: BATCH }, () => uniqueEmail('kill'));
    await ds.transaction((m) =>
      api.app.get(MailService).queueMany(
        m,
        recipients.map((to) => ({
          to,
          template: 'verify-email' as const,
          locale: 'nl' as const,
          data: { displayName: 'Jelle Visser', token: 'tok-kill' },
        })),
      ),
    );

    const first = new WorkerProcess(workerEnv);
    workers.push(first);
    first.start();
    await waitFor(() => smtp.received.length >= 40, 30_000);
    await first.kill('SIGKILL');
    const receivedAtKill = smtp.received.length;
    const sentAtKill = await sentCount();
    // The kill fell in the middle of the batch, or this case proves nothing.
    expect(sentAtKill).toBeLessThan(BATCH);

    await fastForwardStalledJobs(TEST_REDIS_URL, `${prefix}:mail`);
    const second = new WorkerProcess(workerEnv);
    workers.push(second);
    second.start();
    await waitFor(async () => (await sentCount()) === BATCH, 40_000);
    await new Promise((r) => setTimeout(r, 1_000));

    const copies = smtp.copies();
    const duplicates = smtp.received.length - copies.size;
    process.stdout.write(
      `[fault-worker-sigkill] killed at ${receivedAtKill} received / ${sentAtKill} sent; ` +
        `total received ${smtp.received.length}, distinct ${copies.size}, duplicates ${duplicates}\n`,
    );
    expect(copies.size).toBe(BATCH);
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
    expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT);
    for (const to of recipients) expect(smtp.to(to).length).toBeGreaterThanOrEqual(1);
    // Every copy of a row, the first and any re-sent after the kill, is one message to a mail client: the
    // same Message-ID, derived from the row id in MAIL_FROM's domain; no two rows share one.
    const messageIds = smtp.messageIds();
    for (const [outboxId, ids] of messageIds) {
      expect({ outboxId, ids }).toEqual({ outboxId, ids: ids.map(() => `<${outboxId}@praktijkmatch.test>`) });
    }
    const resent = [...messageIds.values()].filter((ids) => ids.length > 1);
    process.stdout.write(
      `[fault-worker-sigkill] rows re-sent: ${resent.length}, each with its first Message-ID\n`,
    );
    expect(new Set([...messageIds.values()].map((ids) => ids[0])).size).toBe(BATCH);
    const notSent = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'sent'`,
    );
    expect(notSent[0].n).toBe(0);
    // The API is unaffected throughout.
    await request(api.app.getHttpServer()).get('/api/health/ready').expect(200);
  });
});
