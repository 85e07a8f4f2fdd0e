import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { forbidden } from '../../core/errors/domain-error';
import { QUEUES } from '../../core/queue/jobs';
import type { AuthUser } from '../auth/auth-user';
import { canSeeRegion } from '../auth/access';
import { MatchesService } from '../matching/matches.service';
import { enqueueRescore, RescoreQueue } from '../practices/rescore-queue';
import { AnswerResult, ConsentService } from './consent.service';
import { ConsentAnswerDto } from './introductions.dto';
import { matchNotFound, UUID } from './match-transitions';

/** The parties' side of consent: logged in (`respond`) or from the mailed link (`consent`, no login). */
@Injectable()
export class PartyAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly consent: ConsentService,
    @InjectQueue(QUEUES.matching) private readonly rescoreQueue: RescoreQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async respond(
    user: AuthUser,
    id: string,
    accept: boolean,
    locale: 'nl' | 'en',
  ): Promise<Record<string, unknown>> {
    const result = await this.dataSource.transaction(async (m) => {
      if (!UUID.test(id)) throw matchNotFound();
      const rows = await m.query<Array<{ region_id: string; party: boolean }>>(
        `SELECT m.region_id, EXISTS (SELECT 1 FROM match_consents c WHERE c.match_id = m.id AND c.user_id = $2) AS party
           FROM matches m WHERE m.id = $1`,
        [id, user.id],
      );
      const row = rows[0];
      // Someone who may not see the match gets 404; a coordinator of its region is told they are no party.
      if (!row || (!row.party && !canSeeRegion(user, row.region_id))) throw matchNotFound();
      if (!row.party) throw forbidden('MATCH.NOT_A_PARTY', 'Only the parties of a match answer it');
      return this.consent.answer(m, id, user.id, accept, 'api');
    });
    await this.afterCommit(result);
    return this.matches.get(user, id, locale);
  }

  /**
   * The match as the link's party sees it (the other side anonymous), for the consent page; the token stays
   * usable for the answer. 400 for an unknown token, 410 for a spent or expired one.
   */
  async consentSummary(token: string, locale: 'nl' | 'en'): Promise<Record<string, unknown>> {
    const { userId, matchId } = await this.consent.peekToken(this.dataSource.manager, token);
    const [party] = await this.dataSource.query<Array<{ role: AuthUser['role'] }>>(
      `SELECT role FROM users WHERE id = $1`,
      [userId],
    );
    if (!party) throw matchNotFound();
    const asParty: AuthUser = { id: userId, role: party.role, emailVerified: true, regionIds: [] };
    return this.matches.get(asParty, matchId, locale);
  }

  async consentByToken(token: string, accept: boolean): Promise<ConsentAnswerDto> {
    const result = await this.dataSource.transaction(async (m) => {
      // Consumed in the answer's transaction: an answer that fails (409) leaves the link usable.
      const { userId, matchId } = await this.consent.consumeToken(m, token);
      return this.consent.answer(m, matchId, userId, accept, 'link');
    });
    await this.afterCommit(result);
    return { answer: accept ? 'accepted' : 'declined', matchStatus: result.status };
  }

  /** A practice now in talks is no longer on offer: its side is rescored (best effort, Redis may be down). */
  private async afterCommit(result: AnswerResult): Promise<void> {
    if (result.practiceChanged) {
      await enqueueRescore(this.rescoreQueue, this.logger, { practiceId: result.practiceChanged });
    }
  }
}
