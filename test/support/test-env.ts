import { Env, validateEnv } from '../../src/core/config/env';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch_test';
/** Redis database 1 and its own queue prefix: tests never see the demo's queues. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

export function assertTestDatabase(url: string): string {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
  return name;
}

export function testEnv(overrides: Record<string, string> = {}): Env {
  assertTestDatabase(overrides.DATABASE_URL ?? TEST_DATABASE_URL);
  return validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_FROM: 'praktijkmatch <noreply@praktijkmatch.test>',
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    QUEUE_PREFIX: 'pmtest',
    MAIL_BACKOFF_MS: '50',
    MAIL_MAX_ATTEMPTS: '3',
    WORKER_TIMERS: 'false',
    // supertest connects from loopback; trusting it lets tests act from other client addresses.
    TRUST_PROXY: 'loopback',
    ...overrides,
  });
}
