import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, PASSWORD, uniqueEmail } from './support/factories';
import { TestSmtpServer, tokenFrom, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

// argon2 hashing makes account tests slower than Jest's 5 s default (projects ignore testTimeout).
jest.setTimeout(30_000);

/** Issue 3: forgot-password and reset-password with single-use, expiring tokens. */
describe('accounts: password recovery', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({
      SMTP_URL: await smtp.start(),
      QUEUE_PREFIX: `pmtest-acct-recovery-${process.pid}`,
    });
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

  async function resetMailFor(email: string): Promise<string> {
    await request(http()).post('/api/auth/forgot-password').send({ email }).expect(202);
    await worker.get(MailRelayService).relay();
    const mail = await waitFor(() => smtp.to(email)[0]);
    expect(mail.text).toContain('http://localhost:3000/reset-password?token=');
    return tokenFrom(mail);
  }

  it('always answers 202 and mails only addresses that exist', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const stranger = uniqueEmail('stranger');
    const unknown = await request(http())
      .post('/api/auth/forgot-password')
      .send({ email: stranger })
      .expect(202);
    const known = await request(http())
      .post('/api/auth/forgot-password')
      .send({ email: user.email.toUpperCase() })
      .expect(202);
    expect(unknown.body).toEqual(known.body);
    await worker.get(MailRelayService).relay();
    await waitFor(() => smtp.to(user.email)[0]);
    expect(smtp.to(stranger)).toHaveLength(0);
    const outbox = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE lower(recipient) = lower($1)`,
      [stranger],
    );
    expect(outbox[0].n).toBe(0);
    // A malformed address is a validation error, not a silent 202.
    await request(http()).post('/api/auth/forgot-password').send({ email: 'not-an-email' }).expect(400);
  });

  it('resets the password once with the mailed token, and ends every session', async () => {
    const user = await createUser(api.app, api.dataSource, 'stopper');
    const token = await resetMailFor(user.email);
    await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'a-brand-new-password' })
      .expect(200);
    const again = await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'yet-another-password' })
      .expect(400);
    expect(again.body.code).toBe('AUTH.INVALID_TOKEN');
    // The refresh token from before the reset is dead; the old password no longer works, the new one does.
    await request(http()).post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await request(http()).post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    const login = await request(http())
      .post('/api/auth/login')
      .send({ email: user.email, password: 'a-brand-new-password' })
      .expect(200);
    await request(http())
      .get('/api/me')
      .set(...bearer(login.body))
      .expect(200);
    const audit = await api.dataSource.query<Array<{ action: string; details: string }>>(
      `SELECT action, details::text AS details FROM audit_log WHERE target_id = $1 AND action LIKE 'auth.password_reset%' ORDER BY id`,
      [user.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
    // No secret in the audit trail.
    expect(audit.map((a) => a.details).join()).not.toContain(token);
  });

  it('refuses an expired reset token', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const token = await resetMailFor(user.email);
    await api.dataSource.query(
      `UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'reset_password'`,
      [user.id],
    );
    const res = await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'a-brand-new-password' })
      .expect(400);
    expect(res.body.code).toBe('AUTH.INVALID_TOKEN');
    await request(http()).post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
  });

  it('refuses a verification token used as a reset token', async () => {
    const email = uniqueEmail('verify');
    await request(http())
      .post('/api/auth/register')
      .send({ email, password: 'long-enough-password', displayName: 'V', role: 'starter' })
      .expect(201);
    await worker.get(MailRelayService).relay();
    const token = tokenFrom(await waitFor(() => smtp.to(email)[0]));
    await request(http())
      .post('/api/auth/reset-password')
      .send({ token, password: 'a-brand-new-password' })
      .expect(400);
  });

  it('refuses a short new password naming the field', async () => {
    const res = await request(http())
      .post('/api/auth/reset-password')
      .send({ token: 'x'.repeat(43), password: 'short' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['password']);
  });
});
