import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PaginationQuery } from '../../core/http/pagination';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  regionId!: string;

  @ApiProperty({ example: 'Kennismakingsavond starters en stoppers' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '2027-03-12T19:30:00+01:00', description: 'Date and time with offset (ISO 8601)' })
  @IsDateString({ strict: true })
  startsAt!: string;

  @ApiProperty({ example: 'Zalen De Brink, Assen' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  location!: string;

  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity!: number;

  @ApiProperty({ maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description!: string;
}

export class ListEventsQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  regionId?: string;
}

export type RsvpStatus = 'attending' | 'waitlisted';

export class EventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty() location!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: 'scheduled' | 'cancelled';
  @ApiProperty() attending!: number;
  @ApiProperty() waitlisted!: number;
  @ApiProperty() placesLeft!: number;
}

export class CreatedEventDto extends EventDto {
  @ApiProperty({ description: 'Invitations written to the outbox' }) invited!: number;
}

export class RsvpDto {
  @ApiProperty({ enum: ['attending', 'waitlisted'] }) status!: RsvpStatus;
}
