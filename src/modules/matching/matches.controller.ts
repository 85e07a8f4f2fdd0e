import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ListMatchesQuery } from './matches.dto';
import { MatchesService } from './matches.service';

/** Explanations in the caller's language: English when the client asks for it, Dutch otherwise. */
export const localeFrom = (acceptLanguage?: string): 'nl' | 'en' =>
  /^en\b/i.test(acceptLanguage ?? '') ? 'en' : 'nl';

@ApiTags('matches')
@ApiBearerAuth()
@Roles('coordinator', 'starter', 'stopper')
@Controller('matches')
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get()
  @ApiOkResponse({
    type: Page,
    description: 'Coordinators: their regions, every status. Parties: their own, from awaiting_consent on.',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListMatchesQuery,
    @Headers('accept-language') lang?: string,
  ): Promise<Page<Record<string, unknown>>> {
    return this.matches.list(user, query, localeFrom(lang));
  }

  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Headers('accept-language') lang?: string,
  ): Promise<Record<string, unknown>> {
    return this.matches.get(user, id, localeFrom(lang));
  }
}
