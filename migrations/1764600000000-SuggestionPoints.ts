import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suggestions store their points as two small integer arrays (tenths, in criteria order) instead of a
 * JSON breakdown: the nightly rescoring writes tens of thousands of them, and parsing their JSON was most
 * of its database time. `breakdown` keeps the explained breakdown stored from approval on (and what older
 * rows hold); a row has one or the other.
 */
export class SuggestionPoints1764600000000 implements MigrationInterface {
  name = 'SuggestionPoints1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE matches ADD COLUMN points_tenths smallint[] NULL, ADD COLUMN max_points_tenths smallint[] NULL`,
    );
    await q.query(`ALTER TABLE matches ALTER COLUMN breakdown DROP NOT NULL`);
    await q.query(
      `ALTER TABLE matches ADD CONSTRAINT matches_breakdown_or_points CHECK (
         breakdown IS NOT NULL
         OR (points_tenths IS NOT NULL AND max_points_tenths IS NOT NULL
             AND cardinality(points_tenths) = cardinality(max_points_tenths)))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to a JSON breakdown for every row, from its points (the criteria in the order they were stored).
    await q.query(
      `UPDATE matches m SET breakdown = (
         SELECT jsonb_agg(jsonb_build_object('criterion', t.c, 'points', round(t.p / 10.0, 1),
                                             'maxPoints', round(t.x / 10.0, 1)) ORDER BY t.n)
           FROM unnest(ARRAY['distance','days','form','timing','setting','regional_tie','workload','anw','training',
                             'partner_work']::text[], m.points_tenths, m.max_points_tenths) WITH ORDINALITY AS t(c, p, x, n))
        WHERE m.breakdown IS NULL`,
    );
    await q.query(`ALTER TABLE matches DROP CONSTRAINT matches_breakdown_or_points`);
    await q.query(`ALTER TABLE matches ALTER COLUMN breakdown SET NOT NULL`);
    await q.query(`ALTER TABLE matches DROP COLUMN points_tenths, DROP COLUMN max_points_tenths`);
  }
}
