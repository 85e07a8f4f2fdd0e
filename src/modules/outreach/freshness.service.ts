import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { QUEUES } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { Locale } from '../mail/outbox-message.entity';
import { enqueueRescore, RescoreQueue, RescoreTarget } from '../practices/rescore-queue';
import { days, PAUSE_AFTER_DAYS, PROBE_AFTER_DAYS } from './outreach.constants';
import { issueTokens, redeemToken } from './outreach-tokens';
import { invalidToken } from './mail-preferences.service';

type SubjectType = 'starter_profile' | 'practice';

/** The still-looking link stays valid a while past the pause: answering then un-pauses. */
const STILL_LOOKING_TTL_SECONDS = 60 * 86_400;

interface DueRow {
  subject_id: string;
  user_id: string;
  email: string;
  locale: Locale;
  display_name: string;
  label: string | null;
}

export interface FreshnessSweepResult {
  probed: number;
  paused: number;
}

/**
 * DESIGN.md "Keeping it fresh". Every 90 days since its last confirmation an active starter profile and a
 * published practice get a "still looking?" mail; a probe unanswered for 14 days pauses it: the profile
 * becomes `active = false`, the practice goes back to `withdrawn` (the status its owner re-publishes from;
 * nothing is deleted). A practice's last confirmation is its publication or its last answered probe.
 * At most one open probe per subject (a partial unique index), so a sweep run twice sends nothing twice.
 */
