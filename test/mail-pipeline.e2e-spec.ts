import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailDeliveryService, RetryableMailError } from '../src/modules/mail/mail-delivery.service';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { MailService } from '../src/modules/mail/mail.service';
import { OutboxMessage } from '../src/modules/mail/outbox-message.entity';
import { createTestWorker, truncateAll } from './support/app';
import { TestSmtpServer, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

describe('mail pipeline: outbox → relay → BullMQ → worker → SMTP', () => {
  const smtp = new TestSmtpServer();
  let worker: INestApplicationContext;
  let ds: DataSource;
  let smtpUrl: string;

  beforeAll(async () => {
    smtpUrl = await smtp.start();
    worker = await createTestWorker(testEnv({ SMTP_URL: smtpUrl }));
    ds = worker.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await worker.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(ds);
    smtp.clear();
    smtp.refuseAll = false;
    smtp.refuseNext = 0;
  });

  async function queueOne(to: string, locale: 'nl' | 'en' = 'nl'): Promise<string> {
    return ds.transaction((m) =>
      worker.get(MailService).queue(m, {
        to,
        template: 'verify-email',
        locale,
        data: { displayName: 'Anne de Vries', token: 'tok-123' },
      }),
    );
  }

  const row = (id: string) => ds.getRepository(OutboxMessage).findOneByOrFail({ id });

  it('turns an outbox row into exactly one email, in Dutch by default', async () => {
    const id = await queueOne('anne@example.test');
    expect(await worker.get(MailRelayService).relay()).toBe(1);
    await waitFor(async () => (await row(id)).status === 'sent');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.to).toEqual(['anne@example.test']);
    expect(mail.subject).toBe('Bevestig uw e-mailadres voor praktijkmatch');
    expect(mail.text).toContain('http://localhost:3000/verify-email?token=tok-123');
    expect((await row(id)).attempts).toBe(1);
  });

  it('renders English for an English recipient', async () => {
    const id = await queueOne('sam@example.test', 'en');
    await worker.get(MailRelayService).relay();
    await waitFor(async () => (await row(id)).status === 'sent');
    expect(smtp.received[0].subject).toBe('Confirm your email address for praktijkmatch');
  });

  it('sends once when the same row is delivered twice, even concurrently', async () => {
    const id = await queueOne('twice@example.test');
    const delivery = worker.get(MailDeliveryService);
    const results = await Promise.all([delivery.deliver(id), delivery.deliver(id)]);
    expect(results.sort()).toEqual(['sent', 'skipped']);
    expect(await delivery.deliver(id)).toBe('skipped');
    expect(smtp.received).toHaveLength(1);
  });

  it('gives every mail the Message-ID of its row, and a copy sent again after a crash the same one', async () => {
    const first = await queueOne('crash@example.test');
    const other = await queueOne('other@example.test');
    const delivery = worker.get(MailDeliveryService);
    expect(await delivery.deliver(first)).toBe('sent');
    expect(await delivery.deliver(other)).toBe('sent');
    // The crash window: the SMTP server took the mail but the row's update never committed.
    await ds.query(`UPDATE outbox_messages SET status = 'pending', sent_at = NULL WHERE id = $1`, [first]);
    expect(await delivery.deliver(first)).toBe('sent');
    const ids = smtp.received.map((m) => ({ to: m.to[0], messageId: m.headers.get('message-id') }));
    expect(ids).toEqual([
      { to: 'crash@example.test', messageId: `<${first}@praktijkmatch.test>` },
      { to: 'other@example.test', messageId: `<${other}@praktijkmatch.test>` },
      { to: 'crash@example.test', messageId: `<${first}@praktijkmatch.test>` },
    ]);
    expect((await row(first)).smtpMessageId).toBe(`<${first}@praktijkmatch.test>`);
  });

  it('does not enqueue a row twice while it is claimed', async () => {
    smtp.refuseAll = true;
    await queueOne('once@example.test');
    const relay = worker.get(MailRelayService);
    expect(await relay.relay()).toBe(1);
    expect(await relay.relay()).toBe(0);
  });

  it('re-enqueues a row whose job was lost with Redis, and sends it once', async () => {
    const id = await queueOne('requeue@example.test');
    // Claimed an hour ago, but no job exists any more: what a Redis that lost its data looks like.
    await ds.query(`UPDATE outbox_messages SET enqueued_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    const relay = worker.get(MailRelayService);
    expect(await relay.relay(500, 3600 * 2)).toBe(0);
    expect(await relay.relay(500, 60)).toBe(1);
    await waitFor(async () => (await row(id)).status === 'sent');
    expect(smtp.to('requeue@example.test')).toHaveLength(1);
  });

  it('at worker start re-enqueues a large backlog in batches, never claiming a row twice in one pass', async () => {
    smtp.refuseAll = true;
    await ds.query(
      `INSERT INTO outbox_messages (template, recipient, locale, data, enqueued_at)
       SELECT 'verify-email', 'backlog-' || g || '@example.test', 'nl', '{"displayName":"X","token":"t"}', now() - interval '1 minute'
         FROM generate_series(1, 600) g`,
    );
    const relay = worker.get(MailRelayService);
    const startedAt = new Date();
    const batches: number[] = [];
    for (let n = -1; n !== 0 && batches.length < 5;) batches.push((n = await relay.relay(500, 0, startedAt)));
    expect(batches).toEqual([500, 100, 0]);
  });

  it('retries a refused send with backoff and then succeeds', async () => {
    smtp.refuseNext = 2;
    const id = await queueOne('retry@example.test');
    await worker.get(MailRelayService).relay();
    await waitFor(async () => (await row(id)).status === 'sent');
    const r = await row(id);
    expect(r.attempts).toBe(3);
    expect(smtp.received).toHaveLength(1);
  });

  it('ends as failed after the last attempt, never dropped', async () => {
    smtp.refuseAll = true;
    const id = await queueOne('refused@example.test');
    await worker.get(MailRelayService).relay();
    await waitFor(async () => (await row(id)).status === 'failed');
    const r = await row(id);
    expect(r.attempts).toBe(3);
    expect(r.lastError).toMatch(/451/);
    expect(smtp.received).toHaveLength(0);
  });

  it('rolls the mail back with the transaction that wrote it', async () => {
    await expect(
      ds.transaction(async (m) => {
        await worker.get(MailService).queue(m, {
          to: 'rollback@example.test',
          template: 'verify-email',
          locale: 'nl',
          data: { displayName: 'X', token: 't' },
        });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await ds.getRepository(OutboxMessage).count()).toBe(0);
  });

  it('sends nothing once its worker is shutting down: the job fails retryably, the row untouched, and shutdown does not wait', async () => {
    // A worker of its own, shut down while a mail for it is still pending.
    const other = await createTestWorker(testEnv({ SMTP_URL: smtpUrl }));
    const id = await queueOne('late@example.test');
    const delivery = other.get(MailDeliveryService);
    delivery.onModuleDestroy();
    await expect(delivery.deliver(id)).rejects.toBeInstanceOf(RetryableMailError);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    await other.close();
    // The mail goes out through a worker that is up.
    await worker.get(MailDeliveryService).deliver(id);
    expect((await row(id)).status).toBe('sent');
  });
});
