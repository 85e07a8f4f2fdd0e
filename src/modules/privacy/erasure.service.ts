import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { declineMail } from '../introductions/consent-mails';
import { loadMatchRow, partiesOf, recordTransition } from '../introductions/match-transitions';
import { MailService, QueueMail } from '../mail/mail.service';
import { ERASED_NAME, ERASED_PRACTICE_NAME, erasedEmail, LIVE_MATCH_STATUSES } from './privacy.constants';

interface ErasedPerson {
  id: string;
  email: string;
  display_name: string;
  phone: string | null;
  role: string;
  erased_at: Date | null;
}

export interface ErasureResult {
  withdrawnMatchIds: string[];
  cancelledMails: number;
  noticesQueued: number;
}

/**
 * Erasure (DESIGN.md "Privacy", GDPR art. 17): personal fields anonymised in place rather than rows
 * deleted, because matches, consents and the audit trail refer to the account by id and must stay
 * consistent; what identified the person (email, name, phone, free text) is gone.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /** Erases `userId` in one transaction; `actorId` is the user themself, or null for the retention sweep. */
  async erase(
    userId: string,
    actorId: string | null,
    reason: 'request' | 'retention',
  ): Promise<ErasureResult> {
    return this.dataSource.transaction((m) => this.eraseWithin(m, userId, actorId, reason));
  }

  async eraseWithin(
    m: EntityManager,
    userId: string,
    actorId: string | null,
    reason: 'request' | 'retention',
  ): Promise<ErasureResult> {
    const [person] = await m.query<ErasedPerson[]>(
      `SELECT id, email, display_name, phone, role, erased_at FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    if (!person || person.erased_at !== null) throw notFound('USER.NOT_FOUND', 'Account');
    if (person.role === 'admin') await this.assertNotLastAdmin(m, userId);

    // Before the withdrawals, whose own neutral notes are kept.
    await this.scrubOwnNotes(m, userId);
    const { withdrawnMatchIds, notices } = await this.withdrawLiveMatches(m, userId, actorId);
    // Consent requests and introductions for a match that no longer exists would only confuse.
    await m.query(
      `UPDATE outbox_messages SET status = 'cancelled', updated_at = now()
        WHERE status = 'pending' AND template IN ('consent-request', 'consent-reminder', 'introduction')
          AND data->>'matchId' = ANY($1::text[])`,
      [withdrawnMatchIds],
    );
    const cancelledMails = await this.scrubOutbox(m, person, await this.freeTextOf(m, userId));
    // Queued after the scrub, so the notices to the other side are never cancelled by it.
    await this.mail.queueMany(m, notices);
    await this.anonymise(m, person);

    await this.audit.record(m, {
      actorId,
      action: 'account.erased',
      targetType: 'user',
      targetId: userId,
      details: { reason, withdrawnMatchIds, cancelledMails },
    });
    return { withdrawnMatchIds, cancelledMails, noticesQueued: notices.length };
  }

  /** An admin may not erase the last admin: the platform would have no operator left. */
  private async assertNotLastAdmin(m: EntityManager, userId: string): Promise<void> {
    // Locks every admin row, so two admins erasing themselves at once cannot both pass.
    const others = await m.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE role = 'admin' AND erased_at IS NULL AND id <> $1 ORDER BY id FOR UPDATE`,
      [userId],
    );
    if (others.length === 0) {
      throw new DomainError(HttpStatus.CONFLICT, 'PRIVACY.LAST_ADMIN', 'The last admin cannot be erased');
    }
  }

  /**
   * Every live match the person is party to becomes `withdrawn` (DESIGN.md "Match lifecycle"). Where the
   * other side had been asked or introduced, they get the decline notice: it says only that the
   * introduction will not go ahead, never why or who.
   */
  private async withdrawLiveMatches(
    m: EntityManager,
    userId: string,
    actorId: string | null,
  ): Promise<{ withdrawnMatchIds: string[]; notices: QueueMail[] }> {
    const live = await m.query<Array<{ id: string; status: string }>>(
      `SELECT m.id, m.status FROM matches m
         JOIN starter_profiles s ON s.id = m.starter_profile_id
         LEFT JOIN starter_profiles b ON b.id = m.partner_profile_id
         JOIN practices p ON p.id = m.practice_id
        WHERE (s.user_id = $1 OR b.user_id = $1 OR p.owner_id = $1) AND m.status = ANY($2::text[])
        ORDER BY m.id
        FOR UPDATE OF m`,
      [userId, [...LIVE_MATCH_STATUSES]],
    );
    const notices: QueueMail[] = [];
    for (const match of live) {
      if (match.status !== 'suggested') {
        // Read before anonymising: the notice goes to the other parties' own addresses.
        const parties = await partiesOf(m, await loadMatchRow(m, match.id));
        for (const party of parties) if (party.userId !== userId) notices.push(declineMail(party, match.id));
      }
      await m.query(`UPDATE matches SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [match.id]);
      await recordTransition(m, this.audit, {
        matchId: match.id,
        from: match.status,
        to: 'withdrawn',
        actorId,
        note: 'a party erased their account',
        action: 'match.withdrawn',
        details: { reason: 'account_erased' },
      });
      // Open consent links of the other side would answer a match that no longer exists.
      await m.query(
        `DELETE FROM one_time_tokens WHERE purpose = 'consent' AND subject_id = $1 AND used_at IS NULL`,
        [match.id],
      );
    }
    return { withdrawnMatchIds: live.map((l) => l.id), notices };
  }

  /**
   * Pending mail to the person is cancelled; every outbox row that was addressed to them or carries their
   * email, name or phone as a value (an introduction mail to the other side, a coordinator copy) loses it.
   * Returns the number of cancelled mails to the person.
   */
  /** What the person wrote about themself or their practice, which mails to others may quote. */
  private async freeTextOf(m: EntityManager, userId: string): Promise<string[]> {
    const rows = await m.query<Array<{ value: string | null }>>(
      `SELECT about AS value FROM starter_profiles WHERE user_id = $1
       UNION ALL SELECT unnest(ARRAY[name, address, description]) FROM practices WHERE owner_id = $1`,
      [userId],
    );
    return rows.map((r) => r.value).filter((v): v is string => v !== null && v.trim() !== '');
  }

  private async scrubOutbox(m: EntityManager, person: ErasedPerson, freeText: string[]): Promise<number> {
    const cancelled = await m.query<[unknown[], number]>(
      `UPDATE outbox_messages SET status = 'cancelled', updated_at = now()
        WHERE status = 'pending' AND (user_id = $1 OR lower(recipient) = lower($2))`,
      [person.id, person.email],
    );
    // Values are matched as whole JSON strings, so a short name does not hit every mail containing it.
    const identifiers = [person.email, person.display_name, person.phone, ...freeText].filter(
      (v): v is string => v !== null && v !== '',
    );
    await m.query(
      `UPDATE outbox_messages SET status = 'cancelled', updated_at = now()
        WHERE status = 'pending'
          AND EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE data::text ILIKE '%' || to_json(v)::text || '%')`,
      [identifiers],
    );
    await m.query(
      `UPDATE outbox_messages
          SET recipient = CASE WHEN user_id = $1 OR lower(recipient) = lower($2) THEN $3 ELSE recipient END,
              data = CASE WHEN user_id = $1 OR lower(recipient) = lower($2)
                            OR EXISTS (SELECT 1 FROM unnest($4::text[]) v WHERE data::text ILIKE '%' || to_json(v)::text || '%')
                          THEN '{"erased": true}'::jsonb ELSE data END,
              cc = ARRAY(SELECT c FROM unnest(cc) c WHERE lower(c) <> lower($2)),
              last_error = CASE WHEN user_id = $1 OR lower(recipient) = lower($2) THEN NULL ELSE last_error END,
              updated_at = now()
        WHERE user_id = $1 OR lower(recipient) = lower($2) OR lower($2) = ANY(SELECT lower(c) FROM unnest(cc) c)
           OR EXISTS (SELECT 1 FROM unnest($4::text[]) v WHERE data::text ILIKE '%' || to_json(v)::text || '%')`,
      [person.id, person.email, erasedEmail(person.id), identifiers],
    );
    return cancelled[1];
  }

  private async anonymise(m: EntityManager, person: ErasedPerson): Promise<void> {
    const id = person.id;
    await m.query(
      `UPDATE users SET email = $2, display_name = $3, phone = NULL, password_hash = NULL, erased_at = now(),
              updated_at = now() WHERE id = $1`,
      [id, erasedEmail(id), ERASED_NAME],
    );
    // Kept (anonymised) rather than deleted: deleting would cascade to the matches and their history.
    await m.query(
      `UPDATE starter_profiles SET about = '', active = false, alerts_enabled = false, updated_at = now()
        WHERE user_id = $1`,
      [id],
    );
    await m.query(
      `UPDATE practices
          SET name = $2, address = NULL, description = '', his = NULL, show_name_publicly = false,
              status = CASE WHEN status IN ('draft', 'published', 'in_talks') THEN 'withdrawn' ELSE status END,
              updated_at = now()
        WHERE owner_id = $1`,
      [id, ERASED_PRACTICE_NAME],
    );
    await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      id,
    ]);
    await m.query(`DELETE FROM one_time_tokens WHERE user_id = $1`, [id]);
    await m.query(`DELETE FROM mail_preferences WHERE user_id = $1`, [id]);
    await m.query(`DELETE FROM event_rsvps WHERE user_id = $1`, [id]);
    await m.query(`DELETE FROM coordinator_regions WHERE user_id = $1`, [id]);
    await m.query(
      `DELETE FROM alert_deliveries WHERE starter_profile_id IN (SELECT id FROM starter_profiles WHERE user_id = $1)`,
      [id],
    );
  }

  /** Free text the person wrote themself; the rows (who, when, which transition) stay. */
  private async scrubOwnNotes(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE match_events SET note = NULL WHERE actor_id = $1 AND note IS NOT NULL`, [userId]);
    await scrubAuditNotes(m, `actor_id = $1`, [userId]);
  }
}

/**
 * The audit log is append-only; its trigger lets exactly this through, for this transaction only: notes
 * nulled, nothing else changed.
 */
export async function scrubAuditNotes(m: EntityManager, where: string, params: unknown[]): Promise<number> {
  await m.query(`SELECT set_config('praktijkmatch.audit_scrub', 'on', true)`);
  const result = await m.query<[unknown[], number]>(
    `UPDATE audit_log SET note = NULL WHERE note IS NOT NULL AND ${where}`,
    params,
  );
  await m.query(`SELECT set_config('praktijkmatch.audit_scrub', 'off', true)`);
  return result[1];
}
