import { Module } from '@nestjs/common';
import { RegionOverviewController } from './region-overview.controller';
import { RegionOverviewService } from './region-overview.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController, RegionOverviewController],
  providers: [StatsService, RegionOverviewService],
  exports: [StatsService],
})
export class InsightModule {}
