/**
 * The data the load, soak and mail-path benchmarks run on: 2,000 starters and 1,500 published practices on
 * real PC4 centroids (set-based SQL, fixed random seed, the same distributions as bench/rescoring.bench.ts),
 * suggestions produced by the real RescoringService in a worker application context, one coordinator of
 * the region with the most suggestions, and a few accounts with a real argon2 password for login.
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { createLogger } from '../../src/core/logging/logger';
import { hashPassword } from '../../src/modules/auth/auth.service';
import { RescoringService } from '../../src/modules/matching/rescoring.service';
import { todayInNl } from '../../src/modules/practices/iso-date';
import { createWorkerModule } from '../../src/worker.module';
import { benchEnv, signAccessToken } from './bench-kit';

export const LOGIN_PASSWORD = 'bench-password-2095';

export interface LoadFixtures {
  starters: number;
  practices: number;
  suggestions: number;
  regionId: string;
  regionSuggestions: number;
  coordinatorToken: string;
  /** One PUT body and token per starter that the profile-update bench rotates over. */
  profileWriters: Array<{ token: string; body: string }>;
  logins: Array<{ email: string; password: string }>;
}

async function seedPeople(db: Client, starters: number, practices: number): Promise<void> {
  await db.query(`SELECT setseed(0.4242)`);
  await db.query(
    `CREATE TEMP TABLE pc AS SELECT row_number() OVER (ORDER BY postcode) AS n, postcode, region_for_pc4(pc4) AS region_id,
            is_krimp_pc4(pc4) AS krimp, place FROM places WHERE region_for_pc4(pc4) IS NOT NULL`,
  );
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pc`);
  const places = rows[0].n;
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
     SELECT 'bench-' || r || '-' || g || '@bench.test', 'x', 'Bench ' || g, r, now()
       FROM generate_series(1, $1::int) g, (VALUES ('starter'), ('stopper')) AS roles(r)
      WHERE (r = 'starter' AND g <= $2) OR (r = 'stopper' AND g <= $3)`,
    [Math.max(starters, practices), starters, practices],
  );
  await db.query(
    `INSERT INTO starter_profiles (user_id, career_stage, home_postcode, home_region_id, max_travel_km, preferred_region_ids,
        days_per_week_min, days_per_week_max, practice_forms, roles, available_from, transition_months_wanted, setting,
        dispensing_ok, anw_hours_per_month_max, wants_training_practice, training_region_id, looking_for_duo_partner,
        partner_needs_work, about, active)
     SELECT u.id, (ARRAY['aios','hidha','waarnemer','gp'])[1 + floor(random() * 4)::int], pc.postcode, pc.region_id,
            15 + floor(random() * 46)::int, CASE WHEN random() < 0.33 THEN ARRAY[pc.region_id] ELSE '{}' END,
            d.mn, least(5, d.mn + floor(random() * 3)::int * 0.5 + 0.5),
            CASE WHEN random() < 0.5 THEN ARRAY['duo','group'] WHEN random() < 0.5 THEN ARRAY['solo','duo','group','health_centre'] ELSE ARRAY['group','health_centre'] END,
            CASE WHEN random() < 0.5 THEN ARRAY['holder','partner'] ELSE ARRAY['partner','employed_then_holder','employed'] END,
            current_date + floor(random() * 900)::int, floor(random() * 12)::int,
            (ARRAY['urban','rural','any'])[1 + floor(random() * 3)::int], random() < 0.2,
            CASE WHEN random() < 0.5 THEN NULL ELSE 10 + floor(random() * 30)::int END, random() < 0.3,
            CASE WHEN random() < 0.6 THEN pc.region_id ELSE NULL END, random() < 0.2, random() < 0.4,
            'Huisarts in opleiding, zoekt een duo- of groepspraktijk.', true
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM users WHERE role = 'starter') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN pc ON pc.n = pick.n
       JOIN LATERAL (SELECT (2 + floor(random() * 5)::int * 0.5) + 0 * u.i AS mn) d ON true`,
    [places],
  );
  await db.query(
    `INSERT INTO practices (owner_id, name, postcode, region_id, place, krimp, list_size, practice_form, gp_count,
        days_per_week_needed, setting, successor_roles, handover_from, handover_to, transition_months_offered, dispensing,
        is_training_practice, anw_hours_per_month, poh_somatic_fte, poh_mental_health_fte, assistants_fte, pa_or_np_fte,
        building, description, status, published_at)
     SELECT u.id, 'Praktijk ' || u.i, pc.postcode, pc.region_id, pc.place, pc.krimp, f.gps * (1700 + floor(random() * 800)::int),
            f.form, f.gps, 4 + floor(random() * 3)::int * 0.5 + (CASE WHEN random() < 0.25 THEN 4 ELSE 0 END),
            CASE WHEN random() < 0.6 THEN 'urban' ELSE 'rural' END,
            CASE WHEN random() < 0.5 THEN ARRAY['holder'] ELSE ARRAY['partner','employed_then_holder'] END,
            h.start, h.start + 90 + floor(random() * 270)::int, floor(random() * 12)::int, random() < 0.05, random() < 0.3,
            floor(random() * 40)::int, 0.5, 0.3, 2, CASE WHEN random() < 0.3 THEN 0.5 ELSE 0 END, 'rented',
            'Goed georganiseerde praktijk in ' || pc.place || ' zoekt een opvolger.', 'published', now()
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM users WHERE role = 'stopper') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN pc ON pc.n = pick.n
       JOIN LATERAL (SELECT CASE WHEN r < 0.2 THEN 'solo' WHEN r < 0.6 THEN 'duo' WHEN r < 0.9 THEN 'group' ELSE 'health_centre' END AS form,
                            CASE WHEN r < 0.2 THEN 1 WHEN r < 0.6 THEN 2 ELSE 3 + floor(random() * 3)::int END AS gps
                       FROM (SELECT random() + 0 * u.i AS r) x) f ON true
       JOIN LATERAL (SELECT current_date + 10 + (floor(random() * 1800) + 0 * u.i)::int AS start) h ON true`,
    [places],
  );
}

