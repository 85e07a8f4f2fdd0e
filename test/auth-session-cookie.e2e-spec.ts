import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, PASSWORD } from './support/factories';
import { testEnv } from './support/test-env';
import { hashToken } from '../src/modules/auth/one-time-token.service';

interface SetCookie {
  name: string;
  value: string;
  /** The attributes as sent: `['Path=/api/auth', 'HttpOnly', ...]`. */
  attributes: string[];
}

/** The one pm_refresh Set-Cookie of a response; fails when there is none or more than one. */
function refreshCookie(res: request.Response): SetCookie {
  const raw = res.headers['set-cookie'] as unknown;
  const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const ours = all.filter((c) => c.startsWith('pm_refresh='));
  expect(ours).toHaveLength(1);
  const [pair, ...attrs] = ours[0].split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attributes: attrs,
  };
}

const XRW: [string, string] = ['X-Requested-With', 'praktijkmatch'];
const cookieHeader = (value: string): [string, string] => ['Cookie', `pm_refresh=${value}`];

describe('auth: the session cookie of the browser (pm_refresh)', () => {
  let api: TestApi;
  let https: TestApi;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    https = await createTestApi(
      testEnv({ PUBLIC_URL: 'https://praktijkmatch.example.nl', REFRESH_TTL_DAYS: '7' }),
    );
  });
  afterAll(async () => {
    await https.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  async function login(
    app: TestApi = api,
  ): Promise<{ body: Record<string, unknown>; cookie: SetCookie; userId: string }> {
    const user = await createUser(app.app, app.dataSource, 'starter');
    const res = await request(app.app.getHttpServer())
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    return { body: res.body as Record<string, unknown>, cookie: refreshCookie(res), userId: user.id };
  }

  it('login sets the refresh token as an HttpOnly, SameSite=Strict cookie on /api/auth, not Secure on http', async () => {
    const { body, cookie } = await login();
    expect(cookie.value).toBe(body.refreshToken);
    expect(cookie.attributes.sort()).toEqual(
      ['HttpOnly', 'Max-Age=2592000', 'Path=/api/auth', 'SameSite=Strict'].sort(),
    );
    // The body is unchanged for API clients.
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken']);
  });

  it('marks the cookie Secure when PUBLIC_URL is https, with Max-Age the refresh lifetime', async () => {
    const { cookie } = await login(https);
    expect(cookie.attributes.sort()).toEqual(
      ['HttpOnly', 'Max-Age=604800', 'Path=/api/auth', 'SameSite=Strict', 'Secure'].sort(),
    );
    const refreshed = await request(https.app.getHttpServer())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(200);
    expect(refreshCookie(refreshed).attributes).toContain('Secure');
  });

  it('refreshes by cookie with the header, answers a working access token and rotates the cookie', async () => {
    const { cookie } = await login();
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(200);
    const c1 = refreshCookie(r1);
    expect(c1.value).not.toBe(cookie.value);
    expect(c1.value).toBe(r1.body.refreshToken);
    expect(c1.attributes.sort()).toEqual(
      ['HttpOnly', 'Max-Age=2592000', 'Path=/api/auth', 'SameSite=Strict'].sort(),
    );
    await request(http())
      .get('/api/me')
      .set(...bearer(r1.body as { accessToken: string }))
      .expect(200);
    // The new cookie refreshes again; an empty JSON body counts as no body token.
    const r2 = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(c1.value))
      .set(...XRW)
      .send({})
      .expect(200);
    expect(refreshCookie(r2).value).not.toBe(c1.value);
  });

  it('refuses a cross-site style request: the cookie without the header (or with another value) is 403 and spends nothing', async () => {
    const { cookie } = await login();
    for (const headers of [{}, { 'X-Requested-With': 'XMLHttpRequest' }]) {
      for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
        const res = await request(http())
          .post(path)
          .set(...cookieHeader(cookie.value))
          .set(headers)
          .type('form')
          .send('')
          .expect(403);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'AUTH.CSRF_HEADER_REQUIRED' });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    // The token was neither used nor revoked: the same cookie still refreshes with the header.
    await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(200);
  });

  it('answers 401 when there is neither a body token nor a cookie', async () => {
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const bare = await request(http())
        .post(path)
        .set(...XRW)
        .expect(401);
      expect(bare.body.code).toBe('AUTH.REFRESH_TOKEN_MISSING');
      const other = await request(http()).post(path).set('Cookie', 'theme=dark').send({}).expect(401);
      expect(other.body.code).toBe('AUTH.REFRESH_TOKEN_MISSING');
    }
  });

  it('logout by cookie clears it, and the old cookie no longer refreshes', async () => {
    const { cookie } = await login();
    const out = await request(http())
      .post('/api/auth/logout')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(204);
    const cleared = refreshCookie(out);
    expect(cleared.value).toBe('');
    expect(cleared.attributes.sort()).toEqual(
      ['HttpOnly', 'Max-Age=0', 'Path=/api/auth', 'SameSite=Strict'].sort(),
    );
    const again = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(401);
    // A dead cookie is dropped from the browser too.
    expect(refreshCookie(again).attributes).toContain('Max-Age=0');
  });

  it('revokes the whole family when a spent cookie is replayed', async () => {
    const { cookie, userId } = await login();
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(200);
    const current = refreshCookie(r1).value;
    // The stolen, already spent cookie is replayed: refused, and the owner's current cookie dies with it.
    await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(cookie.value))
      .set(...XRW)
      .expect(401);
    const live = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM refresh_tokens
        WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL`,
      [hashToken(cookie.value)],
    );
    expect(live[0].n).toBe(0);
    const audit = await api.dataSource.query<unknown[]>(
      `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'auth.refresh_reuse_detected'`,
      [userId],
    );
    expect(audit).toHaveLength(1);
    await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(current))
      .set(...XRW)
      .expect(401);
  });

  it('keeps body-token clients working without the header, the body token winning over a cookie', async () => {
    const a = await login();
    const b = await login();
    // No header needed in the body path; a cookie of another session is ignored when the body names a token.
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(b.cookie.value))
      .send({ refreshToken: a.body.refreshToken })
      .expect(200);
    expect(r1.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    const me = await request(http())
      .get('/api/me')
      .set(...bearer(r1.body as { accessToken: string }))
      .expect(200);
    expect(me.body.id).toBe(a.userId);
    await request(http()).post('/api/auth/logout').send({ refreshToken: r1.body.refreshToken }).expect(204);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken }).expect(401);
    // b's session was not touched by any of it.
    await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(b.cookie.value))
      .set(...XRW)
      .expect(200);
    // A body token that is not a string is still a validation error, not a fallback to the cookie.
    const bad = await request(http())
      .post('/api/auth/refresh')
      .set(...cookieHeader(b.cookie.value))
      .set(...XRW)
      .send({ refreshToken: 42 })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
  });

  it('documents the cookie, the header and the optional body token in the OpenAPI document', async () => {
    const doc = (await request(http()).get('/api/docs-json').expect(200)).body;
    expect(doc.components.securitySchemes.pm_refresh).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'pm_refresh',
    });
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const op = doc.paths[path].post;
      expect(op.security).toEqual([{ pm_refresh: [] }, {}]);
      expect(op.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ in: 'header', name: 'X-Requested-With', required: false }),
        ]),
      );
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(doc.paths['/api/auth/login'].post.responses['200'].headers['Set-Cookie']).toBeDefined();
    expect(doc.components.schemas.RefreshDto.required ?? []).not.toContain('refreshToken');
  });
});
