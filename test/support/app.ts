import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApiModule } from '../../src/api.module';
import { Env } from '../../src/core/config/env';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { createLogger } from '../../src/core/logging/logger';
import { createFastifyAdapter, setupApp } from '../../src/setup-app';
import { createWorkerModule } from '../../src/worker.module';
import { attachContractValidation } from './contract';

export interface TestApi {
  app: NestFastifyApplication;
  env: Env;
  dataSource: DataSource;
  close: () => Promise<void>;
}

/** Boots the real API module through the same `setupApp` as `main.ts`. */
export async function createTestApi(env: Env): Promise<TestApi> {
  const logger = createLogger(env.LOG_LEVEL, 'api-test');
  const moduleRef = await Test.createTestingModule({ imports: [createApiModule(env, logger)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(env, logger), {
    logger: false,
  });
  await setupApp(app, env, logger);
  attachContractValidation(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return { app, env, dataSource, close: () => app.close() };
}

/** Boots a real worker (BullMQ processors on the test Redis, prefix `pmtest`). */
export async function createTestWorker(env: Env): Promise<INestApplicationContext> {
  const logger = createLogger(env.LOG_LEVEL, 'worker-test');
  const ctx = await NestFactory.createApplicationContext(createWorkerModule(env, logger), { logger: false });
  await ctx.init();
  return ctx;
}

const KEEP = new Set([
  'typeorm_migrations',
  'audit_log',
  'scoring_weights',
  'matching_settings',
  'places',
  'regions',
  'region_pc4_ranges',
  'krimp_pc4_ranges',
]);

/** Empties every table of user data; the reference tables loaded by migrations stay, the settings as they loaded them. */
export async function truncateAll(dataSource: DataSource): Promise<void> {
  const rows = await dataSource.query<Array<{ tablename: string }>>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
  );
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (tables.length === 0) return;
  // A worker of the test may still be finishing a job (a rescoring, a sweep) whose locks meet TRUNCATE's in
  // another order: PostgreSQL then aborts one side with a deadlock. Between tests, trying again is right.
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} CASCADE`);
      // The weights and candidate sizes back to the migrations' first version, numbered on from there: a
      // suite that changed them (an admin's PUT, a test's INSERT) must not change the scores of the next
      // (no match refers to a version any more, the matches were emptied just now).
      for (const table of ['scoring_weights', 'matching_settings']) {
        await dataSource.query(`DELETE FROM ${table} WHERE version > (SELECT min(version) FROM ${table})`);
        await dataSource.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'version'), (SELECT max(version) FROM ${table}))`,
        );
      }
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * truncateAll on a connection of its own, for a suite to run before it starts a worker with timers: the
 * worker's start-up relay would otherwise send mail another suite left pending.
 */
export async function truncateDatabase(env: Env): Promise<void> {
  const ds = new DataSource(dataSourceOptions(env.DATABASE_URL, 'test-truncate'));
  await ds.initialize();
  try {
    await truncateAll(ds);
  } finally {
    await ds.destroy();
  }
}
