import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `matches_pair_key_idx` indexed every match's pair key, but every query by pair key asks for live matches
 * (the partial unique `matches_live_pair_key` covers them) or, in the rescoring's upsert, for matches past
 * `suggested` other than withdrawn (a pair a coordinator or a party already decided on is not suggested
 * again). That second set is a few rows per coordinator's decision, not one per suggestion: a partial index
 * of it answers the same lookup, and each suggestion a rescoring writes updates one text index less.
 */
export class SettledPairKeyIndex1764620000000 implements MigrationInterface {
  name = 'SettledPairKeyIndex1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX matches_settled_pair_key_idx ON matches (pair_key) WHERE status NOT IN ('suggested', 'withdrawn')`,
    );
    await q.query(`DROP INDEX matches_pair_key_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX matches_pair_key_idx ON matches (pair_key)`);
    await q.query(`DROP INDEX matches_settled_pair_key_idx`);
  }
}
