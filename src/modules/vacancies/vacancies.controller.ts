import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { notFound, validationFailed } from '../../core/errors/domain-error';
import { ApiErrors } from '../../core/http/api-docs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { MAX_PAGE_SIZE } from '../../core/http/pagination';
import { Public } from '../../core/http/public.decorator';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../practices/practice.constants';
import { VacancyPageView, VacancyView } from './vacancies.dto';
import {
  boardOrigin,
  boardPage,
  DEFAULT_WITHIN_KM,
  LIST_SIZE_BANDS,
  RunSql,
  Vacancy,
  VacancyPage,
  vacancyById,
} from './vacancy-board';
import { parseVacancyQuery, UUID } from './vacancy-query';

/** The public, anonymous vacancy board: published practices only, by handover date or by distance. */
@ApiTags('vacancies')
@Public()
@Controller('vacancies')
export class VacanciesController {
  private readonly run: RunSql;

  constructor(@InjectDataSource() dataSource: DataSource) {
    // TypeORM's own pg pool, used directly: `DataSource.query` cannot run named (prepared) statements,
    // and the board is the hottest public read.
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.run = async (statement) => (await pool.query<Record<string, unknown>>(statement)).rows;
  }

  @Get()
  @ApiQuery({ name: 'regionId', required: false, type: String, format: 'uuid' })
  @ApiQuery({ name: 'practiceForm', required: false, enum: PRACTICE_FORMS })
  @ApiQuery({ name: 'successorRole', required: false, enum: SUCCESSOR_ROLES })
  @ApiQuery({
    name: 'handoverBefore',
    required: false,
    description: 'handover starting on or before (YYYY-MM-DD)',
  })
  @ApiQuery({
    name: 'handoverAfter',
    required: false,
    description: 'handover starting on or after (YYYY-MM-DD)',
  })
  @ApiQuery({ name: 'listSizeBand', required: false, enum: LIST_SIZE_BANDS })
  @ApiQuery({
    name: 'near',
    required: false,
    description: 'A PC4: adds distanceKm, limits to withinKm, orders by distance',
  })
  @ApiQuery({
    name: 'withinKm',
    required: false,
    type: Number,
    description: `with near: at most this many km (1-300, default ${DEFAULT_WITHIN_KM})`,
  })
  @ApiQuery({ name: 'page', required: false, type: Number, description: '1-based' })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: `at most ${MAX_PAGE_SIZE}` })
  @ApiOperation({ operationId: 'listVacancies' })
  @ApiOkResponse({ type: VacancyPageView })
  // A plain record: the global ValidationPipe leaves it alone and parseVacancyQuery checks it (see there why).
  async list(@Query() query: Record<string, unknown>): Promise<VacancyPage> {
    const filters = parseVacancyQuery(query);
    const origin = filters.near ? await boardOrigin(this.run, filters.near) : undefined;
    if (filters.near && !origin) {
      throw validationFailed([{ field: 'near', message: `near ${filters.near} is not a known PC4` }]);
    }
    return boardPage(this.run, filters, origin);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getVacancy' })
  @ApiOkResponse({ type: VacancyView })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<Vacancy> {
    const vacancy = UUID.test(id) ? await vacancyById(this.run, id) : undefined;
    if (!vacancy) throw notFound('VACANCY.NOT_FOUND', 'Vacancy');
    return vacancy;
  }
}
