import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { explainBreakdowns } from './breakdown-explainer';
import { ListMatchesQuery, MatchEventDto } from './matches.dto';
import { MATCH_SELECT, MatchRow, presentMatch } from './match-view';
import { loadPractices } from './matching-data';
import { todayIso } from './rescoring.service';
import { urgencyBreakdown } from './scoring/urgency';

/**
 * A worker's suggestion as the first entry of its timeline, from the match row itself ($1: the match id):
 * the writer stores no creation event for them (suggestion-writer.ts). A match stored with one (made
 * before, or by hand or on request, which record who asked) shows that one instead. Id 0 sorts it before
 * any event stored in the same instant.
 */
const WORKER_CREATION = `SELECT NULL::text, 'suggested'::text, NULL::uuid, 'scored by the worker'::text, m.created_at, 0::bigint
    FROM matches m
   WHERE m.id = $1 AND m.origin = 'worker'
     AND NOT EXISTS (SELECT 1 FROM match_events x WHERE x.match_id = m.id AND x.from_status IS NULL)`;

/** What a party sees: their own matches from the coordinator's approval on (DESIGN.md "Roles"). */
const PARTY_STATUSES = `m.status IN ('awaiting_consent', 'introduced', 'closed', 'declined', 'expired')
  OR (m.status = 'withdrawn' AND m.approved_at IS NOT NULL)`;

