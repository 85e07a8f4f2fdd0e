import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { Env } from './config/env';
import { dataSourceOptions } from './database/data-source-options';
import { redisOptions } from './queue/redis';
import { RedisClient } from './queue/redis-client.service';

export const LOGGER = Symbol('LOGGER');
export type ProcessRole = 'api' | 'worker';
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/**
 * Wiring both processes share: validated configuration, the logger, TypeORM on PostgreSQL and the BullMQ
 * connection. The API connects as a producer that fails fast while Redis is down; the worker connects with
 * `maxRetriesPerRequest: null` as BullMQ requires of workers.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(env: Env, logger: Logger, role: ProcessRole): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(env.DATABASE_URL, `praktijkmatch-${role}`) }),
        BullModule.forRoot({
          // BullMQ 6 types its options driver-neutrally; a plain options object makes it use ioredis.
          connection: redisOptions(
            env.REDIS_URL,
            role === 'worker' ? 'worker' : 'producer',
          ) as ConnectionOptions,
          prefix: env.QUEUE_PREFIX,
          // Finished jobs are removed so that an id can be enqueued again (the outbox relay relies on it).
          defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
        }),
      ],
      providers: [
        { provide: Env, useValue: env },
        { provide: LOGGER, useValue: logger },
        { provide: PROCESS_ROLE, useValue: role },
        RedisClient,
      ],
      exports: [Env, LOGGER, PROCESS_ROLE, TypeOrmModule, BullModule, RedisClient],
    };
  }
}
