import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regional outreach: events and RSVPs, vacancy alerts (one per starter and practice, ever), mail
 * preferences (opt-outs per kind, the target of unsubscribe tokens), the 90-day "still looking?" probes and
 * the follow-ups 30 and 90 days after an introduction. Plus the watermark of the worker's sweeps.
 */
export class Outreach1763895000000 implements MigrationInterface {
  name = 'Outreach1763895000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES regions(id),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        starts_at timestamptz NOT NULL,
        location text NOT NULL CHECK (char_length(location) BETWEEN 1 AND 300),
        capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        cancelled_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX events_region_starts_idx ON events (region_id, starts_at)`);
    await q.query(`CREATE INDEX events_upcoming_idx ON events (starts_at) WHERE status = 'scheduled'`);
    await q.query(`
      CREATE TABLE event_rsvps (
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('attending', 'waitlisted')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (event_id, user_id)
      )`);
    await q.query(`CREATE INDEX event_rsvps_queue_idx ON event_rsvps (event_id, status, created_at)`);
    await q.query(`CREATE INDEX event_rsvps_user_idx ON event_rsvps (user_id)`);

    // Never twice for the same practice: the unique pair is what makes the alert sweep idempotent.
    await q.query(`
      CREATE TABLE alert_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        starter_profile_id uuid NOT NULL REFERENCES starter_profiles(id) ON DELETE CASCADE,
        practice_id uuid NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
        score numeric(4,1) NOT NULL,
        outbox_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_deliveries_pair_key UNIQUE (starter_profile_id, practice_id)
      )`);
    await q.query(`CREATE INDEX alert_deliveries_practice_idx ON alert_deliveries (practice_id)`);

    await q.query(`
      CREATE TABLE mail_preferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('events', 'alerts', 'follow_up')),
        opted_out_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mail_preferences_user_kind_key UNIQUE (user_id, kind)
      )`);
    await q.query(
      `CREATE INDEX mail_preferences_opted_out_idx ON mail_preferences (kind, user_id) WHERE opted_out_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE freshness_probes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('starter_profile', 'practice')),
        subject_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        sent_at timestamptz NOT NULL,
        answered_at timestamptz NULL,
        paused_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one open probe per profile or practice: a second sweep finds it and sends nothing.
    await q.query(`
      CREATE UNIQUE INDEX freshness_probes_open_key ON freshness_probes (subject_type, subject_id)
       WHERE answered_at IS NULL AND paused_at IS NULL`);
    await q.query(
      `CREATE INDEX freshness_probes_subject_idx ON freshness_probes (subject_type, subject_id, sent_at)`,
    );

    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
        day int NOT NULL CHECK (day IN (30, 90)),
        party text NOT NULL CHECK (party IN ('starter', 'partner', 'stopper')),
        user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        sent_at timestamptz NOT NULL,
        answer text NULL CHECK (answer IN ('in_talks', 'agreement', 'no_fit', 'no_contact')),
        answered_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT follow_ups_match_day_party_key UNIQUE (match_id, day, party)
      )`);

    await q.query(`
      CREATE TABLE outreach_sweeps (
        name text PRIMARY KEY,
        last_run_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outreach_sweeps`);
    await q.query(`DROP TABLE follow_ups`);
    await q.query(`DROP TABLE freshness_probes`);
    await q.query(`DROP TABLE mail_preferences`);
    await q.query(`DROP TABLE alert_deliveries`);
    await q.query(`DROP TABLE event_rsvps`);
    await q.query(`DROP TABLE events`);
  }
}
