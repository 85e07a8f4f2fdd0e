import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JOBS, QUEUES, RescoreAllJob, RescorePracticeJob, RescoreStarterJob } from '../../core/queue/jobs';
import { RescoreResult, RescoringService } from './rescoring.service';

type MatchingJob = RescoreStarterJob | RescorePracticeJob | RescoreAllJob;

/**
 * Thin: parses the payload and calls RescoringService, which the tests call directly too. The nightly full
 * rescoring is one of the job schedulers of core/queue/schedules.ts.
 */
@Processor(QUEUES.matching, { concurrency: 1 })
export class MatchingProcessor extends WorkerHost {
  constructor(private readonly rescoring: RescoringService) {
    super();
  }

  async process(job: Job<MatchingJob>): Promise<RescoreResult> {
    switch (job.name) {
      case JOBS.rescoreStarter:
        return this.rescoring.rescoreStarter((job.data as RescoreStarterJob).starterProfileId);
      case JOBS.rescorePractice:
        return this.rescoring.rescorePractice((job.data as RescorePracticeJob).practiceId);
      case JOBS.rescoreAll:
        // Progress is for the admin to watch; Redis failing to store it must not fail the rescoring.
        return this.rescoring.rescoreAll(undefined, (done, total) =>
          job.updateProgress({ done, total }).catch(() => undefined),
        );
      default:
        throw new Error(`unknown matching job ${job.name}`);
    }
  }
}
