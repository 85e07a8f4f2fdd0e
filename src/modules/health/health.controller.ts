import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { DomainError } from '../../core/errors/domain-error';
import { Public } from '../../core/http/public.decorator';
import { HealthService, Readiness } from './health.service';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) redis!: 'up' | 'down';
}

export class ReadinessDto {
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: ReadinessChecksDto }) checks!: ReadinessChecksDto;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ operationId: 'getLiveness' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness' })
  @ApiOkResponse({ type: ReadinessDto, description: 'PostgreSQL and Redis both answer' })
  @ApiErrors(503)
  async ready(): Promise<Readiness> {
    const result = await this.health.readiness();
    if (!result.ready) {
      const down = Object.entries(result.checks)
        .filter(([, s]) => s === 'down')
        .map(([name]) => name);
      throw new DomainError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'HEALTH.NOT_READY',
        `Not ready: ${down.join(' and ')} down`,
        down.map((name) => ({ field: name, message: 'down' })),
      );
    }
    return result;
  }
}
