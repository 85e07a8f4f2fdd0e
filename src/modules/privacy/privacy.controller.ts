import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { MatchDto } from '../matching/matches.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/auth.decorators';
import { ConsentRecordDto, RecordConsentDto } from './consent-record.dto';
import { ConsentRecordsService } from './consent-records.service';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';

const ROWS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** Everything held about the caller (GDPR art. 15, 20); stored rows appear as stored, in snake_case. */
export class AccountExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) account!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  starterProfile!: Record<string, unknown> | null;
  @ApiProperty(ROWS) practices!: Record<string, unknown>[];
  @ApiProperty({ type: [MatchDto] }) matches!: MatchDto[];
  @ApiProperty({
    type: 'object',
    properties: { records: ROWS, introductions: ROWS },
    required: ['records', 'introductions'],
  })
  consents!: { records: Record<string, unknown>[]; introductions: Record<string, unknown>[] };
  @ApiProperty(ROWS) eventRsvps!: Record<string, unknown>[];
  @ApiProperty(ROWS) mailPreferences!: Record<string, unknown>[];
  @ApiProperty(ROWS) vacancyAlerts!: Record<string, unknown>[];
  @ApiProperty(ROWS) stillLookingProbes!: Record<string, unknown>[];
  @ApiProperty(ROWS) followUps!: Record<string, unknown>[];
  @ApiProperty({ ...ROWS, description: 'Template and status of each mail, never its content or tokens' })
  mails!: Record<string, unknown>[];
  @ApiProperty(ROWS) auditEntries!: Record<string, unknown>[];
}

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
  @ApiOperation({ operationId: 'exportMyData' })
  @ApiOkResponse({ type: AccountExportDto, description: 'Everything held about the caller, as JSON' })
  @ApiErrors(404)
  async export(@CurrentUser() caller: AuthUser): Promise<Record<string, unknown>> {
    return this.exports.export(caller);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Erased: personal data anonymised, live matches withdrawn' })
  @ApiOperation({ operationId: 'eraseMyAccount' })
  @ApiErrors(404, 409)
  async erase(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.erasure.erase(caller.id, caller.id, 'request');
  }

  @Get('consents')
  @ApiOperation({ operationId: 'listMyConsents' })
  @ApiOkResponse({ type: [ConsentRecordDto] })
  async consentHistory(@CurrentUser() caller: AuthUser): Promise<ConsentRecordDto[]> {
    return this.consents.history(caller.id);
  }

  @Post('consents')
  @ApiOperation({ operationId: 'recordMyConsent' })
  @ApiCreatedResponse({ type: ConsentRecordDto })
  async recordConsent(
    @CurrentUser() caller: AuthUser,
    @Body() dto: RecordConsentDto,
  ): Promise<ConsentRecordDto> {
    return this.consents.recordByUser(caller.id, dto.purpose, dto.granted);
  }
}
