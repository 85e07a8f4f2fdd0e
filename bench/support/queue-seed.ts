/**
 * The coordinator's queue of the web bench: one region (Zuid-Holland) with exactly 3,000 suggestions, made
 * fast and reproducibly. Starters and practices of the region are inserted with set-based SQL (fixed
 * random seed, fixed dates); every pair is scored in Node with matching's own pure functions (hard
 * constraints, points per criterion, urgency, seats), each starter keeps its best ten (the worker's
 * MAX_SUGGESTIONS_PER_STARTER), and the rows are written by the worker's own writer
 * (writeSuggestionBatch: the same upsert, `match_events` row and content hash). What this skips of a real
 * rescoring is the candidate pruning and the regional plan, so no suggestion is marked as in the plan.
 * The region's coordinator gets a real argon2 password: the bench logs in as they would.
 */
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/auth.service';
import { currentWeights, loadPractices, loadStarters } from '../../src/modules/matching/matching-data';
import {
  checkHardConstraints,
  haversineKm,
  maxPointsTenths,
  pairFractions,
  patientsPerSuccessor,
  pointsTenths,
  successorSeats,
  urgency,
  type ScoringPractice,
} from '../../src/modules/matching/scoring';
import { MAX_SUGGESTIONS_PER_STARTER } from '../../src/modules/matching/suggestion-selection';
import { writeSuggestionBatch, type SuggestionRow } from '../../src/modules/matching/suggestion-writer';

export const QUEUE_SUGGESTIONS = 3_000;
export const QUEUE_COORDINATOR = { email: 'queue-coordinator@bench.test', password: 'bench-password-2095' };
const REGION_CODE = 'zuid-holland';
const STARTERS = 400;
const PRACTICES = 200;
/** The seed's "today": fixed, so urgency and timing points are the same on every run. */
const TODAY = '2026-11-22';
const WRITE_BATCH = 1_000;

export interface QueueFixtures {
  regionId: string;
  suggestions: number;
  coordinatorId: string;
}

/** A pg Client as the EntityManager the matching readers and writer use (they only call query). */
const asManager = (db: Client): EntityManager =>
  ({
    query: async (sql: string, params?: unknown[]): Promise<unknown[]> =>
      (await db.query(sql, params)).rows as unknown[],
  }) as unknown as EntityManager;

async function seedProfiles(db: Client, regionId: string): Promise<void> {
  await db.query(`SELECT setseed(0.3000)`);
  await db.query(
    `CREATE TEMP TABLE queue_pc AS
       SELECT row_number() OVER (ORDER BY postcode) AS n, postcode, place, is_krimp_pc4(pc4) AS krimp
         FROM places WHERE region_for_pc4(pc4) = $1`,
    [regionId],
  );
  const [{ n: places }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM queue_pc`)).rows;
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
     SELECT 'queue-' || r || '-' || g || '@bench.test', 'x',
            (ARRAY['Sanne','Daan','Fleur','Bram','Noor','Jesse','Lotte','Thijs'])[1 + g % 8] || ' ' ||
            (ARRAY['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder'])[1 + (g / 8) % 8] || ' ' || g,
            r, now()
       FROM generate_series(1, $1::int) g, (VALUES ('starter'), ('stopper')) AS roles(r)
      WHERE (r = 'starter' AND g <= $2) OR (r = 'stopper' AND g <= $3)`,
    [Math.max(STARTERS, PRACTICES), STARTERS, PRACTICES],
  );
  // Starters open to most practices of the region, so each has ten that pass.
  await db.query(
    `INSERT INTO starter_profiles (user_id, career_stage, home_postcode, home_region_id, max_travel_km,
        preferred_region_ids, days_per_week_min, days_per_week_max, practice_forms, roles, available_from,
        transition_months_wanted, setting, dispensing_ok, anw_hours_per_month_max, wants_training_practice,
        training_region_id, looking_for_duo_partner, partner_needs_work, about, active)
     SELECT u.id, (ARRAY['aios','hidha','waarnemer','gp'])[1 + floor(random() * 4)::int], pc.postcode, $2::uuid,
            30 + floor(random() * 31)::int, '{}', d.mn, least(5, d.mn + 1),
            ARRAY['solo','duo','group','health_centre'], ARRAY['holder','partner','employed_then_holder','employed'],
            DATE '${TODAY}' + floor(random() * 365)::int, floor(random() * 12)::int,
            (ARRAY['urban','rural','any'])[1 + floor(random() * 3)::int], random() < 0.5,
            CASE WHEN random() < 0.5 THEN NULL ELSE 10 + floor(random() * 30)::int END, random() < 0.3,
            CASE WHEN random() < 0.6 THEN $2::uuid ELSE NULL END, false, random() < 0.4, 'bench', true
       FROM (SELECT id, row_number() OVER (ORDER BY email) AS i FROM users
              WHERE role = 'starter' AND email LIKE 'queue-%') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN queue_pc pc ON pc.n = pick.n
       JOIN LATERAL (SELECT (2 + floor(random() * 5)::int * 0.5) + 0 * u.i AS mn) d ON true`,
    [places, regionId],
  );
  await db.query(
    `INSERT INTO practices (owner_id, name, postcode, region_id, place, krimp, address, list_size, practice_form,
        gp_count, days_per_week_needed, setting, successor_roles, handover_from, handover_to,
        transition_months_offered, dispensing, is_training_practice, anw_hours_per_month, poh_somatic_fte,
        poh_mental_health_fte, assistants_fte, pa_or_np_fte, building, description, status, published_at)
     SELECT u.id, 'Huisartsenpraktijk ' || pc.place || ' ' || u.i, pc.postcode, $2::uuid, pc.place, pc.krimp, 'Straat ' || u.i,
            f.gps * (1700 + floor(random() * 800)::int), f.form, f.gps, 4 + floor(random() * 3)::int * 0.5,
            CASE WHEN random() < 0.6 THEN 'urban' ELSE 'rural' END, ARRAY['holder','partner'],
            h.start, h.start + 90 + floor(random() * 270)::int, floor(random() * 12)::int, random() < 0.05,
            random() < 0.3, floor(random() * 40)::int, 0.5, 0.3, 2, 0, 'rented', 'bench', 'published', now()
       FROM (SELECT id, row_number() OVER (ORDER BY email) AS i FROM users
              WHERE role = 'stopper' AND email LIKE 'queue-%') u
       JOIN LATERAL (SELECT 1 + floor(random() * $1)::int + 0 * u.i AS n) pick ON true
       JOIN queue_pc pc ON pc.n = pick.n
       JOIN LATERAL (SELECT CASE WHEN r < 0.2 THEN 'solo' WHEN r < 0.6 THEN 'duo' WHEN r < 0.9 THEN 'group' ELSE 'health_centre' END AS form,
                            CASE WHEN r < 0.2 THEN 1 WHEN r < 0.6 THEN 2 ELSE 3 + floor(random() * 3)::int END AS gps
                       FROM (SELECT random() + 0 * u.i AS r) x) f ON true
       JOIN LATERAL (SELECT DATE '${TODAY}' + (floor(random() * 1500) - 200 + 0 * u.i)::int AS start) h ON true`,
    [places, regionId],
  );
}

