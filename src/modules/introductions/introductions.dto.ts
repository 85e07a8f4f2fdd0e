import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class ApproveMatchDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectMatchDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the coordinator rejects it (required)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note!: string;
}

export class ProposeMatchDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  starterProfileId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  practiceId!: string;

  @ApiPropertyOptional({ description: 'Propose even though the pair fails hard constraints (recorded)' })
  @IsOptional()
  @IsBoolean()
  override?: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RespondDto {
  @ApiProperty()
  @IsBoolean()
  accept!: boolean;
}

export class ConsentTokenQuery {
  @ApiProperty({ description: 'The token of the consent link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

export class ConsentByTokenDto {
  @ApiProperty({ description: 'The token of the consent link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty()
  @IsBoolean()
  accept!: boolean;
}

export const OUTCOMES = ['agreement', 'no_fit', 'withdrawn'] as const;

export class OutcomeDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ConsentAnswerDto {
  @ApiProperty({ enum: ['accepted', 'declined'] })
  answer!: 'accepted' | 'declined';

  @ApiProperty({ enum: ['awaiting_consent', 'declined', 'introduced'] })
  matchStatus!: 'awaiting_consent' | 'declined' | 'introduced';
}
