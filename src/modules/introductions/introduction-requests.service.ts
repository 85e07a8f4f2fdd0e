import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { assertVerified } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { loadPractices, loadStarters } from '../matching/matching-data';
import { MatchesService } from '../matching/matches.service';
import { recordTransition } from './match-transitions';
import { assessPair, insertAssessedPair } from './scored-pair';

type MatchView = Record<string, unknown>;

export interface IntroductionRequest {
  /** True when this request made the match; false when the pair already had a live one. */
  created: boolean;
  match: MatchView;
}

const LIVE = `('suggested', 'awaiting_consent', 'introduced')`;

/**
 * A starter asks for an introduction to a vacancy (DESIGN.md "Asking for an introduction"): the request
 * reaches the region's coordinators as a suggestion marked `requestedBy: "starter"`, scored like any other,
 * with the hard constraints it fails recorded rather than refused. A pair is asked for once: a pair with a
 * live match answers that match (a worker's suggestion of it is marked as asked for, so rescoring keeps it).
 */
@Injectable()
export class IntroductionRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly audit: AuditService,
  ) {}

  async requestByStarter(
    user: AuthUser,
    practiceId: string,
    locale: 'nl' | 'en',
  ): Promise<IntroductionRequest> {
    assertVerified(user);
    const outcome = await this.dataSource.transaction(async (m) => {
      const [starter] = await loadStarters(m, 'sp.user_id = $1', [user.id]);
      if (!starter)
        throw conflict('PROFILE.MISSING', 'Fill in your starter profile before asking for an introduction');
      // Only what the public board shows can be asked for; anything else answers like an unknown id.
      const [practice] = await loadPractices(m, `p.id = $1 AND p.status = 'published'`, [practiceId]);
      if (!practice) throw notFound('VACANCY.NOT_FOUND', 'Vacancy');
      const pairKey = `${starter.id}/-/${practice.id}`;
      const existing = await this.markLive(m, user, pairKey);
      if (existing) return { created: false, id: existing };
      const pair = await assessPair(m, starter, practice);
      const id = await insertAssessedPair(m, pair, { origin: 'request', requestedBy: 'starter' });
      // Lost a race with another request (or a rescoring) for the same pair: answer the match that won.
      if (!id) return { created: false, id: await this.markLive(m, user, pairKey) };
      await recordTransition(m, this.audit, {
        matchId: id,
        from: null,
        to: 'suggested',
        actorId: user.id,
        note: pair.failed.length
          ? `asked for by the starter; fails: ${pair.failed.join(', ')}`
          : 'asked for by the starter',
        action: 'match.requested',
        details: { requestedBy: 'starter', failedConstraints: pair.failed, score: pair.score },
      });
      return { created: true, id };
    });
    if (!outcome.id) throw conflict('REQUEST.CONFLICT', 'The pair changed while asking; try again');
    return { created: outcome.created, match: await this.matches.get(user, outcome.id, locale) };
  }

  /**
   * The pair's live match, if any. A suggestion nobody asked for yet (the worker's, a coordinator's) is marked
   * as asked for by the starter, with an event and an audit entry: the coordinators see the wish, and
   * rescoring no longer withdraws it.
   */
  private async markLive(m: EntityManager, user: AuthUser, pairKey: string): Promise<string | null> {
    const [live] = await m.query<Array<{ id: string; status: string; requested_by: string | null }>>(
      `SELECT id, status, requested_by FROM matches WHERE pair_key = $1 AND status IN ${LIVE} FOR UPDATE`,
      [pairKey],
    );
    if (!live) return null;
    if (live.status === 'suggested' && live.requested_by === null) {
      await m.query(`UPDATE matches SET requested_by = 'starter', updated_at = now() WHERE id = $1`, [
        live.id,
      ]);
      await recordTransition(m, this.audit, {
        matchId: live.id,
        from: 'suggested',
        to: 'suggested',
        actorId: user.id,
        note: 'asked for by the starter',
        action: 'match.requested',
        details: { requestedBy: 'starter', existing: true },
      });
    }
    return live.id;
  }
}
