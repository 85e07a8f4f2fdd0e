import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { Env } from '../config/env';
import { redisOptions } from './redis';

/**
 * A plain Redis connection for small things (rate-limit counters, readiness). Commands fail fast while
 * Redis is down instead of queueing, so no request hangs on it.
 */
@Injectable()
export class RedisClient implements OnModuleDestroy {
  readonly client: Redis;
  readonly prefix: string;

  constructor(env: Env) {
    this.client = new Redis({
      ...redisOptions(env.REDIS_URL, 'producer'),
      lazyConnect: true,
      retryStrategy: () => 1000,
    });
    this.client.on('error', () => undefined);
    this.prefix = env.QUEUE_PREFIX;
  }

  async ensureConnected(timeoutMs = 1_500): Promise<void> {
    if (this.client.status === 'wait') {
      await Promise.race([
        this.client.connect(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('redis connect timeout')), timeoutMs)),
      ]);
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
