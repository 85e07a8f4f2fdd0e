import { MigrationInterface, QueryRunner } from 'typeorm';

export class Introductions1763890000000 implements MigrationInterface {
  name = 'Introductions1763890000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per party asked for consent when a coordinator approves a match (two, or three for a duo).
    await q.query(`
      CREATE TABLE match_consents (
        match_id uuid NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
        party_role text NOT NULL CHECK (party_role IN ('starter', 'partner', 'stopper')),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        answer boolean NULL,
        answered_at timestamptz NULL,
        via text NULL CHECK (via IN ('api', 'link')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (match_id, party_role),
        UNIQUE (match_id, user_id),
        CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (via IS NULL))
      )`);
    await q.query(`CREATE INDEX match_consents_user_idx ON match_consents (user_id)`);
    await q.query(`ALTER TABLE matches ADD COLUMN reminder_sent_at timestamptz NULL`);
    // The reminder and expiry sweep looks only at matches waiting for consent.
    await q.query(
      `CREATE INDEX matches_awaiting_consent_idx ON matches (approved_at) WHERE status = 'awaiting_consent'`,
    );
    // One digest per coordinator per day, however often the job runs.
    await q.query(`
      CREATE TABLE coordinator_digests (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        digest_date date NOT NULL,
        suggestions int NOT NULL,
        urgent_practices int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, digest_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coordinator_digests`);
    await q.query(`DROP INDEX matches_awaiting_consent_idx`);
    await q.query(`ALTER TABLE matches DROP COLUMN reminder_sent_at`);
    await q.query(`DROP TABLE match_consents`);
  }
}
