import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inLanes } from './lanes';
import { computeRegionalPlan, patientsPerSuccessor, PlanSuggestion, successorSeats } from './scoring';

interface PlanPractice {
  listSize: number;
  daysPerWeekNeeded: number;
}

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
    await inLanes(regionIds, 2, async (regionId) => {
      await this.recompute(regionId);
    });
  }

  /**
   * List size and days needed of the practices these suggestions name: the region's practices, plus any
   * a suggestion still names from before its practice moved region (rescoring moves it shortly).
   */
  private async practicesOf(
    m: EntityManager,
    regionId: string,
    rows: Array<{ practiceId: string }>,
  ): Promise<Map<string, PlanPractice>> {
    const select = `SELECT p.id, p.list_size AS "listSize", p.days_per_week_needed::float8 AS "daysPerWeekNeeded"
                      FROM practices p`;
    const found = await m.query<Array<PlanPractice & { id: string }>>(`${select} WHERE p.region_id = $1`, [
      regionId,
    ]);
    const byId = new Map(found.map((p) => [p.id, p]));
    const missing = [...new Set(rows.map((r) => r.practiceId))].filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const more = await m.query<Array<PlanPractice & { id: string }>>(
        `${select} WHERE p.id = ANY($1::uuid[])`,
        [missing],
      );
      for (const p of more) byId.set(p.id, p);
    }
    return byId;
  }

  async recompute(regionId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('praktijkmatch.plan.' || $1))`, [regionId]);
      // The suggestions alone, then their practices: a join here costs more than both reads together.
      const rows = await m.query<Array<{ id: string; starterId: string; practiceId: string; score: number }>>(
        `SELECT m.id, m.starter_profile_id AS "starterId", m.practice_id AS "practiceId", m.score::float8 AS score
           FROM matches m
          WHERE m.region_id = $1 AND m.status = 'suggested' AND m.kind = 'pair'
          ORDER BY m.id`,
        [regionId],
      );
      const practices = await this.practicesOf(m, regionId, rows);
      const seats = new Map<string, number>();
      for (const [id, p] of practices) seats.set(id, successorSeats(p));
      const suggestions: PlanSuggestion[] = rows.map((r) => {
        const p = practices.get(r.practiceId);
        // Cannot happen while matches reference practices (foreign key); a plan must never guess.
        if (!p) throw new Error(`regional plan: practice ${r.practiceId} of suggestion ${r.id} not found`);
        return { ...r, patients: patientsPerSuccessor(p) };
      });
      const chosen = [...computeRegionalPlan(suggestions, seats)];
      // Only rows whose flag changes are written, so a plan that stayed the same costs no update at all;
      // a flagged match that is no longer a suggestion (it moved on) is not chosen, so it loses the flag.
      await m.query(
        `UPDATE matches SET in_regional_plan = (id = ANY($2::uuid[]))
          WHERE region_id = $1 AND (in_regional_plan OR id = ANY($2::uuid[]))
            AND in_regional_plan <> (id = ANY($2::uuid[]))`,
        [regionId, chosen],
      );
      return chosen.length;
    });
  }
}
