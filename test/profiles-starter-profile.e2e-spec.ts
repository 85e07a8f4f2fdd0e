import request from 'supertest';
import { ConnectionOptions, Queue } from 'bullmq';
import { redisOptions } from '../src/core/queue/redis';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { TEST_REDIS_URL, testEnv } from './support/test-env';

type Body = Record<string, unknown>;

/** A complete, valid profile: a GP trainee living in Assen who wants a duo or group practice nearby. */
function profileBody(overrides: Body = {}): Body {
  return {
    careerStage: 'aios',
    homePostcode: '9401',
    maxTravelKm: 40,
    preferredRegionIds: [],
    daysPerWeekMin: 3,
    daysPerWeekMax: 4,
    practiceForms: ['duo', 'group'],
    roles: ['partner', 'employed_then_holder'],
    availableFrom: '2027-09-01',
    transitionMonthsWanted: 6,
    setting: 'any',
    dispensingOk: false,
    anwHoursPerMonthMax: 20,
    wantsTrainingPractice: true,
    trainingRegionId: null,
    lookingForDuoPartner: true,
    partnerNeedsWork: true,
    about: 'Laatstejaars aios, wil graag in Drenthe blijven.',
    active: true,
    alerts: { enabled: true, minScore: 70 },
    ...overrides,
  };
}

const fields = (res: request.Response): string[] =>
  (res.body.details as Array<{ field: string }>).map((d) => d.field);

