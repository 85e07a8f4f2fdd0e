import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PaginationQuery } from '../../core/http/pagination';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Any of the fields of an event; the others stay. Capacity never below the people already attending. */
export class UpdateEventDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: 'Date and time with offset (ISO 8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description?: string;
}

export class ListRsvpsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ['attending', 'waitlisted'] })
  @IsOptional()
  @IsIn(['attending', 'waitlisted'])
  status?: 'attending' | 'waitlisted';
}

export class EventRsvpDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['starter', 'stopper'] }) role!: string;
  @ApiProperty({ enum: ['attending', 'waitlisted'] }) status!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Place on the waiting list (1 = next), null when attending',
  })
  waitlistPosition!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
