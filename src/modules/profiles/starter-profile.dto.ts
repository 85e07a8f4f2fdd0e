import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto, PaginationQuery } from '../../core/http/pagination';
import { SearchText } from '../../core/http/text-search';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsOptional,
  IsNumber,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../practices/iso-date';
import {
  PRACTICE_FORMS,
  SUCCESSOR_ROLES,
  type PracticeForm,
  type SuccessorRole,
} from '../practices/practice.constants';
import { CAREER_STAGES, STARTER_SETTINGS, type CareerStage, type StarterSetting } from './profile.constants';

const ONE_DECIMAL = { maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false };

export class AlertsDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'alert only above this score' })
  @IsInt()
  @Min(0)
  @Max(100)
  minScore!: number;
}

/** The whole profile of DESIGN.md "API contract"; PUT replaces it, so every field is required. */
export class PutStarterProfileDto {
  @ApiProperty({ enum: CAREER_STAGES }) @IsIn(CAREER_STAGES) careerStage!: CareerStage;

  @ApiProperty({ example: '9401' })
  @IsString()
  @Matches(/^[1-9][0-9]{3}$/, { message: 'homePostcode must be a 4-digit Dutch postcode (PC4)' })
  homePostcode!: string;

  @ApiProperty({ minimum: 0, maximum: 300 }) @IsInt() @Min(0) @Max(300) maxTravelKm!: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  preferredRegionIds!: string[];

  @ApiProperty({ minimum: 0.5, maximum: 5 }) @IsNumber(ONE_DECIMAL) @Min(0.5) @Max(5) daysPerWeekMin!: number;

  @ApiProperty({ minimum: 0.5, maximum: 5 }) @IsNumber(ONE_DECIMAL) @Min(0.5) @Max(5) daysPerWeekMax!: number;

  @ApiProperty({ enum: PRACTICE_FORMS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(PRACTICE_FORMS.length)
  @IsIn(PRACTICE_FORMS, { each: true })
  practiceForms!: PracticeForm[];

  @ApiProperty({ enum: SUCCESSOR_ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(SUCCESSOR_ROLES.length)
  @IsIn(SUCCESSOR_ROLES, { each: true })
  roles!: SuccessorRole[];

  @ApiProperty({ example: '2026-09-01' }) @IsIsoDate() availableFrom!: string;

  @ApiProperty({ minimum: 0, maximum: 24 }) @IsInt() @Min(0) @Max(24) transitionMonthsWanted!: number;

  @ApiProperty({ enum: STARTER_SETTINGS }) @IsIn(STARTER_SETTINGS) setting!: StarterSetting;

  @ApiProperty({ description: 'accepts a dispensing (apotheekhoudende) practice' })
  @IsBoolean()
  dispensingOk!: boolean;

  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 200, description: 'null: no limit' })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(200)
  anwHoursPerMonthMax!: number | null;

  @ApiProperty() @IsBoolean() wantsTrainingPractice!: boolean;

  @ApiProperty({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  trainingRegionId!: string | null;

  @ApiProperty() @IsBoolean() lookingForDuoPartner!: boolean;

  @ApiProperty() @IsBoolean() partnerNeedsWork!: boolean;

  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) about!: string;

  @ApiProperty({ description: 'taking part in matching; needs a verified email' })
  @IsBoolean()
  active!: boolean;

  @ApiProperty({ type: AlertsDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AlertsDto)
  alerts!: AlertsDto;
}

export class StarterProfileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CAREER_STAGES }) careerStage!: CareerStage;
  @ApiProperty() homePostcode!: string;
  @ApiProperty() homePlace!: string;
  @ApiProperty({ format: 'uuid' }) homeRegionId!: string;
  @ApiProperty() maxTravelKm!: number;
  @ApiProperty({ type: [String], format: 'uuid' }) preferredRegionIds!: string[];
  @ApiProperty() daysPerWeekMin!: number;
  @ApiProperty() daysPerWeekMax!: number;
  @ApiProperty({ enum: PRACTICE_FORMS, isArray: true }) practiceForms!: PracticeForm[];
  @ApiProperty({ enum: SUCCESSOR_ROLES, isArray: true }) roles!: SuccessorRole[];
  @ApiProperty({ format: 'date' }) availableFrom!: string;
  @ApiProperty() transitionMonthsWanted!: number;
  @ApiProperty({ enum: STARTER_SETTINGS }) setting!: StarterSetting;
  @ApiProperty() dispensingOk!: boolean;
  @ApiProperty({ nullable: true, type: Number }) anwHoursPerMonthMax!: number | null;
  @ApiProperty() wantsTrainingPractice!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) trainingRegionId!: string | null;
  @ApiProperty() lookingForDuoPartner!: boolean;
  @ApiProperty() partnerNeedsWork!: boolean;
  @ApiProperty() about!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: AlertsDto }) alerts!: AlertsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A starter profile as a coordinator of its region sees it: the wishes, who it is, and its candidates. */
export class CoordinatorStarterProfileView extends StarterProfileView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() emailVerified!: boolean;
  @ApiProperty({ description: "Live suggestions (status suggested) in the coordinator's regions" })
  candidates!: number;
}

export class CoordinatorStarterProfilePage extends PageDto(CoordinatorStarterProfileView) {}

export class ListStarterProfilesQuery extends PaginationQuery {
  @SearchText('Name, email, home place or home postcode contains this (case and accents ignored)')
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Home region or one of the preferred regions' })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  lookingForDuoPartner?: 'true' | 'false';

  @ApiPropertyOptional({ enum: PRACTICE_FORMS, description: 'Among the practice forms the starter wants' })
  @IsOptional()
  @IsIn(PRACTICE_FORMS)
  practiceForm?: PracticeForm;

  @ApiPropertyOptional({ enum: CAREER_STAGES })
  @IsOptional()
  @IsIn(CAREER_STAGES)
  careerStage?: CareerStage;
}
