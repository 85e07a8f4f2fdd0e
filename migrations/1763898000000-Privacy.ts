import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GDPR: a consent record per purpose and moment (append-style: a withdrawal is a new row, so the history
 * of what someone agreed to and when survives), and indexes the retention sweep reads by.
 */
export class Privacy1763898000000 implements MigrationInterface {
  name = 'Privacy1763898000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN (
          'privacy_statement', 'vacancy_alerts', 'event_mail', 'follow_up_mail', 'introduction_contact_sharing')),
        granted boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('api', 'registration', 'link', 'system')),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX consent_records_user_idx ON consent_records (user_id, purpose, recorded_at)`);
    // The retention sweep: unverified accounts by age.
    await q.query(
      `CREATE INDEX users_unverified_created_idx ON users (created_at) WHERE email_verified_at IS NULL AND erased_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_unverified_created_idx`);
    await q.query(`DROP TABLE consent_records`);
  }
}
