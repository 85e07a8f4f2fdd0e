import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../../core/queue/jobs';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';
import { RegionalPlanService } from './regional-plan.service';
import { RescoringService } from './rescoring.service';
import { ScoringAdminController } from './scoring-admin.controller';

/** API side: reading matches and admin scoring routes. The scoring itself runs in the worker. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.matching })],
  controllers: [MatchesController, ScoringAdminController],
  providers: [MatchesService],
  exports: [MatchesService],
})
export class MatchingModule {}

/** Worker side: the rescoring services; the processor is added by the worker module. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.matching })],
  providers: [RescoringService, RegionalPlanService],
  exports: [RescoringService, RegionalPlanService, BullModule],
})
export class MatchingWorkerModule {}
