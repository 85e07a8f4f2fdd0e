import { EntityManager } from 'typeorm';
import { loadPractices, loadStarters } from './matching-data';
import type { StoredBreakdownItem } from './suggestion-selection';
import {
  BreakdownItem,
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
            practice_id AS "practiceId", breakdown FROM matches WHERE id = $1`,
    [matchId],
  );
  if (!row || !needsExplaining(row)) return;
  await explainBreakdowns(m, [row]);
  await m.query(`UPDATE matches SET breakdown = $2 WHERE id = $1`, [matchId, JSON.stringify(row.breakdown)]);
}
