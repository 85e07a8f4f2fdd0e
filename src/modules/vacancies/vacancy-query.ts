import { ErrorDetail, validationFailed } from '../../core/errors/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/http/pagination';
import { isIsoDate } from '../practices/iso-date';
import { PRACTICE_FORMS, SUCCESSOR_ROLES } from '../practices/practice.constants';
import { BoardFilters, DEFAULT_WITHIN_KM, LIST_SIZE_BANDS, ListSizeBand } from './vacancy-board';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITIVE_INT = /^[1-9][0-9]{0,8}$/;
const KNOWN = new Set([
  'page',
  'pageSize',
  'regionId',
  'practiceForm',
  'successorRole',
  'handoverBefore',
  'handoverAfter',
  'listSizeBand',
  'near',
  'withinKm',
]);
const PC4 = /^[1-9][0-9]{3}$/;
const MAX_WITHIN_KM = 300;

/**
 * The board's query string, checked by hand rather than by the global ValidationPipe. The board is the
 * hottest public route and class-transformer + class-validator cost about 100 µs a request there, a
 * quarter of the whole request (bench/vacancies.bench.ts). Same rules and the same error shape as the
 * pipe: 400 VALIDATION.FAILED with details naming each bad parameter, unknown parameters refused.
 */
export function parseVacancyQuery(raw: Record<string, unknown>): BoardFilters {
  const details: ErrorDetail[] = [];
  const bad = (field: string, message: string): undefined => {
    details.push({ field, message });
    return undefined;
  };
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) bad(key, `property ${key} should not exist`);
  const text = (field: string): string | undefined => {
    const value = raw[field];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : bad(field, `${field} must be given once`);
  };
  const int = (field: string, fallback: number, max: number): number => {
    const value = text(field);
    if (value === undefined) return fallback;
    if (!POSITIVE_INT.test(value) || Number(value) > max) {
      bad(field, `${field} must be a whole number from 1 to ${max}`);
      return fallback;
    }
    return Number(value);
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T | undefined => {
    const value = text(field);
    if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
    return bad(field, `${field} must be one of: ${allowed.join(', ')}`);
  };
  const check = (field: string, valid: (v: string) => boolean, message: string): string | undefined => {
    const value = text(field);
    return value === undefined || valid(value) ? value : bad(field, message);
  };

  const filters: BoardFilters = {
    page: int('page', 1, 1_000_000),
    pageSize: int('pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    regionId: check('regionId', (v) => UUID.test(v), 'regionId must be a UUID'),
    practiceForm: oneOf('practiceForm', PRACTICE_FORMS),
    successorRole: oneOf('successorRole', SUCCESSOR_ROLES),
    handoverBefore: check('handoverBefore', isIsoDate, 'handoverBefore must be a date written YYYY-MM-DD'),
    handoverAfter: check('handoverAfter', isIsoDate, 'handoverAfter must be a date written YYYY-MM-DD'),
    listSizeBand: oneOf<ListSizeBand>('listSizeBand', LIST_SIZE_BANDS),
    near: check('near', (v) => PC4.test(v), 'near must be a PC4: 4 digits, the first not 0'),
  };
  if (raw.withinKm !== undefined) {
    if (raw.near === undefined) bad('withinKm', 'withinKm needs near (the PC4 to measure from)');
    else filters.withinKm = int('withinKm', DEFAULT_WITHIN_KM, MAX_WITHIN_KM);
  }
  if (details.length) {
    throw validationFailed(
      details,
      `Invalid fields: ${[...new Set(details.map((d) => d.field))].join(', ')}`,
    );
  }
  return filters;
}
