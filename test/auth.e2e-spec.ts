import request from 'supertest';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { INestApplicationContext } from '@nestjs/common';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { TestSmtpServer, tokenFrom, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';
import { bearer, createUser, uniqueEmail } from './support/factories';

describe('accounts: register, verify, login, tokens', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), RATE_LIMIT_LOGIN_PER_ACCOUNT: '3' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    smtp.clear();
  });

  async function mailTo(email: string) {
    await worker.get(MailRelayService).relay();
    return waitFor(() => smtp.to(email)[0]);
  }

  it('registers a starter, mails a single-use verification link, and verifies', async () => {
    const email = uniqueEmail('anne');
    const res = await request(http())
      .post('/api/auth/register')
      .send({ email, password: 'long-enough-password', displayName: 'Anne', role: 'starter' })
      .expect(201);
    expect(res.body).toEqual({ id: expect.any(String), email, role: 'starter' });
    const mail = await mailTo(email);
    const token = tokenFrom(mail);
    expect(mail.text).toContain(`http://localhost:3000/verify-email?token=`);
    const login = await request(http())
      .post('/api/auth/login')
      .send({ email, password: 'long-enough-password' })
      .expect(200);
    const me1 = await request(http())
      .get('/api/me')
      .set(...bearer(login.body))
      .expect(200);
    expect(me1.body.emailVerified).toBe(false);
    await request(http()).post('/api/auth/verify-email').send({ token }).expect(200);
    const again = await request(http()).post('/api/auth/verify-email').send({ token }).expect(400);
    expect(again.body.code).toBe('AUTH.INVALID_TOKEN');
    const me2 = await request(http())
      .get('/api/me')
      .set(...bearer(login.body))
      .expect(200);
    expect(me2.body).toMatchObject({ email, role: 'starter', emailVerified: true, locale: 'nl' });
  });

  it('refuses registering as coordinator or admin, and unknown fields', async () => {
    for (const role of ['coordinator', 'admin']) {
      const res = await request(http())
        .post('/api/auth/register')
        .send({ email: uniqueEmail(), password: 'long-enough-password', displayName: 'X', role })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('role');
    }
    const extra = await request(http())
      .post('/api/auth/register')
      .send({
        email: uniqueEmail(),
        password: 'long-enough-password',
        displayName: 'X',
        role: 'starter',
        isAdmin: true,
      })
      .expect(400);
    expect(extra.body.details.map((d: { field: string }) => d.field)).toContain('isAdmin');
  });

  it('answers 409 for an email taken in another case', async () => {
    const email = uniqueEmail('case');
    await request(http())
      .post('/api/auth/register')
      .send({ email, password: 'long-enough-password', displayName: 'A', role: 'stopper' })
      .expect(201);
    const res = await request(http())
      .post('/api/auth/register')
      .send({
        email: email.toUpperCase(),
        password: 'long-enough-password',
        displayName: 'B',
        role: 'starter',
      })
      .expect(409);
    expect(res.body.code).toBe('AUTH.EMAIL_TAKEN');
  });

  it('answers 401 to a wrong password and 429 with Retry-After after repeated failures', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    for (let i = 0; i < 3; i++) {
      await request(http())
        .post('/api/auth/login')
        .send({ email: user.email, password: 'wrong-password!' })
        .expect(401);
    }
    const res = await request(http())
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong-password!' })
      .expect(429);
    expect(res.body.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is reused', async () => {
    const user = await createUser(api.app, api.dataSource, 'stopper');
    const r1 = await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(r1.body.refreshToken).not.toBe(user.refreshToken);
    await request(http()).post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    // The reuse revoked the family: the newest token is dead too.
    await request(http()).post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken }).expect(401);
  });

  it('rejects tampered and unsigned access tokens', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const [h, p] = user.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    await request(http()).get('/api/me').set('Authorization', `Bearer ${none}`).expect(401);
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${user.accessToken.split('.')[2]}`;
    const res = await request(http()).get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(res.body.code).toBe('AUTH.UNAUTHORIZED');
    await request(http()).get('/api/me').expect(401);
  });
});
