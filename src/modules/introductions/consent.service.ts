import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Env } from '../../core/config/env';
import { conflict, DomainError, forbidden } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { hashToken, OneTimeTokenService } from '../auth/one-time-token.service';
import { MailService, QueueMail } from '../mail/mail.service';
import type { MatchRow } from '../matching/match-view';
import { consentMail, declineMail, introductionMail, isoDatePlusDays } from './consent-mails';
import {
  coordinatorEmails,
  loadMatchRow,
  matchNotFound,
  Party,
  partiesOf,
  recordTransition,
} from './match-transitions';

const DAY_MS = 86_400_000;

export type AnswerVia = 'api' | 'link';

export interface AnswerResult {
  matchId: string;
  /** The match's status after the answer: still awaiting_consent, declined or introduced. */
  status: 'awaiting_consent' | 'declined' | 'introduced';
  /** The practice whose status changed (published → in_talks), for a rescoring after commit. */
  practiceChanged: string | null;
}

/**
 * Double consent (DESIGN.md "Anonymity and consent"): consent rows and mailed single-use links on
 * approval, one answer per party, a decline ends the match unattributed, all yes introduces them.
 * Every method takes the caller's EntityManager: it runs inside the transaction of the change.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly env: Env,
    private readonly mail: MailService,
    private readonly tokens: OneTimeTokenService,
    private readonly audit: AuditService,
  ) {}

  /** On approval: one consent row and one consent request with its own token per party. */
  async requestConsent(m: EntityManager, row: MatchRow, approvedAt: Date): Promise<void> {
    const parties = await partiesOf(m, row);
    await m.query(
      `INSERT INTO match_consents (match_id, party_role, user_id)
       SELECT $1, r, u FROM unnest($2::text[], $3::uuid[]) AS t(r, u)`,
      [row.id, parties.map((p) => p.role), parties.map((p) => p.userId)],
    );
    await this.mailConsent(m, row, parties, approvedAt, 'consent-request');
  }

  /** A consent request (or reminder) to each given party, each with a fresh single-use token. */
  async mailConsent(
    m: EntityManager,
    row: MatchRow,
    parties: Party[],
    approvedAt: Date,
    template: 'consent-request' | 'consent-reminder',
    now = new Date(),
  ): Promise<void> {
    const expiresAt = approvedAt.getTime() + this.env.CONSENT_EXPIRY_DAYS * DAY_MS;
    // Valid until the match expires (plus a day's grace for the sweep to run); at least an hour.
    const ttlSeconds = Math.max(3600, Math.ceil((expiresAt + DAY_MS - now.getTime()) / 1000));
    const expiresOn = isoDatePlusDays(approvedAt, this.env.CONSENT_EXPIRY_DAYS);
    const mails: QueueMail[] = [];
    for (const party of parties) {
      const token = await this.tokens.issue(m, 'consent', party.userId, ttlSeconds, row.id);
      mails.push(consentMail(row, party, token, expiresOn, template));
    }
    await this.mail.queueMany(m, mails);
  }

  /**
   * The answer of the party `userId`. The match row is locked first, so answers of several parties are
   * serialised and exactly one of them sees "everyone said yes".
   */
  async answer(
    m: EntityManager,
    matchId: string,
    userId: string,
    accept: boolean,
    via: AnswerVia,
  ): Promise<AnswerResult> {
    const locked = await m.query<Array<{ status: string }>>(
      `SELECT status FROM matches WHERE id = $1 FOR UPDATE`,
      [matchId],
    );
    if (!locked[0]) throw matchNotFound();
    if (locked[0].status !== 'awaiting_consent') {
      throw conflict('MATCH.NOT_AWAITING_CONSENT', `The match is ${locked[0].status}, not awaiting consent`);
    }
    const answered = await m.query<[Array<{ party_role: string }>, number]>(
      `UPDATE match_consents SET answer = $3, answered_at = now(), via = $4
        WHERE match_id = $1 AND user_id = $2 AND answer IS NULL RETURNING party_role`,
      [matchId, userId, accept, via],
    );
    if (!answered[0][0]) {
      const asked = await m.query<Array<{ answer: boolean | null }>>(
        `SELECT answer FROM match_consents WHERE match_id = $1 AND user_id = $2`,
        [matchId, userId],
      );
      if (!asked[0]) throw forbidden('MATCH.NOT_A_PARTY', 'Only the parties of a match answer it');
      throw conflict('CONSENT.ALREADY_ANSWERED', 'You already answered this introduction');
    }
    await this.audit.record(m, {
      actorId: userId,
      action: accept ? 'match.consent_given' : 'match.consent_declined',
      targetType: 'match',
      targetId: matchId,
      details: { party: answered[0][0].party_role, via },
    });
    if (!accept) {
      await this.end(m, matchId, 'declined', userId, 'a party declined', 'match.declined', [userId]);
      return { matchId, status: 'declined', practiceChanged: null };
    }
    const pending = await m.query<Array<{ open: number }>>(
      `SELECT count(*) FILTER (WHERE answer IS NOT TRUE)::int AS open FROM match_consents WHERE match_id = $1`,
      [matchId],
    );
    if (pending[0].open > 0) return { matchId, status: 'awaiting_consent', practiceChanged: null };
    const practiceChanged = await this.introduce(m, matchId, userId);
    return { matchId, status: 'introduced', practiceChanged };
  }

  /**
   * Ends a match waiting for consent (declined or expired) and tells every party except `skipUserIds`
   * only that it will not go ahead: the notice never says who declined.
   */
  async end(
    m: EntityManager,
    matchId: string,
    to: 'declined' | 'expired',
    actorId: string | null,
    note: string,
    action: string,
    skipUserIds: string[],
  ): Promise<void> {
    await m.query(`UPDATE matches SET status = $2, updated_at = now() WHERE id = $1`, [matchId, to]);
    await recordTransition(m, this.audit, { matchId, from: 'awaiting_consent', to, actorId, note, action });
    const row = await loadMatchRow(m, matchId);
    const parties = await partiesOf(m, row);
    await this.mail.queueMany(
      m,
      parties.filter((p) => !skipUserIds.includes(p.userId)).map((p) => declineMail(p, matchId)),
    );
  }

  /** Everyone said yes: introduced, the introduction mail to each party, the practice in talks. */
  private async introduce(m: EntityManager, matchId: string, actorId: string): Promise<string | null> {
    await m.query(
      `UPDATE matches SET status = 'introduced', introduced_at = now(), updated_at = now() WHERE id = $1`,
      [matchId],
    );
    await recordTransition(m, this.audit, {
      matchId,
      from: 'awaiting_consent',
      to: 'introduced',
      actorId,
      note: 'every party accepted',
      action: 'match.introduced',
    });
    const row = await loadMatchRow(m, matchId);
    const parties = await partiesOf(m, row);
    const cc = await coordinatorEmails(m, row.regionId);
    await this.mail.queueMany(
      m,
      parties.map((p) =>
        introductionMail(
          row,
          p,
          parties.filter((o) => o.userId !== p.userId),
          cc,
        ),
      ),
    );
    const moved = await m.query<[Array<{ id: string }>, number]>(
      `UPDATE practices SET status = 'in_talks', updated_at = now() WHERE id = $1 AND status = 'published' RETURNING id`,
      [row.practice.id],
    );
    if (!moved[0][0]) return null;
    await this.audit.record(m, {
      actorId: null,
      action: 'practice.in_talks',
      targetType: 'practice',
      targetId: row.practice.id,
      details: { from: 'published', matchId, regionId: row.regionId },
    });
    return row.practice.id;
  }

  /** The user a mailed consent token was for and its match; 400 for an unknown token, 410 for a spent one. */
  async consumeToken(m: EntityManager, token: string): Promise<{ userId: string; matchId: string }> {
    return this.resolveToken(m, token, await this.tokens.consume(m, 'consent', token));
  }

  /** The same as consumeToken, leaving the token usable: the consent page shows the match before the answer. */
  async peekToken(m: EntityManager, token: string): Promise<{ userId: string; matchId: string }> {
    return this.resolveToken(m, token, await this.tokens.peek(m, 'consent', token));
  }

  private async resolveToken(
    m: EntityManager,
    token: string,
    found: { userId: string | null; subjectId: string | null } | null,
  ): Promise<{ userId: string; matchId: string }> {
    if (found?.userId && found.subjectId) return { userId: found.userId, matchId: found.subjectId };
    const known = await m.query<Array<{ used: boolean }>>(
      `SELECT used_at IS NOT NULL AS used FROM one_time_tokens WHERE token_hash = $1 AND purpose = 'consent'`,
      [hashToken(token)],
    );
    if (known[0]) {
      throw new DomainError(
        HttpStatus.GONE,
        known[0].used ? 'CONSENT.TOKEN_USED' : 'CONSENT.TOKEN_EXPIRED',
        known[0].used ? 'This link has already been used' : 'This link has expired',
      );
    }
    throw new DomainError(HttpStatus.BAD_REQUEST, 'CONSENT.INVALID_TOKEN', 'Invalid consent link');
  }
}
