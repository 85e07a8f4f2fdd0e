import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '../../core/http/pagination';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

// PC4 codes run from 1000 to 9999 (no Dutch postcode starts with 0).
const PC4_MIN = 1000;
const PC4_MAX = 9999;

/** An inclusive range of PC4 codes; `from <= to` is checked by the service (it spans two fields). */
export class Pc4RangeDto {
  @ApiProperty({ minimum: PC4_MIN, maximum: PC4_MAX, example: 1740 })
  @IsInt()
  @Min(PC4_MIN)
  @Max(PC4_MAX)
  from!: number;

  @ApiProperty({ minimum: PC4_MIN, maximum: PC4_MAX, example: 1799 })
  @IsInt()
  @Min(PC4_MIN)
  @Max(PC4_MAX)
  to!: number;
}

export class KrimpRangeDto extends Pc4RangeDto {
  @ApiProperty({ example: 'Oost-Groningen' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label!: string;
}

export class CreateRegionDto {
  @ApiProperty({
    example: 'kop-van-noord-holland',
    description: 'lower case letters and digits, words joined by hyphens',
  })
  @IsString()
  @MaxLength(60)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'code must be lower case words joined by hyphens' })
  code!: string;

  @ApiProperty({ example: 'Kop van Noord-Holland' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiPropertyOptional({ description: 'One public line about the region', maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    description: 'Public promotion text: what the region offers a young GP and a partner',
    maxLength: 8000,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(8000)
  promotion?: string;

  @ApiProperty({
    type: [Pc4RangeDto],
    description: 'PC4 ranges the region covers; the narrowest containing range wins',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => Pc4RangeDto)
  pc4Ranges!: Pc4RangeDto[];
}

/** The code is the region's stable handle and cannot change; everything else can. */
export class UpdateRegionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 8000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(8000)
  promotion?: string;

  @ApiPropertyOptional({
    type: [Pc4RangeDto],
    description: "When given, replaces all of the region's ranges",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => Pc4RangeDto)
  pc4Ranges?: Pc4RangeDto[];
}

/**
 * Regions are small reference data (a dozen rows), so `GET /api/regions` answers the whole array by
 * default. `?page=&pageSize=` is honoured when given, without changing that shape: the array is sliced and
 * the full count goes in the `X-Total-Count` header.
 */
export class ListRegionsQuery {
  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export class RegionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'drenthe' }) code!: string;
  @ApiProperty({ example: 'Drenthe' }) name!: string;
  @ApiProperty() description!: string;
}

export class RegionPublicNumbersDto {
  @ApiProperty({ description: 'Published practices (or in talks) whose holder seeks a successor' })
  practicesSeekingSuccessor!: number;

  @ApiProperty({ description: 'Registered patients of those practices' })
  patientsConcerned!: number;
}

/** A place (woonplaats) of the region on its map: the mean of its PC4 centroids, and its vacancies. */
export class RegionMapPlaceDto {
  @ApiProperty() place!: string;
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
  @ApiProperty({ description: 'Published practices seeking a successor in this place' }) vacancies!: number;
}

export class RegionPageDto extends RegionDto {
  @ApiProperty() promotion!: string;
  @ApiProperty({ type: RegionPublicNumbersDto }) publicNumbers!: RegionPublicNumbersDto;
  @ApiProperty({
    type: [RegionMapPlaceDto],
    description:
      'Every place of the region, for an SVG map drawn from the shipped PC4 centroids; a practice is shown by its place only',
  })
  mapPlaces!: RegionMapPlaceDto[];
}

export class Pc4RangeViewDto {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
}

export class KrimpRangeViewDto extends Pc4RangeViewDto {
  @ApiProperty() label!: string;
}

/** What an admin sees of a region: its texts and its ranges. */
export class AdminRegionDto extends RegionDto {
  @ApiProperty() promotion!: string;
  @ApiProperty({ type: [Pc4RangeViewDto] }) pc4Ranges!: Pc4RangeViewDto[];
}