@Injectable()
export class MatchesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The visibility rule as SQL: a coordinator's regions, or a party's own approved matches. */
  private scope(user: AuthUser, params: unknown[]): string {
    if (user.role === 'coordinator') {
      params.push(user.regionIds);
      return `m.region_id = ANY($${params.length}::uuid[])`;
    }
    params.push(user.id);
    const me = `$${params.length}`;
    // Written on `matches` alone, so a page can be chosen before any row is joined and rendered.
    const mine =
      user.role === 'starter'
        ? `(m.starter_profile_id IN (SELECT id FROM starter_profiles WHERE user_id = ${me})
            OR m.partner_profile_id IN (SELECT id FROM starter_profiles WHERE user_id = ${me}))`
        : user.role === 'stopper'
          ? `m.practice_id IN (SELECT id FROM practices WHERE owner_id = ${me})`
          : 'FALSE';
    // A starter also follows their own requests for an introduction from the moment they ask.
    const asked = user.role === 'starter' ? ` OR m.requested_by = 'starter'` : '';
    return `${mine} AND (${PARTY_STATUSES}${asked})`;
  }

  async list(
    user: AuthUser,
    query: ListMatchesQuery,
    locale: 'nl' | 'en',
  ): Promise<Page<Record<string, unknown>>> {
    const params: unknown[] = [];
    const where = [this.scope(user, params)];
    if (query.regionId) {
      // Another region's id answers like an unknown one: no existence oracle.
      if (user.role === 'coordinator' && !user.regionIds.includes(query.regionId))
        throw notFound('REGION.NOT_FOUND', 'Region');
      params.push(query.regionId);
      where.push(`m.region_id = $${params.length}`);
    }
    await this.assertFilterVisible(user, query);
    if (query.practiceId) {
      params.push(query.practiceId);
      where.push(`m.practice_id = $${params.length}`);
    }
    if (query.starterProfileId) {
      params.push(query.starterProfileId);
      where.push(`(m.starter_profile_id = $${params.length} OR m.partner_profile_id = $${params.length})`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`m.status = $${params.length}`);
    }
    if (query.kind) {
      params.push(query.kind);
      where.push(`m.kind = $${params.length}`);
    }
    if (query.requestedBy) {
      params.push(query.requestedBy);
      where.push(`m.requested_by = $${params.length}`);
    }
    if (query.inRegionalPlan)
      where.push(query.inRegionalPlan === 'true' ? 'm.in_regional_plan' : 'NOT m.in_regional_plan');
    const order =
      query.sort === 'urgency' ? 'm.urgency DESC, m.score DESC, m.id' : 'm.score DESC, m.urgency DESC, m.id';
    params.push(query.pageSize, pageOffset(query));
    // Choose the page on `matches` alone (indexed by region, status, score/urgency), then join and render
    // only its rows: rendering every row of a busy region before paginating costs seconds.
    const page = await this.dataSource.query<Array<{ id: string; total: string }>>(
      `SELECT m.id, count(*) OVER () AS total FROM matches m WHERE ${where.join(' AND ')}
        ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = page[0] ? Number(page[0].total) : await this.count(where, params.slice(0, -2));
    const byId = new Map(
      (page.length
        ? await this.dataSource.query<MatchRow[]>(`${MATCH_SELECT} WHERE m.id = ANY($1::uuid[])`, [
            page.map((r) => r.id),
          ])
        : []
      ).map((r) => [r.id, r]),
    );
    const rows = page.map((r) => byId.get(r.id)).filter((r): r is MatchRow => r !== undefined);
    await this.explain(rows);
    return toPage(
      rows.map((r) => presentMatch(r, user, locale)),
      total,
      query,
    );
  }

  /**
   * A practice or starter named in the filter must be one the caller may see (a coordinator: of their
   * regions; a stopper: their own practice); otherwise 404, as for reading it, so no existence oracle.
   */
  private async assertFilterVisible(user: AuthUser, query: ListMatchesQuery): Promise<void> {
    if (query.practiceId && user.role !== 'starter') {
      const [visible] = await this.dataSource.query<unknown[]>(
        user.role === 'coordinator'
          ? `SELECT 1 FROM practices WHERE id = $1 AND region_id = ANY($2::uuid[])`
          : `SELECT 1 FROM practices WHERE id = $1 AND owner_id = $2`,
        [query.practiceId, user.role === 'coordinator' ? user.regionIds : user.id],
      );
      if (!visible) throw notFound('PRACTICE.NOT_FOUND', 'Practice');
    }
    if (query.starterProfileId && user.role === 'coordinator') {
      const [visible] = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM starter_profiles s WHERE s.id = $1
            AND (s.home_region_id = ANY($2::uuid[]) OR s.preferred_region_ids && $2::uuid[]
                 OR EXISTS (SELECT 1 FROM matches x WHERE (x.starter_profile_id = s.id OR x.partner_profile_id = s.id)
                               AND x.region_id = ANY($2::uuid[])))`,
        [query.starterProfileId, user.regionIds],
      );
      if (!visible) throw notFound('PROFILE.NOT_FOUND', 'Starter profile');
    }
  }

  /** Suggestions are stored with points only; their explanation lines are rendered for the reader. */
  private async explain(rows: MatchRow[]): Promise<void> {
    const explainable = rows.map((r) => ({
      starterProfileId: r.starter.profileId,
      partnerProfileId: r.partner?.profileId ?? null,
      practiceId: r.practice.id,
      breakdown: r.breakdown,
    }));
    await explainBreakdowns(this.dataSource.manager, explainable);
    explainable.forEach((e, i) => (rows[i].breakdown = e.breakdown));
  }

  private async count(where: string[], params: unknown[]): Promise<number> {
    const rows = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches m WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows[0].n;
  }

  /**
   * One match; a coordinator's read includes its timeline (every transition, oldest first) and why the
   * practice is urgent: each urgency factor with its points, from the practice as it stands today (the
   * stored urgency, by which the queue sorts, is what the last rescoring computed).
   */
  async get(user: AuthUser, id: string, locale: 'nl' | 'en'): Promise<Record<string, unknown>> {
    const row = await this.findRow(user, id);
    const match = presentMatch(row, user, locale);
    if (user.role !== 'coordinator') return match;
    const events = await this.dataSource.query<MatchEventDto[]>(
      `SELECT e.from_status AS "from", e.to_status AS "to", e.actor_id AS "actorId", u.display_name AS "actorName",
              e.note, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at"
         FROM (SELECT from_status, to_status, actor_id, note, created_at, id FROM match_events WHERE match_id = $1
               UNION ALL ${WORKER_CREATION}) e
         LEFT JOIN users u ON u.id = e.actor_id
        ORDER BY e.created_at, e.id`,
      [id],
    );
    const [practice] = await loadPractices(this.dataSource.manager, 'p.id = $1', [row.practice.id]);
    const urgencyReasons = practice
      ? urgencyBreakdown(practice, todayIso()).map((item) => ({
          factor: item.factor,
          points: item.points,
          maxPoints: item.maxPoints,
          explanation: item.explanation[locale],
        }))
      : [];
    return { ...match, events, urgencyReasons };
  }

  /** The row if the caller may see it; 404 otherwise (also for another region's match). */
  async findRow(user: AuthUser, id: string): Promise<MatchRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('MATCH.NOT_FOUND', 'Match');
    const params: unknown[] = [id];
    const rows = await this.dataSource.query<MatchRow[]>(
      `${MATCH_SELECT} WHERE m.id = $1 AND ${this.scope(user, params)}`,
      params,
    );
    if (!rows[0]) throw notFound('MATCH.NOT_FOUND', 'Match');
    await this.explain(rows);
    return rows[0];
  }
}
