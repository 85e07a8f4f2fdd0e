import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each rescoring changed, in place of RescoringGeneration's one token. A worker keeps every region's
 * plan over every passing pair in memory (EveryPairPlans); with one token, a rescoring by any other process
 * emptied all of it, so with several workers most rescorings built their regions from scratch. Each
 * rescoring now adds a row under the rescoring lock, in its own transaction (a profile's or a practice's) or
 * on its own at the start (a full one, `everything`): the starters it rescored and the regions whose plans
 * over every passing pair it followed or built. A worker drops only what the rows after its own name.
 *
 * `token` is random: a worker checks that its own last row is still there, seq and token, so that a table
 * emptied and numbered again (or pruned) can never look like nothing happened. A full rescoring deletes the
 * rows before its own (they are moot: every worker older than it empties its memory anyway).
 */
export class RescoringLog1764620006000 implements MigrationInterface {
  name = 'RescoringLog1764620006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rescoring_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        token uuid NOT NULL DEFAULT gen_random_uuid(),
        everything boolean NOT NULL DEFAULT false,
        starter_ids uuid[] NOT NULL DEFAULT '{}',
        region_ids uuid[] NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`DROP TABLE rescoring_generation`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rescoring_generation (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        token uuid NOT NULL
      )`);
    await q.query(`INSERT INTO rescoring_generation (token) VALUES (gen_random_uuid())`);
    await q.query(`DROP TABLE rescoring_log`);
  }
}
