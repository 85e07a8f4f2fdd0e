import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../../core/queue/jobs';
import { OutboxAdminController } from '../admin/outbox-admin.controller';
import { OutboxAdminService } from '../admin/outbox-admin.service';
import { OneTimeTokenService } from '../auth/one-time-token.service';
import { MailModule } from '../mail/mail.module';
import { MatchingModule } from '../matching/matching.module';
import { ConsentSweepService } from './consent-sweep.service';
import { ConsentService } from './consent.service';
import { CoordinationService } from './coordination.service';
import { CoordinatorDigestService } from './coordinator-digest.service';
import { IntroductionRequestsController } from './introduction-requests.controller';
import { IntroductionRequestsService } from './introduction-requests.service';
import { IntroductionsController } from './introductions.controller';
import { PartyAnswersService } from './party-answers.service';

/**
 * API side of issue 6: coordinator actions, consent answers and the admin outbox view. The token
 * service is stateless, so it is provided here rather than importing the auth module's guards.
 */
@Module({
  imports: [MailModule, MatchingModule, BullModule.registerQueue({ name: QUEUES.matching })],
  controllers: [IntroductionsController, IntroductionRequestsController, OutboxAdminController],
  providers: [
    OneTimeTokenService,
    IntroductionRequestsService,
    ConsentService,
    CoordinationService,
    PartyAnswersService,
    OutboxAdminService,
  ],
})
export class IntroductionsModule {}

/** Worker side: the consent reminder/expiry sweep and the coordinator digest; the processor is added by the worker module. */
@Module({
  imports: [MailModule, BullModule.registerQueue({ name: QUEUES.introductions })],
  providers: [OneTimeTokenService, ConsentService, ConsentSweepService, CoordinatorDigestService],
  exports: [ConsentSweepService, CoordinatorDigestService, BullModule],
})
export class IntroductionsWorkerModule {}
