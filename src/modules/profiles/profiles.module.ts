import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../../core/queue/jobs';
import { StarterProfile } from './starter-profile.entity';
import { StarterProfilesController } from './starter-profiles.controller';
import { StarterProfilesService } from './starter-profiles.service';

@Module({
  imports: [TypeOrmModule.forFeature([StarterProfile]), BullModule.registerQueue({ name: QUEUES.matching })],
  controllers: [StarterProfilesController],
  providers: [StarterProfilesService],
  exports: [StarterProfilesService],
})
export class ProfilesModule {}
