import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
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
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageDto, PaginationQuery } from '../../core/http/pagination';
import { SearchText } from '../../core/http/text-search';
import { IsIsoDate } from './iso-date';
import {
  BUILDINGS,
  PRACTICE_FORMS,
  PRACTICE_SETTINGS,
  PRACTICE_STATUSES,
  SUCCESSOR_ROLES,
  type Building,
  type PracticeForm,
  type PracticeSetting,
  type PracticeStatus,
  type SuccessorRole,
} from './practice.constants';

const ONE_DECIMAL = { maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false };

/** Support staff in FTE (POH-S, POH-GGZ, assistants, PA or VS), each 0..20 with at most one decimal. */
export class StaffDto {
  @ApiProperty({ minimum: 0, maximum: 20 }) @IsNumber(ONE_DECIMAL) @Min(0) @Max(20) pohSomaticFte!: number;
  @ApiProperty({ minimum: 0, maximum: 20 })
  @IsNumber(ONE_DECIMAL)
  @Min(0)
  @Max(20)
  pohMentalHealthFte!: number;
  @ApiProperty({ minimum: 0, maximum: 20 }) @IsNumber(ONE_DECIMAL) @Min(0) @Max(20) assistantsFte!: number;
  @ApiProperty({ minimum: 0, maximum: 20 }) @IsNumber(ONE_DECIMAL) @Min(0) @Max(20) paOrNpFte!: number;
}

/** The full practice body of DESIGN.md "API contract". Owner, status and region are never taken from it. */
export class CreatePracticeDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty() @IsBoolean() showNamePublicly!: boolean;

  @ApiProperty({ example: '9411', description: 'PC4; region and place are derived from it' })
  @IsString()
  @Matches(/^[1-9][0-9]{3}$/, { message: 'postcode must be a 4-digit Dutch postcode (PC4)' })
  postcode!: string;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiProperty({ minimum: 1, maximum: 20000 }) @IsInt() @Min(1) @Max(20000) listSize!: number;

  @ApiProperty({ enum: PRACTICE_FORMS }) @IsIn(PRACTICE_FORMS) practiceForm!: PracticeForm;

  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) gpCount!: number;

  @ApiProperty({ minimum: 0.5, maximum: 10 })
  @IsNumber(ONE_DECIMAL)
  @Min(0.5)
  @Max(10)
  daysPerWeekNeeded!: number;

  @ApiProperty({ enum: PRACTICE_SETTINGS }) @IsIn(PRACTICE_SETTINGS) setting!: PracticeSetting;

  @ApiProperty({ enum: SUCCESSOR_ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(SUCCESSOR_ROLES.length)
  @IsIn(SUCCESSOR_ROLES, { each: true })
  successorRoles!: SuccessorRole[];

  @ApiProperty({ example: '2027-01-01' }) @IsIsoDate() handoverFrom!: string;

  @ApiProperty({ example: '2027-06-30', description: 'on or after handoverFrom' })
  @IsIsoDate()
  handoverTo!: string;

  @ApiProperty({ minimum: 0, maximum: 24 }) @IsInt() @Min(0) @Max(24) transitionMonthsOffered!: number;

  @ApiProperty({ description: 'apotheekhoudend' }) @IsBoolean() dispensing!: boolean;

  @ApiProperty({ description: 'opleidingspraktijk' }) @IsBoolean() isTrainingPractice!: boolean;

  @ApiProperty({ minimum: 0, maximum: 200, description: 'ANW (out-of-hours) hours a month' })
  @IsInt()
  @Min(0)
  @Max(200)
  anwHoursPerMonth!: number;

  @ApiProperty({ type: StaffDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => StaffDto)
  staff!: StaffDto;

  @ApiProperty({ enum: BUILDINGS }) @IsIn(BUILDINGS) building!: Building;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  his?: string | null;

  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4000) description!: string;
}

/** A correction: any subset of the create body; the merged result is validated again (cross-field rules). */
export class UpdatePracticeDto extends PartialType(CreatePracticeDto) {}

export class ListPracticesQuery extends PaginationQuery {
  @SearchText("Name, place, postcode or the holder's name contains this (case and accents ignored)")
  q?: string;
  @ApiPropertyOptional({ enum: PRACTICE_STATUSES })
  @IsOptional()
  @IsIn(PRACTICE_STATUSES)
  status?: PracticeStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() regionId?: string;
  @ApiPropertyOptional({ enum: PRACTICE_FORMS })
  @IsOptional()
  @IsIn(PRACTICE_FORMS)
  practiceForm?: PracticeForm;
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100, description: 'The handover window touches this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  handoverYear?: number;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'In a krimp (shrinking) area' })
  @IsOptional()
  @IsIn(['true', 'false'])
  krimp?: 'true' | 'false';
}

/** The read-back shape: every contract field plus id, status, regionId, place and timestamps. */
export class PracticeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PRACTICE_STATUSES }) status!: PracticeStatus;
  @ApiProperty() name!: string;
  @ApiProperty() showNamePublicly!: boolean;
  @ApiProperty() postcode!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty() listSize!: number;
  @ApiProperty({ enum: PRACTICE_FORMS }) practiceForm!: PracticeForm;
  @ApiProperty() gpCount!: number;
  @ApiProperty() daysPerWeekNeeded!: number;
  @ApiProperty({ enum: PRACTICE_SETTINGS }) setting!: PracticeSetting;
  @ApiProperty({ enum: SUCCESSOR_ROLES, isArray: true }) successorRoles!: SuccessorRole[];
  @ApiProperty({ format: 'date' }) handoverFrom!: string;
  @ApiProperty({ format: 'date' }) handoverTo!: string;
  @ApiProperty() transitionMonthsOffered!: number;
  @ApiProperty() dispensing!: boolean;
  @ApiProperty() isTrainingPractice!: boolean;
  @ApiProperty() anwHoursPerMonth!: number;
  @ApiProperty({ type: StaffDto }) staff!: StaffDto;
  @ApiProperty({ enum: BUILDINGS }) building!: Building;
  @ApiProperty({ nullable: true, type: String }) his!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty() krimp!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  // The holder's name and contact, for the region's coordinator (and admins) reading or correcting one
  // practice: the record they work from. Lists and the owner's own reads leave them out.
  @ApiPropertyOptional({ description: "The holder's name: a coordinator's or admin's read of one practice" })
  ownerName?: string;
  @ApiPropertyOptional({ description: "The holder's email: a coordinator's or admin's read of one practice" })
  ownerEmail?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The holder's phone, when they gave one",
  })
  ownerPhone?: string | null;
}

export class PracticePageDto extends PageDto(PracticeView) {}