@Injectable()
export class FreshnessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.matching) private readonly matchingQueue: RescoreQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(now: Date): Promise<FreshnessSweepResult> {
    const paused = await this.pauseUnanswered(now);
    const probed = await this.dataSource.transaction(
      async (m) => (await this.probe(m, 'starter_profile', now)) + (await this.probe(m, 'practice', now)),
    );
    return { probed, paused: paused.length };
  }

  private async pauseUnanswered(now: Date): Promise<RescoreTarget[]> {
    const targets = await this.dataSource.transaction(async (m) => {
      const probes = await m.query<[Array<{ subject_type: SubjectType; subject_id: string }>, number]>(
        `UPDATE freshness_probes SET paused_at = $1
          WHERE answered_at IS NULL AND paused_at IS NULL AND sent_at <= $2
          RETURNING subject_type, subject_id`,
        [now, new Date(now.getTime() - days(PAUSE_AFTER_DAYS))],
      );
      const result: RescoreTarget[] = [];
      for (const p of probes[0]) {
        const changed =
          p.subject_type === 'starter_profile'
            ? await m.query<[unknown[], number]>(
                `UPDATE starter_profiles SET active = false, updated_at = now() WHERE id = $1 AND active RETURNING id`,
                [p.subject_id],
              )
            : await m.query<[unknown[], number]>(
                `UPDATE practices SET status = 'withdrawn', updated_at = now()
                  WHERE id = $1 AND status = 'published' RETURNING id`,
                [p.subject_id],
              );
        if (!changed[1]) continue;
        await this.audit.record(m, {
          actorId: null,
          action: p.subject_type === 'starter_profile' ? 'starter_profile.paused' : 'practice.withdrawn',
          targetType: p.subject_type,
          targetId: p.subject_id,
          note: `no answer to the still-looking mail within ${PAUSE_AFTER_DAYS} days`,
        });
        result.push(
          p.subject_type === 'starter_profile'
            ? { starterProfileId: p.subject_id }
            : { practiceId: p.subject_id },
        );
      }
      return result;
    });
    // A paused side no longer passes the hard constraints: its suggestions are withdrawn by the rescoring.
    for (const t of targets) await enqueueRescore(this.matchingQueue, this.logger, t);
    return targets;
  }

  /**
   * Subjects whose last confirmation is older than the cut-off ($1) and that were not asked since. A pause
   * counts as a confirmation point too, so a profile re-activated after a pause is asked 90 days later.
   */
  private dueSql(type: SubjectType): string {
    const [from, confirmed, label] =
      type === 'starter_profile'
        ? [`starter_profiles s JOIN users u ON u.id = s.user_id`, `s.last_confirmed_at`, `NULL::text`]
        : [`practices s JOIN users u ON u.id = s.owner_id`, `s.published_at`, `s.name`];
    const live = type === 'starter_profile' ? `s.active` : `s.status = 'published'`;
    return `
      SELECT s.id AS subject_id, u.id AS user_id, u.email, u.locale, u.display_name, ${label} AS label
        FROM ${from}
        CROSS JOIN LATERAL (
          SELECT GREATEST(${confirmed}, max(fp.answered_at), max(fp.paused_at)) AS confirmed_at,
                 bool_or(fp.answered_at IS NULL AND fp.paused_at IS NULL) AS open_probe,
                 max(fp.sent_at) AS last_sent_at
            FROM freshness_probes fp WHERE fp.subject_type = '${type}' AND fp.subject_id = s.id
        ) c
       WHERE ${live} AND u.erased_at IS NULL AND c.confirmed_at <= $1
         AND c.open_probe IS NOT TRUE
         AND (c.last_sent_at IS NULL OR c.last_sent_at <= c.confirmed_at)`;
  }

  private async probe(m: EntityManager, type: SubjectType, now: Date): Promise<number> {
    const due = await m.query<DueRow[]>(this.dueSql(type), [
      new Date(now.getTime() - days(PROBE_AFTER_DAYS)),
    ]);
    if (!due.length) return 0;
    const inserted = await m.query<Array<{ id: string; subject_id: string }>>(
      `INSERT INTO freshness_probes (subject_type, subject_id, user_id, sent_at)
       SELECT $1, s, u, $4 FROM unnest($2::uuid[], $3::uuid[]) AS t(s, u)
       ON CONFLICT (subject_type, subject_id) WHERE answered_at IS NULL AND paused_at IS NULL DO NOTHING
       RETURNING id, subject_id`,
      [type, due.map((d) => d.subject_id), due.map((d) => d.user_id), now],
    );
    const bySubject = new Map(due.map((d) => [d.subject_id, d]));
    const rows = inserted.map((i) => ({ probe: i.id, ...bySubject.get(i.subject_id)! }));
    const tokens = await issueTokens(
      m,
      'still_looking',
      rows.map((r) => ({ userId: r.user_id, subjectId: r.probe })),
      STILL_LOOKING_TTL_SECONDS,
    );
    await this.mail.queueMany(
      m,
      rows.map((r, i) => ({
        to: r.email,
        template: 'still-looking',
        locale: r.locale,
        userId: r.user_id,
        data: {
          displayName: r.display_name,
          token: tokens[i],
          subject: subjectLabel(type, r.locale, r.label),
        },
      })),
    );
    return rows.length;
  }

  /**
   * The "yes" of the still-looking mail: confirms the profile (last_confirmed_at) or the practice (the
   * probe's answer is its confirmation). Answered after the pause, it also un-pauses what the pause changed.
   */
  async confirm(token: string): Promise<{ subjectType: SubjectType; reactivated: boolean }> {
    const { result, target } = await this.dataSource.transaction(async (m) => {
      const probeId = await redeemToken(m, 'still_looking', token);
      if (!probeId) throw invalidToken();
      const rows = await m.query<
        [Array<{ subject_type: SubjectType; subject_id: string; paused: boolean }>, number]
      >(
        `UPDATE freshness_probes SET answered_at = COALESCE(answered_at, GREATEST(now(), sent_at))
          WHERE id = $1 RETURNING subject_type, subject_id, paused_at IS NOT NULL AS paused`,
        [probeId],
      );
      const probe = rows[0][0];
      if (!probe) throw invalidToken();
      let reactivated = false;
      if (probe.subject_type === 'starter_profile') {
        const changed = await m.query<[unknown[], number]>(
          `UPDATE starter_profiles sp SET last_confirmed_at = GREATEST(now(), fp.sent_at), updated_at = now(),
                  active = CASE WHEN fp.paused_at IS NOT NULL THEN true ELSE sp.active END
             FROM freshness_probes fp
            WHERE fp.id = $1 AND sp.id = fp.subject_id RETURNING sp.id`,
          [probeId],
        );
        reactivated = probe.paused && changed[1] > 0;
      } else if (probe.paused) {
        const changed = await m.query<[unknown[], number]>(
          `UPDATE practices SET status = 'published', updated_at = now()
            WHERE id = $1 AND status = 'withdrawn' AND published_at IS NOT NULL RETURNING id`,
          [probe.subject_id],
        );
        reactivated = changed[1] > 0;
      }
      const target: RescoreTarget | null = reactivated
        ? probe.subject_type === 'starter_profile'
          ? { starterProfileId: probe.subject_id }
          : { practiceId: probe.subject_id }
        : null;
      return { result: { subjectType: probe.subject_type, reactivated }, target };
    });
    if (target) await enqueueRescore(this.matchingQueue, this.logger, target);
    return result;
  }
}

function subjectLabel(type: SubjectType, locale: Locale, label: string | null): string {
  if (type === 'starter_profile') return locale === 'en' ? 'your starter profile' : 'uw starterprofiel';
  return locale === 'en' ? `your practice ${label ?? ''}`.trim() : `uw praktijk ${label ?? ''}`.trim();
}
