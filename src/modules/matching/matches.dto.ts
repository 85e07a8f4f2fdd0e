import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageDto, PaginationQuery } from '../../core/http/pagination';

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

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the matches of this practice' })
  @IsOptional()
  @IsUUID()
  practiceId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only the matches of this starter profile (as starter or duo partner)',
  })
  @IsOptional()
  @IsUUID()
  starterProfileId?: string;

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

const PRACTICE_FORM_ENUM = ['solo', 'duo', 'group', 'health_centre'];
const ROLE_ENUM = ['holder', 'partner', 'employed', 'employed_then_holder', 'locum_then_holder'];
const CAREER_STAGES = ['aios', 'hidha', 'waarnemer', 'gp'];
const SETTINGS = ['urban', 'rural', 'any'];

export class BreakdownItemDto {
  @ApiProperty({
    enum: [
      'distance',
      'days',
      'form',
      'timing',
      'setting',
      'regional_tie',
      'workload',
      'anw',
      'training',
      'partner_work',
    ],
  })
  criterion!: string;
  @ApiProperty() points!: number;
  @ApiProperty() maxPoints!: number;
  @ApiProperty({ description: "One line in the caller's language (Accept-Language)" }) explanation!: string;
}

/** A starter as a party sees them before the introduction: no name, no contact (DESIGN.md "Anonymity"). */
export class AnonymousStarterDto {
  @ApiProperty({ enum: CAREER_STAGES }) careerStage!: string;
  @ApiProperty() daysPerWeekMin!: number;
  @ApiProperty() daysPerWeekMax!: number;
  @ApiProperty({ enum: PRACTICE_FORM_ENUM, isArray: true }) practiceForms!: string[];
  @ApiProperty({ enum: ROLE_ENUM, isArray: true }) roles!: string[];
  @ApiProperty({ format: 'date' }) availableFrom!: string;
  @ApiProperty() transitionMonthsWanted!: number;
  @ApiProperty({ enum: SETTINGS }) setting!: string;
  @ApiProperty() lookingForDuoPartner!: boolean;
  @ApiProperty() about!: string;
}

/** The whole starter: for coordinators, for the starter themself, and for the other side once introduced. */
export class MatchStarterDto extends AnonymousStarterDto {
  @ApiProperty({ format: 'uuid' }) profileId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() homePostcode!: string;
  @ApiProperty() homePlace!: string;
}

/** What every form of a practice in a match shows, the anonymous one included. */
class PracticeSummaryDto {
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ enum: PRACTICE_FORM_ENUM }) practiceForm!: string;
  @ApiProperty() gpCount!: number;
  @ApiProperty() daysPerWeekNeeded!: number;
  @ApiProperty({ enum: ['urban', 'rural'] }) setting!: string;
  @ApiProperty({ enum: ROLE_ENUM, isArray: true }) successorRoles!: string[];
  @ApiProperty({ format: 'date' }) handoverFrom!: string;
  @ApiProperty({ format: 'date' }) handoverTo!: string;
  @ApiProperty() transitionMonthsOffered!: number;
  @ApiProperty() dispensing!: boolean;
  @ApiProperty() isTrainingPractice!: boolean;
  @ApiProperty() description!: string;
}

/** A practice as the board shows it: no holder, no address; the name only when the holder opted in. */
export class AnonymousPracticeDto extends PracticeSummaryDto {
  @ApiProperty({ type: String, nullable: true }) practiceName!: string | null;
  @ApiProperty({ enum: ['<1500', '1500-2500', '2500-3500', '3500+'] }) listSizeBand!: string;
}

/** The whole practice with its holder: for coordinators, the holder, and the starter once introduced. */
export class MatchPracticeDto extends PracticeSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() ownerName!: string;
  @ApiProperty() ownerEmail!: string;
  @ApiProperty({ type: String, nullable: true }) ownerPhone!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() showNamePublicly!: boolean;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() postcode!: string;
  @ApiProperty() listSize!: number;
  @ApiProperty({ enum: ['draft', 'published', 'in_talks', 'transferred', 'withdrawn'] }) status!: string;
}

/** One transition of a match: who moved it from what to what, when, and why. */
export class MatchEventDto {
  @ApiProperty({ enum: MATCH_STATUSES, nullable: true, type: String }) from!: string | null;
  @ApiProperty({ enum: MATCH_STATUSES }) to!: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'null: the system (worker)' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

const starterSchema = {
  oneOf: [{ $ref: getSchemaPath(MatchStarterDto) }, { $ref: getSchemaPath(AnonymousStarterDto) }],
};

export class UrgencyReasonDto {
  @ApiProperty({ enum: ['handover', 'noIntroduction', 'patients', 'krimp'] }) factor!: string;
  @ApiProperty() points!: number;
  @ApiProperty() maxPoints!: number;
  @ApiProperty({ description: "In the request's language" }) explanation!: string;
}

export class MatchDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pair', 'duo'] }) kind!: string;
  @ApiProperty({ enum: MATCH_STATUSES }) status!: string;
  @ApiProperty({ description: '0-100' }) score!: number;
  @ApiProperty({ type: [BreakdownItemDto] }) breakdown!: BreakdownItemDto[];
  @ApiProperty() weightsVersion!: number;
  @ApiProperty() urgency!: number;
  @ApiProperty() inRegionalPlan!: boolean;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() distanceKm!: number;
  @ApiProperty({ enum: ['agreement', 'no_fit', 'withdrawn'], type: String, nullable: true })
  outcome!: string | null;
  @ApiProperty({
    enum: ['starter', 'stopper'],
    type: String,
    nullable: true,
    description:
      'Who asked for this introduction; null for the worker’s suggestions and coordinators’ proposals',
  })
  requestedBy!: 'starter' | 'stopper' | null;
  @ApiProperty({
    enum: ['place', 'time', 'role', 'form', 'dispensing', 'active'],
    isArray: true,
    description:
      'Hard constraints the pair failed when it was proposed by hand or asked for: shown, not hidden',
  })
  failedConstraints!: string[];
  @ApiProperty({
    ...starterSchema,
    description: 'Full for coordinators and once introduced; anonymous before',
  })
  starter!: MatchStarterDto | AnonymousStarterDto;
  @ApiProperty({ ...starterSchema, nullable: true, description: "A duo's second starter; null for a pair" })
  partner!: MatchStarterDto | AnonymousStarterDto | null;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(MatchPracticeDto) }, { $ref: getSchemaPath(AnonymousPracticeDto) }],
  })
  practice!: MatchPracticeDto | AnonymousPracticeDto;
  @ApiPropertyOptional({ type: [MatchEventDto], description: "Coordinators only: the match's timeline" })
  events?: MatchEventDto[];
  @ApiPropertyOptional({
    type: [UrgencyReasonDto],
    description:
      "Coordinators only: why the practice is urgent, each factor's points from the practice as it is today",
  })
  urgencyReasons?: UrgencyReasonDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MatchPageDto extends PageDto(MatchDto) {}
