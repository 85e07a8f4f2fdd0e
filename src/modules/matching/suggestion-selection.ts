import {
  assembleScore,
  BreakdownItem,
  CRITERIA,
  daysFraction,
  pairFractions,
  ScoringPractice,
  ScoringStarter,
} from './scoring';

/**
 * Which scored pairs become suggestions. Pure, so the rule is unit-tested on its own.
 *
 * Coordinators act on a short list, not on every pair that passes the hard constraints: a pair is suggested
 * when its score reaches MIN_SUGGESTION_SCORE, and each starter keeps at most MAX_SUGGESTIONS_PER_STARTER
 * (their best), each duo at most MAX_SUGGESTIONS_PER_DUO.
 */
export const MIN_SUGGESTION_SCORE = 40;

/**
 * A suggestion's breakdown as stored: points only. The explanation lines are rendered when it is read
 * (breakdown-explainer.ts) and stored from approval on.
 */
export type StoredBreakdownItem = Omit<BreakdownItem, 'explanation'> &
  Partial<Pick<BreakdownItem, 'explanation'>>;

export const compactBreakdown = (items: readonly BreakdownItem[]): StoredBreakdownItem[] =>
  items.map(({ criterion, points, maxPoints }) => ({ criterion, points, maxPoints }));
export const MAX_SUGGESTIONS_PER_STARTER = 10;
export const MAX_SUGGESTIONS_PER_DUO = 5;

/**
 * The candidate set (DESIGN.md "Matching"): each starter's best N, each practice's best M per successor
 * seat it seeks (pairs, and duos likewise), and every pair of the regional plan over all passing pairs.
 * N and M are settings an admin changes (matching_settings); these are the defaults of the migration.
 *
 * Why N = 10 and M = 3 (docs/matching.md "N and M are settings"): N = 10 is what coordinators had before,
 * kept so that no starter's list shrinks. M decides what the practice side adds. M = 1 already gives every
 * practice with a passing starter a candidate (the crowding case), and the plan's own pairs are kept
 * whatever M is, so M does not decide the plan's quality (the plan is exact over every passing pair in
 * any case). M = 3 gives a coordinator three names per post, so one refusal does not empty a practice.
 * Measured (`npm run bench -- candidate-limits`, 5,000 x 5,000): M = 3 is the smallest M at which every
 * practice a starter passes shows three names per successor seat (or every starter that passes it):
 * M = 1 gives that to 58.6% of them, M = 2 to 89.2%. It stores 81,029 suggestions against 67,038 at M = 1
 * and 94,800 at M = 5; the plan is the same under every setting. N = 20 would store 127,355.
 */
export interface CandidateLimits {
  /** N: a starter's best, kept whatever the practices' side. */
  starterBest: number;
  /** M: a practice's best starters (and duos) per successor seat it seeks. */
  practiceBestPerSeat: number;
}

export const DEFAULT_CANDIDATE_LIMITS: Readonly<CandidateLimits> = Object.freeze({
  starterBest: MAX_SUGGESTIONS_PER_STARTER,
  practiceBestPerSeat: 3,
});
/** A starter looking for a duo partner is paired with at most this many partners (the nearest compatible). */
export const MAX_DUO_PARTNERS = 3;

export interface Candidate {
  starterId: string;
  partnerId: string | null;
  practiceId: string;
  score: number;
}

/** Keeps the best `limit` candidates per group key at or above the minimum score; ties broken by practice id. */
export function selectSuggestions<T extends Candidate>(
  candidates: readonly T[],
  limit: number,
  minScore = MIN_SUGGESTION_SCORE,
): T[] {
  const groups = new Map<string, T[]>();
  for (const c of candidates) {
    if (c.score < minScore) continue;
    const key = `${c.starterId}/${c.partnerId ?? '-'}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const chosen: T[] = [];
  for (const list of groups.values()) {
    list.sort(
      (a, b) => b.score - a.score || (a.practiceId < b.practiceId ? -1 : a.practiceId > b.practiceId ? 1 : 0),
    );
    chosen.push(...list.slice(0, limit));
  }
  return chosen;
}

const NO_EXPLANATION = Object.freeze({ nl: '', en: '' });

/** The points of scorePair without its explanation lines (rendered when read: breakdown-explainer.ts). */
export function pointsOnly(
  s: ScoringStarter,
  p: ScoringPractice,
  distanceKm: number,
  maxTenths: number[],
): StoredBreakdownItem[] {
  return compactBreakdown(
    assembleScore(maxTenths, pairFractions(s, p, distanceKm), () => NO_EXPLANATION).breakdown,
  );
}

/** scoreDuo's points without its explanation lines: days on the combined range, the rest averaged. */
export function duoPointsOnly(
  a: ScoringStarter,
  b: ScoringStarter,
  p: ScoringPractice,
  distA: number,
  distB: number,
  maxTenths: number[],
): { score: number; breakdown: StoredBreakdownItem[] } {
  const fa = pairFractions(a, p, distA);
  const fb = pairFractions(b, p, distB);
  const days = CRITERIA.indexOf('days');
  const fractions = fa.map((f, i) =>
    i === days
      ? daysFraction(
          a.daysPerWeekMin + b.daysPerWeekMin,
          a.daysPerWeekMax + b.daysPerWeekMax,
          p.daysPerWeekNeeded,
        )
      : (f + fb[i]) / 2,
  );
  const { score, breakdown } = assembleScore(maxTenths, fractions, () => NO_EXPLANATION);
  return { score, breakdown: compactBreakdown(breakdown) };
}

/** The best `limit` at or above the minimum score, ties broken by practice id (selectSuggestions' rule). */
export function bestOf<T extends { score: number }>(
  items: readonly T[],
  limit: number,
  idOf: (item: T) => string,
): T[] {
  return items
    .filter((x) => x.score >= MIN_SUGGESTION_SCORE)
    .sort((x, y) => y.score - x.score || (idOf(x) < idOf(y) ? -1 : idOf(x) > idOf(y) ? 1 : 0))
    .slice(0, limit);
}
