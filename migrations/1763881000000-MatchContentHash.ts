import { MigrationInterface, QueryRunner } from 'typeorm';

/** A hash of a suggestion's score and breakdown, so rescoring rewrites only suggestions whose content changed. */
export class MatchContentHash1763881000000 implements MigrationInterface {
  name = 'MatchContentHash1763881000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matches ADD COLUMN content_hash text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matches DROP COLUMN content_hash`);
  }
}
