import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../../core/queue/jobs';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { FollowUpsService } from './follow-ups.service';
import { FreshnessService } from './freshness.service';
import { MailPreferencesService } from './mail-preferences.service';
import { OutreachController } from './outreach.controller';
import { OutreachProcessor } from './outreach.processor';
import { VacancyAlertsService } from './vacancy-alerts.service';

const services = [MailPreferencesService, FreshnessService, FollowUpsService, VacancyAlertsService];
const queues = [
  BullModule.registerQueue({ name: QUEUES.matching }),
  BullModule.registerQueue({ name: QUEUES.outreach }),
];

/** API side: the token links of outreach mail (unsubscribe, still looking, follow-up answers). */
@Module({
  imports: [MailModule, AuditModule, ...queues],
  controllers: [OutreachController],
  providers: services,
  exports: [MailPreferencesService],
})
export class OutreachModule {}

/** Worker side: the sweeps' processor (their schedules are in core/queue/schedules.ts). */
@Module({
  imports: [MailModule, AuditModule, ...queues],
  providers: [...services, OutreachProcessor],
  exports: services,
})
export class OutreachWorkerModule {}
