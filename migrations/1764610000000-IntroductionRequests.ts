import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A party may ask for an introduction (DESIGN.md "Asking for an introduction"). `requested_by` says who
 * asked; null for the worker's suggestions and a coordinator's proposals. A request that made its own match
 * has origin `request`; a worker's suggestion the starter then asked for keeps origin `worker` and only gains
 * `requested_by`. Rescoring withdraws neither.
 */
export class IntroductionRequests1764610000000 implements MigrationInterface {
  name = 'IntroductionRequests1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matches DROP CONSTRAINT matches_origin_check`);
    await q.query(
      `ALTER TABLE matches ADD CONSTRAINT matches_origin_check CHECK (origin IN ('worker', 'coordinator', 'request'))`,
    );
    await q.query(`
      ALTER TABLE matches
        ADD COLUMN requested_by text NULL CONSTRAINT matches_requested_by_check CHECK (requested_by IN ('starter', 'stopper')),
        ADD CONSTRAINT matches_request_origin_check CHECK (origin <> 'request' OR requested_by IS NOT NULL)`);
    // The coordinators' "asked for" queue and the digest read requests by region, newest first.
    await q.query(
      `CREATE INDEX matches_requested_idx ON matches (region_id, created_at DESC) WHERE requested_by IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX matches_requested_idx`);
    await q.query(`ALTER TABLE matches DROP CONSTRAINT matches_request_origin_check`);
    await q.query(`ALTER TABLE matches DROP COLUMN requested_by`);
    // Made by hand outside the worker, as a coordinator's proposal is: the nearest of the old origins.
    await q.query(`UPDATE matches SET origin = 'coordinator' WHERE origin = 'request'`);
    await q.query(`ALTER TABLE matches DROP CONSTRAINT matches_origin_check`);
    await q.query(
      `ALTER TABLE matches ADD CONSTRAINT matches_origin_check CHECK (origin IN ('worker', 'coordinator'))`,
    );
  }
}