/** Suggestions from the real RescoringService, in a worker application context like bench/rescoring.bench.ts. */
async function rescore(url: string, queuePrefix: string): Promise<number> {
  const env = benchEnv(url, { QUEUE_PREFIX: queuePrefix, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
  const ctx: INestApplicationContext = await NestFactory.createApplicationContext(
    createWorkerModule(env, createLogger('silent', 'bench')),
    { logger: false },
  );
  try {
    const result = await ctx.get(RescoringService).rescoreAll(todayInNl());
    return result.suggested;
  } finally {
    await ctx.close();
  }
}

interface WriterRow {
  user_id: string;
  body: Record<string, unknown>;
}

export async function seedLoadData(
  url: string,
  opts: { starters?: number; practices?: number; writers?: number; logins?: number; queuePrefix: string },
): Promise<LoadFixtures> {
  const starters = opts.starters ?? 2_000;
  const practices = opts.practices ?? 1_500;
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await seedPeople(db, starters, practices);
    await db.query(`ANALYZE`);
    const suggestions = await rescore(url, opts.queuePrefix);
    await db.query(`ANALYZE`);
    const busiest = await db.query<{ region_id: string; n: number }>(
      `SELECT region_id, count(*)::int AS n FROM matches WHERE status = 'suggested'
        GROUP BY region_id ORDER BY n DESC, region_id LIMIT 1`,
    );
    const { region_id: regionId, n: regionSuggestions } = busiest.rows[0];
    const coordinator = await db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
       VALUES ('bench-coordinator@bench.test', 'x', 'Bench Coordinator', 'coordinator', now()) RETURNING id`,
    );
    await db.query(`INSERT INTO coordinator_regions (user_id, region_id) VALUES ($1, $2)`, [
      coordinator.rows[0].id,
      regionId,
    ]);
    // Each writer PUTs its own current profile back: the full validated write path, rows stay plausible.
    const writers = await db.query<WriterRow>(
      `SELECT sp.user_id, json_build_object(
          'careerStage', career_stage, 'homePostcode', home_postcode, 'maxTravelKm', max_travel_km,
          'preferredRegionIds', preferred_region_ids, 'daysPerWeekMin', days_per_week_min::float8,
          'daysPerWeekMax', days_per_week_max::float8, 'practiceForms', practice_forms, 'roles', roles,
          'availableFrom', to_char(available_from, 'YYYY-MM-DD'), 'transitionMonthsWanted', transition_months_wanted,
          'setting', setting, 'dispensingOk', dispensing_ok, 'anwHoursPerMonthMax', anw_hours_per_month_max,
          'wantsTrainingPractice', wants_training_practice, 'trainingRegionId', training_region_id,
          'lookingForDuoPartner', looking_for_duo_partner, 'partnerNeedsWork', partner_needs_work, 'about', about,
          'active', active, 'alerts', json_build_object('enabled', alerts_enabled, 'minScore', alerts_min_score)) AS body
         FROM starter_profiles sp ORDER BY sp.id LIMIT $1`,
      [opts.writers ?? 200],
    );
    const hash = await hashPassword(LOGIN_PASSWORD);
    const logins = await db.query<{ email: string }>(
      `UPDATE users SET password_hash = $1
        WHERE id IN (SELECT id FROM users WHERE role = 'stopper' ORDER BY id LIMIT $2) RETURNING email`,
      [hash, opts.logins ?? 20],
    );
    return {
      starters,
      practices,
      suggestions,
      regionId,
      regionSuggestions,
      coordinatorToken: signAccessToken(coordinator.rows[0].id, 'coordinator'),
      profileWriters: writers.rows.map((w) => ({
        token: signAccessToken(w.user_id, 'starter'),
        body: JSON.stringify(w.body),
      })),
      logins: logins.rows.map((l) => ({ email: l.email, password: LOGIN_PASSWORD })),
    };
  } finally {
    await db.end();
  }
}
