import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The suggestions in a region's plan, indexed: recomputing a plan updates only the flags that change, and
 * finds the ones set now without reading the whole region.
 */
export class PlanFlagIndex1764600001000 implements MigrationInterface {
  name = 'PlanFlagIndex1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX matches_in_plan_idx ON matches (region_id) WHERE in_regional_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX matches_in_plan_idx`);
  }
}
