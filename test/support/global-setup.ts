import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { CONTRACT_DIR } from './contract';
import { TEST_DATABASE_URL, TEST_REDIS_URL, assertTestDatabase } from './test-env';

/**
 * Once per test run: refuse a database whose name does not say `test`, create it if missing, start from an
 * empty schema, build the project and apply the migrations with the same CLI production uses.
 */
export default async function globalSetup(): Promise<void> {
  const dbName = assertTestDatabase(TEST_DATABASE_URL);
  rmSync(CONTRACT_DIR, { recursive: true, force: true });
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await db.end();

  // Compiles the migrations the CLI runs. Type errors are `npm run typecheck`'s job: tsc still emits.
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      stdio: 'ignore',
    });
  } catch {
    /* emitted anyway; the typecheck step reports the errors */
  }
  execFileSync(process.execPath, ['dist/src/cli/migrate.js', 'run'], {
    stdio: 'ignore',
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
  });

  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}
