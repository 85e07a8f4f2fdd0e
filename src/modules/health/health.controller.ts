import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../core/errors/domain-error';
import { Public } from '../../core/http/public.decorator';
import { HealthService, Readiness } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOkResponse({ description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description:
      'PostgreSQL and Redis both answer. `schedules` names any job scheduler missing from Redis (a detail: it does not make the API unready)',
  })
  @ApiServiceUnavailableResponse({ description: 'Names the dependency that is down' })
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
