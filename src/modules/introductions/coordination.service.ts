import { freezeBreakdown } from '../matching/breakdown-explainer';
import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { conflict, DomainError, notFound, validationFailed } from '../../core/errors/domain-error';
import { QUEUES } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { canSeeRegion } from '../auth/access';
import { MailService } from '../mail/mail.service';
import { currentWeights, loadPractices, loadStarters } from '../matching/matching-data';
import { MatchesService } from '../matching/matches.service';
import { todayIso } from '../matching/rescoring.service';
import { checkHardConstraints, haversineKm, scorePair, urgency } from '../matching/scoring';
import { enqueueRescore, RescoreQueue, RescoreTarget } from '../practices/rescore-queue';
import { ConsentService } from './consent.service';
import { declineMail } from './consent-mails';
import { ProposeMatchDto } from './introductions.dto';
import { assertCoordinatorMatch, loadMatchRow, partiesOf, recordTransition, UUID } from './match-transitions';

type MatchView = Record<string, unknown>;
export type Outcome = 'agreement' | 'no_fit' | 'withdrawn';

/**
 * What a coordinator does with a match (DESIGN.md "Match lifecycle"): approve, reject, propose by hand,
 * record the outcome. Each transition is one conditional UPDATE on the status, so a repeated or
 * concurrent request changes the match once; the loser gets 409.
 */
