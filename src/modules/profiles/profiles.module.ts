import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../../core/queue/jobs';
import { StarterProfile } from './starter-profile.entity';
import { StarterProfilesController, StarterProfilesDirectoryController } from './starter-profiles.controller';
import { StarterProfilesDirectoryService } from './starter-profiles-directory.service';
import { StarterProfilesService } from './starter-profiles.service';

@Module({
  imports: [TypeOrmModule.forFeature([StarterProfile]), BullModule.registerQueue({ name: QUEUES.matching })],
  controllers: [StarterProfilesController, StarterProfilesDirectoryController],
  providers: [StarterProfilesService, StarterProfilesDirectoryService],
  exports: [StarterProfilesService],
})
export class ProfilesModule {}
