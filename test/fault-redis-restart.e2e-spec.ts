import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailService } from '../src/modules/mail/mail.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser, uniqueEmail } from './support/factories';
import { PrivateRedis } from './support/fault/processes';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { FaultSmtpServer } from './support/fault/smtp';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

/**
 * Fault: the (private) Redis is killed during approvals and comes back empty (DESIGN.md "System shape":
 * losing Redis loses no data). Approvals and other outbox writes commit while it is down, readiness says
 * so, and once it is back every mail goes out exactly once.
 */
describe('fault: Redis stopped and restarted empty during approvals', () => {
  jest.setTimeout(60_000);
  const smtp = new FaultSmtpServer();
  const redis = new PrivateRedis();
  let api: TestApi;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    await redis.start();
    const smtpUrl = await smtp.start();
    const overrides = {
      SMTP_URL: smtpUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'pmfault-redis',
      MAIL_MAX_ATTEMPTS: '6',
      MAIL_BACKOFF_MS: '100',
      MAIL_RELAY_INTERVAL_MS: '100',
      MAIL_REQUEUE_AFTER_SECONDS: '1',
    };
    api = await createTestApi(testEnv(overrides));
    await truncateAll(api.dataSource);
    worker = await createTestWorker(testEnv({ ...overrides, WORKER_TIMERS: 'true' }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis.kill();
    await smtp.stop();
  });

  async function suggestedMatch(coordinator: TestUser): Promise<{ id: string; to: string[] }> {
    const ds = api.dataSource;
    const starter = await createUser(api.app, ds, 'starter');
    const stopper = await createUser(api.app, ds, 'stopper');
    const starterProfileId = await insertStarterProfile(ds, starter.id);
    const practiceId = await insertPractice(ds, stopper.id);
    const res = await request(api.app.getHttpServer())
      .post('/api/matches')
      .set(...bearer(coordinator))
      .send({ starterProfileId, practiceId })
      .expect(201);
    return { id: res.body.id as string, to: [starter.email, stopper.email] };
  }

  const approve = (coordinator: TestUser, matchId: string) =>
    request(api.app.getHttpServer())
      .post(`/api/matches/${matchId}/approve`)
      .set(...bearer(coordinator))
      .send({ note: 'akkoord' });

  it('commits approvals and outbox rows while Redis is down, is not ready then, and sends every mail once after', async () => {
    const ds = api.dataSource;
    const server = api.app.getHttpServer();
    const coordinator = await createUser(api.app, ds, 'coordinator', {
      regionIds: [await regionId(ds, 'drenthe')],
    });
    // Every account and token is made while Redis is up (the login limiter counts there).
    const matches = [];
    for (let i = 0; i < 6; i += 1) matches.push(await suggestedMatch(coordinator));
    const before = matches.slice(0, 2);
    const during = matches.slice(2);

    await request(server).get('/api/health/ready').expect(200);
    for (const m of before) expect((await approve(coordinator, m.id)).status).toBe(200);

    await redis.kill();
    const notReady = await request(server).get('/api/health/ready');
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(notReady.body)).toContain('redis');
    expect(JSON.stringify(notReady.body)).not.toContain('database');

    for (const m of during) {
      const res = await approve(coordinator, m.id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('awaiting_consent');
    }
    // A batch of other mails, each written in its own transaction while Redis is down.
    const mailService = api.app.get(MailService);
    const batch = Array.from({ length: 30 }, () => uniqueEmail('batch'));
    for (const to of batch) {
      await ds.transaction((m) =>
        mailService.queue(m, {
          to,
          template: 'verify-email',
          locale: 'nl',
          data: { displayName: 'Fenna Bakker', token: 'tok-fault' },
        }),
      );
    }
    const committed = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages
        WHERE template IN ('consent-request', 'verify-email') AND status = 'pending'`,
    );
    // At least the rows written during the fault are still pending: nothing could take them from Redis.
    expect(committed[0].n).toBeGreaterThanOrEqual(during.length * 2 + batch.length);
    expect((await request(server).get('/api/health/ready')).status).toBe(503);

    await redis.start(); // same port, empty
    await waitFor(async () => (await request(server).get('/api/health/ready')).status === 200, 10_000);

    const total = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM outbox_messages`);
    await waitFor(async () => {
      const rows = await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent'`,
      );
      return rows[0].n === total[0].n;
    }, 30_000);
    // Give any stray second job time to show itself before counting.
    await new Promise((r) => setTimeout(r, 1_500));

    const recipients = [...matches.flatMap((m) => m.to), ...batch];
    for (const to of recipients) expect({ to, count: smtp.to(to).length }).toEqual({ to, count: 1 });
    expect(smtp.received).toHaveLength(total[0].n);
    expect(smtp.copies().size).toBe(smtp.received.length);
    const failed = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'sent'`,
    );
    expect(failed[0].n).toBe(0);
  });
});
