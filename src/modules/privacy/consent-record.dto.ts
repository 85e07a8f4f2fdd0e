import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { CONSENT_PURPOSES, type ConsentPurpose } from './privacy.constants';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ description: 'true to give consent, false to withdraw it' })
  @IsBoolean()
  granted!: boolean;
}

export class ConsentRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty() granted!: boolean;
  @ApiProperty({ enum: ['api', 'registration', 'link', 'system'] }) source!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: Date;
}
