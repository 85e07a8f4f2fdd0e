import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validationFailed } from '../../core/errors/domain-error';
import { Public } from '../../core/http/public.decorator';
import { FollowUpsService } from './follow-ups.service';
import { FreshnessService } from './freshness.service';
import { MailPreferencesService } from './mail-preferences.service';
import {
  FollowUpAnsweredDto,
  FollowUpAnswerDto,
  OptionalTokenDto,
  StillLookingDto,
  LinkTokenDto,
  UnsubscribedDto,
} from './outreach.dto';

/** The links in outreach mail: each works by its token alone, without logging in. */
@ApiTags('outreach')
@Public()
@Controller()
export class OutreachController {
  constructor(
    private readonly preferences: MailPreferencesService,
    private readonly freshness: FreshnessService,
    private readonly followUps: FollowUpsService,
  ) {}

  @Get('unsubscribe')
  @ApiOkResponse({ type: UnsubscribedDto })
  @ApiOperation({ operationId: 'unsubscribeByLink' })
  async unsubscribeLink(@Query() query: LinkTokenDto): Promise<UnsubscribedDto> {
    return { unsubscribed: true, ...(await this.preferences.unsubscribe(query.token)) };
  }

  /** RFC 8058 one-click: the mail client POSTs to the link itself, the token in its query. */
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOkResponse({ type: UnsubscribedDto })
  @ApiOperation({ operationId: 'unsubscribeOneClick' })
  async unsubscribe(
    @Query() query: OptionalTokenDto,
    @Body() body: OptionalTokenDto,
  ): Promise<UnsubscribedDto> {
    const token = body?.token ?? query.token;
    if (!token) throw validationFailed([{ field: 'token', message: 'token is required' }]);
    return { unsubscribed: true, ...(await this.preferences.unsubscribe(token)) };
  }

  @Get('still-looking')
  @ApiOkResponse({ type: StillLookingDto })
  @ApiOperation({ operationId: 'confirmStillLookingByLink' })
  async stillLookingLink(@Query() query: LinkTokenDto): Promise<StillLookingDto> {
    return { confirmed: true, ...(await this.freshness.confirm(query.token)) };
  }

  @Post('still-looking')
  @HttpCode(200)
  @ApiOkResponse({ type: StillLookingDto })
  @ApiOperation({ operationId: 'confirmStillLooking' })
  async stillLooking(@Body() body: LinkTokenDto): Promise<StillLookingDto> {
    return { confirmed: true, ...(await this.freshness.confirm(body.token)) };
  }

  @Get('follow-ups/answer')
  @ApiOkResponse({ type: FollowUpAnsweredDto })
  @ApiOperation({ operationId: 'answerFollowUpByLink' })
  answerLink(@Query() query: FollowUpAnswerDto): Promise<FollowUpAnsweredDto> {
    return this.followUps.answer(query.token, query.answer);
  }

  @Post('follow-ups/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: FollowUpAnsweredDto })
  @ApiOperation({ operationId: 'answerFollowUp' })
  answer(@Body() body: FollowUpAnswerDto): Promise<FollowUpAnsweredDto> {
    return this.followUps.answer(body.token, body.answer);
  }
}
