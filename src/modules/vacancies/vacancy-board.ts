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
  /** A PC4: with it each item carries distanceKm, the list is limited to withinKm and ordered by distance. */
  near?: string;
  withinKm?: number;
  page: number;
  pageSize: number;
}

/** The board's default radius around `near`, in km. */
export const DEFAULT_WITHIN_KM = 30;

/** Where `near` lies, once resolved from the places table (an unknown PC4 is refused before the query). */
export interface BoardOrigin {
  latitude: number;
  longitude: number;
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
  /** Only with `near`: great-circle km between the PC4 centroids, one decimal. */
  distanceKm?: number;
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

const COLUMNS = `
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

/**
 * Haversine in SQL with the same Earth radius as src/modules/places/geo.ts, so the board's "within N km"
 * agrees with matching's. `o` is the origin row (latitude, longitude of `near`), `pl` the practice's place.
 */
const DISTANCE_SQL = `(2 * 6371.0088 * asin(least(1, sqrt(
    power(sin(radians(pl.latitude - o.latitude) / 2), 2)
    + cos(radians(o.latitude)) * cos(radians(pl.latitude)) * power(sin(radians(pl.longitude - o.longitude) / 2), 2)))))`;

/** The WHERE clause with only the filters given, so each query can use the partial board indexes. */
function where(f: BoardFilters, values: unknown[], origin?: BoardOrigin): string {
  const clauses = [`p.status = 'published'`];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (origin) {
    // The origin's bounding box first (an index range on the places), then the exact distance.
    const km = f.withinKm ?? DEFAULT_WITHIN_KM;
    const dLat = (km / 6371.0088) * (180 / Math.PI) * (1 + 1e-9) + 1e-9;
    const dLon = Math.min(
      180,
      dLat / Math.max(1e-6, Math.cos((Math.abs(origin.latitude) + dLat) * (Math.PI / 180))),
    );
    clauses.push(
      `pl.latitude BETWEEN ${param(origin.latitude - dLat)}::float8 AND ${param(origin.latitude + dLat)}::float8`,
      `pl.longitude BETWEEN ${param(origin.longitude - dLon)}::float8 AND ${param(origin.longitude + dLon)}::float8`,
      `${DISTANCE_SQL} <= ${param(km)}::float8`,
    );
  }
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

/** FROM with the origin and the practices' places joined only when the board is asked `near` a PC4. */
function from(origin: BoardOrigin | undefined, values: unknown[]): string {
  if (!origin) return 'practices p';
  values.push(origin.latitude, origin.longitude);
  const n = values.length;
  return `practices p JOIN places pl ON pl.postcode = p.postcode
    CROSS JOIN (SELECT $${n - 1}::float8 AS latitude, $${n}::float8 AS longitude) o`;
}

export function boardPageSql(f: BoardFilters, origin?: BoardOrigin): SqlStatement {
  const values: unknown[] = [];
  const source = from(origin, values);
  const filter = where(f, values, origin);
  values.push(f.pageSize, (f.page - 1) * f.pageSize);
  const distance = origin ? `, round(${DISTANCE_SQL}::numeric, 1)::float8 AS "distanceKm"` : '';
  const order = origin ? `${DISTANCE_SQL}, p.handover_from, p.id` : 'p.handover_from, p.id';
  const text = `SELECT ${COLUMNS}${distance}, count(*) OVER ()::int AS total
    FROM ${source} WHERE ${filter}
    ORDER BY ${order} LIMIT $${values.length - 1} OFFSET $${values.length}`;
  return statement(text, values);
}

/** Only needed for a page past the end, where no row carries the window's total. */
export function boardCountSql(f: BoardFilters, origin?: BoardOrigin): SqlStatement {
  const values: unknown[] = [];
  const source = from(origin, values);
  return statement(`SELECT count(*)::int AS total FROM ${source} WHERE ${where(f, values, origin)}`, values);
}

/** One published practice in its board form, or undefined (not found, or not published). */
export async function vacancyById(run: RunSql, id: string): Promise<Vacancy | undefined> {
  const rows = (await run(
    statement(`SELECT ${COLUMNS} FROM practices p WHERE p.id = $1::uuid AND p.status = 'published'`, [id]),
  )) as Vacancy[];
  return rows[0];
}

/** The origin's coordinates, or undefined when `near` is not a known PC4 (the caller refuses that). */
export async function boardOrigin(run: RunSql, near: string): Promise<BoardOrigin | undefined> {
  const rows = (await run(
    statement(`SELECT latitude, longitude FROM places WHERE postcode = $1`, [near]),
  )) as BoardOrigin[];
  return rows[0];
}

type BoardRow = Vacancy & { total: number };

export async function boardPage(run: RunSql, f: BoardFilters, origin?: BoardOrigin): Promise<VacancyPage> {
  const rows = (await run(boardPageSql(f, origin))) as BoardRow[];
  let total: number;
  if (rows.length > 0) total = rows[0].total;
  else if (f.page === 1) total = 0;
  else {
    total = ((await run(boardCountSql(f, origin))) as Array<{ total: number }>)[0].total;
  }
  const items = rows.map(({ total: _total, ...item }) => item);
  return { items, total, page: f.page, pageSize: f.pageSize };
}
