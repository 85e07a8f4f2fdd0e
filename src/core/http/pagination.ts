import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * `?page=&pageSize=` for every paginated collection (DESIGN.md "API conventions": pageSize at most 100).
 * Extend it for filterable lists: `class ListPracticesQuery extends PaginationQuery { ... }`.
 * Query strings arrive as strings, hence class-transformer's `@Type(() => Number)`; "abc" or "1.5" are 400s, not NaN.
 */
export class PaginationQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: '1-based page number' })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = DEFAULT_PAGE_SIZE;
}

/** Rows to skip for a page: use as SQL `OFFSET`, with `pageSize` as `LIMIT`. */
export function pageOffset(query: PaginationQuery): number {
  return (query.page - 1) * query.pageSize;
}

/** One page of a collection: `{items, total, page, pageSize}`. */
export class Page<T> {
  items!: T[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/**
 * The OpenAPI shape of a page of `item`s, for a route's response DTO:
 * `export class PracticePageDto extends PageDto(PracticeDto) {}` then `@ApiOkResponse({ type: PracticePageDto })`.
 */
export function PageDto<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: 'Rows across all pages' }) total!: number;
    @ApiProperty() page!: number;
    @ApiProperty() pageSize!: number;
  }
  return PageOfItems;
}

export function toPage<T>(items: T[], total: number, query: PaginationQuery): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}
