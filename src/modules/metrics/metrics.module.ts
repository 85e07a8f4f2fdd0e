import { Module } from '@nestjs/common';
import { QueuesModule } from '../../core/queue/queues.module';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { SharedMetricsModule } from './shared-metrics.module';

/** API side of the metrics: the registry, the request counting hook's target and `GET /api/metrics`. */
@Module({
  imports: [QueuesModule, SharedMetricsModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsTokenGuard],
  exports: [MetricsService],
})
export class MetricsModule {}
