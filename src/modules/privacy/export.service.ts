import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { MATCH_SELECT, MatchRow, presentMatch } from '../matching/match-view';

type Row = Record<string, unknown>;

/** snake_case row keys as the API's camelCase. */
function camel(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/**
 * Everything held about one account (GDPR art. 15 and 20), as the person may see it: their own records in
 * full, matches with the other side anonymous until introduced, mails by template and status (never their
 * tokens or links), and what the audit log records them doing.
 */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async export(caller: AuthUser): Promise<Row> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const data = await this.collect(m, caller);
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'privacy.exported',
        targetType: 'user',
        targetId: caller.id,
      });
      return data;
    });
  }

  private async collect(m: EntityManager, caller: AuthUser): Promise<Row> {
    const id = caller.id;
    const [account] = await m.query<Row[]>(
      `SELECT id, email, display_name, role, locale, phone, email_verified_at, created_at, updated_at,
              ARRAY(SELECT region_id FROM coordinator_regions WHERE user_id = users.id ORDER BY region_id) AS region_ids
         FROM users WHERE id = $1 AND erased_at IS NULL`,
      [id],
    );
    if (!account) throw notFound('USER.NOT_FOUND', 'Account');
    const locale = account.locale === 'en' ? 'en' : 'nl';
    const rows = (sql: string): Promise<Row[]> => m.query<Row[]>(sql, [id]).then((r) => r.map(camel));

    const [starterProfile] = await rows(`SELECT * FROM starter_profiles WHERE user_id = $1`);
    const matchRows = await m.query<MatchRow[]>(
      `${MATCH_SELECT} WHERE s.user_id = $1 OR b.user_id = $1 OR p.owner_id = $1 ORDER BY m.created_at`,
      [id],
    );
    // Seen as a party, whatever the caller's role: a coordinator's view would reveal the other side.
    const asParty: AuthUser = { ...caller, role: caller.role === 'coordinator' ? 'starter' : caller.role };
    return {
      exportedAt: new Date().toISOString(),
      account: camel(account),
      starterProfile: starterProfile ?? null,
      practices: await rows(`SELECT * FROM practices WHERE owner_id = $1 ORDER BY created_at`),
      matches: matchRows.map((r) => presentMatch(r, asParty, locale)),
      consents: {
        records: await rows(
          `SELECT id, purpose, granted, source, recorded_at FROM consent_records WHERE user_id = $1 ORDER BY recorded_at, id`,
        ),
        introductions: await rows(
          `SELECT match_id, party_role, answer, answered_at, via, created_at FROM match_consents
            WHERE user_id = $1 ORDER BY created_at`,
        ),
      },
      eventRsvps: await rows(
        `SELECT r.event_id, e.title, e.starts_at, r.status, r.created_at
           FROM event_rsvps r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY e.starts_at`,
      ),
      mailPreferences: await rows(
        `SELECT kind, opted_out_at, created_at, updated_at FROM mail_preferences WHERE user_id = $1 ORDER BY kind`,
      ),
      vacancyAlerts: await rows(
        `SELECT a.practice_id, a.score::float8 AS score, a.created_at FROM alert_deliveries a
           JOIN starter_profiles s ON s.id = a.starter_profile_id WHERE s.user_id = $1 ORDER BY a.created_at`,
      ),
      stillLookingProbes: await rows(
        `SELECT subject_type, subject_id, sent_at, answered_at, paused_at FROM freshness_probes
          WHERE user_id = $1 ORDER BY sent_at`,
      ),
      followUps: await rows(
        `SELECT match_id, day, party, sent_at, answer, answered_at FROM follow_ups WHERE user_id = $1 ORDER BY sent_at`,
      ),
      // Template and status only: the data holds one-time tokens, which an export must not hand out again.
      mails: await rows(
        `SELECT id, template, status, locale, created_at, sent_at FROM outbox_messages
          WHERE user_id = $1 OR lower(recipient) = (SELECT lower(email) FROM users WHERE id = $1)
          ORDER BY created_at, id`,
      ),
      auditEntries: await rows(
        `SELECT id, action, target_type, target_id, note, created_at FROM audit_log
          WHERE actor_id = $1 ORDER BY id`,
      ),
    };
  }
}
