import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { PlacesInRangeDto, PlacesInRangeQuery } from './places-in-range.dto';
import { ApiErrors } from '../../core/http/api-docs';
import { DomainError, validationFailed } from '../../core/errors/domain-error';
import { Public } from '../../core/http/public.decorator';
import { isValidPc4Format } from './geo';
import { PlacesService } from './places.service';

export class PlaceDto {
  @ApiProperty({ example: '9401' }) postcode!: string;
  @ApiProperty({ example: 'Assen' }) place!: string;
  @ApiProperty() municipality!: string;
  @ApiProperty() province!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) regionId!: string | null;
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
}

@ApiTags('places')
@Public()
@Controller('places')
export class PlacesController {
  constructor(private readonly places: PlacesService) {}

  @Get(':pc4')
  @ApiOperation({ operationId: 'getPlace' })
  @ApiOkResponse({ type: PlaceDto })
  @ApiErrors(404)
  async get(@Param('pc4') pc4: string): Promise<PlaceDto> {
    if (!isValidPc4Format(pc4)) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'VALIDATION.FAILED', 'pc4 must be 4 digits', [
        { field: 'pc4', message: 'pc4 must be 4 digits, the first not 0' },
      ]);
    }
    const { krimp: _krimp, ...place } = await this.places.get(pc4);
    return place;
  }
}

/** The admin's regions page shows which places a PC4 range it types covers. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/places')
export class AdminPlacesController {
  constructor(private readonly places: PlacesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listPlacesInRange',
    summary: 'The postcodes with addresses in a PC4 range, with their places',
  })
  @ApiOkResponse({ type: PlacesInRangeDto })
  inRange(@Query() query: PlacesInRangeQuery): Promise<PlacesInRangeDto> {
    if (query.from > query.to)
      throw validationFailed([
        { field: 'to', message: `to (${query.to}) must not be below from (${query.from})` },
      ]);
    return this.places.inRange(query);
  }
}
