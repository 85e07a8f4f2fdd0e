import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  CoordinatorStarterProfilePage,
  CoordinatorStarterProfileView,
  ListStarterProfilesQuery,
  PutStarterProfileDto,
  StarterProfileView,
} from './starter-profile.dto';
import { StarterProfilesDirectoryService } from './starter-profiles-directory.service';
import { StarterProfilesService } from './starter-profiles.service';

@ApiTags('starter-profile')
@Roles('starter')
@Controller('starter-profile')
export class StarterProfilesController {
  constructor(private readonly profiles: StarterProfilesService) {}

  @Get()
  @ApiOperation({ operationId: 'getMyStarterProfile', summary: "The caller's own starter profile" })
  @ApiOkResponse({ type: StarterProfileView })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser): Promise<StarterProfileView> {
    return this.profiles.get(user);
  }

  /** Creates the caller's profile or replaces it whole. */
  @Put()
  @ApiOperation({ operationId: 'putMyStarterProfile' })
  @ApiOkResponse({ type: StarterProfileView })
  put(@CurrentUser() user: AuthUser, @Body() dto: PutStarterProfileDto): Promise<StarterProfileView> {
    return this.profiles.put(user, dto);
  }
}

/** The starter profiles of a coordinator's regions (home region or a preferred region); 404 elsewhere. */
@ApiTags('starter-profiles')
@Roles('coordinator')
@Controller('starter-profiles')
export class StarterProfilesDirectoryController {
  constructor(private readonly directory: StarterProfilesDirectoryService) {}

  @Get()
  @ApiOperation({ operationId: 'listStarterProfiles' })
  @ApiOkResponse({ type: CoordinatorStarterProfilePage })
  @ApiErrors(404)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListStarterProfilesQuery,
  ): Promise<CoordinatorStarterProfilePage> {
    return this.directory.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getStarterProfile' })
  @ApiOkResponse({ type: CoordinatorStarterProfileView })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CoordinatorStarterProfileView> {
    return this.directory.get(user, id);
  }
}
