import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { ApiAcceptLanguage, RequestLocale } from '../../core/http/locale.decorator';
import { MatchDto } from '../matching/matches.dto';
import { Public } from '../../core/http/public.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CoordinationService } from './coordination.service';
import {
  ApproveMatchDto,
  ConsentAnswerDto,
  ConsentByTokenDto,
  ConsentTokenQuery,
  OutcomeDto,
  ProposeMatchDto,
  RejectMatchDto,
  RespondDto,
} from './introductions.dto';
import { PartyAnswersService } from './party-answers.service';

type MatchView = Record<string, unknown>;

/** The writes on matches: coordinators move them along, parties consent. Reads are in MatchesController. */
@ApiTags('matches')
@ApiAcceptLanguage()
@Controller('matches')
export class IntroductionsController {
  constructor(
    private readonly coordination: CoordinationService,
    private readonly answers: PartyAnswersService,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'proposeMatch' })
  @ApiCreatedResponse({
    type: MatchDto,
    description: 'A suggested match proposed by hand (origin coordinator)',
  })
  @ApiErrors(404, 409, 422)
  propose(
    @CurrentUser() user: AuthUser,
    @Body() dto: ProposeMatchDto,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.coordination.propose(user, dto, locale);
  }

  /** The consent page's summary: the match as the link's party sees it, without using the token. */
  @Get('consent')
  @Public()
  @ApiOperation({ operationId: 'getConsentSummary' })
  @ApiOkResponse({ type: MatchDto, description: 'The other side anonymous, as before any introduction' })
  @ApiErrors(404, 410)
  consentSummary(
    @Query() query: ConsentTokenQuery,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.answers.consentSummary(query.token, locale);
  }

  /** From the mailed link: no login, the single-use token says who answers. */
  @Post('consent')
  @Public()
  @HttpCode(200)
  @ApiOperation({ operationId: 'consentByToken' })
  @ApiOkResponse({ type: ConsentAnswerDto })
  @ApiErrors(409, 410)
  consent(@Body() dto: ConsentByTokenDto): Promise<ConsentAnswerDto> {
    return this.answers.consentByToken(dto.token, dto.accept);
  }

  @Post(':id/approve')
  @ApiOperation({ operationId: 'approveMatch' })
  @ApiOkResponse({ type: MatchDto })
  @ApiErrors(404, 409)
  @Roles('coordinator')
  @HttpCode(200)
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: ApproveMatchDto,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.coordination.approve(user, id, dto.note, locale);
  }

  @Post(':id/reject')
  @ApiOperation({ operationId: 'rejectMatch' })
  @ApiOkResponse({ type: MatchDto })
  @ApiErrors(404, 409)
  @Roles('coordinator')
  @HttpCode(200)
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RejectMatchDto,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.coordination.reject(user, id, dto.note, locale);
  }

  @Post(':id/respond')
  @ApiOperation({ operationId: 'respondToMatch' })
  @ApiOkResponse({ type: MatchDto })
  @ApiErrors(404, 409)
  @Roles('coordinator', 'starter', 'stopper')
  @HttpCode(200)
  respond(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RespondDto,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.answers.respond(user, id, dto.accept, locale);
  }

  @Post(':id/outcome')
  @ApiOperation({ operationId: 'recordMatchOutcome' })
  @ApiOkResponse({ type: MatchDto })
  @ApiErrors(404, 409)
  @Roles('coordinator')
  @HttpCode(200)
  outcome(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: OutcomeDto,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<MatchView> {
    return this.coordination.outcome(user, id, dto.outcome, dto.note, locale);
  }
}
