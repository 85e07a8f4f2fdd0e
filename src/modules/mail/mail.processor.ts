import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../core/core.module';
import { Job } from 'bullmq';
import { QUEUES, SendMailJob } from '../../core/queue/jobs';
import { DeliveryResult, MailDeliveryService, RetryableMailError } from './mail-delivery.service';

/**
 * A short lock and stalled-check interval: a killed worker's in-flight mails are back in the queue within
 * seconds instead of a minute (the lock is renewed while a send runs, so slow SMTP is not a stall).
 */
@Processor(QUEUES.mail, { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 })
export class MailProcessor extends WorkerHost {
  constructor(
    private readonly delivery: MailDeliveryService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn({ err, queue: QUEUES.mail }, 'mail worker error');
  }

  async process(job: Job<SendMailJob>): Promise<DeliveryResult> {
    const result = await this.delivery.deliver(job.data.outboxId);
    if (result === 'retry') throw new RetryableMailError(`mail ${job.data.outboxId} will be retried`);
    return result;
  }
}
