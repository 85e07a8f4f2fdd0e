import { Body, Controller, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { validationFailed } from '../../core/errors/domain-error';
import { flattenValidationErrors } from '../../core/errors/validation';
import { Public } from '../../core/http/public.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  AdminRegionDto,
  CreateRegionDto,
  KrimpRangeDto,
  KrimpRangeViewDto,
  ListRegionsQuery,
  RegionDto,
  RegionPageDto,
  UpdateRegionDto,
} from './region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@Public()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: [RegionDto], description: 'Every region by name; the total is in X-Total-Count' })
  @ApiOperation({ operationId: 'listRegions' })
  async list(
    @Query() query: ListRegionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionDto[]> {
    const all = await this.regions.list();
    void reply.header('X-Total-Count', String(all.length));
    if (query.page === undefined && query.pageSize === undefined) return all;
    const pageSize = query.pageSize ?? all.length;
    const start = ((query.page ?? 1) - 1) * pageSize;
    return all.slice(start, start + pageSize);
  }

  @Get(':id')
  @ApiOkResponse({ type: RegionPageDto })
  @ApiOperation({ operationId: 'getRegion' })
  @ApiErrors(404)
  page(@Param('id') id: string): Promise<RegionPageDto> {
    return this.regions.page(id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminRegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Post('regions')
  @ApiCreatedResponse({ type: AdminRegionDto })
  @ApiOperation({ operationId: 'createRegion' })
  @ApiErrors(409)
  create(@CurrentUser() admin: AuthUser, @Body() dto: CreateRegionDto): Promise<AdminRegionDto> {
    return this.regions.create(admin.id, dto);
  }

  @Get('regions/:id')
  @ApiOkResponse({ type: AdminRegionDto })
  @ApiOperation({ operationId: 'getAdminRegion', summary: "A region's texts and PC4 ranges, to edit" })
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<AdminRegionDto> {
    return this.regions.adminRegion(id);
  }

  @Patch('regions/:id')
  @ApiOkResponse({ type: AdminRegionDto })
  @ApiOperation({ operationId: 'updateRegion' })
  @ApiErrors(404, 409)
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id') id: string,
    @Body() dto: UpdateRegionDto,
  ): Promise<AdminRegionDto> {
    return this.regions.update(admin.id, id, dto);
  }

  @Get('krimp-ranges')
  @ApiOkResponse({ type: [KrimpRangeViewDto] })
  @ApiOperation({ operationId: 'listKrimpRanges' })
  krimpRanges(): Promise<KrimpRangeViewDto[]> {
    return this.regions.krimpRanges();
  }

  @Put('krimp-ranges')
  @ApiBody({ type: [KrimpRangeDto], description: 'The complete new list; it replaces the old one' })
  @ApiOkResponse({ type: [KrimpRangeViewDto] })
  @ApiOperation({ operationId: 'replaceKrimpRanges' })
  async replaceKrimpRanges(
    @CurrentUser() admin: AuthUser,
    @Body() body: unknown,
  ): Promise<KrimpRangeViewDto[]> {
    return this.regions.replaceKrimpRanges(admin.id, await parseKrimpRanges(body));
  }
}

// The global pipe does not validate a top-level array body, so the list is checked here with the same
// rules (whitelist, unknown fields refused) and the same error details (`3.from`).
async function parseKrimpRanges(body: unknown): Promise<KrimpRangeDto[]> {
  if (!Array.isArray(body))
    throw validationFailed([{ field: 'body', message: 'body must be an array of {label, from, to}' }]);
  if (body.length > 1000)
    throw validationFailed([{ field: 'body', message: 'body must hold at most 1000 ranges' }]);
  const ranges = body.map((item: unknown) => plainToInstance(KrimpRangeDto, item));
  const details = [];
  for (const [i, range] of ranges.entries()) {
    if (typeof range !== 'object' || range === null) {
      details.push({ field: String(i), message: `${i} must be an object {label, from, to}` });
      continue;
    }
    const errors = await validate(range, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    details.push(...flattenValidationErrors(errors, String(i)));
  }
  if (details.length)
    throw validationFailed(
      details,
      `Invalid fields: ${[...new Set(details.map((d) => d.field))].join(', ')}`,
    );
  return ranges;
}
