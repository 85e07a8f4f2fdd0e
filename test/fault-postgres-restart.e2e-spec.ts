import { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { MailService } from '../src/modules/mail/mail.service';
import { createTestApi, createTestWorker, TestApi } from './support/app';
import { bearer, createUser, TestUser, uniqueEmail } from './support/factories';
import { PrivatePostgres } from './support/fault/postgres';
import { FaultSmtpServer } from './support/fault/smtp';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

/**
 * Fault: PostgreSQL (a private cluster) is stopped and started again while requests keep coming. During
 * the outage nothing answers 2xx that needs the database, readiness says the database is down; after it,
 * the same API and worker processes recover by themselves and nothing committed before is lost.
 */
describe('fault: PostgreSQL restarted under load', () => {
  jest.setTimeout(60_000);
  const pg = new PrivatePostgres();
  const smtp = new FaultSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await pg.init('pm_fault_pg_test');
    const databaseUrl = pg.url('pm_fault_pg_test');
    execFileSync(process.execPath, ['dist/src/cli/migrate.js', 'run'], {
      stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 30_000,
    });
    const overrides = {
      DATABASE_URL: databaseUrl,
      SMTP_URL: await smtp.start(),
      QUEUE_PREFIX: `pmfault-pg-${Date.now().toString(36)}`,
      MAIL_RELAY_INTERVAL_MS: '100',
      // A retry budget (0.3 s doubling, 6 attempts: about 9 s) longer than the outage; see the report on
      // what happens past it (rows wait MAIL_REQUEUE_AFTER_SECONDS).
      MAIL_MAX_ATTEMPTS: '6',
      MAIL_BACKOFF_MS: '300',
    };
    api = await createTestApi(testEnv(overrides));
    worker = await createTestWorker(testEnv({ ...overrides, WORKER_TIMERS: 'true' }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp.stop();
    pg.destroy();
  });

  const queueMail = (to: string): Promise<string> =>
    api.dataSource.transaction((m) =>
      api.app.get(MailService).queue(m, {
        to,
        template: 'verify-email',
        locale: 'nl',
        data: { displayName: 'Bram Smit', token: 'tok-pg' },
      }),
    );

  const sentIds = async (): Promise<string[]> =>
    (
      await api.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_messages WHERE status = 'sent' ORDER BY id`,
      )
    ).map((r) => r.id);

  it('answers 5xx and not-ready while the database is down, and recovers without restarts, losing nothing', async () => {
    const server = api.app.getHttpServer();
    const user: TestUser = await createUser(api.app, api.dataSource, 'starter');
    const before = [];
    for (let i = 0; i < 10; i += 1) before.push(await queueMail(uniqueEmail('pg-before')));
    await waitFor(async () => (await sentIds()).length === before.length, 15_000);
    const sentBefore = await sentIds();

    // Load: reads and outbox writes in a loop until the restart is over.
    let stop = false;
    const statuses: Array<{ phase: 'down' | 'other'; status: number }> = [];
    const acknowledged: string[] = [];
    let down = false;
    const load = (async () => {
      for (let i = 0; i < 2_000 && !stop; i += 1) {
        // A request counts as "during the outage" only when the database was already down when it was
        // sent and still down when its answer arrived: `pg.stop()` blocks this process's event loop, so
        // an answer computed just before the stop may be read only after it.
        const sentWhileDown = down;
        const res = await request(server).get('/api/me').set(...bearer(user));
        statuses.push({ phase: sentWhileDown && down ? 'down' : 'other', status: res.status });
        try {
          acknowledged.push(await queueMail(uniqueEmail('pg-load')));
        } catch {
          /* refused during the outage: the caller knows it was not written */
        }
      }
    })();

    await new Promise((r) => setTimeout(r, 300));
    pg.stop();
    down = true;
    const notReady = await request(server).get('/api/health/ready');
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(notReady.body)).toContain('database');
    expect(JSON.stringify(notReady.body)).not.toContain('redis');
    await new Promise((r) => setTimeout(r, 1_500));
    down = false;
    pg.start();
    await waitFor(async () => (await request(server).get('/api/health/ready')).status === 200, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await load;

    const duringOutage = statuses.filter((s) => s.phase === 'down');
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const s of duringOutage) expect(s.status).toBeGreaterThanOrEqual(500);
    for (const s of statuses) expect([200, 500, 503]).toContain(s.status);
    await request(server).get('/api/me').set(...bearer(user)).expect(200);

    // Nothing committed before the fault is lost, every acknowledged write is there, and the same worker
    // sends what was queued, including a mail written after the restart.
    const after = await queueMail(uniqueEmail('pg-after'));
    const all = [...acknowledged, after];
    await waitFor(async () => {
      const sent = new Set(await sentIds());
      return all.every((id) => sent.has(id));
    }, 20_000);
    const sent = new Set(await sentIds());
    for (const id of sentBefore) expect(sent.has(id)).toBe(true);
    // A row whose send the SMTP server accepted while its connection was being cut has no `sent` commit and
    // goes again: at most one second copy per row, at most the mail concurrency (8) rows per outage.
    const copies = smtp.copies();
    expect(copies.size).toBe(sent.size);
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
    expect(smtp.received.length - copies.size).toBeLessThanOrEqual(8);
    process.stdout.write(
      `[fault-postgres-restart] ${statuses.length} requests, ${duringOutage.length} during the outage; ` +
        `${acknowledged.length} writes acknowledged; ${smtp.received.length - copies.size} duplicate sends\n`,
    );
  });
});
