import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { JOBS, QUEUES } from '../../core/queue/jobs';
import type { RescoreResult } from '../matching/rescoring.service';
import { SHARED, SharedMetrics } from './shared-metrics';

const RESCORE_KIND: Record<string, string> = {
  [JOBS.rescoreStarter]: 'starter',
  [JOBS.rescorePractice]: 'practice',
  [JOBS.rescoreAll]: 'all',
};

/**
 * The worker's side of the metrics: listens to every BullMQ worker of this process (the processors stay as
 * they are) and records failed attempts per queue, and each rescoring's duration and suggestions written,
 * in the shared metrics the API serves. The mail send latency is recorded where the send happens.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: SharedMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host: unknown = wrapper.instance;
      if (!(host instanceof WorkerHost)) continue;
      const worker: Worker = (host as WorkerHost).worker;
      worker.on('failed', (job: Job | undefined) => {
        const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || Boolean(job.finishedOn);
        void this.metrics.inc(SHARED.jobFailures, { queue: worker.name, final: String(final) });
      });
      if (worker.name === QUEUES.matching) {
        worker.on('completed', (job: Job, result: unknown) => void this.rescored(job, result));
      }
    }
  }

  private async rescored(job: Job, result: unknown): Promise<void> {
    const kind = RESCORE_KIND[job.name];
    if (!kind) return;
    if (typeof job.processedOn === 'number' && typeof job.finishedOn === 'number') {
      await this.metrics.observe(SHARED.rescoring, { kind }, (job.finishedOn - job.processedOn) / 1000);
    }
    const written = (result as Partial<RescoreResult> | undefined)?.suggested;
    if (typeof written === 'number') await this.metrics.inc(SHARED.suggestionsWritten, { kind }, written);
  }
}
