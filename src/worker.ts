import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from './core/logging/logger';
import { envOrExit } from './main';
import { createWorkerModule } from './worker.module';

/** The worker: a Nest application context with the BullMQ processors and no HTTP server. */
async function bootstrap(): Promise<void> {
  const env = envOrExit();
  const logger = createLogger(env.LOG_LEVEL, 'worker');
  const app = await NestFactory.createApplicationContext(createWorkerModule(env, logger), {
    logger: new PinoNestLogger(logger),
  });
  // On SIGTERM Nest closes the BullMQ workers (active jobs finish first) and then the connections.
  app.enableShutdownHooks();
  logger.info('worker started');
}

if (require.main === module) void bootstrap();
