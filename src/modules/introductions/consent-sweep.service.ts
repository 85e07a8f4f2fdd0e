import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { ConsentService } from './consent.service';
import { loadMatchRow, partiesOf } from './match-transitions';

const BATCH = 500;

export interface SweepResult {
  reminded: number;
  expired: number;
}

/**
 * Matches waiting for consent: one reminder to whoever has not answered after CONSENT_REMINDER_DAYS, and
 * `expired` after CONSENT_EXPIRY_DAYS (DESIGN.md "Match lifecycle"). Both are conditional updates on rows
 * locked with SKIP LOCKED, so overlapping runs (several workers, a slow run) never remind twice.
 * `now` is a parameter so tests drive the clock.
 */
@Injectable()
export class ConsentSweepService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Env,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const result = await this.dataSource.transaction(async (m) => {
      // Expiry first: a match past both deadlines expires without a late reminder.
      const due = await m.query<Array<{ id: string }>>(
        `SELECT id FROM matches
          WHERE status = 'awaiting_consent' AND approved_at <= $1::timestamptz - make_interval(days => $2)
          ORDER BY approved_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [now, this.env.CONSENT_EXPIRY_DAYS, BATCH],
      );
      for (const { id } of due) {
        await this.consent.end(
          m,
          id,
          'expired',
          null,
          `not every party answered within ${this.env.CONSENT_EXPIRY_DAYS} days`,
          'match.expired',
          [],
        );
      }
      const remind = await m.query<[Array<{ id: string; approved_at: Date }>, number]>(
        `UPDATE matches SET reminder_sent_at = $1
          WHERE id IN (SELECT id FROM matches
                        WHERE status = 'awaiting_consent' AND reminder_sent_at IS NULL
                          AND approved_at <= $1::timestamptz - make_interval(days => $2)
                        ORDER BY approved_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING id, approved_at`,
        [now, this.env.CONSENT_REMINDER_DAYS, BATCH],
      );
      for (const { id, approved_at } of remind[0]) {
        const open = await m.query<Array<{ user_id: string }>>(
          `SELECT user_id FROM match_consents WHERE match_id = $1 AND answer IS NULL`,
          [id],
        );
        const row = await loadMatchRow(m, id);
        const parties = (await partiesOf(m, row)).filter((p) => open.some((o) => o.user_id === p.userId));
        await this.consent.mailConsent(m, row, parties, approved_at, 'consent-reminder', now);
        await this.audit.record(m, {
          actorId: null,
          action: 'match.consent_reminded',
          targetType: 'match',
          targetId: id,
          details: { parties: parties.map((p) => p.role) },
        });
      }
      return { reminded: remind[0].length, expired: due.length };
    });
    if (result.reminded || result.expired) this.logger.info(result, 'consent sweep');
    return result;
  }
}
