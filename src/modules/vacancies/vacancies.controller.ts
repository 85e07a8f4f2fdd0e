import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { MAX_PAGE_SIZE } from '../../core/http/pagination';
import { Public } from '../../core/http/public.decorator';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../practices/practice.constants';
import { VacancyPageView } from './vacancies.dto';
import { boardPage, LIST_SIZE_BANDS, RunSql, VacancyPage } from './vacancy-board';
import { parseVacancyQuery } from './vacancy-query';

/** The public, anonymous vacancy board: published practices only, sorted by handover date. */
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
  @ApiQuery({ name: 'page', required: false, type: Number, description: '1-based' })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: `at most ${MAX_PAGE_SIZE}` })
  @ApiOkResponse({ type: VacancyPageView })
  // A plain record: the global ValidationPipe leaves it alone and parseVacancyQuery checks it (see there why).
  list(@Query() query: Record<string, unknown>): Promise<VacancyPage> {
    return boardPage(this.run, parseVacancyQuery(query));
  }
}
