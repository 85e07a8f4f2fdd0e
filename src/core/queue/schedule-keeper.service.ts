import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Env } from '../config/env';
import { LOGGER } from '../core.module';
import { AllQueues } from './all-queues';
import { ScheduleStatus } from './schedule-status.service';
import { scheduleName, ScheduleSpec } from './schedules';

/**
 * Keeps every job scheduler in Redis while the worker runs (DESIGN.md "System shape"). At start it upserts
 * them all (a changed setting takes effect); then, every SCHEDULE_HEAL_INTERVAL_MS and whenever a queue's
 * connection to Redis is ready again, it puts back the ones Redis lost (a restart without persistence, a
 * flush, an eviction). Upserting is idempotent and keyed by the scheduler id, and a scheduler's jobs have
 * one id per slot, so any number of workers healing side by side still leave one schedule, one run a slot.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly onReady = (): void => void this.heal();

  constructor(
    private readonly env: Env,
    private readonly queues: AllQueues,
    private readonly status: ScheduleStatus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // Tests drive the sweeps by hand; a worker started for them registers no schedule.
    if (this.env.WORKER_TIMERS !== 'true') return;
    // Not awaited: with Redis down at start the worker still starts, and the heal below registers them later.
    this.running = this.upsertAll().finally(() => (this.running = undefined));
    this.timer = setInterval(() => void this.heal(), this.env.SCHEDULE_HEAL_INTERVAL_MS);
    for (const [, queue] of this.queues.entries()) queue.getBackend().on('ready', this.onReady);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const [, queue] of this.queues.entries()) queue.getBackend().off('ready', this.onReady);
  }

  /** Puts back every schedule Redis does not hold; returns their names. One pass at a time per worker. */
  async heal(): Promise<string[]> {
    if (this.stopped || this.running) return [];
    let restored: string[] = [];
    this.running = (async () => {
      try {
        const missing = (await this.status.states()).filter((s) => !s.present);
        for (const { spec } of missing) await this.upsert(spec);
        restored = missing.map((s) => s.name);
        if (restored.length)
          this.logger.warn({ schedules: restored }, 'job schedules were missing, put back');
      } catch (err) {
        this.logger.warn({ err }, 'could not check the job schedules');
      }
    })().finally(() => (this.running = undefined));
    await this.running;
    return restored;
  }

  private async upsertAll(): Promise<void> {
    try {
      for (const spec of this.status.specs) await this.upsert(spec);
    } catch (err) {
      this.logger.warn({ err }, 'could not register the job schedules; the next heal will');
    }
  }

  private async upsert(spec: ScheduleSpec): Promise<void> {
    await this.queues.get(spec.queue).upsertJobScheduler(spec.id, spec.repeat, spec.job);
    this.logger.debug({ schedule: scheduleName(spec) }, 'job schedule upserted');
  }
}
