import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { Locale } from '../mail/outbox-message.entity';
import { MailService, QueueMail } from '../mail/mail.service';
import { currentWeights, loadPractices, loadStarters } from '../matching/matching-data';
import { checkHardConstraints, haversineKm, scorePair, ScoringStarter } from '../matching/scoring';
import { MailPreferencesService } from './mail-preferences.service';
import { days } from './outreach.constants';

const SWEEP = 'vacancy-alerts';
/**
 * A practice published in a transaction that committed after the previous sweep read may carry a
 * published_at just before that sweep's watermark; looking back an hour catches it (the unique pair makes
 * the overlap harmless).
 */
const OVERLAP_MS = 3_600_000;
/** The very first sweep looks back a week rather than alerting about every practice ever published. */
const FIRST_LOOKBACK_MS = days(7);

interface AlertStarter extends ScoringStarter {
  userId: string;
  email: string;
  locale: Locale;
  displayName: string;
  alertsMinScore: number;
}

interface PracticeFacts {
  place: string;
  list_size: number;
  practice_form: string;
  handover_from: string;
}

export interface AlertSweepResult {
  practices: number;
  sent: number;
}

/**
 * Vacancy alerts (DESIGN.md "Vacancy alerts"): for every practice published since the last sweep, one
 * mail to each starter with alerts enabled whose hard constraints it passes and whose score reaches the
 * starter's threshold. `alert_deliveries (starter_profile_id, practice_id)` is unique, and the delivery row
 * and its mail commit together, so no practice is ever announced twice to the same starter, whatever runs
 * twice or side by side. The matching module is not touched: the sweep reads `published_at`.
 */
@Injectable()
export class VacancyAlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly preferences: MailPreferencesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(now: Date): Promise<AlertSweepResult> {
    const [state] = await this.dataSource.query<Array<{ last_run_at: Date }>>(
      `SELECT last_run_at FROM outreach_sweeps WHERE name = $1`,
      [SWEEP],
    );
    const since = state
      ? new Date(state.last_run_at.getTime() - OVERLAP_MS)
      : new Date(now.getTime() - FIRST_LOOKBACK_MS);
    const ids = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM practices WHERE status = 'published' AND published_at > $1 AND published_at <= $2
        ORDER BY published_at, id`,
      [since, now],
    );
    let sent = 0;
    if (ids.length) {
      const starters = await this.alertStarters();
      for (const { id } of ids) sent += await this.alertPractice(id, starters);
    }
    await this.dataSource.query(
      `INSERT INTO outreach_sweeps (name, last_run_at) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET last_run_at = GREATEST(outreach_sweeps.last_run_at, EXCLUDED.last_run_at)`,
      [SWEEP, now],
    );
    if (sent) this.logger.info({ practices: ids.length, sent }, 'vacancy alerts queued');
    return { practices: ids.length, sent };
  }

  /** Active starters with alerts on; the profile's flag is the authority (unsubscribing switches it off). */
  private async alertStarters(): Promise<AlertStarter[]> {
    const starters = await loadStarters(
      this.dataSource.manager,
      `sp.active AND sp.alerts_enabled AND EXISTS (SELECT 1 FROM users u WHERE u.id = sp.user_id AND u.erased_at IS NULL)`,
    );
    const extra = await this.dataSource.query<
      Array<{
        id: string;
        user_id: string;
        email: string;
        locale: Locale;
        display_name: string;
        alerts_min_score: number;
      }>
    >(
      `SELECT sp.id, sp.user_id, u.email, u.locale, u.display_name, sp.alerts_min_score
         FROM starter_profiles sp JOIN users u ON u.id = sp.user_id
        WHERE sp.active AND sp.alerts_enabled AND u.erased_at IS NULL`,
    );
    const byId = new Map(extra.map((e) => [e.id, e]));
    return starters.flatMap((s) => {
      const e = byId.get(s.id);
      return e
        ? [
            {
              ...s,
              userId: e.user_id,
              email: e.email,
              locale: e.locale,
              displayName: e.display_name,
              alertsMinScore: e.alerts_min_score,
            },
          ]
        : [];
    });
  }

  private async alertPractice(practiceId: string, starters: AlertStarter[]): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [practice] = await loadPractices(m, `p.id = $1 AND p.status = 'published'`, [practiceId]);
      if (!practice) return 0;
      const { weights } = await currentWeights(m);
      const done = await m.query<Array<{ starter_profile_id: string }>>(
        `SELECT starter_profile_id FROM alert_deliveries WHERE practice_id = $1`,
        [practiceId],
      );
      const already = new Set(done.map((d) => d.starter_profile_id));
      const fitting: Array<{ starter: AlertStarter; score: number }> = [];
      for (const s of starters) {
        if (already.has(s.id)) continue;
        const km = haversineKm(s.homeLat, s.homeLon, practice.lat, practice.lon);
        if (checkHardConstraints(s, practice, km).length) continue;
        const { score } = scorePair(s, practice, km, weights);
        if (score >= s.alertsMinScore) fitting.push({ starter: s, score });
      }
      if (!fitting.length) return 0;
      return this.deliver(m, practiceId, fitting);
    });
  }

  private async deliver(
    m: EntityManager,
    practiceId: string,
    fitting: Array<{ starter: AlertStarter; score: number }>,
  ): Promise<number> {
    // Claimed first: a concurrent sweep that got there before us leaves nothing to insert.
    const claimed = await m.query<Array<{ id: string; starter_profile_id: string }>>(
      `INSERT INTO alert_deliveries (starter_profile_id, practice_id, score)
       SELECT s, $1, sc FROM unnest($2::uuid[], $3::numeric[]) AS t(s, sc)
       ON CONFLICT (starter_profile_id, practice_id) DO NOTHING
       RETURNING id, starter_profile_id`,
      [practiceId, fitting.map((f) => f.starter.id), fitting.map((f) => f.score)],
    );
    if (!claimed.length) return 0;
    const [facts] = await m.query<PracticeFacts[]>(
      `SELECT place, list_size, practice_form, to_char(handover_from, 'YYYY-MM-DD') AS handover_from
         FROM practices WHERE id = $1`,
      [practiceId],
    );
    const byStarter = new Map(fitting.map((f) => [f.starter.id, f]));
    const chosen = claimed.map((c) => ({ delivery: c.id, ...byStarter.get(c.starter_profile_id)! }));
    const tokens = await this.preferences.issueUnsubscribeTokens(
      m,
      chosen.map((c) => c.starter.userId),
      'alerts',
    );
    const mails: QueueMail[] = chosen.map(({ starter, score }) => ({
      to: starter.email,
      template: 'vacancy-alert',
      locale: starter.locale,
      userId: starter.userId,
      data: {
        displayName: starter.displayName,
        practiceId,
        place: facts.place,
        listSize: facts.list_size,
        practiceForm: facts.practice_form,
        handoverFrom: facts.handover_from,
        score,
        unsubscribeToken: tokens.get(starter.userId),
      },
    }));
    const outboxIds = await this.mail.queueMany(m, mails);
    await m.query(
      `UPDATE alert_deliveries d SET outbox_id = t.o FROM unnest($1::uuid[], $2::uuid[]) AS t(id, o) WHERE d.id = t.id`,
      [chosen.map((c) => c.delivery), outboxIds],
    );
    return chosen.length;
  }
}
