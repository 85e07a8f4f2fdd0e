import * as crypto from 'node:crypto';
import { EntityManager } from 'typeorm';

/** One suggestion to store, as the rescoring computed it. */
export interface SuggestionRow {
  starterId: string;
  partnerId: string | null;
  practiceId: string;
  regionId: string;
  scoreTenths: number;
  /** Points per criterion in whole tenths, CRITERIA order. */
  pointsTenths: number[];
  distanceKm: number;
  urgency: number;
  /** What the regional plan reads of the practice: successors it seeks, patients per successor. */
  seats: number;
  patients: number;
  /**
   * In the region's plan over every passing pair (a full rescoring knows it): written with the row, so that
   * the plan's flags need no second write of these rows (RegionalPlanService keeps a plan that is still
   * optimal). Undefined: a new row is not flagged, a rewritten one keeps its flag.
   */
  inPlan?: boolean;
}

/** A current suggestion as loadSuggestions reads it: pair key, content hash, starter, partner, worker-made. */
export interface ExistingSuggestion {
  k: string;
  h: string | null;
  s: string;
  b: string | null;
  w: boolean;
}

export type ExistingSuggestions = ReadonlyMap<string, ExistingSuggestion>;

export const pairKeyOf = (r: { starterId: string; partnerId: string | null; practiceId: string }): string =>
  `${r.starterId}/${r.partnerId ?? '-'}/${r.practiceId}`;

/**
 * The current suggestions of these starters (as starter or duo partner), or every suggestion when null,
 * with the content hash a rescoring compares against and what decides whether one may go stale.
 */
export async function loadSuggestions(
  m: EntityManager,
  starterIds: string[] | null,
): Promise<ExistingSuggestions> {
  const select = `SELECT pair_key AS k, content_hash AS h, starter_profile_id AS s, partner_profile_id AS b,
                         origin = 'worker' AND requested_by IS NULL AS w FROM matches WHERE status = 'suggested'`;
  const rows =
    starterIds === null
      ? await m.query<ExistingSuggestion[]>(select)
      : await m.query<ExistingSuggestion[]>(
          `${select} AND (starter_profile_id = ANY($1::uuid[]) OR partner_profile_id = ANY($1::uuid[]))`,
          [starterIds],
        );
  return new Map(rows.map((r) => [r.k, r]));
}

/**
 * The worker's suggestions among `existing` that a rescoring covered (`covers`) but did not confirm: they no
 * longer pass the hard constraints or are no longer among the best, and are withdrawn. A coordinator's
 * proposal by hand, and a suggestion a party asked for, is the coordinator's to keep or reject, never stale.
 */
export function staleKeys(
  existing: ExistingSuggestions,
  covers: (e: ExistingSuggestion) => boolean,
  confirmed: ReadonlySet<string>,
): string[] {
  const stale: string[] = [];
  for (const e of existing.values()) if (e.w && covers(e) && !confirmed.has(e.k)) stale.push(e.k);
  return stale;
}

/** staleKeys over suggestions already known to be covered (a full rescoring's batch, by its index). */
export function staleAmong(covered: Iterable<ExistingSuggestion>, confirmed: ReadonlySet<string>): string[] {
  const stale: string[] = [];
  for (const e of covered) if (e.w && !confirmed.has(e.k)) stale.push(e.k);
  return stale;
}

export interface BatchResult {
  inserted: number;
  withdrawn: number;
  /** Regions where this batch changed a suggestion (written or withdrawn): their plans need recomputing. */
  regions: Set<string>;
}

/**
 * Writes one batch of a rescoring in the caller's transaction: upserts the suggestions whose content
 * (score, points, urgency, distance, region, weights version, the practice's seats and patients) changed, leaves pairs with a match past
 * `suggested` (other than withdrawn) alone, and withdraws the stale ones named by key, with a reason. The
 * suggestions travel as one array per column (upsertColumns); the stale ones are index lookups by key
 * whatever the table's statistics say.
 */
