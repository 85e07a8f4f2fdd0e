import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One token, drawn anew by every rescoring (under the rescoring lock): a worker that keeps every region's
 * passing pairs in memory (EveryPairPlans) knows them current only while no other process has rescored
 * since, i.e. while the token is the one its own last rescoring drew. A random token, not a counter, so
 * that a table emptied and counted again can never look like the same state.
 */
export class RescoringGeneration1764620001000 implements MigrationInterface {
  name = 'RescoringGeneration1764620001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rescoring_generation (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        token uuid NOT NULL
      )`);
    await q.query(`INSERT INTO rescoring_generation (token) VALUES (gen_random_uuid())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rescoring_generation`);
  }
}
