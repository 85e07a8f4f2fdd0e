import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of each region's pair suggestions (RegionalPlanService: count and hash sum of every
 * suggested pair's id and score, and the same over those flagged in the plan), kept by PostgreSQL itself
 * instead of aggregated over the region's suggestions at every check. The aggregate was a scan of all of
 * `matches` (a region's rows lie on every page), 5 to 30 ms at 5,000 x 5,000, once for each region a
 * profile's rescoring touched: the largest part of its plan phase.
 *
 * Statement triggers on `matches` append, per statement and region, the change it made to the fingerprint
 * (rows that enter the set count +1, rows that leave it -1; a row's hash as in ROW_HASH). Appending, never
 * updating one row per region, so that concurrent writers (the two lanes of a full rescoring, the API)
 * never wait for each other; a region's fingerprint is the sum of its rows, which the plan service folds
 * into one from time to time. Inserted in the writer's own transaction, a change and its fingerprint row
 * commit together: whoever writes `matches`, the fingerprint says so. TRUNCATE empties the fingerprints too.
 * Sums are modulo 2^52, as the plan service adds them in JavaScript numbers (stored possibly negative).
 */
const MOD = '4503599627370496';
const HASH = `uuid_hash_extended(id, (score * 10)::int8) & 4503599627370495`;
const IN_SET = `status = 'suggested' AND kind = 'pair'`;

export class PlanFingerprints1764620002000 implements MigrationInterface {
  name = 'PlanFingerprints1764620002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_fingerprints (
        region_id uuid NOT NULL,
        n bigint NOT NULL,
        s bigint NOT NULL,
        fn bigint NOT NULL,
        fs bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX plan_fingerprints_region_idx ON plan_fingerprints (region_id)`);
    // One row per region and statement, of the rows that statement took out of the set (g = -1) and put in
    // (g = 1); a statement that changed nothing a fingerprint covers adds nothing.
    const delta = (rows: string): string => `
      INSERT INTO plan_fingerprints (region_id, n, s, fn, fs)
      SELECT region_id, sum(g), sum(g * h) % ${MOD}, COALESCE(sum(g) FILTER (WHERE f), 0),
             COALESCE(sum(g * h) FILTER (WHERE f), 0) % ${MOD}
        FROM (${rows}) x
       GROUP BY region_id
      HAVING sum(g) <> 0 OR sum(g * h) % ${MOD} <> 0 OR COALESCE(sum(g) FILTER (WHERE f), 0) <> 0
          OR COALESCE(sum(g * h) FILTER (WHERE f), 0) % ${MOD} <> 0`;
    const side = (table: string, g: number): string =>
      `SELECT region_id, ${g} AS g, (${HASH})::numeric AS h, in_regional_plan AS f FROM ${table} WHERE ${IN_SET}`;
    await q.query(`
      CREATE FUNCTION plan_fingerprints_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${delta(side('new_rows', 1))};
        ELSIF TG_OP = 'UPDATE' THEN
          ${delta(`${side('old_rows', -1)} UNION ALL ${side('new_rows', 1)}`)};
        ELSE
          ${delta(side('old_rows', -1))};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION plan_fingerprints_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM plan_fingerprints;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER matches_fingerprint_insert AFTER INSERT ON matches
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plan_fingerprints_follow()`);
    await q.query(`
      CREATE TRIGGER matches_fingerprint_update AFTER UPDATE ON matches
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION plan_fingerprints_follow()`);
    await q.query(`
      CREATE TRIGGER matches_fingerprint_delete AFTER DELETE ON matches
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION plan_fingerprints_follow()`);
    await q.query(`
      CREATE TRIGGER matches_fingerprint_truncate AFTER TRUNCATE ON matches
        FOR EACH STATEMENT EXECUTE FUNCTION plan_fingerprints_truncate()`);
    // The suggestions already there.
    await q.query(delta(side('matches', 1)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'update', 'delete', 'truncate'])
      await q.query(`DROP TRIGGER matches_fingerprint_${t} ON matches`);
    await q.query(`DROP FUNCTION plan_fingerprints_follow()`);
    await q.query(`DROP FUNCTION plan_fingerprints_truncate()`);
    await q.query(`DROP TABLE plan_fingerprints`);
  }
}
