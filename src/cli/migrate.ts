import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvFile } from '../core/config/env';
import { dataSourceOptions } from '../core/database/data-source-options';

/** `node dist/src/cli/migrate.js run|revert` — the only way the schema changes. Needs DATABASE_URL only. */
export async function migrate(url: string, direction: 'run' | 'revert'): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 'migrate'));
  await ds.initialize();
  try {
    if (direction === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      return ['reverted one'];
    }
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  loadEnvFile();
  const direction = process.argv[2] === 'revert' ? 'revert' : 'run';
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: missing\n');
    process.exit(1);
  }
  migrate(url, direction).then(
    (names) => {
      process.stdout.write(`${direction === 'run' ? `applied ${names.length} migration(s)` : names[0]}\n`);
      for (const n of names) if (direction === 'run') process.stdout.write(`  ${n}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`migration failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
