import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JOBS, QUEUES, RescoreAllJob, RescorePracticeJob, RescoreStarterJob } from '../../core/queue/jobs';
import { RescoreResult, RescoringService } from './rescoring.service';

type MatchingJob = RescoreStarterJob | RescorePracticeJob | RescoreAllJob;

/** Thin: parses the payload and calls RescoringService, which the tests call directly too. */
@Processor(QUEUES.matching, { concurrency: 1 })
export class MatchingProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly rescoring: RescoringService,
    @InjectQueue(QUEUES.matching) private readonly queue: Queue,
  ) {
    super();
  }

  /** The nightly full rescoring (03:00 Amsterdam time). Upserting is idempotent across workers and restarts. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'nightly-rescore',
      { pattern: '0 3 * * *', tz: 'Europe/Amsterdam' },
      { name: JOBS.rescoreAll, data: { reason: 'nightly' } satisfies RescoreAllJob },
    );
  }

  async process(job: Job<MatchingJob>): Promise<RescoreResult> {
    switch (job.name) {
      case JOBS.rescoreStarter:
        return this.rescoring.rescoreStarter((job.data as RescoreStarterJob).starterProfileId);
      case JOBS.rescorePractice:
        return this.rescoring.rescorePractice((job.data as RescorePracticeJob).practiceId);
      case JOBS.rescoreAll:
        return this.rescoring.rescoreAll();
      default:
        throw new Error(`unknown matching job ${job.name}`);
    }
  }
}
