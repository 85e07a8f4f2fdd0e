import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiModule } from './api.module';
import { Env, loadEnvFile, validateEnv } from './core/config/env';
import { createLogger, PinoNestLogger } from './core/logging/logger';
import { createFastifyAdapter, setupApp } from './setup-app';

/** Validates the environment or stops the process with a message naming each bad variable. */
export function envOrExit(): Env {
  loadEnvFile();
  try {
    return validateEnv(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const env = envOrExit();
  const logger = createLogger(env.LOG_LEVEL, 'api');
  const app = await NestFactory.create<NestFastifyApplication>(
    createApiModule(env, logger),
    createFastifyAdapter(env, logger),
    { logger: new PinoNestLogger(logger) },
  );
  await setupApp(app, env, logger);
  await app.listen(env.PORT, '0.0.0.0');
  logger.info({ port: env.PORT }, 'api listening');
}

if (require.main === module) void bootstrap();
