import { ApiProperty } from '@nestjs/swagger';

export class PlanPracticeLeftDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ example: '9401' }) postcode!: string;
  @ApiProperty() listSize!: number;
  @ApiProperty({ description: 'Successors the practice seeks' }) seats!: number;
  @ApiProperty({ description: 'Seats the plan fills' }) seatsFilled!: number;
  @ApiProperty({ description: 'Patients of the seats the plan leaves empty' }) patientsLeft!: number;
  @ApiProperty({ description: 'Live suggestions of this practice (its candidates)' }) candidates!: number;
}

export class PlanStarterLeftDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['aios', 'hidha', 'waarnemer', 'gp'] }) careerStage!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ example: '9401' }) homePostcode!: string;
  @ApiProperty({ description: 'Live suggestions of this starter (its candidates)' }) candidates!: number;
}

export class PlanPracticesLeftDto {
  @ApiProperty({ type: [PlanPracticeLeftDto] }) items!: PlanPracticeLeftDto[];
  @ApiProperty() total!: number;
}

export class PlanStartersLeftDto {
  @ApiProperty({ type: [PlanStarterLeftDto] }) items!: PlanStarterLeftDto[];
  @ApiProperty() total!: number;
}

/**
 * The regional plan of one region as its coordinators read it. The plan's suggestions themselves are
 * `GET /api/matches?regionId=&inRegionalPlan=true` (paginated, sortable); this is the summary around them.
 */
export class RegionalPlanDto {
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ description: 'Suggestions that form the plan' }) suggestions!: number;
  @ApiProperty({ description: 'Patients whose practice gets a successor seat filled by the plan' })
  patientsCovered!: number;
  @ApiProperty({ description: 'Patients of the published practices whose seats the plan leaves empty' })
  patientsLeft!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({
    type: PlanPracticesLeftDto,
    description: 'Published practices with a seat left empty, most patients first',
  })
  practicesLeft!: PlanPracticesLeftDto;
  @ApiProperty({
    type: PlanStartersLeftDto,
    description: 'Active starters of the region (home region) the plan leaves without a place',
  })
  startersLeft!: PlanStartersLeftDto;
}

export class AtRiskPracticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ example: '9401' }) postcode!: string;
  @ApiProperty({ description: 'Centroid of the PC4' }) latitude!: number;
  @ApiProperty({ description: 'Centroid of the PC4' }) longitude!: number;
  @ApiProperty() listSize!: number;
  @ApiProperty({ format: 'date' }) handoverFrom!: string;
  @ApiProperty() krimp!: boolean;
  @ApiProperty({ enum: ['draft', 'published', 'in_talks'] }) status!: string;
  @ApiProperty({ description: '0..100, as matching computes it (no introduction under way)' })
  urgency!: number;
}

export class AtRiskPageDto {
  @ApiProperty({ type: [AtRiskPracticeDto] }) items!: AtRiskPracticeDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
