import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser, uniqueEmail } from './support/factories';
import { TestSmtpServer, tokenFrom, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

// argon2 hashing makes account tests slower than Jest's 5 s default (projects ignore testTimeout).
jest.setTimeout(30_000);

interface AuditItem {
  id: string;
  actorId: string | null;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Issue 3: admins invite coordinators and change their regions; the first admin; the audit log. */
describe('accounts: admin, coordinators and the audit log', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  let admin: TestUser;
  let drenthe: string;
  let groningen: string;
  let limburg: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), QUEUE_PREFIX: `pmtest-acct-admin-${process.pid}` });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
    limburg = await regionId(api.dataSource, 'limburg');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    smtp.clear();
    admin = await createUser(api.app, api.dataSource, 'admin');
  });

  const invite = (body: object) =>
    request(http())
      .post('/api/admin/coordinators')
      .set(...bearer(admin))
      .send(body);
  const audit = async (query: Record<string, string>): Promise<{ items: AuditItem[]; total: number }> =>
    (
      await request(http())
        .get('/api/admin/audit')
        .query(query)
        .set(...bearer(admin))
        .expect(200)
    ).body;

  it('invites a coordinator: invitation mail, password via reset-password, login, regions in /api/me', async () => {
    const email = uniqueEmail('coord');
    const res = await invite({ email, displayName: 'Carla Jansen', regionIds: [drenthe, groningen] }).expect(
      201,
    );
    expect(res.body).toEqual({
      id: expect.any(String),
      email,
      role: 'coordinator',
      regionIds: expect.any(Array),
    });
    expect([...res.body.regionIds].sort()).toEqual([drenthe, groningen].sort());

    // No password yet: logging in is impossible until the invitation is used.
    await request(http()).post('/api/auth/login').send({ email, password: 'anything-at-all' }).expect(401);

    await worker.get(MailRelayService).relay();
    const mail = await waitFor(() => smtp.to(email)[0]);
    expect(mail.subject).toContain('coördinator');
    expect(mail.text).toContain('Carla Jansen');
    expect(mail.text).toContain('Drenthe, Groningen');
    expect(mail.text).toContain('http://localhost:3000/reset-password?token=');
    const token = tokenFrom(mail);
    const expiry = await api.dataSource.query<Array<{ ttl: number }>>(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM one_time_tokens WHERE user_id = $1 AND purpose = 'invitation'`,
      [res.body.id],
    );
    expect(expiry[0].ttl).toBeGreaterThanOrEqual(7 * 24 * 3600 - 5);
    expect(expiry[0].ttl).toBeLessThanOrEqual(7 * 24 * 3600 + 5);

    await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'coordinator-password' })
      .expect(200);
    await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'another-password!' })
      .expect(400);
    const login = await request(http())
      .post('/api/auth/login')
      .send({ email, password: 'coordinator-password' })
      .expect(200);
    const me = await request(http())
      .get('/api/me')
      .set(...bearer(login.body))
      .expect(200);
    expect(me.body).toMatchObject({
      id: res.body.id,
      role: 'coordinator',
      displayName: 'Carla Jansen',
      emailVerified: true,
    });
    expect([...me.body.regionIds].sort()).toEqual([drenthe, groningen].sort());

    const invited = await audit({ actorId: admin.id, action: 'coordinator.invited' });
    expect(invited.items).toHaveLength(1);
    expect(invited.items[0].targetId).toBe(res.body.id);
    expect([...(invited.items[0].details.regionIds as string[])].sort()).toEqual([drenthe, groningen].sort());
    // The audit trail names ids, never the email address or the token.
    expect(JSON.stringify(invited.items[0])).not.toContain(email);
    expect(JSON.stringify(invited.items[0])).not.toContain(token);
  });

  it('refuses unknown or malformed regionIds with 400 naming regionIds, and creates nothing', async () => {
    const email = uniqueEmail('coord');
    const unknown = await invite({
      email,
      displayName: 'X',
      regionIds: [drenthe, '00000000-0000-4000-8000-000000000000'],
    }).expect(400);
    expect(unknown.body.code).toBe('REGION.UNKNOWN');
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toEqual(['regionIds']);
    for (const regionIds of [['not-a-uuid'], [], 'drenthe']) {
      const bad = await invite({ email, displayName: 'X', regionIds }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('regionIds');
    }
    const extra = await invite({ email, displayName: 'X', regionIds: [drenthe], role: 'admin' }).expect(400);
    expect(extra.body.details.map((d: { field: string }) => d.field)).toContain('role');
    const rows = await api.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [
      email,
    ]);
    expect(rows).toHaveLength(0);
    const outbox = await api.dataSource.query<unknown[]>(
      `SELECT 1 FROM outbox_messages WHERE recipient = $1`,
      [email],
    );
    expect(outbox).toHaveLength(0);
  });

  it('answers 409 when the email is taken, in any case', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const res = await invite({
      email: starter.email.toUpperCase(),
      displayName: 'X',
      regionIds: [drenthe],
    }).expect(409);
    expect(res.body.code).toBe('AUTH.EMAIL_TAKEN');
    const role = await api.dataSource.query<Array<{ role: string }>>(`SELECT role FROM users WHERE id = $1`, [
      starter.id,
    ]);
    expect(role[0].role).toBe('starter');
  });

  it("changes a coordinator's regions, effective at once, and audits the change", async () => {
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    const res = await request(http())
      .put(`/api/admin/coordinators/${coordinator.id}/regions`)
      .set(...bearer(admin))
      .send({ regionIds: [limburg, groningen] })
      .expect(200);
    expect(res.body).toMatchObject({ id: coordinator.id, role: 'coordinator' });
    expect([...res.body.regionIds].sort()).toEqual([limburg, groningen].sort());
    // The coordinator's existing access token already carries the new regions (they are read per request).
    const me = await request(http())
      .get('/api/me')
      .set(...bearer(coordinator))
      .expect(200);
    expect([...me.body.regionIds].sort()).toEqual([limburg, groningen].sort());

    const changed = await audit({ action: 'coordinator.regions_changed', targetId: coordinator.id });
    expect(changed.items).toHaveLength(1);
    expect(changed.items[0].actorId).toBe(admin.id);
    expect(changed.items[0].details).toMatchObject({ previousRegionIds: [drenthe] });
    expect([...(changed.items[0].details.regionIds as string[])].sort()).toEqual([limburg, groningen].sort());

    // An empty list suspends the coordinator's regional access.
    await request(http())
      .put(`/api/admin/coordinators/${coordinator.id}/regions`)
      .set(...bearer(admin))
      .send({ regionIds: [] })
      .expect(200);
    const after = await request(http())
      .get('/api/me')
      .set(...bearer(coordinator))
      .expect(200);
    expect(after.body.regionIds).toEqual([]);
  });

  it('answers 404 for a region change of a non-coordinator or unknown id, 400 for unknown regions', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    for (const id of [starter.id, admin.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(http())
        .put(`/api/admin/coordinators/${id}/regions`)
        .set(...bearer(admin))
        .send({ regionIds: [drenthe] });
      expect([id, res.status, res.body.code]).toEqual([id, 404, 'COORDINATOR.NOT_FOUND']);
    }
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    const bad = await request(http())
      .put(`/api/admin/coordinators/${coordinator.id}/regions`)
      .set(...bearer(admin))
      .send({ regionIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['regionIds']);
    const regions = await api.dataSource.query<
      Array<{
        region_id: string;
      }>
    >(`SELECT region_id FROM coordinator_regions WHERE user_id = $1`, [coordinator.id]);
    expect(regions.map((r) => r.region_id)).toEqual([drenthe]);
  });

  it('lists coordinators page by page, filterable by region', async () => {
    await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe], displayName: 'Anna' });
    await createUser(api.app, api.dataSource, 'coordinator', {
      regionIds: [drenthe, limburg],
      displayName: 'Bert',
    });
    await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen], displayName: 'Cor' });
    await createUser(api.app, api.dataSource, 'starter');
    const list = (query: Record<string, string>) =>
      request(http())
        .get('/api/admin/coordinators')
        .query(query)
        .set(...bearer(admin));
    const p1 = await list({ pageSize: '2' }).expect(200);
    expect(p1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(p1.body.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Anna', 'Bert']);
    expect(p1.body.items[0]).toMatchObject({
      role: 'coordinator',
      regionIds: [drenthe],
      invitationPending: false,
    });
    const p2 = await list({ pageSize: '2', page: '2' }).expect(200);
    expect(p2.body.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Cor']);
    const inDrenthe = await list({ regionId: drenthe }).expect(200);
    expect(inDrenthe.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    const badQueries: Array<Record<string, string>> = [
      { pageSize: '101' },
      { pageSize: '0' },
      { page: '0' },
      { page: 'abc' },
      { pageSize: '2.5' },
      { regionId: 'x' },
      { sort: 'name' },
    ];
    for (const query of badQueries) {
      const res = await list(query).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
    }
  });

  it('records logins, invitations and region changes in the audit log, newest first, filterable and paginated', async () => {
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    await request(http())
      .put(`/api/admin/coordinators/${coordinator.id}/regions`)
      .set(...bearer(admin))
      .send({ regionIds: [limburg] })
      .expect(200);
    const invited = await invite({
      email: uniqueEmail('coord'),
      displayName: 'Y',
      regionIds: [groningen],
    }).expect(201);

    const logins = await audit({ actorId: coordinator.id, action: 'auth.login' });
    expect(logins.total).toBe(1);
    const mine = await audit({ actorId: admin.id });
    expect(mine.items.map((i) => i.action)).toEqual([
      'coordinator.invited',
      'coordinator.regions_changed',
      'auth.login',
    ]);
    expect(mine.items[0].targetId).toBe(invited.body.id);
    const times = mine.items.map((i) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const page2 = await audit({ actorId: admin.id, pageSize: '1', page: '2' });
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(page2.items.map((i) => i.action)).toEqual(['coordinator.regions_changed']);

    for (const query of [
      { pageSize: '1000' },
      { page: '-1' },
      { actorId: 'not-a-uuid' },
      { action: 'DROP TABLE' },
      { foo: 'bar' },
    ]) {
      const res = await request(http())
        .get('/api/admin/audit')
        .query(query)
        .set(...bearer(admin))
        .expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
    }
    // No route changes the log.
    await request(http())
      .delete('/api/admin/audit')
      .set(...bearer(admin))
      .expect(404);
    await request(http())
      .patch('/api/admin/audit')
      .set(...bearer(admin))
      .send({})
      .expect(404);
  });

  it('refuses UPDATE and DELETE on the audit log at the database level', async () => {
    const rows = await api.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM audit_log WHERE actor_id = $1 LIMIT 1`,
      [admin.id],
    );
    expect(rows).toHaveLength(1);
    await expect(
      api.dataSource.query(`UPDATE audit_log SET action = 'forged' WHERE id = $1`, [rows[0].id]),
    ).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query(`DELETE FROM audit_log WHERE id = $1`, [rows[0].id])).rejects.toThrow(
      /append-only/,
    );
    await expect(api.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const still = await api.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE id = $1`,
      [rows[0].id],
    );
    expect(still[0].action).toBe('auth.login');
  });
});

describe('accounts: the first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('is created once, verified, and left alone on the next start', async () => {
    const email = uniqueEmail('root');
    const env = testEnv({
      QUEUE_PREFIX: `pmtest-acct-boot-${process.pid}`,
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: 'first-admin-password',
    });
    const first = await createTestApi(env);
    let hashBefore: string;
    try {
      const rows = await first.dataSource.query<
        Array<{ id: string; role: string; password_hash: string; verified: boolean }>
      >(
        `SELECT id, role, password_hash, email_verified_at IS NOT NULL AS verified FROM users WHERE lower(email) = lower($1)`,
        [email],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: 'admin', verified: true });
      hashBefore = rows[0].password_hash;
      const login = await request(first.app.getHttpServer())
        .post('/api/auth/login')
        .send({ email, password: 'first-admin-password' })
        .expect(200);
      await request(first.app.getHttpServer())
        .get('/api/admin/audit')
        .set(...bearer(login.body))
        .expect(200);
    } finally {
      await first.close();
    }
    const second = await createTestApi(env);
    try {
      const rows = await second.dataSource.query<
        Array<{
          password_hash: string;
        }>
      >(`SELECT password_hash FROM users WHERE lower(email) = lower($1)`, [email]);
      expect(rows).toHaveLength(1);
      expect(rows[0].password_hash).toBe(hashBefore);
      const boot = await second.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id::text = a.target_id
          WHERE a.action = 'admin.bootstrapped' AND lower(u.email) = lower($1)`,
        [email],
      );
      expect(boot[0].n).toBe(1);
      await request(second.app.getHttpServer())
        .post('/api/auth/login')
        .send({ email, password: 'first-admin-password' })
        .expect(200);
    } finally {
      await second.close();
    }
  });
});
