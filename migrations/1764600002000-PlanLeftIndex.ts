import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matches still flagged in a region's plan after they left `suggested` (approved, withdrawn): a plan that
 * follows one profile's change clears these without reading the region's plan.
 */
export class PlanLeftIndex1764600002000 implements MigrationInterface {
  name = 'PlanLeftIndex1764600002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX matches_plan_left_idx ON matches (region_id) WHERE in_regional_plan AND status <> 'suggested'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX matches_plan_left_idx`);
  }
}
