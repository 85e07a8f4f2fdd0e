import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import type { Locale } from '../mail/outbox-message.entity';
import { MailService } from '../mail/mail.service';
import { loadPractices } from '../matching/matching-data';
import { todayIso } from '../matching/rescoring.service';
import { urgency } from '../matching/scoring';

/** A practice at or above this urgency (0..100) with no introduction under way is listed as urgent. */
export const DIGEST_URGENCY_THRESHOLD = 60;
const DIGEST_LIST_LIMIT = 10;

interface Coordinator {
  id: string;
  displayName: string;
  email: string;
  locale: Locale;
  regionIds: string[];
}

/**
 * The daily mail to each coordinator: suggestions new since their previous digest and the urgent
 * practices of their regions. One per coordinator per day (coordinator_digests), whatever reruns.
 */
@Injectable()
export class CoordinatorDigestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Returns how many digests were mailed. */
  async sendDigests(now: Date = new Date()): Promise<number> {
    const coordinators = await this.dataSource.query<Coordinator[]>(
      `SELECT u.id, u.display_name AS "displayName", u.email, u.locale, array_agg(cr.region_id) AS "regionIds"
         FROM users u JOIN coordinator_regions cr ON cr.user_id = u.id
        WHERE u.role = 'coordinator' AND u.erased_at IS NULL
        GROUP BY u.id ORDER BY u.id`,
    );
    let sent = 0;
    for (const c of coordinators) {
      if (await this.dataSource.transaction((m) => this.digestFor(m, c, now))) sent += 1;
    }
    if (sent) this.logger.info({ sent }, 'coordinator digests queued');
    return sent;
  }

  private async digestFor(m: EntityManager, c: Coordinator, now: Date): Promise<boolean> {
    const date = todayIso(now);
    const claimed = await m.query<Array<{ user_id: string }>>(
      `INSERT INTO coordinator_digests (user_id, digest_date, suggestions, urgent_practices, created_at)
       VALUES ($1, $2, 0, 0, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [c.id, date, now],
    );
    if (!claimed[0]) return false;
    const [previous] = await m.query<Array<{ at: Date | null }>>(
      `SELECT max(created_at) AS at FROM coordinator_digests WHERE user_id = $1 AND digest_date < $2`,
      [c.id, date],
    );
    const since = previous?.at ?? new Date(now.getTime() - 86_400_000);
    const suggestions = await m.query<Array<{ practice: string; place: string; score: number }>>(
      `SELECT p.name AS practice, p.place, m.score::float8 AS score
         FROM matches m JOIN practices p ON p.id = m.practice_id
        WHERE m.region_id = ANY($1::uuid[]) AND m.status = 'suggested' AND m.created_at > $2 AND m.created_at <= $3
        ORDER BY m.score DESC, m.id`,
      [c.regionIds, since, now],
    );
    const urgent = await this.urgentPractices(m, c.regionIds, date);
    await m.query(
      `UPDATE coordinator_digests SET suggestions = $3, urgent_practices = $4 WHERE user_id = $1 AND digest_date = $2`,
      [c.id, date, suggestions.length, urgent.length],
    );
    if (suggestions.length === 0 && urgent.length === 0) return false;
    await this.mail.queue(m, {
      to: c.email,
      template: 'coordinator-digest',
      locale: c.locale,
      userId: c.id,
      data: {
        displayName: c.displayName,
        date,
        suggestionsTotal: suggestions.length,
        suggestions: suggestions.slice(0, DIGEST_LIST_LIMIT),
        urgent: urgent.slice(0, DIGEST_LIST_LIMIT),
      },
    });
    return true;
  }

  private async urgentPractices(
    m: EntityManager,
    regionIds: string[],
    today: string,
  ): Promise<Array<{ practice: string; place: string; handoverFrom: string; urgency: number }>> {
    const practices = await loadPractices(m, `p.status = 'published' AND p.region_id = ANY($1::uuid[])`, [
      regionIds,
    ]);
    const scored = practices
      .filter((p) => !p.hasIntroductionUnderway)
      .map((p) => ({ p, u: urgency(p, today) }))
      .filter(({ u }) => u >= DIGEST_URGENCY_THRESHOLD)
      .sort((a, b) => b.u - a.u);
    if (scored.length === 0) return [];
    const names = await m.query<Array<{ id: string; name: string; place: string }>>(
      `SELECT id, name, place FROM practices WHERE id = ANY($1::uuid[])`,
      [scored.map((s) => s.p.id)],
    );
    const byId = new Map(names.map((n) => [n.id, n]));
    return scored.map(({ p, u }) => ({
      practice: byId.get(p.id)?.name ?? '',
      place: byId.get(p.id)?.place ?? '',
      handoverFrom: p.handoverFrom,
      urgency: u,
    }));
  }
}
