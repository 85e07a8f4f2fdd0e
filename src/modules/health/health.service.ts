import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RedisClient } from '../../core/queue/redis-client.service';
import { ScheduleStatus } from '../../core/queue/schedule-status.service';

/**
 * The job schedulers as Redis holds them: `complete`, `incomplete` (naming the missing ones, `queue/id`)
 * or `unknown` (Redis did not answer).
 */
export interface SchedulesCheck {
  status: 'complete' | 'incomplete' | 'unknown';
  missing: string[];
}

export interface Readiness {
  ready: boolean;
  checks: { database: 'up' | 'down'; redis: 'up' | 'down' };
  /**
   * A detail, not part of `ready`: this API serves every request without the schedules, and taking it out
   * of a load balancer would not bring them back. The workers put missing ones back by themselves
   * (SCHEDULE_HEAL_INTERVAL_MS); one still missing after that means no worker is running.
   */
  schedules: SchedulesCheck;
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
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
    private readonly scheduleStatus: ScheduleStatus,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, redis, schedules] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.pingRedis(),
      this.schedules(),
    ]);
    return { ready: database === 'up' && redis === 'up', checks: { database, redis }, schedules };
  }

  private async schedules(): Promise<SchedulesCheck> {
    try {
      const states = await withTimeout(this.scheduleStatus.states(), CHECK_TIMEOUT_MS);
      const missing = states.filter((s) => !s.present).map((s) => s.name);
      return { status: missing.length ? 'incomplete' : 'complete', missing };
    } catch {
      return { status: 'unknown', missing: [] };
    }
  }

  private async pingRedis(): Promise<'up' | 'down'> {
    try {
      await this.redis.ensureConnected(CHECK_TIMEOUT_MS);
      const pong = await withTimeout(this.redis.client.ping(), CHECK_TIMEOUT_MS);
      return pong === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
