import { EntityManager } from 'typeorm';
import { loadPractices, loadStarters } from './matching-data';
import type { StoredBreakdownItem } from './suggestion-selection';
import {
  BreakdownItem,
  CRITERIA,
  DEFAULT_WEIGHTS,
  explainCriterion,
  haversineKm,
  scoreDuo,
  ScoringPractice,
  ScoringStarter,
} from './scoring';

/**
 * A suggestion is stored with its points only ({criterion, points, maxPoints}); its two-language
 * explanation lines are rendered when someone reads it, from the same profile and practice the points
 * were computed from (every change to either is rescored). This keeps the nightly rescoring from writing
 * kilobytes of text per pair that nobody reads. From approval on, the explained breakdown is stored and
 * frozen (`freezeBreakdown`).
 */
export type { StoredBreakdownItem };

/**
 * SQL for a match's breakdown as stored: the explained one kept from approval on (and by older rows), else
 * the worker's points (`points_tenths`, `max_points_tenths`: whole tenths in CRITERIA order) as
 * {criterion, points, maxPoints} items. Every reader of a match's breakdown goes through it.
 */
export const storedBreakdownSql = (alias: string): string => `COALESCE(${alias}.breakdown, (
  SELECT jsonb_agg(jsonb_build_object('criterion', t.c, 'points', round(t.p / 10.0, 1), 'maxPoints', round(t.x / 10.0, 1))
                   ORDER BY t.n)
    FROM unnest(ARRAY[${CRITERIA.map((c) => `'${c}'`).join(',')}]::text[], ${alias}.points_tenths, ${alias}.max_points_tenths)
         WITH ORDINALITY AS t(c, p, x, n)))`;

export interface ExplainableMatch {
  starterProfileId: string;
  partnerProfileId: string | null;
  practiceId: string;
  breakdown: StoredBreakdownItem[];
}

const needsExplaining = (row: ExplainableMatch): boolean => row.breakdown.some((b) => !b.explanation);

/** Fills in the explanation of every breakdown item that has none, in place (two queries for any number of rows). */
export async function explainBreakdowns(m: EntityManager, rows: ExplainableMatch[]): Promise<void> {
  const todo = rows.filter(needsExplaining);
  if (todo.length === 0) return;
  const starterIds = [
    ...new Set(
      todo.flatMap((r) => [r.starterProfileId, ...(r.partnerProfileId ? [r.partnerProfileId] : [])]),
    ),
  ];
  const practiceIds = [...new Set(todo.map((r) => r.practiceId))];
  const [starters, practices] = await Promise.all([
    loadStarters(m, 'sp.id = ANY($1::uuid[])', [starterIds]),
    loadPractices(m, 'p.id = ANY($1::uuid[])', [practiceIds]),
  ]);
  const starterById = new Map(starters.map((s) => [s.id, s]));
  const practiceById = new Map(practices.map((p) => [p.id, p]));
  for (const row of todo) {
    const s = starterById.get(row.starterProfileId);
    const p = practiceById.get(row.practiceId);
    if (!s || !p) continue;
    const partner = row.partnerProfileId ? starterById.get(row.partnerProfileId) : undefined;
    const lines = explanationsFor(s, partner, p);
    row.breakdown = row.breakdown.map((b) => ({
      ...b,
      explanation: b.explanation ?? lines.get(b.criterion),
    }));
  }
}

function explanationsFor(
  s: ScoringStarter,
  partner: ScoringStarter | undefined,
  p: ScoringPractice,
): Map<BreakdownItem['criterion'], BreakdownItem['explanation']> {
  const dS = haversineKm(s.homeLat, s.homeLon, p.lat, p.lon);
  if (partner) {
    const dB = haversineKm(partner.homeLat, partner.homeLon, p.lat, p.lon);
    // Explanations do not depend on the weights; any valid set renders the same lines.
    return new Map(
      scoreDuo(s, partner, p, dS, dB, DEFAULT_WEIGHTS).breakdown.map((b) => [b.criterion, b.explanation]),
    );
  }
  return new Map(
    (Object.keys(DEFAULT_WEIGHTS) as Array<BreakdownItem['criterion']>).map((c) => [
      c,
      explainCriterion(c, s, p, dS),
    ]),
  );
}

/** At approval: the explained breakdown as it reads now, stored so it never changes afterwards. */
export async function freezeBreakdown(m: EntityManager, matchId: string): Promise<void> {
  const [row] = await m.query<ExplainableMatch[]>(
    `SELECT starter_profile_id AS "starterProfileId", partner_profile_id AS "partnerProfileId",
            practice_id AS "practiceId", ${storedBreakdownSql('m')} AS breakdown FROM matches m WHERE id = $1`,
    [matchId],
  );
  if (!row || !needsExplaining(row)) return;
  await explainBreakdowns(m, [row]);
  await m.query(
    `UPDATE matches SET breakdown = $2, points_tenths = NULL, max_points_tenths = NULL WHERE id = $1`,
    [matchId, JSON.stringify(row.breakdown)],
  );
}
