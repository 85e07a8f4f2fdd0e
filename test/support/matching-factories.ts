import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RescoringService } from '../../src/modules/matching/rescoring.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './app';
import { createUser } from './factories';
import { testEnv } from './test-env';

/** A starter profile row with sensible wishes; override any column by its snake_case name. */
export async function insertStarterProfile(
  ds: DataSource,
  userId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const values: Record<string, unknown> = {
    user_id: userId,
    career_stage: 'aios',
    home_postcode: '9401',
    home_region_id: null,
    max_travel_km: 40,
    preferred_region_ids: [],
    days_per_week_min: 3,
    days_per_week_max: 4,
    practice_forms: ['solo', 'duo', 'group'],
    roles: ['holder', 'partner'],
    available_from: '2027-01-01',
    transition_months_wanted: 3,
    setting: 'any',
    dispensing_ok: false,
    anw_hours_per_month_max: null,
    wants_training_practice: false,
    training_region_id: null,
    looking_for_duo_partner: false,
    partner_needs_work: false,
    about: 'Ik zoek een plek in het noorden.',
    active: true,
    ...overrides,
  };
  if (values.home_region_id === null) {
    const [r] = await ds.query<Array<{ id: string }>>(`SELECT region_for_pc4($1::int) AS id`, [
      values.home_postcode,
    ]);
    values.home_region_id = r.id;
  }
  const cols = Object.keys(values);
  const rows = await ds.query<Array<{ id: string }>>(
    `INSERT INTO starter_profiles (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    cols.map((c) => values[c]),
  );
  return rows[0].id;
}

/** A practice row (published unless told otherwise); region and place derived from the postcode. */
export async function insertPractice(
  ds: DataSource,
  ownerId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const values: Record<string, unknown> = {
    owner_id: ownerId,
    name: 'Huisartsenpraktijk De Linde',
    show_name_publicly: false,
    postcode: '9402',
    address: 'Lindelaan 1',
    list_size: 2400,
    practice_form: 'duo',
    gp_count: 2,
    days_per_week_needed: 4,
    setting: 'urban',
    successor_roles: ['holder', 'partner'],
    handover_from: '2027-03-01',
    handover_to: '2027-09-01',
    transition_months_offered: 6,
    dispensing: false,
    is_training_practice: false,
    anw_hours_per_month: 10,
    building: 'rented',
    description: 'Een goed georganiseerde duopraktijk.',
    status: 'published',
    ...overrides,
  };
  if (values.status !== 'draft' && values.published_at === undefined) values.published_at = new Date();
  const [where] = await ds.query<Array<{ region_id: string; place: string; krimp: boolean }>>(
    `SELECT region_for_pc4(pc4) AS region_id, place, is_krimp_pc4(pc4) AS krimp FROM places WHERE postcode = $1`,
    [values.postcode],
  );
  values.region_id ??= where.region_id;
  values.place ??= where.place;
  values.krimp ??= where.krimp;
  const cols = Object.keys(values);
  const rows = await ds.query<Array<{ id: string }>>(
    `INSERT INTO practices (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    cols.map((c) => values[c]),
  );
  return rows[0].id;
}

/** A new starter account with a profile (insertStarterProfile's overrides); returns the profile id. */
export async function newStarter(
  api: { app: NestFastifyApplication; dataSource: DataSource },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const u = await createUser(api.app, api.dataSource, 'starter');
  return insertStarterProfile(api.dataSource, u.id, overrides);
}

/** A new stopper account with a practice (insertPractice's overrides); returns the practice id. */
export async function newPractice(
  api: { app: NestFastifyApplication; dataSource: DataSource },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const u = await createUser(api.app, api.dataSource, 'stopper');
  return insertPractice(api.dataSource, u.id, overrides);
}

/**
 * A rescoring suite's API and worker: booted before its tests, closed after them, and every table of user
 * data emptied before each test. The fields are set once the suite's beforeAll has run.
 */
export function rescoringSuite(): { api: TestApi; rescoring: RescoringService } {
  const suite = {} as { api: TestApi; rescoring: RescoringService };
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    // A queue prefix of the suite's own: a job another suite left in the shared test queues (an admin's
    // full rescoring enqueued by a suite without a worker, say) must not run here, under another date,
    // in the middle of a test that compares scores (CI saw that once).
    const env = testEnv({ QUEUE_PREFIX: `pmrescoring${Date.now().toString(36)}` });
    suite.api = await createTestApi(env);
    worker = await createTestWorker(env);
    suite.rescoring = worker.get(RescoringService);
  });
  afterAll(async () => {
    await worker?.close();
    await suite.api?.close();
  });
  beforeEach(() => truncateAll(suite.api.dataSource));
  return suite;
}
