import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../core/errors/domain-error';
import { MailKind, UNSUBSCRIBE_TTL_SECONDS } from './outreach.constants';
import { issueTokens, redeemToken } from './outreach-tokens';

/** SQL condition: user `$col` has not opted out of mail of kind `$kindParam`. */
export const notOptedOut = (userCol: string, kindParam: string): string =>
  `NOT EXISTS (SELECT 1 FROM mail_preferences mp
                WHERE mp.user_id = ${userCol} AND mp.kind = ${kindParam} AND mp.opted_out_at IS NOT NULL)`;

/**
 * Opt-outs per person and kind of mail. An unsubscribe token is a one-time token (purpose `unsubscribe`)
 * whose subject is the person's `mail_preferences` row of that kind, so one click needs no login and names
 * exactly what to stop. Unlike other one-time tokens it stays usable: a mail client's one-click POST and a
 * person's click on the same link must both succeed.
 */
@Injectable()
export class MailPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One unsubscribe token per user for `kind`, issued in one round trip each for preferences and tokens. */
  async issueUnsubscribeTokens(
    m: EntityManager,
    userIds: string[],
    kind: MailKind,
  ): Promise<Map<string, string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Map();
    const prefs = await m.query<Array<{ id: string; user_id: string }>>(
      `INSERT INTO mail_preferences (user_id, kind) SELECT u, $2 FROM unnest($1::uuid[]) AS u
       ON CONFLICT (user_id, kind) DO UPDATE SET updated_at = mail_preferences.updated_at
       RETURNING id, user_id`,
      [unique, kind],
    );
    const issued = await issueTokens(
      m,
      'unsubscribe',
      prefs.map((p) => ({ userId: p.user_id, subjectId: p.id })),
      UNSUBSCRIBE_TTL_SECONDS,
    );
    const tokens = new Map<string, string>(prefs.map((p, i) => [p.user_id, issued[i]]));
    return tokens;
  }

  /** Opts the token's person out of its kind of mail; idempotent. Alerts also switch off on the profile. */
  async unsubscribe(token: string): Promise<{ kind: MailKind }> {
    return this.dataSource.transaction(async (m) => {
      const subjectId = await redeemToken(m, 'unsubscribe', token);
      if (!subjectId) throw invalidToken();
      const prefs = await m.query<[Array<{ user_id: string; kind: MailKind }>, number]>(
        `UPDATE mail_preferences SET opted_out_at = COALESCE(opted_out_at, now()), updated_at = now()
          WHERE id = $1 RETURNING user_id, kind`,
        [subjectId],
      );
      const pref = prefs[0][0];
      if (!pref) throw invalidToken();
      if (pref.kind === 'alerts') {
        await m.query(
          `UPDATE starter_profiles SET alerts_enabled = false, updated_at = now() WHERE user_id = $1`,
          [pref.user_id],
        );
      }
      return { kind: pref.kind };
    });
  }
}

export const invalidToken = (): DomainError =>
  new DomainError(400, 'OUTREACH.INVALID_TOKEN', 'The link is unknown, expired or already used');
