import { QUEUES } from '../../core/queue/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { ConsentRecordsService } from './consent-records.service';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyProcessor } from './privacy.processor';
import { RetentionService } from './retention.service';

/** API side: export, erasure and consent records of the caller. */
@Module({
  imports: [MailModule],
  controllers: [PrivacyController],
  providers: [ExportService, ErasureService, ConsentRecordsService],
  exports: [ConsentRecordsService],
})
export class PrivacyModule {}

/** Worker side: the daily retention sweep and its scheduler. */
@Module({
  imports: [MailModule, BullModule.registerQueue({ name: QUEUES.privacy })],
  providers: [ErasureService, RetentionService, PrivacyProcessor],
  exports: [RetentionService],
})
export class PrivacyWorkerModule {}