describe('starter profile: GET|PUT /api/starter-profile', () => {
  let api: TestApi;
  let queue: Queue;
  let drenthe: string;
  let groningen: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    queue = new Queue('matching', {
      connection: redisOptions(TEST_REDIS_URL, 'worker') as ConnectionOptions,
      prefix: 'pmtest',
    });
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await queue.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  const put = (u: TestUser, body: Body) =>
    request(http())
      .put('/api/starter-profile')
      .set(...bearer(u))
      .send(body);

  it('answers 404 PROFILE.NOT_FOUND until the profile exists, then creates and reads it back', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const none = await request(http())
      .get('/api/starter-profile')
      .set(...bearer(starter))
      .expect(404);
    expect(none.body.code).toBe('PROFILE.NOT_FOUND');

    const body = profileBody({ preferredRegionIds: [drenthe, groningen], trainingRegionId: groningen });
    const created = await put(starter, body).expect(200);
    const { alerts, ...flat } = body;
    expect(created.body).toEqual({
      ...flat,
      alerts,
      id: expect.any(String),
      homePlace: 'Assen',
      homeRegionId: drenthe,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await request(http())
      .get('/api/starter-profile')
      .set(...bearer(starter))
      .expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('replaces the whole profile on a second PUT, keeping one row per starter', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const first = await put(starter, profileBody()).expect(200);
    const second = await put(
      starter,
      profileBody({
        homePostcode: '9711',
        daysPerWeekMin: 4.5,
        daysPerWeekMax: 5,
        anwHoursPerMonthMax: null,
        about: '',
      }),
    ).expect(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({
      homePlace: 'Groningen',
      homeRegionId: groningen,
      daysPerWeekMin: 4.5,
      anwHoursPerMonthMax: null,
      about: '',
    });
    const rows = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM starter_profiles WHERE user_id = $1`,
      [starter.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('enforces one profile per starter in the database', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await put(starter, profileBody()).expect(200);
    await expect(
      api.dataSource.query(
        `INSERT INTO starter_profiles (user_id, career_stage, home_postcode, home_region_id, max_travel_km,
           days_per_week_min, days_per_week_max, practice_forms, roles, available_from, transition_months_wanted,
           setting, dispensing_ok, wants_training_practice, looking_for_duo_partner, partner_needs_work)
         VALUES ($1, 'gp', '9401', $2, 10, 3, 4, '{duo}', '{holder}', '2027-01-01', 0, 'any', false, false, false, false)`,
        [starter.id, drenthe],
      ),
    ).rejects.toThrow(/starter_profiles_user_id_key/);
  });

  const badValues: Array<[string, unknown]> = [
    ['careerStage', 'student'],
    ['careerStage', null],
    ['homePostcode', '940'],
    ['homePostcode', '0401'],
    ['homePostcode', 9401],
    ['maxTravelKm', -1],
    ['maxTravelKm', 301],
    ['maxTravelKm', 12.5],
    ['maxTravelKm', '40'],
    ['preferredRegionIds', 'drenthe'],
    ['preferredRegionIds', ['not-a-uuid']],
    ['daysPerWeekMin', 0],
    ['daysPerWeekMin', 5.5],
    ['daysPerWeekMin', 3.25],
    ['daysPerWeekMax', 6],
    ['daysPerWeekMax', 'four'],
    ['practiceForms', []],
    ['practiceForms', ['villa']],
    ['practiceForms', ['duo', 'duo']],
    ['practiceForms', 'duo'],
    ['roles', []],
    ['roles', ['boss']],
    ['availableFrom', '2027-02-30'],
    ['availableFrom', '01-09-2027'],
    ['availableFrom', '2027-09-01T00:00:00Z'],
    ['transitionMonthsWanted', -1],
    ['transitionMonthsWanted', 25],
    ['setting', 'suburban'],
    ['dispensingOk', 'false'],
    ['anwHoursPerMonthMax', -5],
    ['anwHoursPerMonthMax', 201],
    ['anwHoursPerMonthMax', 'none'],
    ['wantsTrainingPractice', 1],
    ['trainingRegionId', 'groningen'],
    ['lookingForDuoPartner', 'yes'],
    ['partnerNeedsWork', null],
    ['about', 'x'.repeat(2001)],
    ['about', 42],
    ['active', 'true'],
    ['alerts', null],
    ['alerts', true],
    ['alerts.enabled', 'yes'],
    ['alerts.minScore', 101],
    ['alerts.minScore', -1],
    ['alerts.minScore', 50.5],
  ];

  it.each(badValues)('rejects %s = %j with a 400 naming the field', async (field, value) => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const body = profileBody();
    if (field.startsWith('alerts.')) body.alerts = { enabled: true, minScore: 70, [field.slice(7)]: value };
    else body[field] = value;
    const res = await put(starter, body).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(fields(res)).toContain(field);
  });

  it.each(Object.keys(profileBody()))('rejects a body without %s', async (field) => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const body = profileBody();
    delete body[field];
    const res = await put(starter, body).expect(400);
    expect(fields(res)).toContain(field);
  });

  it('rejects daysPerWeekMin above daysPerWeekMax, naming the fields', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const res = await put(starter, profileBody({ daysPerWeekMin: 4.5, daysPerWeekMax: 3 })).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(fields(res)).toEqual(expect.arrayContaining(['daysPerWeekMin', 'daysPerWeekMax']));
  });

  it('rejects an unknown and a PO-box-only home postcode with a 400 naming homePostcode', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    for (const pc4 of ['1234', '9700']) {
      const res = await put(starter, profileBody({ homePostcode: pc4 })).expect(400);
      expect(res.body.code).toBe('PLACE.UNKNOWN_POSTCODE');
      expect(fields(res)).toEqual(['homePostcode']);
    }
  });

  it('rejects preferred and training regions that do not exist', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const ghost = '00000000-0000-4000-8000-000000000000';
    const pref = await put(starter, profileBody({ preferredRegionIds: [drenthe, ghost] })).expect(400);
    expect(fields(pref)).toEqual(['preferredRegionIds']);
    const training = await put(starter, profileBody({ trainingRegionId: ghost })).expect(400);
    expect(fields(training)).toEqual(['trainingRegionId']);
  });

  it('refuses activating a profile with an unverified email, but stores an inactive one', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter', { verified: false });
    const res = await put(starter, profileBody({ active: true })).expect(403);
    expect(res.body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    await request(http())
      .get('/api/starter-profile')
      .set(...bearer(starter))
      .expect(404);
    const inactive = await put(starter, profileBody({ active: false })).expect(200);
    expect(inactive.body.active).toBe(false);
  });

  it('rejects fields that are not the profile (mass assignment), never storing them', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const other = await createUser(api.app, api.dataSource, 'starter');
    for (const [field, value] of [
      ['userId', other.id],
      ['id', '00000000-0000-4000-8000-000000000000'],
      ['homeRegionId', groningen],
      ['lastConfirmedAt', '2020-01-01'],
    ] as const) {
      const res = await put(starter, profileBody({ [field]: value })).expect(400);
      expect(fields(res)).toContain(field);
    }
    const nested = await put(
      starter,
      profileBody({ alerts: { enabled: true, minScore: 50, channel: 'sms' } }),
    ).expect(400);
    expect(fields(nested)).toContain('alerts.channel');
    const rows = await api.dataSource.query(`SELECT count(*)::int AS n FROM starter_profiles`);
    expect(rows[0].n).toBe(0);
  });

  it('answers 413 to an oversized body', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const res = await put(starter, profileBody({ about: 'x'.repeat(200_000) })).expect(413);
    expect(res.body.statusCode).toBe(413);
  });

  it('is for starters only, and needs a login', async () => {
    for (const role of ['stopper', 'coordinator', 'admin'] as const) {
      const user = await createUser(api.app, api.dataSource, role, {
        regionIds: role === 'coordinator' ? [drenthe] : [],
      });
      const get = await request(http())
        .get('/api/starter-profile')
        .set(...bearer(user))
        .expect(403);
      expect(get.body.code).toBe('AUTH.FORBIDDEN_ROLE');
      await put(user, profileBody()).expect(403);
    }
    await request(http()).get('/api/starter-profile').expect(401);
    await request(http()).put('/api/starter-profile').send(profileBody()).expect(401);
  });

  it('enqueues the rescoring of the profile on every save, deduplicated by job id', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const res = await put(starter, profileBody()).expect(200);
    const jobId = `rescore-starter-${res.body.id}`;
    const job = await queue.getJob(jobId);
    expect(job?.name).toBe('rescore-starter');
    expect(job?.data).toEqual({ starterProfileId: res.body.id });

    // A second save while the first job is still pending does not add another.
    await put(starter, profileBody({ maxTravelKm: 10 })).expect(200);
    const waiting = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
      (j) => j.id === jobId,
    );
    expect(waiting).toHaveLength(1);

    // Once it ran (removed), the next change enqueues a new one.
    await job!.remove();
    await put(starter, profileBody({ maxTravelKm: 20 })).expect(200);
    expect(await queue.getJob(jobId)).toBeDefined();
  });
});
