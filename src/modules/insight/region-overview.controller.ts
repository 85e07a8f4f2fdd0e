import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound } from '../../core/errors/domain-error';
import { ApiErrors } from '../../core/http/api-docs';
import { PaginationQuery } from '../../core/http/pagination';
import { assertRegion } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { todayInNl } from '../practices/iso-date';
import { isUuid } from '../regions/regions.service';
import { AtRiskPageDto, RegionalPlanDto } from './region-overview.dto';
import { RegionOverviewService } from './region-overview.service';
import { StatsService } from './stats.service';

/** What the coordinator's plan and map pages read: coordinators of the region and admins; others 404. */
@ApiTags('insight')
@ApiBearerAuth()
@Controller('regions/:id')
export class RegionOverviewController {
  constructor(
    private readonly overview: RegionOverviewService,
    private readonly stats: StatsService,
  ) {}

  @Get('plan')
  @Roles('coordinator', 'admin')
  @ApiOperation({
    operationId: 'getRegionalPlan',
    summary:
      "The regional plan's summary: patients covered, practices and starters it leaves without a place",
  })
  @ApiOkResponse({ type: RegionalPlanDto })
  @ApiErrors(404)
  async plan(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: PaginationQuery,
  ): Promise<RegionalPlanDto> {
    await this.assertVisible(user, id);
    return this.overview.plan(id, query);
  }

  @Get('at-risk-practices')
  @Roles('coordinator', 'admin')
  @ApiOperation({
    operationId: 'listAtRiskPractices',
    summary: 'Practices at risk (not handed over, no introduction under way) with centroid and urgency',
  })
  @ApiOkResponse({ type: AtRiskPageDto })
  @ApiErrors(404)
  async atRisk(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: PaginationQuery,
  ): Promise<AtRiskPageDto> {
    await this.assertVisible(user, id);
    return this.overview.atRisk(id, query, todayInNl());
  }

  private async assertVisible(user: AuthUser, id: string): Promise<void> {
    assertRegion(user, id, 'REGION.NOT_FOUND', 'Region');
    if (!isUuid(id) || !(await this.stats.regionExists(id))) throw notFound('REGION.NOT_FOUND', 'Region');
  }
}
