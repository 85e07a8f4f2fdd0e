import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUES, SendMailJob } from '../../core/queue/jobs';
import { DeliveryResult, MailDeliveryService, RetryableMailError } from './mail-delivery.service';

@Processor(QUEUES.mail, { concurrency: 8 })
export class MailProcessor extends WorkerHost {
  constructor(private readonly delivery: MailDeliveryService) {
    super();
  }

  async process(job: Job<SendMailJob>): Promise<DeliveryResult> {
    const result = await this.delivery.deliver(job.data.outboxId);
    if (result === 'retry') throw new RetryableMailError(`mail ${job.data.outboxId} will be retried`);
    return result;
  }
}
