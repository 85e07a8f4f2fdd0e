import type { RedisOptions } from 'ioredis';

/** Connection options from REDIS_URL. Producers fail fast when Redis is down; workers wait for it. */
export function redisOptions(url: string, role: 'producer' | 'worker'): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  const base: RedisOptions = {
    host: u.hostname,
    port: Number(u.port || 6379),
    db,
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 2_000,
  };
  return role === 'worker'
    ? { ...base, maxRetriesPerRequest: null }
    : { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}
