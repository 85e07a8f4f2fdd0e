/**
 * Which scored pairs become suggestions. Pure, so the rule is unit-tested on its own.
 *
 * Coordinators act on a short list, not on every pair that passes the hard constraints: a pair is suggested
 * when its score reaches MIN_SUGGESTION_SCORE, and each starter keeps at most MAX_SUGGESTIONS_PER_STARTER
 * (their best), each duo at most MAX_SUGGESTIONS_PER_DUO.
 */
export const MIN_SUGGESTION_SCORE = 40;
export const MAX_SUGGESTIONS_PER_STARTER = 10;
export const MAX_SUGGESTIONS_PER_DUO = 5;
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
