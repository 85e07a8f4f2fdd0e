import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailService } from '../mail/mail.service';
import { Locale } from '../mail/outbox-message.entity';
import { invalidToken, MailPreferencesService, notOptedOut } from './mail-preferences.service';
import { days, FOLLOW_UP_DAYS, FOLLOW_UP_TTL_SECONDS } from './outreach.constants';
import { issueTokens, redeemToken } from './outreach-tokens';

export const FOLLOW_UP_ANSWERS = ['in_talks', 'agreement', 'no_fit', 'no_contact'] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

type Party = 'starter' | 'partner' | 'stopper';

interface DueParty {
  match_id: string;
  party: Party;
  user_id: string;
  email: string;
  locale: Locale;
  display_name: string;
}

/** A follow-up not sent on its day (worker down) is still sent until the next one is due. */
const SEND_UNTIL_DAYS: Record<(typeof FOLLOW_UP_DAYS)[number], number> = { 30: 90, 90: 180 };

/**
 * Thirty and ninety days after an introduction (matches.introduced_at) each party is asked how it went.
 * `follow_ups (match_id, day, party)` is unique and written with its mail in one transaction, so a sweep
 * run twice asks nobody twice. The answers feed the region's funnel (see StatsService).
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly preferences: MailPreferencesService,
  ) {}

  async sweep(now: Date): Promise<{ sent: number }> {
    let sent = 0;
    for (const day of FOLLOW_UP_DAYS) sent += await this.sweepDay(now, day);
    return { sent };
  }

  private async sweepDay(now: Date, day: (typeof FOLLOW_UP_DAYS)[number]): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due = await m.query<DueParty[]>(
        `SELECT x.match_id, x.party, u.id AS user_id, u.email, u.locale, u.display_name
           FROM (
             SELECT m.id AS match_id, 'starter' AS party, sp.user_id FROM matches m
               JOIN starter_profiles sp ON sp.id = m.starter_profile_id
              WHERE m.introduced_at <= $1 AND m.introduced_at > $2
             UNION ALL
             SELECT m.id, 'partner', pp.user_id FROM matches m
               JOIN starter_profiles pp ON pp.id = m.partner_profile_id
              WHERE m.introduced_at <= $1 AND m.introduced_at > $2
             UNION ALL
             SELECT m.id, 'stopper', p.owner_id FROM matches m
               JOIN practices p ON p.id = m.practice_id
              WHERE m.introduced_at <= $1 AND m.introduced_at > $2
           ) x
           JOIN users u ON u.id = x.user_id
          WHERE u.erased_at IS NULL AND ${notOptedOut('u.id', `'follow_up'`)}
            AND NOT EXISTS (SELECT 1 FROM follow_ups f
                             WHERE f.match_id = x.match_id AND f.day = $3 AND f.party = x.party)
          ORDER BY x.match_id, x.party`,
        [new Date(now.getTime() - days(day)), new Date(now.getTime() - days(SEND_UNTIL_DAYS[day])), day],
      );
      if (!due.length) return 0;
      const inserted = await m.query<Array<{ id: string; match_id: string; party: Party }>>(
        `INSERT INTO follow_ups (match_id, day, party, user_id, sent_at)
         SELECT mt, $1, pa, u, $5 FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t(mt, pa, u)
         ON CONFLICT (match_id, day, party) DO NOTHING
         RETURNING id, match_id, party`,
        [day, due.map((d) => d.match_id), due.map((d) => d.party), due.map((d) => d.user_id), now],
      );
      const byKey = new Map(due.map((d) => [`${d.match_id}/${d.party}`, d]));
      const rows = inserted.map((i) => ({ followUpId: i.id, ...byKey.get(`${i.match_id}/${i.party}`)! }));
      const tokens = await issueTokens(
        m,
        'follow_up',
        rows.map((r) => ({ userId: r.user_id, subjectId: r.followUpId })),
        FOLLOW_UP_TTL_SECONDS,
      );
      const unsubscribe = await this.preferences.issueUnsubscribeTokens(
        m,
        rows.map((r) => r.user_id),
        'follow_up',
      );
      await this.mail.queueMany(
        m,
        rows.map((r, i) => ({
          to: r.email,
          template: 'introduction-follow-up',
          locale: r.locale,
          userId: r.user_id,
          data: {
            displayName: r.display_name,
            day,
            otherSide: otherSide(r.party, r.locale),
            token: tokens[i],
            unsubscribeToken: unsubscribe.get(r.user_id),
          },
        })),
      );
      return rows.length;
    });
  }

  /** Stores the answer of a follow-up link; the first answer counts, later clicks return it unchanged. */
  async answer(token: string, answer: FollowUpAnswer): Promise<{ day: number; answer: FollowUpAnswer }> {
    return this.dataSource.transaction(async (m) => {
      const id = await redeemToken(m, 'follow_up', token);
      if (!id) throw invalidToken();
      const rows = await m.query<[Array<{ day: number; answer: FollowUpAnswer }>, number]>(
        `UPDATE follow_ups SET answer = COALESCE(answer, $2),
                answered_at = COALESCE(answered_at, now())
          WHERE id = $1 RETURNING day, answer`,
        [id, answer],
      );
      // UPDATE ... RETURNING through query() yields [rows, count].
      const row = rows[0][0];
      if (!row) throw invalidToken();
      return { day: row.day, answer: row.answer };
    });
  }
}

function otherSide(party: Party, locale: Locale): string {
  if (party === 'stopper') return locale === 'en' ? 'starting GP' : 'startende huisarts';
  return locale === 'en' ? 'practice holder' : 'praktijkhouder';
}
