import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError, validationFailed } from '../../core/errors/domain-error';
import { JOBS, QUEUES, RescoreAllJob } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { currentWeights, WeightsVersion } from './matching-data';
import { CRITERIA, ScoringWeights, validateWeights } from './scoring';

const weightProperty = (): PropertyDecorator => {
  const decorators = [ApiProperty({ minimum: 0, maximum: 100 }), IsInt(), Min(0), Max(100)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

export class ScoringWeightsDto implements ScoringWeights {
  @weightProperty() distance!: number;
  @weightProperty() days!: number;
  @weightProperty() form!: number;
  @weightProperty() timing!: number;
  @weightProperty() setting!: number;
  @weightProperty() regional_tie!: number;
  @weightProperty() workload!: number;
  @weightProperty() anw!: number;
  @weightProperty() training!: number;
  @weightProperty() partner_work!: number;
}

export class WeightsVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: ScoringWeightsDto }) weights!: ScoringWeightsDto;
}

export class RescoreQueuedDto {
  @ApiProperty({ enum: [true] }) queued!: true;
  @ApiProperty() jobId!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class ScoringAdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.matching) private readonly queue: Queue,
    private readonly audit: AuditService,
  ) {}

  @Get('scoring-weights')
  @ApiOkResponse({ type: WeightsVersionDto })
  @ApiOperation({ operationId: 'getScoringWeights' })
  weights(): Promise<WeightsVersion> {
    return currentWeights(this.dataSource.manager);
  }

  /** Saves a new weights version; stored scores keep naming the version they used until rescored. */
  @Put('scoring-weights')
  @ApiOkResponse({ type: WeightsVersionDto })
  @ApiOperation({ operationId: 'setScoringWeights' })
  async setWeights(@CurrentUser() user: AuthUser, @Body() dto: ScoringWeightsDto): Promise<WeightsVersion> {
    const weights = Object.fromEntries(CRITERIA.map((c) => [c, dto[c]])) as ScoringWeights;
    try {
      validateWeights(weights);
    } catch (err) {
      throw validationFailed([
        { field: 'weights', message: err instanceof Error ? err.message : 'invalid weights' },
      ]);
    }
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<Array<{ version: number }>>(
        `INSERT INTO scoring_weights (weights, created_by) VALUES ($1, $2) RETURNING version`,
        [JSON.stringify(weights), user.id],
      );
      await this.audit.record(m, {
        actorId: user.id,
        action: 'scoring.weights_changed',
        details: { version: rows[0].version, weights },
      });
      return { version: rows[0].version, weights };
    });
  }

  @Post('rescore')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RescoreQueuedDto, description: 'A full rescoring is queued for the worker' })
  @ApiOperation({ operationId: 'requestFullRescoring' })
  @ApiErrors(503)
  async rescore(@CurrentUser() user: AuthUser): Promise<RescoreQueuedDto> {
    const jobId = `rescore-all-admin-${Date.now()}`;
    try {
      await this.queue.add(
        JOBS.rescoreAll,
        { reason: 'admin', requestedBy: user.id } satisfies RescoreAllJob,
        { jobId },
      );
    } catch {
      throw new DomainError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'QUEUE.UNAVAILABLE',
        'The job queue is unavailable; try again shortly',
      );
    }
    await this.dataSource.transaction((m) =>
      this.audit.record(m, { actorId: user.id, action: 'scoring.rescore_requested', details: { jobId } }),
    );
    return { queued: true, jobId };
  }
}
