import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvFile } from '../config/env';
import { dataSourceOptions } from './data-source-options';

// Used by the TypeORM CLI (`npm run migration:generate`) on the compiled tree.
loadEnvFile();
export const AppDataSource = new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praktijkmatch', 'cli'),
);
