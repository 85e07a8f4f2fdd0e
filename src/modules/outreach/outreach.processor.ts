import { OUTREACH_JOBS, OutreachSweepJob, QUEUES } from '../../core/queue/jobs';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { FollowUpsService } from './follow-ups.service';
import { FreshnessService } from './freshness.service';
import { VacancyAlertsService } from './vacancy-alerts.service';

/** Thin: reads the clock (or the pinned `now`) and calls the sweep, which tests call directly. */
@Processor(QUEUES.outreach, { concurrency: 1 })
export class OutreachProcessor extends WorkerHost {
  constructor(
    private readonly alerts: VacancyAlertsService,
    private readonly freshness: FreshnessService,
    private readonly followUps: FollowUpsService,
  ) {
    super();
  }

  async process(job: Job<OutreachSweepJob>): Promise<unknown> {
    const now = job.data?.now ? new Date(job.data.now) : new Date();
    switch (job.name) {
      case OUTREACH_JOBS.vacancyAlerts:
        return this.alerts.sweep(now);
      case OUTREACH_JOBS.freshness:
        return this.freshness.sweep(now);
      case OUTREACH_JOBS.followUps:
        return this.followUps.sweep(now);
      default:
        throw new Error(`unknown outreach job ${job.name}`);
    }
  }
}
