/**
 * The data the load, soak and mail-path benchmarks run on: 2,000 starters and 1,500 published practices on
 * real PC4 centroids (bench/rescoring.bench.ts's seedSynthetic: set-based SQL, fixed random seed),
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
import { clientQueryable, seedSynthetic } from '../rescoring.bench';
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
    await seedSynthetic(clientQueryable(db), starters, practices);
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