export async function writeSuggestionBatch(
  m: EntityManager,
  batch: { rows: SuggestionRow[]; stale: string[] },
  existing: ExistingSuggestions,
  weights: { version: number; maxPointsTenths: readonly number[] },
): Promise<BatchResult> {
  const result: BatchResult = { inserted: 0, withdrawn: 0, regions: new Set() };
  const changed: SuggestionRow[] = [];
  const hashes: string[] = [];
  for (const r of batch.rows) {
    const hash = contentHash(r, weights.version);
    if (existing.get(pairKeyOf(r))?.h === hash) continue;
    result.regions.add(r.regionId);
    changed.push(r);
    hashes.push(hash);
  }
  if (changed.length > 0) {
    const [{ n }] = await m.query<Array<{ n: number }>>(upsertSql(weights.maxPointsTenths.length), [
      ...upsertColumns(changed, hashes, weights.maxPointsTenths.length),
      weights.maxPointsTenths,
      weights.version,
      // Whether the rows carry their plan flags (a full rescoring's), else a rewritten row keeps its own.
      batch.rows.some((r) => r.inPlan !== undefined),
    ]);
    result.inserted = n;
  }
  if (batch.stale.length > 0) {
    const rows = await m.query<Array<{ region_id: string; n: number }>>(WITHDRAW_SQL, [batch.stale]);
    result.withdrawn = rows[0]?.n ?? 0;
    for (const r of rows) result.regions.add(r.region_id);
  }
  return result;
}

/** SHA-1 in base64url: the one-shot `crypto.hash` where Node has it (20.12 on), else a Hash object. */
const sha1 = (text: string): string =>
  typeof crypto.hash === 'function'
    ? crypto.hash('sha1', text, 'base64url')
    : crypto.createHash('sha1').update(text).digest('base64url');

/**
 * What a stored suggestion's `content_hash` says: everything stored or planned from (the plan inputs too,
 * so a changed list size replans the region). A rescoring rewrites a row only when this changed.
 */
export function contentHash(r: SuggestionRow, weightsVersion: number): string {
  return sha1(
    `${weightsVersion}|${r.scoreTenths}|${r.urgency}|${Math.round(r.distanceKm * 10)}|${r.regionId}|${r.pointsTenths.join(',')}|${r.seats}|${r.patients}`,
  );
}

/** An array parameter as PostgreSQL's literal: numbers, booleans and base64url text need no quoting. */
const arrayLiteral = (items: ReadonlyArray<number | string | boolean | null>): string =>
  `{${items.map((x) => (x === null ? 'NULL' : x)).join(',')}}`;

/** 1-based indexes of ids in the order first seen, and the ids: the batch's distinct ids go once. */
class IdIndex {
  readonly ids: string[] = [];
  private readonly at = new Map<string, number>();
  of(id: string): number {
    let i = this.at.get(id);
    if (i === undefined) this.at.set(id, (i = this.ids.push(id)));
    return i;
  }
}

/**
 * The changed rows as the upsert's array parameters, one per column ($1 to $11 + criteria): every
 * starter, practice and region id once, each row naming them by 1-based index (0 is no partner: an index
 * outside an array gives NULL), the numbers as they are stored, and each criterion's points in an array of
 * its own, put together per row by ARRAY[...]. The driver passes a string parameter as it is, so building
 * these literals is all Node does; PostgreSQL parses plain numbers instead of a JSON document with four
 * UUIDs and an array per row (json_to_recordset took twice as long for the same rows, replayed in psql).
 * No array is sliced per row: a slice of a large array parameter reads it whole each time.
 */
function upsertColumns(
  rows: readonly SuggestionRow[],
  hashes: readonly string[],
  criteria: number,
): string[] {
  const people = new IdIndex();
  const practices = new IdIndex();
  const regions = new IdIndex();
  const points = Array.from({ length: criteria }, () => new Array<number>(rows.length));
  rows.forEach((r, k) => {
    if (r.pointsTenths.length !== criteria)
      throw new RangeError(
        `suggestion ${pairKeyOf(r)}: ${r.pointsTenths.length} points for ${criteria} criteria`,
      );
    for (let c = 0; c < criteria; c++) points[c][k] = r.pointsTenths[c];
  });
  return [
    arrayLiteral(rows.map((r) => people.of(r.starterId))),
    arrayLiteral(rows.map((r) => (r.partnerId === null ? 0 : people.of(r.partnerId)))),
    arrayLiteral(rows.map((r) => practices.of(r.practiceId))),
    arrayLiteral(rows.map((r) => regions.of(r.regionId))),
    arrayLiteral(people.ids),
    arrayLiteral(practices.ids),
    arrayLiteral(regions.ids),
    arrayLiteral(rows.map((r) => r.scoreTenths / 10)),
    arrayLiteral(rows.map((r) => Math.round(r.distanceKm * 10) / 10)),
    arrayLiteral(rows.map((r) => r.urgency)),
    arrayLiteral(hashes),
    arrayLiteral(rows.map((r) => r.inPlan ?? null)),
    ...points.map(arrayLiteral),
  ];
}

