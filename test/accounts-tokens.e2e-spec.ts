import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/modules/auth/jwt.strategy';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, PASSWORD } from './support/factories';
import { testEnv } from './support/test-env';

// argon2 hashing makes account tests slower than Jest's 5 s default (projects ignore testTimeout).
jest.setTimeout(30_000);

/** Issue 3, "How it is shown": access and refresh tokens, and who may reach what. */
describe('accounts: tokens and access', () => {
  let api: TestApi;
  const http = () => api.app.getHttpServer();
  const jwt = new JwtService({});

  beforeAll(async () => {
    // Own Redis key prefix, so failed logins here never count against another suite's rate limits.
    api = await createTestApi(testEnv({ QUEUE_PREFIX: `pmtest-acct-tokens-${process.pid}` }));
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  const sign = (
    payload: object,
    opts: { secret?: string; issuer?: string; audience?: string; expiresIn?: number } = {},
  ) =>
    jwt.signAsync(payload, {
      algorithm: 'HS256',
      secret: opts.secret ?? api.env.JWT_SECRET,
      issuer: opts.issuer ?? JWT_ISSUER,
      audience: opts.audience ?? JWT_AUDIENCE,
      ...(opts.expiresIn === undefined ? {} : { expiresIn: opts.expiresIn }),
    });

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('answers 401 to a wrong password and to an unknown email, in the same words', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const wrong = await request(http())
      .post('/api/auth/login')
      .send({ email: user.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await request(http())
      .post('/api/auth/login')
      .send({ email: `nobody-${Date.now()}@example.test`, password: PASSWORD })
      .expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHORIZED' });
    expect(unknown.body.message).toBe(wrong.body.message);
    const ok = await request(http())
      .post('/api/auth/login')
      .send({ email: user.email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(ok.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
  });

  it('accepts a token it signed itself with the right secret, issuer and audience', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const token = await sign({ sub: user.id, role: 'starter' }, { expiresIn: 60 });
    const me = await request(http()).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it('rejects alg none, tampered, wrongly signed, foreign-audience, foreign-issuer and expired tokens with 401', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: user.id,
      role: 'starter',
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      iat: now,
      exp: now + 600,
    };

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const [header, payload, signature] = user.accessToken.split('.');
    const tampered = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })}.${signature}`;
    // Hand-signed with node's HMAC, to show the secret (not the library) is what makes a token valid.
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const wrongSecret = `${unsigned}.${createHmac('sha256', 'another-secret-another-secret-0123456789').update(unsigned).digest('base64url')}`;
    const rightSecret = `${unsigned}.${createHmac('sha256', api.env.JWT_SECRET).update(unsigned).digest('base64url')}`;
    const hs512 = await jwt.signAsync(
      { sub: user.id, role: 'starter' },
      {
        algorithm: 'HS512',
        secret: api.env.JWT_SECRET,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: 60,
      },
    );
    const wrongAudience = await sign(
      { sub: user.id, role: 'starter' },
      { audience: 'someone-else', expiresIn: 60 },
    );
    const wrongIssuer = await sign({ sub: user.id, role: 'starter' }, { issuer: 'evil', expiresIn: 60 });
    const expired = await sign({ sub: user.id, role: 'starter', iat: now - 3600, exp: now - 60 });

    // Control: the hand-made token with the right secret is accepted, so each refusal below is about one flaw.
    await request(http()).get('/api/me').set('Authorization', `Bearer ${rightSecret}`).expect(200);
    for (const [name, token] of Object.entries({
      none,
      tampered,
      wrongSecret,
      hs512,
      wrongAudience,
      wrongIssuer,
      expired,
    })) {
      const res = await request(http()).get('/api/me').set('Authorization', `Bearer ${token}`);
      expect([name, res.status, res.body.code]).toEqual([name, 401, 'AUTH.UNAUTHORIZED']);
    }
    await request(http()).get('/api/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    await request(http()).get('/api/me').expect(401);
  });

  it('rejects a valid token whose role no longer matches the account', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const token = await sign({ sub: user.id, role: 'admin' }, { expiresIn: 60 });
    await request(http()).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('revokes the whole refresh family when a spent refresh token is reused', async () => {
    const user = await createUser(api.app, api.dataSource, 'stopper');
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    const r2 = await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: r1.body.refreshToken })
      .expect(200);
    // The attacker replays the first token: refused, and the owner's current token dies with it.
    await request(http()).post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    const rows = await api.dataSource.query<Array<{ live: number }>>(
      `SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    expect(rows[0].live).toBe(0);
    const audit = await api.dataSource.query<unknown[]>(
      `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'auth.refresh_reuse_detected'`,
      [user.id],
    );
    expect(audit).toHaveLength(1);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: r2.body.refreshToken }).expect(401);
  });

  it('keeps other sessions alive when one family is revoked', async () => {
    const user = await createUser(api.app, api.dataSource, 'stopper');
    const other = await request(http())
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: other.body.refreshToken })
      .expect(200);
  });

  it('logout revokes the refresh token and its family', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    await request(http()).post('/api/auth/logout').send({ refreshToken: r1.body.refreshToken }).expect(204);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken }).expect(401);
    // Logging out twice, or with an unknown token, is harmless.
    await request(http()).post('/api/auth/logout').send({ refreshToken: r1.body.refreshToken }).expect(204);
    await request(http())
      .post('/api/auth/logout')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(204);
  });

  it('PATCH /api/me stores a valid phone and refuses an invalid one naming the field', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const ok = await request(http())
      .patch('/api/me')
      .set(...bearer(user))
      .send({ phone: '+31 6 12345678', displayName: 'Anne', locale: 'en' })
      .expect(200);
    expect(ok.body).toMatchObject({ phone: '+31 6 12345678', displayName: 'Anne', locale: 'en' });
    await request(http())
      .patch('/api/me')
      .set(...bearer(user))
      .send({ phone: '0612345678' })
      .expect(200);
    for (const phone of ['12345', 'call me maybe', '+0 12345678']) {
      const bad = await request(http())
        .patch('/api/me')
        .set(...bearer(user))
        .send({ phone })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION.FAILED');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['phone']);
    }
    const me = await request(http())
      .get('/api/me')
      .set(...bearer(user))
      .expect(200);
    expect(me.body.phone).toBe('0612345678');
    const role = await request(http())
      .patch('/api/me')
      .set(...bearer(user))
      .send({ role: 'admin' })
      .expect(400);
    expect(role.body.details.map((d: { field: string }) => d.field)).toContain('role');
  });

  it('answers 403 AUTH.FORBIDDEN_ROLE to a starter, stopper or coordinator on admin routes', async () => {
    const drenthe = await api.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM regions WHERE code = 'drenthe'`,
    );
    const callers = [
      await createUser(api.app, api.dataSource, 'starter'),
      await createUser(api.app, api.dataSource, 'stopper'),
      await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe[0].id] }),
    ];
    const routes: Array<[string, string, object?]> = [
      [
        'post',
        '/api/admin/coordinators',
        { email: 'x@example.test', displayName: 'X', regionIds: [drenthe[0].id] },
      ],
      ['get', '/api/admin/coordinators'],
      ['put', `/api/admin/coordinators/${callers[2].id}/regions`, { regionIds: [] }],
      ['post', '/api/admin/regions', { code: 'x', name: 'X', pc4Ranges: [{ from: 1000, to: 1001 }] }],
      ['patch', `/api/admin/regions/${drenthe[0].id}`, { name: 'Hacked' }],
      ['get', '/api/admin/krimp-ranges'],
      ['put', '/api/admin/krimp-ranges', []],
      ['get', '/api/admin/audit'],
    ];
    for (const caller of callers) {
      for (const [method, url, body] of routes) {
        const req = (request(http()) as unknown as Record<string, (u: string) => request.Test>)
          [method](url)
          .set(...bearer(caller));
        const res = await (body === undefined ? req : req.send(body));
        expect([method, url, res.status, res.body.code]).toEqual([method, url, 403, 'AUTH.FORBIDDEN_ROLE']);
      }
    }
    // Without a token the same routes are 401, not 403.
    await request(http()).get('/api/admin/audit').expect(401);
    const region = await api.dataSource.query<Array<{ name: string }>>(
      `SELECT name FROM regions WHERE id = $1`,
      [drenthe[0].id],
    );
    expect(region[0].name).toBe('Drenthe');
  });
});
