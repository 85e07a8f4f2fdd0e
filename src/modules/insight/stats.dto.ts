import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { RegionStats } from './stats.types';

const COUNTS: ApiPropertyOptions = { type: 'object', additionalProperties: { type: 'integer' } };
const YEARS: ApiPropertyOptions = {
  type: 'object',
  properties: { '1': { type: 'integer' }, '3': { type: 'integer' }, '5': { type: 'integer' } },
  required: ['1', '3', '5'],
  additionalProperties: false,
};

export class HandoverYearDto {
  @ApiProperty() year!: number;
  @ApiProperty() practices!: number;
  @ApiProperty() patients!: number;
}

export class HandoverStatsDto {
  @ApiProperty({
    ...YEARS,
    description: 'Practices still to hand over whose handover starts within 1, 3, 5 years',
  })
  withinYears!: { '1': number; '3': number; '5': number };
  @ApiProperty(YEARS) patientsWithinYears!: { '1': number; '3': number; '5': number };
  @ApiProperty({ type: [HandoverYearDto] }) byYear!: HandoverYearDto[];
}

export class AtRiskStatsDto {
  @ApiProperty({ description: 'Practices still to hand over with no introduction under way' })
  practices!: number;
  @ApiProperty() patients!: number;
}

export class DaysPerWeekBucketDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty() starters!: number;
}

export class StarterStatsDto {
  @ApiProperty() active!: number;
  @ApiProperty({ type: [DaysPerWeekBucketDto] }) daysPerWeek!: DaysPerWeekBucketDto[];
  @ApiProperty({ ...COUNTS, description: 'Active starters accepting each practice form' })
  practiceForms!: Record<string, number>;
  @ApiProperty(COUNTS) roles!: Record<string, number>;
  @ApiProperty(COUNTS) setting!: Record<string, number>;
  @ApiProperty(COUNTS) careerStage!: Record<string, number>;
  @ApiProperty() lookingForDuoPartner!: number;
  @ApiProperty() partnerNeedsWork!: number;
}

export class FunnelMedianDaysDto {
  @ApiProperty({ type: Number, nullable: true }) suggestedToApproved!: number | null;
  @ApiProperty({ type: Number, nullable: true }) approvedToIntroduced!: number | null;
  @ApiProperty({ type: Number, nullable: true }) introducedToAgreement!: number | null;
}

export class FollowUpStatsDto {
  @ApiProperty() sent!: number;
  @ApiProperty() answered!: number;
  @ApiProperty(COUNTS) answers!: Record<string, number>;
}

export class FunnelStatsDto {
  @ApiProperty() suggested!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() introduced!: number;
  @ApiProperty() agreements!: number;
  @ApiProperty({ type: FunnelMedianDaysDto }) medianDays!: FunnelMedianDaysDto;
  @ApiProperty({ type: FollowUpStatsDto }) followUps!: FollowUpStatsDto;
}

/** The region (or country) statistics as JSON; the same numbers are served as CSV. */
export class RegionStatsDto implements RegionStats {
  @ApiProperty({ enum: ['region', 'country'] }) scope!: 'region' | 'country';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) regionId!: string | null;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: HandoverStatsDto }) handover!: HandoverStatsDto;
  @ApiProperty({ type: AtRiskStatsDto }) atRisk!: AtRiskStatsDto;
  @ApiProperty({ type: StarterStatsDto }) starters!: StarterStatsDto;
  @ApiProperty({ type: FunnelStatsDto }) funnel!: FunnelStatsDto;
}
