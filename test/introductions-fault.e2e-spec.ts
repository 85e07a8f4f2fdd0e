import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { TestSmtpServer, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

/**
 * Approval must not depend on Redis (DESIGN.md "System shape"): the consent mails are in the outbox,
 * in the approval's transaction, and a worker that finds Redis empty sends them, once.
 */
describe('introductions: approval while Redis is unreachable', () => {
  const smtp = new TestSmtpServer();
  let online: TestApi;
  let offline: TestApi;
  let worker: INestApplicationContext | undefined;
  const prefix = 'pmintro-fault';
  let smtpUrl: string;

  beforeAll(async () => {
    smtpUrl = await smtp.start();
    online = await createTestApi(testEnv({ SMTP_URL: smtpUrl, QUEUE_PREFIX: prefix }));
    // Nothing listens on port 1: every Redis command of this API fails.
    offline = await createTestApi(
      testEnv({ SMTP_URL: smtpUrl, QUEUE_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:1/8' }),
    );
  });
  afterAll(async () => {
    await worker?.close();
    await offline.close();
    await online.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(online.dataSource);
    smtp.clear();
  });

  it('commits the approval and its consent mails, which go out exactly once when a worker runs', async () => {
    const ds = online.dataSource;
    const drenthe = await regionId(ds, 'drenthe');
    // Accounts and tokens come from the API that reaches Redis (its login limiter counts there).
    const coordinator = await createUser(online.app, ds, 'coordinator', { regionIds: [drenthe] });
    const starter = await createUser(online.app, ds, 'starter');
    const stopper = await createUser(online.app, ds, 'stopper');
    const starterProfileId = await insertStarterProfile(ds, starter.id);
    const practiceId = await insertPractice(ds, stopper.id);
    const created = await request(online.app.getHttpServer())
      .post('/api/matches')
      .set(...bearer(coordinator))
      .send({ starterProfileId, practiceId })
      .expect(201);

    const res = await request(offline.app.getHttpServer())
      .post(`/api/matches/${created.body.id}/approve`)
      .set(...bearer(coordinator))
      .send({ note: 'Redis ligt eruit' })
      .expect(200);
    expect(res.body.status).toBe('awaiting_consent');
    const pending = await ds.query<Array<{ recipient: string; status: string }>>(
      `SELECT recipient, status FROM outbox_messages WHERE template = 'consent-request' ORDER BY recipient`,
    );
    expect(pending.map((p) => p.status)).toEqual(['pending', 'pending']);

    // Redis "returns" empty: a fresh worker on an empty queue prefix finds only what PostgreSQL holds.
    worker = await createTestWorker(testEnv({ SMTP_URL: smtpUrl, QUEUE_PREFIX: prefix }));
    const relay = worker.get(MailRelayService);
    expect(await relay.relay()).toBe(2);
    await waitFor(async () => {
      const rows = await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent'`,
      );
      return rows[0].n === 2;
    });
    // Relaying again (every pending row, at once) sends nothing more.
    expect(await relay.relay(500, 0)).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([starter.email, stopper.email].sort());
  });
});
