/**
 * The public vacancy board's one SQL query, as plain TypeScript with no Nest or TypeORM imports: the API
 * and the benchmark's bare Fastify + pg handler run exactly this code. One statement answers a page: the
 * rows, already in the anonymous JSON shape (DESIGN.md "Anonymity and consent"), and the total through
 * `count(*) OVER ()`; nothing is hydrated into entities.
 */

/** List size bands the board shows instead of the exact list size. A normpraktijk is 2,095 patients per GP. */
export const LIST_SIZE_BANDS = ['<1500', '1500-2500', '2500-3500', '3500+'] as const;
export type ListSizeBand = (typeof LIST_SIZE_BANDS)[number];

const BAND_RANGES: Record<ListSizeBand, [number, number | null]> = {
  '<1500': [0, 1500],
  '1500-2500': [1500, 2500],
  '2500-3500': [2500, 3500],
  '3500+': [3500, null],
};

export interface BoardFilters {
  regionId?: string;
  practiceForm?: string;
  successorRole?: string;
  /** Handover window starting on or before this date (YYYY-MM-DD). */
  handoverBefore?: string;
  /** Handover window starting on or after this date (YYYY-MM-DD). */
  handoverAfter?: string;
  listSizeBand?: ListSizeBand;
  page: number;
  pageSize: number;
}

export interface VacancyStaff {
  pohSomaticFte: number;
  pohMentalHealthFte: number;
  assistantsFte: number;
  paOrNpFte: number;
}

/** A published practice as anyone may see it: no owner, no address, the name only when opted in. */
export interface Vacancy {
  id: string;
  regionId: string;
  place: string;
  listSizeBand: ListSizeBand;
  practiceForm: string;
  gpCount: number;
  daysPerWeekNeeded: number;
  staff: VacancyStaff;
  handoverFrom: string;
  handoverTo: string;
  transitionMonthsOffered: number;
  successorRoles: string[];
  dispensing: boolean;
  isTrainingPractice: boolean;
  setting: string;
  description: string;
  practiceName: string | null;
}

export interface VacancyPage {
  items: Vacancy[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A statement with a name, so the pg driver prepares it once per connection and the server skips parsing
 * and planning on every request (that halves the board's database time). One name per distinct text:
 * the texts differ only by which filters are present, a few dozen combinations at most.
 */
export interface SqlStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** Runs one statement and returns its rows: on the API's pg pool, or the benchmark's bare one. */
export type RunSql = (statement: SqlStatement) => Promise<unknown[]>;

const statementNames = new Map<string, string>();
function statement(text: string, values: unknown[]): SqlStatement {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `vacancy-board-${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

export const VACANCY_COLUMNS = `
  p.id, p.region_id AS "regionId", p.place,
  CASE WHEN p.list_size < 1500 THEN '<1500' WHEN p.list_size < 2500 THEN '1500-2500'
       WHEN p.list_size < 3500 THEN '2500-3500' ELSE '3500+' END AS "listSizeBand",
  p.practice_form AS "practiceForm", p.gp_count AS "gpCount", p.days_per_week_needed::float8 AS "daysPerWeekNeeded",
  json_build_object('pohSomaticFte', p.poh_somatic_fte::float8, 'pohMentalHealthFte', p.poh_mental_health_fte::float8,
                    'assistantsFte', p.assistants_fte::float8, 'paOrNpFte', p.pa_or_np_fte::float8) AS staff,
  to_char(p.handover_from, 'YYYY-MM-DD') AS "handoverFrom", to_char(p.handover_to, 'YYYY-MM-DD') AS "handoverTo",
  p.transition_months_offered AS "transitionMonthsOffered", p.successor_roles AS "successorRoles",
  p.dispensing, p.is_training_practice AS "isTrainingPractice", p.setting, p.description,
  CASE WHEN p.show_name_publicly THEN p.name END AS "practiceName"`;

/** The WHERE clause with only the filters given, so each query can use the partial board indexes. */
function where(f: BoardFilters, values: unknown[]): string {
  const clauses = [`p.status = 'published'`];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (f.regionId) clauses.push(`p.region_id = ${param(f.regionId)}::uuid`);
  if (f.practiceForm) clauses.push(`p.practice_form = ${param(f.practiceForm)}`);
  if (f.successorRole) clauses.push(`p.successor_roles @> ARRAY[${param(f.successorRole)}]::text[]`);
  if (f.handoverBefore) clauses.push(`p.handover_from <= ${param(f.handoverBefore)}::date`);
  if (f.handoverAfter) clauses.push(`p.handover_from >= ${param(f.handoverAfter)}::date`);
  if (f.listSizeBand) {
    const [low, high] = BAND_RANGES[f.listSizeBand];
    clauses.push(`p.list_size >= ${param(low)}::int`);
    if (high !== null) clauses.push(`p.list_size < ${param(high)}::int`);
  }
  return clauses.join(' AND ');
}

export function boardPageSql(f: BoardFilters): SqlStatement {
  const values: unknown[] = [];
  const filter = where(f, values);
  values.push(f.pageSize, (f.page - 1) * f.pageSize);
  const text = `SELECT ${VACANCY_COLUMNS}, count(*) OVER ()::int AS total
    FROM practices p WHERE ${filter}
    ORDER BY p.handover_from, p.id LIMIT $${values.length - 1} OFFSET $${values.length}`;
  return statement(text, values);
}

/** Only needed for a page past the end, where no row carries the window's total. */
export function boardCountSql(f: BoardFilters): SqlStatement {
  const values: unknown[] = [];
  return statement(`SELECT count(*)::int AS total FROM practices p WHERE ${where(f, values)}`, values);
}

type BoardRow = Vacancy & { total: number };

export async function boardPage(run: RunSql, f: BoardFilters): Promise<VacancyPage> {
  const rows = (await run(boardPageSql(f))) as BoardRow[];
  let total: number;
  if (rows.length > 0) total = rows[0].total;
  else if (f.page === 1) total = 0;
  else {
    total = ((await run(boardCountSql(f))) as Array<{ total: number }>)[0].total;
  }
  const items = rows.map(({ total: _total, ...item }) => item);
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** One published practice in the board's anonymous form (a vacancy's own page, the links of alert mail). */
export function vacancySql(id: string): SqlStatement {
  return statement(
    `SELECT ${VACANCY_COLUMNS} FROM practices p WHERE p.id = $1::uuid AND p.status = 'published'`,
    [id],
  );
}
