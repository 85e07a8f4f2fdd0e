import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Env } from './core/config/env';
import { CoreModule } from './core/core.module';
import { MailModule } from './modules/mail/mail.module';
import { MailProcessor } from './modules/mail/mail.processor';
import { MatchingProcessor } from './modules/matching/matching.processor';
import { MatchingWorkerModule } from './modules/matching/matching.module';
import { AuditModule } from './modules/audit/audit.module';
import { IntroductionsWorkerModule } from './modules/introductions/introductions.module';
import { IntroductionsProcessor } from './modules/introductions/introductions.processor';
import { WorkerTimersService } from './worker-timers.service';
import { QueuesModule } from './core/queue/queues.module';
import { ScheduleKeeper } from './core/queue/schedule-keeper.service';
import { DiscoveryModule } from '@nestjs/core';
import { SharedMetricsModule } from './modules/metrics/shared-metrics.module';
import { WorkerMetrics } from './modules/metrics/worker-metrics.service';
import { OutreachWorkerModule } from './modules/outreach/outreach.module';
import { PrivacyWorkerModule } from './modules/privacy/privacy.module';

/** BullMQ processors and timers: only the worker process has them. */
@Module({
  imports: [
    AuditModule,
    MailModule,
    MatchingWorkerModule,
    OutreachWorkerModule,
    IntroductionsWorkerModule,
    PrivacyWorkerModule,
    QueuesModule,
    DiscoveryModule,
    SharedMetricsModule,
  ],
  providers: [
    MailProcessor,
    MatchingProcessor,
    IntroductionsProcessor,
    WorkerTimersService,
    ScheduleKeeper,
    WorkerMetrics,
  ],
})
export class WorkerFeaturesModule {}

@Module({})
export class WorkerRootModule {}

export function createWorkerModule(env: Env, logger: Logger): DynamicModule {
  return {
    module: WorkerRootModule,
    imports: [CoreModule.forRoot(env, logger, 'worker'), WorkerFeaturesModule],
  };
}
