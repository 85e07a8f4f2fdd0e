import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../../core/http/public.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  // No user login: the operator's METRICS_TOKEN, checked by the guard, opens it.
  @Public()
  @UseGuards(MetricsTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics for the operator',
    description:
      'Prometheus text exposition format. Needs `Authorization: Bearer <METRICS_TOKEN>`; without ' +
      'METRICS_TOKEN configured the route does not exist (404). See docs/operations.md for the families.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics, Prometheus text format 0.0.4', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({
    description: 'No bearer token, or not METRICS_TOKEN (code METRICS.UNAUTHORIZED)',
  })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not configured: the route does not exist' })
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
