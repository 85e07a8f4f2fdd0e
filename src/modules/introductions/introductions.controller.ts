import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../core/http/public.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { localeFrom } from '../matching/matches.controller';
import { CoordinationService } from './coordination.service';
import {
  ApproveMatchDto,
  ConsentAnswerDto,
  ConsentByTokenDto,
  OutcomeDto,
  ProposeMatchDto,
  RejectMatchDto,
  RespondDto,
} from './introductions.dto';
import { PartyAnswersService } from './party-answers.service';

type MatchView = Record<string, unknown>;

/** The writes on matches: coordinators move them along, parties consent. Reads are in MatchesController. */
@ApiTags('matches')
@ApiBearerAuth()
@Controller('matches')
export class IntroductionsController {
  constructor(
    private readonly coordination: CoordinationService,
    private readonly answers: PartyAnswersService,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ description: 'A suggested match proposed by hand (origin coordinator)' })
  propose(
    @CurrentUser() user: AuthUser,
    @Body() dto: ProposeMatchDto,
    @Headers('accept-language') lang?: string,
  ): Promise<MatchView> {
    return this.coordination.propose(user, dto, localeFrom(lang));
  }

  /** From the mailed link: no login, the single-use token says who answers. */
  @Post('consent')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentAnswerDto })
  consent(@Body() dto: ConsentByTokenDto): Promise<ConsentAnswerDto> {
    return this.answers.consentByToken(dto.token, dto.accept);
  }

  @Post(':id/approve')
  @Roles('coordinator')
  @HttpCode(200)
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: ApproveMatchDto,
    @Headers('accept-language') lang?: string,
  ): Promise<MatchView> {
    return this.coordination.approve(user, id, dto.note, localeFrom(lang));
  }

  @Post(':id/reject')
  @Roles('coordinator')
  @HttpCode(200)
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RejectMatchDto,
    @Headers('accept-language') lang?: string,
  ): Promise<MatchView> {
    return this.coordination.reject(user, id, dto.note, localeFrom(lang));
  }

  @Post(':id/respond')
  @Roles('coordinator', 'starter', 'stopper')
  @HttpCode(200)
  respond(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RespondDto,
    @Headers('accept-language') lang?: string,
  ): Promise<MatchView> {
    return this.answers.respond(user, id, dto.accept, localeFrom(lang));
  }

  @Post(':id/outcome')
  @Roles('coordinator')
  @HttpCode(200)
  outcome(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: OutcomeDto,
    @Headers('accept-language') lang?: string,
  ): Promise<MatchView> {
    return this.coordination.outcome(user, id, dto.outcome, dto.note, localeFrom(lang));
  }
}
