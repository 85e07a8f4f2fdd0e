import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  AuditPageDto,
  CoordinatorDto,
  CoordinatorPageDto,
  CoordinatorRegionsDto,
  InviteCoordinatorDto,
  ListAuditQuery,
  ListCoordinatorsQuery,
} from './admin.dto';
import { AuditLogService } from './audit-log.service';
import { CoordinatorsService } from './coordinators.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly coordinators: CoordinatorsService,
    private readonly auditLog: AuditLogService,
  ) {}

  @Post('coordinators')
  @ApiCreatedResponse({
    type: CoordinatorDto,
    description: 'The account is created without a password; an invitation is mailed',
  })
  @ApiOperation({ operationId: 'inviteCoordinator' })
  @ApiErrors(409)
  invite(@CurrentUser() admin: AuthUser, @Body() dto: InviteCoordinatorDto): Promise<CoordinatorDto> {
    return this.coordinators.invite(admin.id, dto);
  }

  @Get('coordinators')
  @ApiOkResponse({ type: CoordinatorPageDto })
  @ApiOperation({ operationId: 'listCoordinators' })
  listCoordinators(@Query() query: ListCoordinatorsQuery): Promise<CoordinatorPageDto> {
    return this.coordinators.list(query);
  }

  @Put('coordinators/:id/regions')
  @ApiOkResponse({ type: CoordinatorDto })
  @ApiOperation({ operationId: 'changeCoordinatorRegions' })
  @ApiErrors(404)
  changeRegions(
    @CurrentUser() admin: AuthUser,
    @Param('id') id: string,
    @Body() dto: CoordinatorRegionsDto,
  ): Promise<CoordinatorDto> {
    return this.coordinators.changeRegions(admin.id, id, dto);
  }

  /** Append-only: there is deliberately no route that changes or deletes an entry. */
  @Get('audit')
  @ApiOkResponse({ type: AuditPageDto })
  @ApiOperation({ operationId: 'listAuditLog' })
  audit(@Query() query: ListAuditQuery): Promise<AuditPageDto> {
    return this.auditLog.list(query);
  }
}
