import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { ErasureService, scrubAuditNotes } from './erasure.service';
import { CLOSED_MATCH_NOTE_YEARS, LIVE_MATCH_STATUSES, UNVERIFIED_ACCOUNT_DAYS } from './privacy.constants';

export interface RetentionResult {
  deletedAccounts: number;
  erasedAccounts: number;
  clearedMatchNotes: number;
}

const DAY_MS = 86_400_000;

/**
 * The retention periods of README "Privacy", applied by the worker once a day. Idempotent: a second run
 * at the same `now` finds nothing left to do.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(now: Date): Promise<RetentionResult> {
    const accounts = await this.sweepUnverified(now);
    const clearedMatchNotes = await this.clearOldMatchNotes(now);
    const result = { ...accounts, clearedMatchNotes };
    this.logger.info(result, 'retention sweep done');
    return result;
  }

  /**
   * Self-registered accounts never verified within 30 days: erased (live matches withdrawn, mail
   * cancelled), then deleted outright when no match refers to them any more. Invited coordinators and
   * admins are left to the admin who invited them.
   */
  private async sweepUnverified(now: Date): Promise<Omit<RetentionResult, 'clearedMatchNotes'>> {
    const cutoff = new Date(now.getTime() - UNVERIFIED_ACCOUNT_DAYS * DAY_MS);
    const stale = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE email_verified_at IS NULL AND erased_at IS NULL
          AND role IN ('starter', 'stopper') AND created_at < $1 ORDER BY created_at LIMIT 1000`,
      [cutoff],
    );
    let deletedAccounts = 0;
    let erasedAccounts = 0;
    for (const { id } of stale) {
      const deleted = await this.dataSource.transaction(async (m) => {
        await this.erasure.eraseWithin(m, id, null, 'retention');
        const gone = await m.query<[unknown[], number]>(
          `DELETE FROM users u WHERE u.id = $1
              AND NOT EXISTS (SELECT 1 FROM matches mt JOIN starter_profiles s ON s.id = mt.starter_profile_id
                               WHERE s.user_id = u.id)
              AND NOT EXISTS (SELECT 1 FROM matches mt JOIN starter_profiles s ON s.id = mt.partner_profile_id
                               WHERE s.user_id = u.id)
              AND NOT EXISTS (SELECT 1 FROM matches mt JOIN practices p ON p.id = mt.practice_id
                               WHERE p.owner_id = u.id)`,
          [id],
        );
        if (gone[1] === 1) {
          await this.audit.record(m, {
            actorId: null,
            action: 'account.deleted_unverified',
            targetType: 'user',
            targetId: id,
          });
        }
        return gone[1] === 1;
      });
      if (deleted) deletedAccounts += 1;
      else erasedAccounts += 1;
    }
    return { deletedAccounts, erasedAccounts };
  }

  /** Notes on matches that ended over two years ago: the history (who, when, which step) stays. */
  private async clearOldMatchNotes(now: Date): Promise<number> {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - CLOSED_MATCH_NOTE_YEARS);
    return this.dataSource.transaction(async (m) => {
      const old = await m.query<Array<{ id: string }>>(
        `SELECT id FROM matches
          WHERE status <> ALL($2::text[]) AND COALESCE(closed_at, updated_at) < $1
            AND EXISTS (SELECT 1 FROM match_events e WHERE e.match_id = matches.id AND e.note IS NOT NULL)`,
        [cutoff, [...LIVE_MATCH_STATUSES]],
      );
      if (old.length === 0) return 0;
      const ids = old.map((o) => o.id);
      const cleared = await m.query<[unknown[], number]>(
        `UPDATE match_events SET note = NULL WHERE match_id = ANY($1::uuid[]) AND note IS NOT NULL`,
        [ids],
      );
      // recordTransition copies each note into the audit log: the same notes go there too.
      await scrubAuditNotes(m, `target_type = 'match' AND target_id = ANY($1::text[])`, [ids]);
      return cleared[1];
    });
  }
}
