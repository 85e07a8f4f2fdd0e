import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HARD_CONSTRAINTS } from './scoring';
import { MATCH_STATUSES } from './matches.dto';

export class BreakdownItemView {
  @ApiProperty({ example: 'distance' }) criterion!: string;
  @ApiProperty({ example: 14.5 }) points!: number;
  @ApiProperty({ example: 18 }) maxPoints!: number;
  @ApiProperty({ description: "Why, in the caller's language (Accept-Language: en, else Dutch)" })
  explanation!: string;
}

/**
 * A match as `presentMatch` answers it (DESIGN.md "API contract", matches). `starter`, `partner` and
 * `practice` are the full records for a coordinator and the anonymous forms for the other party until
 * `introduced`.
 */
export class MatchView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pair', 'duo'] }) kind!: 'pair' | 'duo';
  @ApiProperty({ enum: MATCH_STATUSES }) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ type: [BreakdownItemView] }) breakdown!: BreakdownItemView[];
  @ApiProperty() weightsVersion!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) urgency!: number;
  @ApiProperty() inRegionalPlan!: boolean;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() distanceKm!: number;
  @ApiPropertyOptional({ enum: ['agreement', 'no_fit', 'withdrawn'], nullable: true }) outcome!:
    string | null;
  @ApiProperty({
    enum: ['starter', 'stopper'],
    nullable: true,
    description:
      'Who asked for this introduction; null for the worker’s suggestions and coordinators’ proposals',
  })
  requestedBy!: 'starter' | 'stopper' | null;
  @ApiProperty({
    enum: HARD_CONSTRAINTS,
    isArray: true,
    description:
      'Hard constraints the pair failed when it was proposed by hand or asked for; shown, not hidden',
  })
  failedConstraints!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) starter!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) partner!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) practice!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
