import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../core/http/pagination';

export const MATCH_STATUSES = [
  'suggested',
  'awaiting_consent',
  'introduced',
  'closed',
  'rejected',
  'declined',
  'expired',
  'withdrawn',
] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export class ListMatchesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: MATCH_STATUSES })
  @IsOptional()
  @IsIn(MATCH_STATUSES)
  status?: MatchStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ enum: ['pair', 'duo'] })
  @IsOptional()
  @IsIn(['pair', 'duo'])
  kind?: 'pair' | 'duo';

  @ApiPropertyOptional({
    enum: ['starter'],
    description: 'Only the matches a party asked for: `starter` = requests for an introduction by starters',
  })
  @IsOptional()
  @IsIn(['starter'])
  requestedBy?: 'starter';

  @ApiPropertyOptional({ description: 'Only suggestions in the regional plan' })
  @IsOptional()
  @IsIn(['true', 'false'])
  inRegionalPlan?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['fit', 'urgency'], default: 'fit' })
  @IsOptional()
  @IsIn(['fit', 'urgency'])
  sort: 'fit' | 'urgency' = 'fit';
}
