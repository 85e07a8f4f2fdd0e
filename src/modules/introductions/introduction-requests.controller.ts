import { Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { validationFailed } from '../../core/errors/domain-error';
import { ErrorResponseDto } from '../../core/http/api-docs';
import { ApiAcceptLanguage, RequestLocale } from '../../core/http/locale.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { MatchDto } from '../matching/matches.dto';
import { IntroductionRequestsService } from './introduction-requests.service';
import { UUID } from './match-transitions';

/** A party's own request for an introduction (DESIGN.md "Asking for an introduction"). */
@ApiTags('matches')
@ApiAcceptLanguage()
@Controller('vacancies')
export class IntroductionRequestsController {
  constructor(private readonly requests: IntroductionRequestsService) {}

  @Post(':id/interest')
  @Roles('starter')
  @ApiOperation({
    operationId: 'requestIntroduction',
    summary: 'A starter asks for an introduction to a vacancy',
    description:
      'Creates a `suggested` match with `requestedBy: "starter"`, scored and explained like any other; a hard ' +
      'constraint the pair fails is recorded in `failedConstraints`, not refused. It reaches the coordinators ' +
      'of the practice’s region, follows the same approval and double consent, and rescoring never withdraws ' +
      'it. The starter sees it in GET /api/matches. Asked again while the pair has a live match: 200 with that ' +
      'match (a suggestion of the pair nobody asked for is then marked as asked for).',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The vacancy (a published practice)' })
  @ApiCreatedResponse({ type: MatchDto, description: 'The new request: a suggested match' })
  @ApiOkResponse({ type: MatchDto, description: 'The pair already had a live match: that match' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED: id is not a uuid' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Not a starter, or AUTH.EMAIL_NOT_VERIFIED: the email address is not verified yet',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'VACANCY.NOT_FOUND: no published practice with this id',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'PROFILE.MISSING: the starter has no starter profile yet',
  })
  async requestIntroduction(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestLocale() locale: 'nl' | 'en',
  ): Promise<Record<string, unknown>> {
    if (!UUID.test(id)) throw validationFailed([{ field: 'id', message: 'id must be a UUID' }]);
    const { created, match } = await this.requests.requestByStarter(user, id, locale);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return match;
  }
}
