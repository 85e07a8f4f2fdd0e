import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageDto, PaginationQuery } from '../../core/http/pagination';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;

export class ListOutboxQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: (typeof OUTBOX_STATUSES)[number];
}

/** An outbox row as admins see it: delivery metadata only, no recipient and no message data. */
export class OutboxItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() template!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class OutboxPageDto extends PageDto(OutboxItemDto) {}
