import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Starter profiles (a starter's wishes, one per starter) and practices (what a stopper hands over), with
 * every enum and range of DESIGN.md "API contract" enforced by the database as well as by the DTOs.
 */
export class ProfilesPractices1763870000000 implements MigrationInterface {
  name = 'ProfilesPractices1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE starter_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        career_stage text NOT NULL,
        home_postcode char(4) NOT NULL REFERENCES places(postcode),
        home_region_id uuid NOT NULL REFERENCES regions(id),
        max_travel_km int NOT NULL,
        preferred_region_ids uuid[] NOT NULL DEFAULT '{}',
        days_per_week_min numeric(3,1) NOT NULL,
        days_per_week_max numeric(3,1) NOT NULL,
        practice_forms text[] NOT NULL,
        roles text[] NOT NULL,
        available_from date NOT NULL,
        transition_months_wanted int NOT NULL,
        setting text NOT NULL,
        dispensing_ok boolean NOT NULL,
        anw_hours_per_month_max int NULL,
        wants_training_practice boolean NOT NULL,
        training_region_id uuid NULL REFERENCES regions(id),
        looking_for_duo_partner boolean NOT NULL,
        partner_needs_work boolean NOT NULL,
        about text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT false,
        alerts_enabled boolean NOT NULL DEFAULT false,
        alerts_min_score int NOT NULL DEFAULT 70,
        last_confirmed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT starter_profiles_user_id_key UNIQUE (user_id),
        CONSTRAINT starter_profiles_career_stage_check CHECK (career_stage IN ('aios', 'hidha', 'waarnemer', 'gp')),
        CONSTRAINT starter_profiles_max_travel_km_check CHECK (max_travel_km BETWEEN 0 AND 300),
        CONSTRAINT starter_profiles_days_check CHECK (
          days_per_week_min BETWEEN 0.5 AND 5 AND days_per_week_max BETWEEN 0.5 AND 5
          AND days_per_week_min <= days_per_week_max),
        CONSTRAINT starter_profiles_practice_forms_check CHECK (
          cardinality(practice_forms) > 0
          AND practice_forms <@ ARRAY['solo', 'duo', 'group', 'health_centre']::text[]),
        CONSTRAINT starter_profiles_roles_check CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['holder', 'partner', 'employed', 'employed_then_holder', 'locum_then_holder']::text[]),
        CONSTRAINT starter_profiles_transition_check CHECK (transition_months_wanted BETWEEN 0 AND 24),
        CONSTRAINT starter_profiles_setting_check CHECK (setting IN ('urban', 'rural', 'any')),
        CONSTRAINT starter_profiles_anw_check CHECK (anw_hours_per_month_max IS NULL OR anw_hours_per_month_max BETWEEN 0 AND 200),
        CONSTRAINT starter_profiles_about_check CHECK (char_length(about) <= 2000),
        CONSTRAINT starter_profiles_alerts_min_score_check CHECK (alerts_min_score BETWEEN 0 AND 100)
      )`);
    // Matching reads active profiles by home region; the still-looking probe by last confirmation.
    await q.query(
      `CREATE INDEX starter_profiles_active_region_idx ON starter_profiles (home_region_id) WHERE active`,
    );
    await q.query(
      `CREATE INDEX starter_profiles_confirmed_idx ON starter_profiles (last_confirmed_at) WHERE active`,
    );

    await q.query(`
      CREATE TABLE practices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        show_name_publicly boolean NOT NULL DEFAULT false,
        postcode char(4) NOT NULL REFERENCES places(postcode),
        region_id uuid NOT NULL REFERENCES regions(id),
        place text NOT NULL,
        address text NULL,
        list_size int NOT NULL,
        practice_form text NOT NULL,
        gp_count int NOT NULL,
        days_per_week_needed numeric(3,1) NOT NULL,
        setting text NOT NULL,
        successor_roles text[] NOT NULL,
        handover_from date NOT NULL,
        handover_to date NOT NULL,
        transition_months_offered int NOT NULL,
        dispensing boolean NOT NULL,
        is_training_practice boolean NOT NULL,
        anw_hours_per_month int NOT NULL,
        poh_somatic_fte numeric(4,1) NOT NULL DEFAULT 0,
        poh_mental_health_fte numeric(4,1) NOT NULL DEFAULT 0,
        assistants_fte numeric(4,1) NOT NULL DEFAULT 0,
        pa_or_np_fte numeric(4,1) NOT NULL DEFAULT 0,
        building text NOT NULL,
        his text NULL,
        description text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft',
        published_at timestamptz NULL,
        krimp boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT practices_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
        CONSTRAINT practices_list_size_check CHECK (list_size BETWEEN 1 AND 20000),
        CONSTRAINT practices_practice_form_check CHECK (practice_form IN ('solo', 'duo', 'group', 'health_centre')),
        CONSTRAINT practices_gp_count_check CHECK (gp_count BETWEEN 1 AND 30),
        CONSTRAINT practices_days_check CHECK (days_per_week_needed BETWEEN 0.5 AND 10),
        CONSTRAINT practices_setting_check CHECK (setting IN ('urban', 'rural')),
        CONSTRAINT practices_successor_roles_check CHECK (
          cardinality(successor_roles) > 0
          AND successor_roles <@ ARRAY['holder', 'partner', 'employed', 'employed_then_holder', 'locum_then_holder']::text[]),
        CONSTRAINT practices_handover_check CHECK (handover_to >= handover_from),
        CONSTRAINT practices_transition_check CHECK (transition_months_offered BETWEEN 0 AND 24),
        CONSTRAINT practices_anw_check CHECK (anw_hours_per_month BETWEEN 0 AND 200),
        CONSTRAINT practices_staff_check CHECK (
          poh_somatic_fte BETWEEN 0 AND 20 AND poh_mental_health_fte BETWEEN 0 AND 20
          AND assistants_fte BETWEEN 0 AND 20 AND pa_or_np_fte BETWEEN 0 AND 20),
        CONSTRAINT practices_building_check CHECK (building IN ('owned', 'rented', 'health_centre')),
        CONSTRAINT practices_description_check CHECK (char_length(description) <= 4000),
        CONSTRAINT practices_status_check CHECK (status IN ('draft', 'published', 'in_talks', 'transferred', 'withdrawn')),
        CONSTRAINT practices_published_at_check CHECK (status <> 'published' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX practices_owner_idx ON practices (owner_id)`);
    // Coordinators list their regions' practices (every status).
    await q.query(`CREATE INDEX practices_region_status_idx ON practices (region_id, status)`);
    // The public board: published rows only, sorted by handover date within a region or a form.
    await q.query(
      `CREATE INDEX practices_board_region_idx ON practices (region_id, handover_from, id) WHERE status = 'published'`,
    );
    await q.query(
      `CREATE INDEX practices_board_form_idx ON practices (practice_form, handover_from, id) WHERE status = 'published'`,
    );
    // The board's commonest page, a region's practices of one form.
    await q.query(
      `CREATE INDEX practices_board_region_form_idx ON practices (region_id, practice_form, handover_from, id) WHERE status = 'published'`,
    );
    await q.query(
      `CREATE INDEX practices_board_handover_idx ON practices (handover_from, id) WHERE status = 'published'`,
    );
    await q.query(`CREATE INDEX practices_successor_roles_idx ON practices USING gin (successor_roles)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE practices`);
    await q.query(`DROP TABLE starter_profiles`);
  }
}
