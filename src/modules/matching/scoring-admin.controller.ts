import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { PageDto, pageOffset, PaginationQuery, toPage } from '../../core/http/pagination';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError, notFound, validationFailed } from '../../core/errors/domain-error';
import { JOBS, QUEUES, RescoreAllJob } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  currentMatchingSettings,
  currentWeights,
  MatchingSettingsVersion,
  WeightsVersion,
} from './matching-data';
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

/** PUT /api/admin/matching-settings: the candidate set's sizes N and M (DESIGN.md "Matching"). */
export class MatchingSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 50, description: "N: each starter's best kept as suggestions" })
  @IsInt()
  @Min(1)
  @Max(50)
  starterBest!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 20,
    description: "M: each practice's best starters (and duos) kept per successor seat it seeks",
  })
  @IsInt()
  @Min(1)
  @Max(20)
  practiceBestPerSeat!: number;
}

export class MatchingSettingsVersionDto extends MatchingSettingsDto implements MatchingSettingsVersion {
  @ApiProperty({
    description: 'Settings version; each change adds one, the newest applies from the next rescoring',
  })
  version!: number;
}

/** One saved version of the weights: who saved it and when (null: the migration's defaults). */
export class WeightsVersionEntryDto extends WeightsVersionDto {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null once that account is erased' })
  createdByName!: string | null;
}

export class WeightsVersionPageDto extends PageDto(WeightsVersionEntryDto) {}

export class RescoreResultDto {
  @ApiProperty() starters!: number;
  @ApiProperty({ description: 'Suggestions kept' }) suggested!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() withdrawn!: number;
}

/** How far a full rescoring is: the worker's batches of starters (and duos) written of all. */
export class RescoreProgressDto {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Whole percent; 100 only once the job completed' })
  percent!: number;
  @ApiProperty({ description: 'Batches written' }) done!: number;
  @ApiProperty({ description: 'Batches in all' }) total!: number;
}

/** The job's own progress (set by the matching processor) as the API shows it. */
export function rescoreProgress(progress: unknown, completed: boolean): RescoreProgressDto | null {
  const p = progress as { done?: unknown; total?: unknown } | null;
  if (!p || typeof p.done !== 'number' || typeof p.total !== 'number' || p.total <= 0) {
    return completed ? { percent: 100, done: 0, total: 0 } : null;
  }
  const { done, total } = p as { done: number; total: number };
  // After the last batch the regional plans are still recomputed: 100 is for a completed job alone.
  const percent = completed ? 100 : Math.min(99, Math.floor((done / total) * 100));
  return { percent, done, total };
}

/** Where a full rescoring asked for by an admin stands; kept a day after it ends. */
export class RescoreStatusDto {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed'] })
  state!: 'waiting' | 'active' | 'completed' | 'failed';
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: RescoreResultDto, nullable: true }) result!: RescoreResultDto | null;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({
    type: RescoreProgressDto,
    nullable: true,
    description: 'null until the worker has read everything and starts writing',
  })
  progress!: RescoreProgressDto | null;
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

  /** Every saved version, newest first: what a stored score's weightsVersion refers to. */
  @Get('scoring-weights/versions')
  @ApiOperation({ operationId: 'listScoringWeightVersions' })
  @ApiOkResponse({ type: WeightsVersionPageDto })
  async weightVersions(@Query() query: PaginationQuery): Promise<WeightsVersionPageDto> {
    const rows = await this.dataSource.query<Array<WeightsVersionEntryDto & { total: number }>>(
      `SELECT w.version, w.weights, to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              w.created_by AS "createdBy", u.display_name AS "createdByName", count(*) OVER ()::int AS total
         FROM scoring_weights w LEFT JOIN users u ON u.id = w.created_by
        ORDER BY w.version DESC LIMIT $1 OFFSET $2`,
      [query.pageSize, pageOffset(query)],
    );
    const total =
      rows[0]?.total ??
      (await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM scoring_weights`))[0]
        .n;
    return toPage(
      rows.map(({ total: _total, ...row }) => row),
      total,
      query,
    );
  }

  @Get('rescore/:jobId')
  @ApiOperation({ operationId: 'getRescoringStatus' })
  @ApiOkResponse({ type: RescoreStatusDto })
  @ApiErrors(404, 503)
  async rescoreStatus(@Param('jobId') jobId: string): Promise<RescoreStatusDto> {
    // Only the admin's own requests: the nightly run and the profiles' jobs are not theirs to read here.
    if (!/^rescore-all-admin-\d{1,16}$/.test(jobId)) throw notFound('RESCORE.NOT_FOUND', 'Rescoring');
    let job;
    let state: string;
    try {
      job = await this.queue.getJob(jobId);
      state = job ? await job.getState() : 'unknown';
    } catch {
      throw new DomainError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'QUEUE.UNAVAILABLE',
        'The job queue is unavailable; try again shortly',
      );
    }
    if (!job) throw notFound('RESCORE.NOT_FOUND', 'Rescoring');
    const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);
    const value = job.returnvalue as Partial<RescoreResultDto> | null | undefined;
    return {
      jobId,
      state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
      queuedAt: new Date(job.timestamp).toISOString(),
      startedAt: iso(job.processedOn),
      finishedAt: iso(job.finishedOn),
      result:
        state === 'completed' && value
          ? {
              starters: value.starters ?? 0,
              suggested: value.suggested ?? 0,
              inserted: value.inserted ?? 0,
              withdrawn: value.withdrawn ?? 0,
            }
          : null,
      failedReason: state === 'failed' ? (job.failedReason ?? null) : null,
      progress: rescoreProgress(job.progress, state === 'completed'),
    };
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

  @Get('matching-settings')
  @ApiOkResponse({ type: MatchingSettingsVersionDto })
  @ApiOperation({ operationId: 'getMatchingSettings', summary: 'The candidate set sizes N and M in force' })
  @ApiErrors(401, 403)
  matchingSettings(): Promise<MatchingSettingsVersion> {
    return currentMatchingSettings(this.dataSource.manager);
  }

  /**
   * Saves a new settings version. Stored suggestions keep the candidate set they were made with until the
   * next rescoring (`POST /api/admin/rescore` runs one now).
   */
  @Put('matching-settings')
  @ApiOkResponse({ type: MatchingSettingsVersionDto })
  @ApiOperation({ operationId: 'setMatchingSettings', summary: 'Change the candidate set sizes N and M' })
  @ApiErrors(400, 401, 403)
  async setMatchingSettings(
    @CurrentUser() user: AuthUser,
    @Body() dto: MatchingSettingsDto,
  ): Promise<MatchingSettingsVersion> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<Array<{ version: number }>>(
        `INSERT INTO matching_settings (starter_best, practice_best_per_seat, created_by) VALUES ($1, $2, $3)
         RETURNING version`,
        [dto.starterBest, dto.practiceBestPerSeat, user.id],
      );
      const settings = {
        version: rows[0].version,
        starterBest: dto.starterBest,
        practiceBestPerSeat: dto.practiceBestPerSeat,
      };
      await this.audit.record(m, {
        actorId: user.id,
        action: 'matching.settings_changed',
        details: settings,
      });
      return settings;
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
        // Kept a day after it ends, so the admin can follow it (GET /api/admin/rescore/:jobId).
        { jobId, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } },
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
