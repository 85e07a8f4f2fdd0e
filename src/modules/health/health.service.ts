import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { redisOptions } from '../../core/queue/redis';

export interface Readiness {
  ready: boolean;
  checks: { database: 'up' | 'down'; redis: 'up' | 'down' };
}

const CHECK_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    env: Env,
  ) {
    // Its own connection, so readiness reflects Redis itself and not a queue client's state.
    this.redis = new Redis({ ...redisOptions(env.REDIS_URL, 'producer'), lazyConnect: true, retryStrategy: () => 1000 });
    this.redis.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.pingRedis(),
    ]);
    return { ready: database === 'up' && redis === 'up', checks: { database, redis } };
  }

  private async pingRedis(): Promise<'up' | 'down'> {
    try {
      if (this.redis.status === 'wait') await withTimeout(this.redis.connect(), CHECK_TIMEOUT_MS);
      const pong = await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS);
      return pong === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
