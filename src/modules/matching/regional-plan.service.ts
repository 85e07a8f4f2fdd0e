import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { computeRegionalPlan, patientsPerSuccessor, PlanSuggestion, successorSeats } from './scoring';

/**
 * Marks `inRegionalPlan` on the suggestions of one region that together give the most patients a successor
 * at the best total fit (the exact min-cost-flow in scoring/regional-plan.ts). Duo suggestions take two
 * starters at once, which a bipartite assignment cannot express; they are shown beside the plan, not in it.
 */
@Injectable()
export class RegionalPlanService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async allRegionIds(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM regions ORDER BY code`);
    return rows.map((r) => r.id);
  }

  /**
   * Recomputes the plans of these regions, two at a time: each is its own transaction on its own
   * connection, so PostgreSQL reads and updates one region while Node solves the other.
   */
  async recomputeAll(regionIds: readonly string[]): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < regionIds.length) await this.recompute(regionIds[next++]);
    };
    await Promise.all([lane(), lane()]);
  }

  async recompute(regionId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('praktijkmatch.plan.' || $1))`, [regionId]);
      const rows = await m.query<
        Array<{
          id: string;
          starterId: string;
          practiceId: string;
          score: number;
          listSize: number;
          daysPerWeekNeeded: number;
        }>
      >(
        `SELECT m.id, m.starter_profile_id AS "starterId", m.practice_id AS "practiceId", m.score::float8 AS score,
                p.list_size AS "listSize", p.days_per_week_needed::float8 AS "daysPerWeekNeeded"
           FROM matches m JOIN practices p ON p.id = m.practice_id
          WHERE m.region_id = $1 AND m.status = 'suggested' AND m.kind = 'pair'
          ORDER BY m.id`,
        [regionId],
      );
      const seats = new Map<string, number>();
      const suggestions: PlanSuggestion[] = rows.map((r) => {
        seats.set(r.practiceId, successorSeats(r));
        return {
          id: r.id,
          starterId: r.starterId,
          practiceId: r.practiceId,
          score: r.score,
          patients: patientsPerSuccessor(r),
        };
      });
      const chosen = [...computeRegionalPlan(suggestions, seats)];
      // Only rows whose flag changes are written: a plan that stayed the same costs no update at all.
      await m.query(
        `UPDATE matches SET in_regional_plan = (id = ANY($2::uuid[]))
          WHERE region_id = $1 AND (in_regional_plan OR id = ANY($2::uuid[])) AND in_regional_plan <> (id = ANY($2::uuid[]))`,
        [regionId, chosen],
      );
      // Only suggestions are planned; a match that moved on keeps no plan flag.
      await m.query(
        `UPDATE matches SET in_regional_plan = false WHERE region_id = $1 AND in_regional_plan AND status <> 'suggested'`,
        [regionId],
      );
      return chosen.length;
    });
  }
}
