import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { FOLLOW_UP_ANSWERS, FollowUpAnswer } from './follow-ups.service';
import { MAIL_KINDS, MailKind } from './outreach.constants';

export class LinkTokenDto {
  @ApiProperty({ description: 'The token= value of the link in the email' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;
}

/** POST /api/unsubscribe takes the token in the query (the mail's link) or the body. */
export class OptionalTokenDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token?: string;

  /** What an RFC 8058 one-click POST from a mail client carries (form-encoded). */
  @ApiPropertyOptional({ name: 'List-Unsubscribe', enum: ['One-Click'] })
  @IsOptional()
  @IsIn(['One-Click'])
  'List-Unsubscribe'?: 'One-Click';
}

export class FollowUpAnswerDto extends LinkTokenDto {
  @ApiProperty({ enum: FOLLOW_UP_ANSWERS })
  @IsIn(FOLLOW_UP_ANSWERS)
  answer!: FollowUpAnswer;
}

export class UnsubscribedDto {
  @ApiProperty() unsubscribed!: boolean;
  @ApiProperty({ enum: MAIL_KINDS }) kind!: MailKind;
}

export class StillLookingDto {
  @ApiProperty() confirmed!: boolean;
  @ApiProperty({ enum: ['starter_profile', 'practice'] }) subjectType!: string;
  @ApiProperty({ description: 'The profile or listing had been paused and is active again' })
  reactivated!: boolean;
}

export class FollowUpAnsweredDto {
  @ApiProperty({ enum: [30, 90] }) day!: number;
  @ApiProperty({ enum: FOLLOW_UP_ANSWERS }) answer!: FollowUpAnswer;
}
