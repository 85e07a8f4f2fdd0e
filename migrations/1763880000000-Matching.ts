import { MigrationInterface, QueryRunner } from 'typeorm';

const DEFAULT_WEIGHTS = {
  distance: 18,
  days: 16,
  form: 8,
  timing: 12,
  setting: 6,
  regional_tie: 10,
  workload: 10,
  anw: 6,
  training: 4,
  partner_work: 10,
};

export class Matching1763880000000 implements MigrationInterface {
  name = 'Matching1763880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scoring_weights (
        version serial PRIMARY KEY,
        weights jsonb NOT NULL,
        -- An id only (no foreign key): weights versions outlive the accounts that made them.
        created_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO scoring_weights (weights) VALUES ($1)`, [JSON.stringify(DEFAULT_WEIGHTS)]);
    await q.query(`
      CREATE TABLE matches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL DEFAULT 'pair' CHECK (kind IN ('pair', 'duo')),
        starter_profile_id uuid NOT NULL REFERENCES starter_profiles(id) ON DELETE CASCADE,
        partner_profile_id uuid NULL REFERENCES starter_profiles(id) ON DELETE CASCADE,
        practice_id uuid NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
        region_id uuid NOT NULL REFERENCES regions(id),
        pair_key text GENERATED ALWAYS AS (
          starter_profile_id::text || '/' || COALESCE(partner_profile_id::text, '-') || '/' || practice_id::text
        ) STORED,
        status text NOT NULL DEFAULT 'suggested' CHECK (status IN (
          'suggested', 'awaiting_consent', 'introduced', 'closed', 'rejected', 'declined', 'expired', 'withdrawn')),
        origin text NOT NULL DEFAULT 'worker' CHECK (origin IN ('worker', 'coordinator')),
        score numeric(4,1) NOT NULL CHECK (score BETWEEN 0 AND 100),
        breakdown jsonb NOT NULL,
        weights_version int NOT NULL REFERENCES scoring_weights(version),
        distance_km numeric(6,1) NOT NULL,
        urgency numeric(4,1) NOT NULL DEFAULT 0,
        in_regional_plan boolean NOT NULL DEFAULT false,
        failed_constraints text[] NOT NULL DEFAULT '{}',
        outcome text NULL CHECK (outcome IN ('agreement', 'no_fit', 'withdrawn')),
        scored_at timestamptz NOT NULL DEFAULT now(),
        approved_at timestamptz NULL,
        approved_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        introduced_at timestamptz NULL,
        closed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'pair' AND partner_profile_id IS NULL OR kind = 'duo' AND partner_profile_id IS NOT NULL)
      )`);
    // One live match per pair (or duo and practice), enforced by the database.
    await q.query(`
      CREATE UNIQUE INDEX matches_live_pair_key ON matches (pair_key)
       WHERE status IN ('suggested', 'awaiting_consent', 'introduced')`);
    await q.query(`CREATE INDEX matches_region_status_idx ON matches (region_id, status, score DESC)`);
    await q.query(`CREATE INDEX matches_region_urgency_idx ON matches (region_id, status, urgency DESC)`);
    await q.query(`CREATE INDEX matches_starter_idx ON matches (starter_profile_id, status)`);
    await q.query(
      `CREATE INDEX matches_partner_idx ON matches (partner_profile_id, status) WHERE partner_profile_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX matches_practice_idx ON matches (practice_id, status)`);
    await q.query(`CREATE INDEX matches_pair_key_idx ON matches (pair_key)`);
    await q.query(`
      CREATE TABLE match_events (
        id bigserial PRIMARY KEY,
        match_id uuid NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
        from_status text NULL,
        to_status text NOT NULL,
        actor_id uuid NULL,
        note text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX match_events_match_idx ON match_events (match_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE match_events`);
    await q.query(`DROP TABLE matches`);
    await q.query(`DROP TABLE scoring_weights`);
  }
}
