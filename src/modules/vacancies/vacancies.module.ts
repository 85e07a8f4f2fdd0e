import { Module } from '@nestjs/common';
import { VacanciesController } from './vacancies.controller';
import { VacancyController } from './vacancy.controller';

@Module({ controllers: [VacanciesController, VacancyController] })
export class VacanciesModule {}
