import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RegionStatsDto } from './stats.dto';
import { ApiErrors } from '../../core/http/api-docs';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { notFound } from '../../core/errors/domain-error';
import { assertRegion } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IsIsoDate, todayInNl } from '../practices/iso-date';
import { isUuid } from '../regions/regions.service';
import { statsToCsv, StatsService } from './stats.service';
import type { RegionStats } from './stats.types';

export class StatsQuery {
  @ApiPropertyOptional({ description: 'Count handover years from this date (default: today in NL)' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

const wantsCsv = (query: StatsQuery, accept: string | undefined, suffix: boolean): boolean =>
  suffix || query.format === 'csv' || (query.format !== 'json' && /\btext\/csv\b/i.test(accept ?? ''));

const CSV = { 'text/csv': { schema: { type: 'string' } } };
const JSON_OR_CSV = { 'application/json': { schema: { $ref: getSchemaPath(RegionStatsDto) } }, ...CSV };

/** Region numbers for its coordinators and admins (others 404), and the country for admins. JSON or CSV. */
@ApiTags('insight')
@ApiExtraModels(RegionStatsDto)
@ApiBearerAuth()
@Controller()
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('regions/:id/stats')
  @Roles('coordinator', 'admin')
  @ApiOkResponse({
    description: 'Region statistics; CSV with Accept: text/csv or ?format=csv',
    content: JSON_OR_CSV,
  })
  @ApiOperation({ operationId: 'getRegionStats' })
  @ApiErrors(404)
  region(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: StatsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionStats | string> {
    return this.regionStats(user, id, query, reply, wantsCsv(query, accept, false));
  }

  @Get('regions/:id/stats.csv')
  @Roles('coordinator', 'admin')
  @ApiOkResponse({ description: 'The statistics as CSV', content: CSV })
  @ApiOperation({ operationId: 'getRegionStatsCsv' })
  @ApiErrors(404)
  regionCsv(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: StatsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionStats | string> {
    return this.regionStats(user, id, query, reply, true);
  }

  @Get('admin/stats')
  @Roles('admin')
  @ApiOkResponse({
    description: 'The whole country; CSV with Accept: text/csv or ?format=csv',
    content: JSON_OR_CSV,
  })
  @ApiOperation({ operationId: 'getCountryStats' })
  country(
    @Query() query: StatsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionStats | string> {
    return this.answer(null, query, reply, wantsCsv(query, accept, false));
  }

  @Get('admin/stats.csv')
  @Roles('admin')
  @ApiOkResponse({ description: 'The statistics as CSV', content: CSV })
  @ApiOperation({ operationId: 'getCountryStatsCsv' })
  countryCsv(
    @Query() query: StatsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionStats | string> {
    return this.answer(null, query, reply, true);
  }

  private async regionStats(
    user: AuthUser,
    id: string,
    query: StatsQuery,
    reply: FastifyReply,
    csv: boolean,
  ): Promise<RegionStats | string> {
    assertRegion(user, id, 'REGION.NOT_FOUND', 'Region');
    if (!isUuid(id) || !(await this.stats.regionExists(id))) throw notFound('REGION.NOT_FOUND', 'Region');
    return this.answer(id, query, reply, csv);
  }

  private async answer(
    regionId: string | null,
    query: StatsQuery,
    reply: FastifyReply,
    csv: boolean,
  ): Promise<RegionStats | string> {
    const stats = await this.stats.stats(regionId, query.asOf ?? todayInNl());
    if (!csv) return stats;
    const name = `stats-${regionId ?? 'nl'}-${stats.asOf}.csv`;
    void reply.header('Content-Type', 'text/csv; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="${name}"`);
    return statsToCsv(stats);
  }
}
