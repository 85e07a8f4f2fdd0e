import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * One description of the database for the API, the worker and the migration CLI. Entities and migrations
 * are found by file pattern so a feature adds an `*.entity.ts` without touching a central list.
 * `synchronize` is off everywhere: the schema changes only through migrations.
 */
export function dataSourceOptions(url: string, applicationName = 'praktijkmatch'): DataSourceOptions {
  const root = join(__dirname, '..', '..', '..');
  return {
    type: 'postgres',
    url,
    applicationName,
    synchronize: false,
    migrationsRun: false,
    entities: [join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}
