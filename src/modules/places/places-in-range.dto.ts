import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PageDto, PaginationQuery } from '../../core/http/pagination';

/** `?from=&to=`: an inclusive PC4 range as a region's or a krimp range is written. */
export class PlacesInRangeQuery extends PaginationQuery {
  @ApiProperty({ minimum: 1000, maximum: 9999, example: 1740 })
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(9999)
  from!: number;

  @ApiProperty({ minimum: 1000, maximum: 9999, example: 1799, description: 'Not below `from`' })
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(9999)
  to!: number;
}

export class PlaceInRangeDto {
  @ApiProperty({ example: '1741' }) postcode!: string;
  @ApiProperty({ example: 'Schagen' }) place!: string;
  @ApiProperty() municipality!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The region the postcode falls in now (narrowest range)',
  })
  regionId!: string | null;
}

/** The PC4 codes with addresses in the range, in order, and the first and last of them. */
export class PlacesInRangeDto extends PageDto(PlaceInRangeDto) {
  @ApiProperty({ description: 'Distinct place names in the whole range' }) places!: number;
  @ApiProperty({
    type: PlaceInRangeDto,
    nullable: true,
    description: 'The lowest PC4 of the range with addresses',
  })
  first!: PlaceInRangeDto | null;
  @ApiProperty({
    type: PlaceInRangeDto,
    nullable: true,
    description: 'The highest PC4 of the range with addresses',
  })
  last!: PlaceInRangeDto | null;
}
