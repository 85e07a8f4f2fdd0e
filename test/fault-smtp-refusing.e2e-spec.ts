import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailService } from '../src/modules/mail/mail.service';
import { createTestWorker, truncateDatabase } from './support/app';
import { uniqueEmail } from './support/factories';
import { FaultSmtpServer } from './support/fault/smtp';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const BATCH = 40;
const OUTAGE_MS = 2_000;

/**
 * Fault: the SMTP server refuses every message (451) for a while and then accepts again. With a retry
 * budget longer than the outage (6 attempts, 200 ms doubling: about 6 s), every mail ends `sent` once,
 * its attempts recorded, none `failed`.
 */
describe('fault: SMTP server refusing for a while', () => {
  jest.setTimeout(60_000);
  const smtp = new FaultSmtpServer();
  let worker: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    const env = testEnv({
      SMTP_URL: smtpUrl,
      QUEUE_PREFIX: `pmfault-smtp-${Date.now().toString(36)}`,
      WORKER_TIMERS: 'true',
      MAIL_RELAY_INTERVAL_MS: '100',
      MAIL_MAX_ATTEMPTS: '6',
      MAIL_BACKOFF_MS: '200',
    });
    // Before the worker starts: its start-up relay must not find mail another suite left pending.
    await truncateDatabase(env);
    worker = await createTestWorker(env);
    ds = worker.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    // Should the test fail mid-outage, let the retries through so the worker can close.
    smtp.refuseAll = false;
    await worker?.close();
    await smtp.stop();
  });

  it('sends every mail exactly once after the outage, with the refused attempts recorded and none failed', async () => {
    smtp.refuseAll = true;
    const recipients = Array.from({ length: BATCH }, () => uniqueEmail('refused'));
    const mail = worker.get(MailService);
    for (const to of recipients) {
      await ds.transaction((m) =>
        mail.queue(m, {
          to,
          template: 'verify-email',
          locale: 'nl',
          data: { displayName: 'Sanne Mulder', token: 'tok-refused' },
        }),
      );
    }
    const started = Date.now();
    // Every row has been tried and refused at least once before the server comes back.
    await waitFor(async () => {
      const rows = await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE attempts >= 1 AND status = 'pending'`,
      );
      return rows[0].n === BATCH;
    }, OUTAGE_MS * 2);
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - started))));
    expect(smtp.received).toHaveLength(0);
    expect(smtp.refused).toBeGreaterThanOrEqual(BATCH);
    smtp.refuseAll = false;

    await waitFor(async () => {
      const rows = await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'pending'`,
      );
      return rows[0].n === BATCH;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 500));

    const rows = await ds.query<Array<{ status: string; attempts: number; last_error: string | null }>>(
      `SELECT status, attempts, last_error FROM outbox_messages`,
    );
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    for (const r of rows) {
      expect(r.attempts).toBeGreaterThanOrEqual(2);
      expect(r.attempts).toBeLessThanOrEqual(6);
      expect(r.last_error).toBeNull();
    }
    for (const to of recipients) expect({ to, count: smtp.to(to).length }).toEqual({ to, count: 1 });
    expect(smtp.received).toHaveLength(BATCH);
  });
});