/** Each starter's best ten passing practices, in starter order, until the region holds `total`. */
function bestSuggestions(
  starters: Awaited<ReturnType<typeof loadStarters>>,
  practices: ScoringPractice[],
  maxTenths: number[],
  total: number,
  names: ReadonlyMap<string, string>,
): SuggestionRow[] {
  const rows: SuggestionRow[] = [];
  for (const s of starters) {
    const scored: SuggestionRow[] = [];
    for (const p of practices) {
      const km = haversineKm(s.homeLat, s.homeLon, p.lat, p.lon);
      if (checkHardConstraints(s, p, km).length > 0) continue;
      const points = pairFractions(s, p, km).map((f, i) => pointsTenths(f, maxTenths[i]));
      scored.push({
        starterId: s.id,
        partnerId: null,
        practiceId: p.id,
        regionId: p.regionId,
        scoreTenths: points.reduce((a, b) => a + b, 0),
        pointsTenths: points,
        distanceKm: km,
        urgency: urgency(p, TODAY),
        seats: successorSeats(p),
        patients: patientsPerSuccessor(p),
      });
    }
    // Ties by the practice's name, not its (random) uuid: the same ten on every run.
    const name = (r: SuggestionRow) => names.get(r.practiceId) ?? '';
    scored.sort((a, b) => b.scoreTenths - a.scoreTenths || name(a).localeCompare(name(b)));
    for (const row of scored.slice(0, Math.min(MAX_SUGGESTIONS_PER_STARTER, total - rows.length)))
      rows.push(row);
    if (rows.length === total) return rows;
  }
  throw new Error(`the queue seed made only ${rows.length} of ${total} suggestions`);
}

/** Seeds the queue's region into the (already migrated) bench database at `url`. */
export async function seedQueue(url: string): Promise<QueueFixtures> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const region = await db.query<{ id: string }>(`SELECT id FROM regions WHERE code = $1`, [REGION_CODE]);
    const regionId = region.rows[0].id;
    await seedProfiles(db, regionId);
    const m = asManager(db);
    const mine = `IN (SELECT id FROM users WHERE email LIKE 'queue-%@bench.test')`;
    // In the order of their accounts (not their random uuids), so the same 300 starters are used each run.
    const order = await db.query<{ id: string }>(
      `SELECT sp.id FROM starter_profiles sp JOIN users u ON u.id = sp.user_id WHERE u.id ${mine} ORDER BY u.email`,
    );
    const rank = new Map(order.rows.map((r, i) => [r.id, i]));
    const starters = (await loadStarters(m, `sp.user_id ${mine}`)).sort(
      (a, b) => rank.get(a.id)! - rank.get(b.id)!,
    );
    const practices = await loadPractices(m, `p.owner_id ${mine}`);
    const weights = await currentWeights(m);
    const maxTenths = maxPointsTenths(weights.weights);
    const names = await db.query<{ id: string; name: string }>(
      `SELECT id, name FROM practices WHERE owner_id ${mine}`,
    );
    const rows = bestSuggestions(
      starters,
      practices,
      maxTenths,
      QUEUE_SUGGESTIONS,
      new Map(names.rows.map((r) => [r.id, r.name])),
    );
    await db.query('BEGIN');
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await writeSuggestionBatch(m, { rows: rows.slice(i, i + WRITE_BATCH), stale: [] }, new Map(), {
        version: weights.version,
        maxPointsTenths: maxTenths,
      });
    }
    await db.query('COMMIT');
    const coordinator = await db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
       VALUES ($1, $2, 'Bench Coördinator', 'coordinator', now()) RETURNING id`,
      [QUEUE_COORDINATOR.email, await hashPassword(QUEUE_COORDINATOR.password)],
    );
    await db.query(`INSERT INTO coordinator_regions (user_id, region_id) VALUES ($1, $2)`, [
      coordinator.rows[0].id,
      regionId,
    ]);
    await db.query(`ANALYZE`);
    const [{ n }] = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM matches WHERE region_id = $1 AND status = 'suggested'`,
        [regionId],
      )
    ).rows;
    return { regionId, suggestions: n, coordinatorId: coordinator.rows[0].id };
  } finally {
    await db.end();
  }
}
