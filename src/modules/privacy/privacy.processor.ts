import { PRIVACY_JOBS, PrivacyJob, QUEUES } from '../../core/queue/jobs';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { RetentionResult, RetentionService } from './retention.service';

/**
 * The daily retention sweep, fired by a job scheduler (core/queue/schedules.ts): with several workers it
 * runs once per day, not once per worker. The sweep is idempotent and its state lives in PostgreSQL.
 */
@Processor(QUEUES.privacy, { concurrency: 1 })
export class PrivacyProcessor extends WorkerHost {
  constructor(private readonly retention: RetentionService) {
    super();
  }

  async process(job: Job<PrivacyJob>): Promise<RetentionResult> {
    if (job.name === PRIVACY_JOBS.retentionSweep) return this.retention.sweep(new Date());
    throw new Error(`unknown privacy job ${job.name}`);
  }
}
