import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { notFound } from '../../core/errors/domain-error';
import { Public } from '../../core/http/public.decorator';
import { VacancyView } from './vacancies.dto';
import { Vacancy, vacancySql } from './vacancy-board';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One vacancy of the public board, as the board shows it; anything not published is 404. */
@ApiTags('vacancies')
@Public()
@Controller('vacancies')
export class VacancyController {
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  @Get(':id')
  @ApiOkResponse({ type: VacancyView })
  @ApiNotFoundResponse({ description: 'no published practice with this id' })
  async get(@Param('id') id: string): Promise<Vacancy> {
    // Not a uuid is simply not a vacancy: the same 404 as an unpublished or unknown one.
    if (!UUID.test(id)) throw notFound('VACANCY.NOT_FOUND', 'Vacancy');
    const rows = (await this.pool.query<Vacancy>(vacancySql(id))).rows;
    if (rows.length === 0) throw notFound('VACANCY.NOT_FOUND', 'Vacancy');
    return rows[0];
  }
}
