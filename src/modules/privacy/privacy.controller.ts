import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/auth.decorators';
import { ConsentRecordDto, RecordConsentDto } from './consent-record.dto';
import { ConsentRecordsService } from './consent-records.service';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';

/** GDPR rights on the caller's own account; beside MeController on the same path, with other routes. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class PrivacyController {
  constructor(
    private readonly exports: ExportService,
    private readonly erasure: ErasureService,
    private readonly consents: ConsentRecordsService,
  ) {}

  @Get('export')
  @ApiOkResponse({ description: 'Everything held about the caller, as JSON' })
  async export(@CurrentUser() caller: AuthUser): Promise<Record<string, unknown>> {
    return this.exports.export(caller);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Erased: personal data anonymised, live matches withdrawn' })
  @ApiConflictResponse({ description: 'PRIVACY.LAST_ADMIN' })
  async erase(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.erasure.erase(caller.id, caller.id, 'request');
  }

  @Get('consents')
  @ApiOkResponse({ type: [ConsentRecordDto] })
  async consentHistory(@CurrentUser() caller: AuthUser): Promise<ConsentRecordDto[]> {
    return this.consents.history(caller.id);
  }

  @Post('consents')
  @ApiCreatedResponse({ type: ConsentRecordDto })
  async recordConsent(
    @CurrentUser() caller: AuthUser,
    @Body() dto: RecordConsentDto,
  ): Promise<ConsentRecordDto> {
    return this.consents.recordByUser(caller.id, dto.purpose, dto.granted);
  }
}
