import { Module } from '@nestjs/common';
import { SharedMetrics } from './shared-metrics';

/** The Redis-held metrics the worker records and the API serves (shared-metrics.ts). */
@Module({ providers: [SharedMetrics], exports: [SharedMetrics] })
export class SharedMetricsModule {}