@Injectable()
export class CoordinationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly consent: ConsentService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.matching) private readonly rescoreQueue: RescoreQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** suggested → awaiting_consent; score and breakdown stay as they are from here on; consent mails out. */
  async approve(
    user: AuthUser,
    id: string,
    note: string | undefined,
    locale: 'nl' | 'en',
  ): Promise<MatchView> {
    await this.dataSource.transaction(async (m) => {
      await assertCoordinatorMatch(m, user, id);
      const rows = await m.query<[Array<{ approved_at: Date; score: string }>, number]>(
        `UPDATE matches SET status = 'awaiting_consent', approved_at = now(), approved_by = $2,
                reminder_sent_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'suggested' AND region_id = ANY($3::uuid[])
          RETURNING approved_at, score`,
        [id, user.id, user.regionIds],
      );
      const approved = rows[0][0];
      if (!approved) throw conflict('MATCH.NOT_SUGGESTED', 'Only a suggested match can be approved');
      // From here on the explained breakdown is stored, as it reads at approval, and never changes.
      await freezeBreakdown(m, id);
      await recordTransition(m, this.audit, {
        matchId: id,
        from: 'suggested',
        to: 'awaiting_consent',
        actorId: user.id,
        note: note ?? null,
        action: 'match.approved',
        details: { frozenScore: Number(approved.score) },
      });
      await this.consent.requestConsent(m, await loadMatchRow(m, id), approved.approved_at);
    });
    return this.matches.get(user, id, locale);
  }

  /** suggested → rejected, with the coordinator's reason. The worker never suggests the pair again. */
  async reject(user: AuthUser, id: string, note: string, locale: 'nl' | 'en'): Promise<MatchView> {
    await this.dataSource.transaction(async (m) => {
      await assertCoordinatorMatch(m, user, id);
      const rows = await m.query<[Array<{ id: string }>, number]>(
        `UPDATE matches SET status = 'rejected', updated_at = now()
          WHERE id = $1 AND status = 'suggested' AND region_id = ANY($2::uuid[]) RETURNING id`,
        [id, user.regionIds],
      );
      if (!rows[0][0]) throw conflict('MATCH.NOT_SUGGESTED', 'Only a suggested match can be rejected');
      await recordTransition(m, this.audit, {
        matchId: id,
        from: 'suggested',
        to: 'rejected',
        actorId: user.id,
        note,
        action: 'match.rejected',
      });
    });
    return this.matches.get(user, id, locale);
  }

  /**
   * introduced → closed with the outcome. An agreement transfers the practice, pauses the starter's
   * profile (both starters of a duo) and withdraws their other live matches and the practice's.
   */
  async outcome(
    user: AuthUser,
    id: string,
    outcome: Outcome,
    note: string | undefined,
    locale: 'nl' | 'en',
  ): Promise<MatchView> {
    const rescore: RescoreTarget[] = [];
    await this.dataSource.transaction(async (m) => {
      await assertCoordinatorMatch(m, user, id);
      const rows = await m.query<
        [
          Array<{ starter_profile_id: string; partner_profile_id: string | null; practice_id: string }>,
          number,
        ]
      >(
        `UPDATE matches SET status = 'closed', outcome = $2, closed_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'introduced' AND region_id = ANY($3::uuid[])
          RETURNING starter_profile_id, partner_profile_id, practice_id`,
        [id, outcome, user.regionIds],
      );
      const closed = rows[0][0];
      if (!closed) throw conflict('MATCH.NOT_INTRODUCED', 'Only an introduced match gets an outcome');
      await recordTransition(m, this.audit, {
        matchId: id,
        from: 'introduced',
        to: 'closed',
        actorId: user.id,
        note: note ?? null,
        action: 'match.closed',
        details: { outcome },
      });
      if (outcome !== 'agreement') return;
      const starters = [closed.starter_profile_id, closed.partner_profile_id].filter((s): s is string => !!s);
      await this.settle(m, user, id, starters, closed.practice_id);
      rescore.push(...starters.map((starterProfileId) => ({ starterProfileId })), {
        practiceId: closed.practice_id,
      });
    });
    for (const target of rescore) await enqueueRescore(this.rescoreQueue, this.logger, target);
    return this.matches.get(user, id, locale);
  }

  /** The consequences of an agreement, in the outcome's transaction. */
  private async settle(
    m: EntityManager,
    user: AuthUser,
    matchId: string,
    starterIds: string[],
    practiceId: string,
  ): Promise<void> {
    const practice = await m.query<[Array<{ id: string }>, number]>(
      `UPDATE practices SET status = 'transferred', updated_at = now()
        WHERE id = $1 AND status IN ('published', 'in_talks') RETURNING id`,
      [practiceId],
    );
    if (practice[0][0]) {
      await this.audit.record(m, {
        actorId: user.id,
        action: 'practice.transferred',
        targetType: 'practice',
        targetId: practiceId,
        details: { matchId },
      });
    }
    const paused = await m.query<[Array<{ id: string }>, number]>(
      `UPDATE starter_profiles SET active = false, updated_at = now() WHERE id = ANY($1::uuid[]) AND active RETURNING id`,
      [starterIds],
    );
    for (const { id } of paused[0]) {
      await this.audit.record(m, {
        actorId: user.id,
        action: 'profile.paused',
        targetType: 'starter_profile',
        targetId: id,
        details: { matchId, reason: 'agreement' },
      });
    }
    await this.withdrawOthers(m, user, matchId, starterIds, practiceId);
  }

  /** Other live matches of the starters or the practice end as withdrawn; anyone waiting is told it will not go ahead. */
  private async withdrawOthers(
    m: EntityManager,
    user: AuthUser,
    matchId: string,
    starterIds: string[],
    practiceId: string,
  ): Promise<void> {
    const [withdrawn] = await m.query<[Array<{ id: string; from_status: string }>, number]>(
      `WITH target AS (
         SELECT id, status FROM matches
          WHERE id <> $1 AND status IN ('suggested', 'awaiting_consent')
            AND (starter_profile_id = ANY($2::uuid[]) OR partner_profile_id = ANY($2::uuid[]) OR practice_id = $3)
          FOR UPDATE)
       UPDATE matches m SET status = 'withdrawn', updated_at = now() FROM target t WHERE m.id = t.id
       RETURNING m.id, t.status AS from_status`,
      [matchId, starterIds, practiceId],
    );
    const settled = await partiesOf(m, await loadMatchRow(m, matchId));
    for (const w of withdrawn) {
      await recordTransition(m, this.audit, {
        matchId: w.id,
        from: w.from_status,
        to: 'withdrawn',
        actorId: user.id,
        note: 'a party reached an agreement in another match',
        action: 'match.withdrawn',
      });
      if (w.from_status !== 'awaiting_consent') continue;
      const parties = await partiesOf(m, await loadMatchRow(m, w.id));
      const others = parties.filter((p) => !settled.some((s) => s.userId === p.userId));
      await this.mail.queueMany(
        m,
        others.map((p) => declineMail(p, w.id)),
      );
    }
  }

  /**
   * A pair proposed by hand: it must pass the hard constraints unless the coordinator overrides them,
   * which the match event and the audit record. Scored like the worker scores, origin `coordinator`.
   */
  async propose(user: AuthUser, dto: ProposeMatchDto, locale: 'nl' | 'en'): Promise<MatchView> {
    const id = await this.dataSource.transaction(async (m) => {
      if (!UUID.test(dto.practiceId)) throw notFound('PRACTICE.NOT_FOUND', 'Practice');
      const [practice] = await loadPractices(m, 'p.id = $1', [dto.practiceId]);
      if (!practice || !canSeeRegion(user, practice.regionId))
        throw notFound('PRACTICE.NOT_FOUND', 'Practice');
      const [starter] = await loadStarters(m, 'sp.id = $1', [dto.starterProfileId]);
      if (!starter) throw notFound('PROFILE.NOT_FOUND', 'Starter profile');
      const distanceKm = haversineKm(starter.homeLat, starter.homeLon, practice.lat, practice.lon);
      const failed = checkHardConstraints(starter, practice, distanceKm);
      if (failed.length > 0 && dto.override !== true) {
        throw new DomainError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'MATCH.HARD_CONSTRAINTS_FAILED',
          'The pair fails hard constraints; confirm with override: true to propose it anyway',
          failed.map((c) => ({ field: c, message: `fails the ${c} constraint` })),
        );
      }
      if (failed.length > 0 && !dto.note?.trim()) {
        throw validationFailed([
          { field: 'note', message: 'note must say why the failed hard constraints are overridden' },
        ]);
      }
      const { version, weights } = await currentWeights(m);
      const scored = scorePair(starter, practice, distanceKm, weights);
      const inserted = await m.query<Array<{ id: string }>>(
        `INSERT INTO matches (kind, starter_profile_id, practice_id, region_id, origin, score, breakdown,
                              weights_version, distance_km, urgency, failed_constraints)
         VALUES ('pair', $1, $2, $3, 'coordinator', $4, $5, $6, $7, $8, $9)
         ON CONFLICT (pair_key) WHERE status IN ('suggested', 'awaiting_consent', 'introduced') DO NOTHING
         RETURNING id`,
        [
          starter.id,
          practice.id,
          practice.regionId,
          scored.score,
          JSON.stringify(scored.breakdown),
          version,
          Math.round(distanceKm * 10) / 10,
          urgency(practice, todayIso()),
          failed,
        ],
      );
      if (!inserted[0]) {
        const [live] = await m.query<Array<{ id: string }>>(
          `SELECT id FROM matches WHERE pair_key = $1 AND status IN ('suggested', 'awaiting_consent', 'introduced')`,
          [`${starter.id}/-/${practice.id}`],
        );
        throw new DomainError(
          HttpStatus.CONFLICT,
          'MATCH.ALREADY_EXISTS',
          'A live match for this pair already exists',
          live ? [{ field: 'matchId', message: live.id }] : [],
        );
      }
      const overridden = failed.length > 0;
      const note = [dto.note, overridden ? `hard constraints overridden: ${failed.join(', ')}` : null]
        .filter((n): n is string => !!n)
        .join(' | ');
      await recordTransition(m, this.audit, {
        matchId: inserted[0].id,
        from: null,
        to: 'suggested',
        actorId: user.id,
        note: note || null,
        action: 'match.proposed',
        details: {
          origin: 'coordinator',
          override: overridden,
          failedConstraints: failed,
          score: scored.score,
        },
      });
      return inserted[0].id;
    });
    return this.matches.get(user, id, locale);
  }
}
