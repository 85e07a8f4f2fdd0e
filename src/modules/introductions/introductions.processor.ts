import { INTRODUCTION_JOBS, IntroductionJob, QUEUES } from '../../core/queue/jobs';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ConsentSweepService, SweepResult } from './consent-sweep.service';
import { CoordinatorDigestService } from './coordinator-digest.service';

/**
 * The consent sweep and the coordinator digest, fired by job schedulers (core/queue/schedules.ts; the
 * workers put them back when Redis loses them). Both jobs are idempotent (conditional updates, one digest
 * row per coordinator and day), and the state they act on is all in PostgreSQL.
 */
@Processor(QUEUES.introductions, { concurrency: 1 })
export class IntroductionsProcessor extends WorkerHost {
  constructor(
    private readonly sweep: ConsentSweepService,
    private readonly digest: CoordinatorDigestService,
  ) {
    super();
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
