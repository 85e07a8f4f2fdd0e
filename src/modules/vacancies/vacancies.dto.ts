import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../practices/practice.constants';
import { LIST_SIZE_BANDS, type ListSizeBand } from './vacancy-board';

export class VacancyStaffView {
  @ApiProperty() pohSomaticFte!: number;
  @ApiProperty() pohMentalHealthFte!: number;
  @ApiProperty() assistantsFte!: number;
  @ApiProperty() paOrNpFte!: number;
}

export class VacancyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ description: 'woonplaats' }) place!: string;
  @ApiProperty({ enum: LIST_SIZE_BANDS }) listSizeBand!: ListSizeBand;
  @ApiProperty({ enum: PRACTICE_FORMS }) practiceForm!: string;
  @ApiProperty() gpCount!: number;
  @ApiProperty() daysPerWeekNeeded!: number;
  @ApiProperty({ type: VacancyStaffView }) staff!: VacancyStaffView;
  @ApiProperty({ format: 'date' }) handoverFrom!: string;
  @ApiProperty({ format: 'date' }) handoverTo!: string;
  @ApiProperty() transitionMonthsOffered!: number;
  @ApiProperty({ enum: SUCCESSOR_ROLES, isArray: true }) successorRoles!: string[];
  @ApiProperty() dispensing!: boolean;
  @ApiProperty() isTrainingPractice!: boolean;
  @ApiProperty({ enum: ['urban', 'rural'] }) setting!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, description: 'only when the stopper opted in' })
  practiceName!: string | null;
  @ApiPropertyOptional({ description: 'Only with near: km between the PC4 centroids, one decimal' })
  distanceKm?: number;
}

export class VacancyPageView {
  @ApiProperty({ type: [VacancyView] }) items!: VacancyView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
