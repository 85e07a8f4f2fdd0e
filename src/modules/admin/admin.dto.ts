import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageDto, PaginationQuery } from '../../core/http/pagination';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class InviteCoordinatorDto {
  @ApiProperty({ example: 'coordinator@regio.nl' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Carla Jansen' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The regions the coordinator works for' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  regionIds!: string[];

  @ApiPropertyOptional({ enum: ['nl', 'en'], description: 'Language of the invitation and later mail' })
  @IsOptional()
  @IsIn(['nl', 'en'])
  locale?: 'nl' | 'en';
}

export class CoordinatorRegionsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Replaces the coordinator's regions; empty suspends them",
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  regionIds!: string[];
}

export class CoordinatorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['coordinator'] }) role!: 'coordinator';
  @ApiProperty({ type: [String] }) regionIds!: string[];
}

export class CoordinatorListItemDto extends CoordinatorDto {
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'True until the invitation was used to choose a password' })
  invitationPending!: boolean;
  @ApiProperty() createdAt!: string;
}

export class ListCoordinatorsQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only coordinators of this region' })
  @IsOptional()
  @IsUUID('all')
  regionId?: string;
}

export class ListAuditQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ example: 'coordinator.invited' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9_.]+$/, { message: 'action must be an action name such as coordinator.invited' })
  action?: string;

  @ApiPropertyOptional({ description: 'The id of the changed object (a user, region, ...)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Sequence number (bigint, as a string)' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class AuditPageDto extends PageDto(AuditEntryDto) {}

export class CoordinatorPageDto extends PageDto(CoordinatorListItemDto) {}
