import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { createUser, PASSWORD, uniqueEmail } from './support/factories';
import { testEnv } from './support/test-env';

// argon2 hashing makes account tests slower than Jest's 5 s default (projects ignore testTimeout).
jest.setTimeout(30_000);

/**
 * Issue 3: login and forgot-password are limited per account and per client address (429 + Retry-After).
 * Its own app instance with small limits and its own Redis key prefix, so its counters never leak into
 * other suites. The API trusts X-Forwarded-For (it runs behind a proxy), which lets each test act from its
 * own address instead of everyone's 127.0.0.1.
 */
describe('accounts: brute-force limits', () => {
  let api: TestApi;
  const http = () => api.app.getHttpServer();
  let addressCounter = 0;
  const newAddress = () =>
    `10.${process.pid % 250}.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

  beforeAll(async () => {
    api = await createTestApi(
      testEnv({
        QUEUE_PREFIX: `pmtest-acct-rl-${process.pid}-${Date.now()}`,
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
        RATE_LIMIT_LOGIN_PER_ADDRESS: '5',
      }),
    );
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  const login = (email: string, password: string, address: string) =>
    request(http()).post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const forgot = (email: string, address: string) =>
    request(http()).post('/api/auth/forgot-password').set('X-Forwarded-For', address).send({ email });

  it('limits failed logins per account, whatever address they come from', async () => {
    const victim = await createUser(api.app, api.dataSource, 'starter');
    for (let i = 0; i < 3; i++) await login(victim.email, 'wrong-password!', newAddress()).expect(401);
    // Even the right password is refused now, from a fresh address: the account is locked for the window.
    const res = await login(victim.email.toUpperCase(), PASSWORD, newAddress()).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'AUTH.RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is unaffected.
    const other = await createUser(api.app, api.dataSource, 'starter');
    await login(other.email, PASSWORD, newAddress()).expect(200);
  });

  it('limits failed logins per address, across accounts', async () => {
    const address = newAddress();
    for (let i = 0; i < 5; i++) await login(uniqueEmail('spray'), 'wrong-password!', address).expect(401);
    const user = await createUser(api.app, api.dataSource, 'stopper');
    const res = await login(user.email, PASSWORD, address).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The same account from another address still logs in.
    await login(user.email, PASSWORD, newAddress()).expect(200);
  });

  it('does not count successful logins', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const address = newAddress();
    for (let i = 0; i < 6; i++) await login(user.email, PASSWORD, address).expect(200);
  });

  it('limits forgot-password per account and per address', async () => {
    const user = await createUser(api.app, api.dataSource, 'starter');
    for (let i = 0; i < 3; i++) await forgot(user.email, newAddress()).expect(202);
    const perAccount = await forgot(user.email, newAddress()).expect(429);
    expect(perAccount.body.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(perAccount.headers['retry-after'])).toBeGreaterThan(0);
    const tokens = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM one_time_tokens WHERE user_id = $1 AND purpose = 'reset_password'`,
      [user.id],
    );
    expect(tokens[0].n).toBe(3);

    const address = newAddress();
    for (let i = 0; i < 5; i++) await forgot(uniqueEmail('probe'), address).expect(202);
    await forgot(uniqueEmail('probe'), address).expect(429);
  });
});