/** The upsert for rows of `criteria` points each; its parameters are upsertColumns' and three more. */
const upsertSql = (criteria: number): string => {
  const c = Array.from({ length: criteria }, (_, i) => i);
  const last = 13 + criteria;
  return `
  WITH input AS (
    SELECT ids.people[t.si] AS s, ids.people[t.bi] AS b, ids.places[t.pi] AS p, ids.regions[t.ri] AS r,
           t.sc, t.d, t.u, t.h, t.f, ARRAY[${c.map((i) => `t.p${i}`).join(', ')}] AS pt
      FROM (SELECT $5::uuid[] AS people, $6::uuid[] AS places, $7::uuid[] AS regions) ids,
           unnest($1::int[], $2::int[], $3::int[], $4::int[], $8::numeric[], $9::numeric[], $10::numeric[],
                  $11::text[], $12::boolean[], ${c.map((i) => `$${13 + i}::smallint[]`).join(', ')})
        AS t(si, bi, pi, ri, sc, d, u, h, f, ${c.map((i) => `p${i}`).join(', ')})
  ), fresh AS (
    SELECT i.* FROM input i
     WHERE NOT EXISTS (SELECT 1 FROM matches m
                        WHERE m.pair_key = i.s::text || '/' || COALESCE(i.b::text, '-') || '/' || i.p::text
                          AND m.status NOT IN ('suggested', 'withdrawn'))
  ), upserted AS (
    INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown,
                         points_tenths, max_points_tenths, weights_version, distance_km, urgency, content_hash, scored_at,
                         in_regional_plan)
    SELECT CASE WHEN b IS NULL THEN 'pair' ELSE 'duo' END, s, b, p, r, sc, NULL, pt, $${last}::smallint[], $${last + 1},
           d, u, h, now(), COALESCE(f, false)
      FROM fresh
    ON CONFLICT (pair_key) WHERE status IN ('suggested', 'awaiting_consent', 'introduced')
    DO UPDATE SET score = EXCLUDED.score, breakdown = NULL, points_tenths = EXCLUDED.points_tenths,
                  max_points_tenths = EXCLUDED.max_points_tenths, weights_version = EXCLUDED.weights_version,
                  distance_km = EXCLUDED.distance_km, urgency = EXCLUDED.urgency, region_id = EXCLUDED.region_id,
                  content_hash = EXCLUDED.content_hash, scored_at = EXCLUDED.scored_at, updated_at = now(),
                  in_regional_plan = CASE WHEN $${last + 2}::boolean THEN EXCLUDED.in_regional_plan ELSE matches.in_regional_plan END,
                  -- The worker writes only pairs that pass: a proposal or request it rescores fails nothing now.
                  failed_constraints = '{}'
     WHERE matches.status = 'suggested'
    RETURNING (xmax = 0) AS inserted
  )
  -- A worker's suggestion is not given a creation event: its row says who (origin), when (created_at) and
  -- what (suggested), and the timeline shows it from there (WORKER_CREATION). An event row per suggestion
  -- was a quarter of this statement's cost in a full rescoring (a foreign key and two indexes per row).
  SELECT count(*) FILTER (WHERE inserted)::int AS n FROM upserted`;
};

const WITHDRAW_SQL = `
  WITH stale AS (
    UPDATE matches m SET status = 'withdrawn', updated_at = now()
     WHERE m.pair_key = ANY($1::text[]) AND m.status = 'suggested' AND m.origin = 'worker' AND m.requested_by IS NULL
     RETURNING m.id, m.region_id
  ), events AS (
    INSERT INTO match_events (match_id, from_status, to_status, note)
    SELECT id, 'suggested', 'withdrawn', 'no longer passes the hard constraints or no longer among the best fits'
      FROM stale RETURNING match_id
  )
  SELECT region_id, (SELECT count(*) FROM stale)::int AS n FROM stale GROUP BY region_id`;
