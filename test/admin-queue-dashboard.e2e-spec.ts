import { createHash } from 'node:crypto';
import request from 'supertest';
import { QUEUES } from '../src/core/queue/jobs';
import { RedisClient } from '../src/core/queue/redis-client.service';
import { QueueDashboardService } from '../src/modules/admin/queue-dashboard.service';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { testEnv } from './support/test-env';

jest.setTimeout(30_000);

/** Issue 14: the queue dashboard (bull-board) at /admin/queues, for admins only; anyone else gets 404. */
describe('the queue dashboard', () => {
  let api: TestApi;
  let admin: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: `pmtest-dashboard-${process.pid}` }));
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    admin = await createUser(api.app, api.dataSource, 'admin');
  });

  const ticketFor = async (user: TestUser): Promise<{ ticket: string; url: string }> => {
    const res = await request(http())
      .post('/api/admin/queue-dashboard/ticket')
      .set(...bearer(user))
      .expect(200);
    return res.body as { ticket: string; url: string };
  };
  /** The ticket traded for the dashboard cookie (the `name=value` part of its Set-Cookie). */
  const cookieFor = async (user: TestUser): Promise<string> => {
    const { url } = await ticketFor(user);
    const res = await request(http()).get(url).expect(303);
    expect(res.headers.location).toBe('/admin/queues/');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(
      /^pm_queues=[^;]+; Path=\/admin\/queues; Max-Age=3600; HttpOnly; SameSite=Strict$/,
    );
    return setCookie[0].split(';')[0];
  };
  const expectNotFound = async (path: string, cookie?: string): Promise<void> => {
    const req = request(http()).get(path).set('Accept', 'text/html,application/json');
    if (cookie) void req.set('Cookie', cookie);
    const res = await req;
    // The very answer of a path that does not exist: nothing tells the dashboard is there.
    expect({ path, status: res.status, code: res.body.code }).toEqual({
      path,
      status: 404,
      code: 'ROUTE.NOT_FOUND',
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['set-cookie']).toBeUndefined();
  };
  const staticAsset = async (cookie: string): Promise<string> => {
    const html = await request(http()).get('/admin/queues/').set('Cookie', cookie).expect(200);
    const src = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html.text);
    expect(src).not.toBeNull();
    return `/admin/queues/${src![1]}`;
  };

  it('opens for an admin: ticket, cookie, the dashboard page and its API listing every queue', async () => {
    const { ticket, url } = await ticketFor(admin);
    expect(url).toBe(`/admin/queues/?ticket=${ticket}`);
    const cookie = await cookieFor(admin);

    const page = await request(http()).get('/admin/queues/').set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).not.toContain('fonts.googleapis.com');
    expect(page.headers['cache-control']).toBe('no-store');
    // The relaxed policy (inline styles) is the dashboard's alone; the web app keeps its strict one.
    expect(page.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    const app = await request(http()).get('/api/health');
    expect(app.headers['content-security-policy']).toContain("style-src 'self';");

    const asset = await request(http())
      .get(await staticAsset(cookie))
      .set('Cookie', cookie)
      .expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);

    // The UI's own deep links are its page too, not the catch-all 404.
    const deep = await request(http())
      .get(`/admin/queues/queue/${QUEUES.mail}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(deep.text).toContain('<base href="/admin/queues/"');

    const list = await request(http()).get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    const names = (list.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort());

    const audit = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action = 'admin.queue_dashboard_opened'`,
      [admin.id],
    );
    expect(audit[0].n).toBe(2);
  });

  it('refuses the ticket to anyone but an admin (401 without a token, 403 for other roles)', async () => {
    await request(http()).post('/api/admin/queue-dashboard/ticket').expect(401);
    const north = await regionId(api.dataSource, 'groningen');
    for (const role of ['coordinator', 'starter', 'stopper'] as const) {
      const user = await createUser(api.app, api.dataSource, role, {
        regionIds: role === 'coordinator' ? [north] : [],
      });
      const res = await request(http())
        .post('/api/admin/queue-dashboard/ticket')
        .set(...bearer(user))
        .expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN_ROLE');
    }
  });

  it('answers 404 to anyone without the cookie, for every dashboard path and its assets', async () => {
    const cookie = await cookieFor(admin);
    const asset = await staticAsset(cookie);
    const paths = [
      '/admin/queues',
      '/admin/queues/',
      `/admin/queues/queue/${QUEUES.mail}`,
      '/admin/queues/api/queues',
      '/admin/queues/api/redis/stats',
      asset,
      '/admin/queues/static/favicon.ico',
      '/admin/queues/anything-else',
    ];
    for (const path of paths) await expectNotFound(path);
    // A coordinator's or starter's access token is no way in either.
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const res = await request(http())
      .get('/admin/queues/')
      .set(...bearer(starter));
    expect(res.status).toBe(404);
    const admins = await request(http())
      .get('/admin/queues/')
      .set(...bearer(admin));
    expect(admins.status).toBe(404);
    // A write through the dashboard's API without the cookie does nothing.
    await request(http()).put(`/admin/queues/api/queues/${QUEUES.mail}/pause`).expect(404);
  });

  it('answers 404 to a spent, unknown or expired ticket', async () => {
    const { url } = await ticketFor(admin);
    await request(http()).get(url).expect(303);
    await expectNotFound(url);
    await expectNotFound('/admin/queues/?ticket=not-a-ticket');
    await expectNotFound(`/admin/queues/?ticket=${'A'.repeat(43)}`);

    const expired = await ticketFor(admin);
    // The ticket's Redis key expires after a minute: expire it now.
    const redis = api.app.get(RedisClient);
    await redis.ensureConnected();
    const hash = createHash('sha256').update(expired.ticket).digest('hex');
    expect(await redis.client.pexpire(`${redis.prefix}:queue-dashboard-ticket:${hash}`, 1)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expectNotFound(expired.url);
  });

  it('answers 404 to a forged, altered or expired cookie', async () => {
    const cookie = await cookieFor(admin);
    const value = cookie.slice('pm_queues='.length);
    const [, expires, mac] = value.split('.');
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator');
    const forged = [
      `pm_queues=${coordinator.id}.${expires}.${mac}`,
      `pm_queues=${admin.id}.${Number(expires) + 1}.${mac}`,
      `pm_queues=${admin.id}.${expires}.${'A'.repeat(43)}`,
      `pm_queues=${admin.id}`,
      'pm_queues=',
    ];
    for (const c of forged) await expectNotFound('/admin/queues/', c);
    // A cookie signed correctly but past its expiry.
    const service = api.app.get(QueueDashboardService);
    await expectNotFound('/admin/queues/', `pm_queues=${service.sign(admin.id, Date.now() - 1)}`);
    // A ticket issued to a coordinator's id (never possible over HTTP) opens nothing either.
    await expectNotFound('/admin/queues/', `pm_queues=${service.sign(coordinator.id, Date.now() + 60_000)}`);
  });

  it('stops working for an admin who is demoted or erased, at once', async () => {
    const cookie = await cookieFor(admin);
    await request(http()).get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    await api.dataSource.query(`UPDATE users SET role = 'coordinator' WHERE id = $1`, [admin.id]);
    await expectNotFound('/admin/queues/api/queues', cookie);
    await expectNotFound('/admin/queues/', cookie);

    // A ticket issued before the demotion is no good after it.
    const other = await createUser(api.app, api.dataSource, 'admin');
    const { url } = await ticketFor(other);
    await api.dataSource.query(`UPDATE users SET erased_at = now() WHERE id = $1`, [other.id]);
    await expectNotFound(url);
  });
});
