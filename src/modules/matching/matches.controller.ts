import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { ApiAcceptLanguage, RequestLocale } from '../../core/http/locale.decorator';
import { Page } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  AnonymousPracticeDto,
  AnonymousStarterDto,
  ListMatchesQuery,
  MatchDto,
  MatchPageDto,
  MatchPracticeDto,
  MatchStarterDto,
} from './matches.dto';
import { MatchesService } from './matches.service';

@ApiTags('matches')
@ApiAcceptLanguage()
@ApiExtraModels(MatchStarterDto, AnonymousStarterDto, MatchPracticeDto, AnonymousPracticeDto)
@Roles('coordinator', 'starter', 'stopper')
@Controller('matches')
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get()
  @ApiOperation({ operationId: 'listMatches' })
  @ApiErrors(404)
  @ApiOkResponse({
    type: MatchPageDto,
    description: 'Coordinators: their regions, every status. Parties: their own, from awaiting_consent on.',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListMatchesQuery,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<Page<Record<string, unknown>>> {
    return this.matches.list(user, query, locale);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMatch' })
  @ApiOkResponse({ type: MatchDto, description: "A coordinator's read includes the match's events" })
  @ApiErrors(404)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<Record<string, unknown>> {
    return this.matches.get(user, id, locale);
  }
}
