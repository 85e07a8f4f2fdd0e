import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PutStarterProfileDto, StarterProfileView } from './starter-profile.dto';
import { StarterProfilesService } from './starter-profiles.service';

@ApiTags('starter-profile')
@ApiBearerAuth()
@Roles('starter')
@Controller('starter-profile')
export class StarterProfilesController {
  constructor(private readonly profiles: StarterProfilesService) {}

  @Get()
  @ApiOkResponse({ type: StarterProfileView })
  get(@CurrentUser() user: AuthUser): Promise<StarterProfileView> {
    return this.profiles.get(user);
  }

  /** Creates the caller's profile or replaces it whole. */
  @Put()
  @ApiOkResponse({ type: StarterProfileView })
  put(@CurrentUser() user: AuthUser, @Body() dto: PutStarterProfileDto): Promise<StarterProfileView> {
    return this.profiles.put(user, dto);
  }
}
