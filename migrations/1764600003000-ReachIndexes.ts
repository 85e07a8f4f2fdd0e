import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A profile's rescoring reads the published practices and the duo seekers within a bounding box of places:
 * these let PostgreSQL go from the few places in the box to their rows instead of scanning both tables.
 */
export class ReachIndexes1764600003000 implements MigrationInterface {
  name = 'ReachIndexes1764600003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX practices_published_postcode_idx ON practices (postcode) WHERE status = 'published'`,
    );
    await q.query(
      `CREATE INDEX starter_profiles_duo_home_idx ON starter_profiles (home_postcode) WHERE active AND looking_for_duo_partner`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX starter_profiles_duo_home_idx`);
    await q.query(`DROP INDEX practices_published_postcode_idx`);
  }
}
