import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1763850000000 implements MigrationInterface {
  name = 'Accounts1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('starter', 'stopper', 'coordinator', 'admin')),
        locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
        phone text NULL,
        email_verified_at timestamptz NULL,
        erased_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE coordinator_regions (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        region_id uuid NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, region_id)
      )`);
    await q.query(`CREATE INDEX coordinator_regions_region_idx ON coordinator_regions (region_id)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);
    await q.query(`
      CREATE TABLE one_time_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL,
        subject_id uuid NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor_id uuid NULL,
        action text NOT NULL,
        target_type text NULL,
        target_id text NULL,
        note text NULL,
        details jsonb NOT NULL DEFAULT '{}',
        request_id text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at)`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, created_at)`);
    // Append-only, enforced by the database: no route and no bug can rewrite history. Erasure only nulls
    // notes of the erased person's own entries, through the one function allowed to (see privacy module).
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('praktijkmatch.audit_scrub', true) = 'on'
           AND NEW.id = OLD.id AND NEW.action = OLD.action AND NEW.created_at = OLD.created_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE one_time_tokens`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE coordinator_regions`);
    await q.query(`DROP TABLE users`);
  }
}
