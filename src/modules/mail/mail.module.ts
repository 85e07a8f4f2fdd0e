import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../../core/queue/jobs';
import { SharedMetricsModule } from '../metrics/shared-metrics.module';
import { MailDeliveryService } from './mail-delivery.service';
import { MailRelayService } from './mail-relay.service';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxMessage]),
    BullModule.registerQueue({ name: QUEUES.mail }),
    SharedMetricsModule,
  ],
  providers: [MailService, MailRelayService, MailDeliveryService],
  exports: [MailService, MailRelayService, MailDeliveryService, BullModule],
})
export class MailModule {}
