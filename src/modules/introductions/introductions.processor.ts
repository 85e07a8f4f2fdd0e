import { INTRODUCTION_JOBS, IntroductionJob, QUEUES } from '../../core/queue/jobs';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { ConsentSweepService, SweepResult } from './consent-sweep.service';
import { CoordinatorDigestService } from './coordinator-digest.service';

const SWEEP_EVERY_MS = 15 * 60 * 1000;

/**
 * Scheduled with BullMQ job schedulers rather than worker timers: with several workers, a scheduler runs
 * each sweep and digest once per slot instead of once per worker, and the digest needs a wall-clock cron
 * (07:00 Amsterdam). Both jobs are idempotent (conditional updates, one digest row per coordinator and
 * day), and every worker re-upserts the schedulers at start, so a Redis that lost its data loses at most
 * the runs until the next worker start; the state they act on is all in PostgreSQL.
 */
@Processor(QUEUES.introductions, { concurrency: 1 })
export class IntroductionsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sweep: ConsentSweepService,
    private readonly digest: CoordinatorDigestService,
    @InjectQueue(QUEUES.introductions) private readonly queue: Queue<IntroductionJob>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'consent-sweep',
      { every: SWEEP_EVERY_MS },
      { name: INTRODUCTION_JOBS.consentSweep, data: {} },
    );
    await this.queue.upsertJobScheduler(
      'coordinator-digest',
      { pattern: '0 7 * * *', tz: 'Europe/Amsterdam' },
      { name: INTRODUCTION_JOBS.coordinatorDigest, data: {} },
    );
  }

  async process(job: Job<IntroductionJob>): Promise<SweepResult | number> {
    switch (job.name) {
      case INTRODUCTION_JOBS.consentSweep:
        return this.sweep.sweep(new Date());
      case INTRODUCTION_JOBS.coordinatorDigest:
        return this.digest.sendDigests(new Date());
      default:
        throw new Error(`unknown introductions job ${job.name}`);
    }
  }
}
