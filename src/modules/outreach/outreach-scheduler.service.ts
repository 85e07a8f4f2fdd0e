import { OUTREACH_JOBS, OutreachSweepJob, QUEUES } from '../../core/queue/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';

/**
 * Registers the outreach sweeps as BullMQ job schedulers: one schedule in Redis however many workers run,
 * and `upsertJobScheduler` is idempotent, so every worker may call it at start. Vacancy alerts run every
 * ten minutes (a new practice should not wait a day), freshness and follow-ups daily at night.
 */
@Injectable()
export class OutreachSchedulerService implements OnApplicationBootstrap {
  constructor(
    private readonly env: Env,
    @InjectQueue(QUEUES.outreach) private readonly queue: Queue<OutreachSweepJob>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.WORKER_TIMERS !== 'true') return;
    try {
      await this.queue.upsertJobScheduler(
        OUTREACH_JOBS.vacancyAlerts,
        { every: 10 * 60_000 },
        { name: OUTREACH_JOBS.vacancyAlerts, data: {} },
      );
      await this.queue.upsertJobScheduler(
        OUTREACH_JOBS.freshness,
        { pattern: '15 3 * * *', tz: 'Europe/Amsterdam' },
        { name: OUTREACH_JOBS.freshness, data: {} },
      );
      await this.queue.upsertJobScheduler(
        OUTREACH_JOBS.followUps,
        { pattern: '30 3 * * *', tz: 'Europe/Amsterdam' },
        { name: OUTREACH_JOBS.followUps, data: {} },
      );
    } catch (err) {
      // Redis down at start: the worker still runs; the schedules are registered at the next start.
      this.logger.warn({ err }, 'could not register the outreach schedules');
    }
  }
}
