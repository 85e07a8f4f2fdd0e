import { PRIVACY_JOBS, PrivacyJob, QUEUES } from '../../core/queue/jobs';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { RetentionResult, RetentionService } from './retention.service';

/**
 * The daily retention sweep, as a BullMQ job scheduler (like the introductions sweeps): with several
 * workers it runs once per day, not once per worker. The sweep is idempotent and its state lives in
 * PostgreSQL, so a Redis that lost its data loses at most the runs until the next worker start.
 */
@Processor(QUEUES.privacy, { concurrency: 1 })
export class PrivacyProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly retention: RetentionService,
    @InjectQueue(QUEUES.privacy) private readonly queue: Queue<PrivacyJob>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'retention-sweep',
      { pattern: '30 3 * * *', tz: 'Europe/Amsterdam' },
      { name: PRIVACY_JOBS.retentionSweep, data: {} },
    );
  }

  async process(job: Job<PrivacyJob>): Promise<RetentionResult> {
    if (job.name === PRIVACY_JOBS.retentionSweep) return this.retention.sweep(new Date());
    throw new Error(`unknown privacy job ${job.name}`);
  }
}
