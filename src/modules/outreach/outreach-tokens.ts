import { EntityManager } from 'typeorm';
import type { TokenPurpose } from '../auth/one-time-token.entity';
import { hashToken, newToken } from '../auth/one-time-token.service';

/**
 * Bulk issue of one-time tokens (the same `one_time_tokens` rows OneTimeTokenService writes), one INSERT for
 * a whole mailing. Returns the plain tokens in the order of `subjects`.
 */
export async function issueTokens(
  m: EntityManager,
  purpose: TokenPurpose,
  subjects: Array<{ userId: string | null; subjectId: string }>,
  ttlSeconds: number,
): Promise<string[]> {
  if (subjects.length === 0) return [];
  const tokens = subjects.map(() => newToken());
  await m.query(
    `INSERT INTO one_time_tokens (user_id, purpose, subject_id, token_hash, expires_at)
     SELECT u, $1, s, h, now() + make_interval(secs => $5)
       FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS t(u, s, h)`,
    [
      purpose,
      subjects.map((s) => s.userId),
      subjects.map((s) => s.subjectId),
      tokens.map(hashToken),
      ttlSeconds,
    ],
  );
  return tokens;
}

/**
 * The subject of an unexpired token of `purpose`, marking it used. A link from these mails may be followed
 * more than once (a mail client's prefetch, a second click); each answer route is idempotent itself, so the
 * token is not refused when already used.
 */
export async function redeemToken(
  m: EntityManager,
  purpose: TokenPurpose,
  token: string,
): Promise<string | null> {
  const rows = await m.query<[Array<{ subject_id: string | null }>, number]>(
    `UPDATE one_time_tokens SET used_at = COALESCE(used_at, now())
      WHERE token_hash = $1 AND purpose = $2 AND expires_at > now()
      RETURNING subject_id`,
    [hashToken(token), purpose],
  );
  return rows[0][0]?.subject_id ?? null;
}
