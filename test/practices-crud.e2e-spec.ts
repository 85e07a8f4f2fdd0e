import request from 'supertest';
import { ConnectionOptions, Queue } from 'bullmq';
import { redisOptions } from '../src/core/queue/redis';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { TEST_REDIS_URL, testEnv } from './support/test-env';

type Body = Record<string, unknown>;
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/** A complete, valid listing: a rural duo practice in Beilen (Drenthe) handing over next year. */
function practiceBody(overrides: Body = {}): Body {
  return {
    name: 'Huisartsenpraktijk De Linde',
    showNamePublicly: false,
    postcode: '9411',
    address: 'Brink 12',
    listSize: 4200,
    practiceForm: 'duo',
    gpCount: 2,
    daysPerWeekNeeded: 4,
    setting: 'rural',
    successorRoles: ['holder', 'employed_then_holder'],
    handoverFrom: `${NEXT_YEAR}-01-01`,
    handoverTo: `${NEXT_YEAR}-12-31`,
    transitionMonthsOffered: 6,
    dispensing: false,
    isTrainingPractice: true,
    anwHoursPerMonth: 16,
    staff: { pohSomaticFte: 1.2, pohMentalHealthFte: 0.5, assistantsFte: 3, paOrNpFte: 0 },
    building: 'owned',
    his: 'Medicom',
    description: 'Goed georganiseerde duopraktijk met een vaste waarnemer en een hecht team.',
    ...overrides,
  };
}

const fields = (res: request.Response): string[] =>
  (res.body.details as Array<{ field: string }>).map((d) => d.field);

describe('practices: create, read, correct, delete', () => {
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

  const create = (u: TestUser, body: Body = practiceBody()) =>
    request(http())
      .post('/api/practices')
      .set(...bearer(u))
      .send(body);
  const patch = (u: TestUser, id: string, body: Body) =>
    request(http())
      .patch(`/api/practices/${id}`)
      .set(...bearer(u))
      .send(body);
  const get = (u: TestUser, id: string) =>
    request(http())
      .get(`/api/practices/${id}`)
      .set(...bearer(u));

  it('creates a draft with region, place and krimp derived from the PC4, and reads it back', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const body = practiceBody();
    const res = await create(stopper, body).expect(201);
    expect(res.body).toEqual({
      ...body,
      id: expect.any(String),
      status: 'draft',
      regionId: drenthe,
      place: 'Beilen',
      krimp: expect.any(Boolean),
      publishedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await get(stopper, res.body.id).expect(200);
    expect(read.body).toEqual(res.body);
    const owner = await api.dataSource.query(`SELECT owner_id FROM practices WHERE id = $1`, [res.body.id]);
    expect(owner[0].owner_id).toBe(stopper.id);
  });

  it('accepts a listing without the optional address and HIS', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const body = practiceBody();
    delete body.address;
    delete body.his;
    const res = await create(stopper, body).expect(201);
    expect(res.body).toMatchObject({ address: null, his: null });
  });

  const badValues: Array<[string, unknown]> = [
    ['name', ''],
    ['name', 'x'.repeat(201)],
    ['name', 7],
    ['showNamePublicly', 'yes'],
    ['postcode', '941'],
    ['postcode', '0411'],
    ['postcode', 'ABCD'],
    ['postcode', 9411],
    ['address', 12],
    ['address', 'x'.repeat(301)],
    ['listSize', 0],
    ['listSize', 20001],
    ['listSize', 2095.5],
    ['listSize', '4200'],
    ['practiceForm', 'villa'],
    ['gpCount', 0],
    ['gpCount', 31],
    ['daysPerWeekNeeded', 0],
    ['daysPerWeekNeeded', 10.5],
    ['daysPerWeekNeeded', 3.75],
    ['setting', 'any'],
    ['successorRoles', []],
    ['successorRoles', ['boss']],
    ['successorRoles', ['holder', 'holder']],
    ['successorRoles', 'holder'],
    ['handoverFrom', `${NEXT_YEAR}-02-30`],
    ['handoverFrom', 'soon'],
    ['handoverTo', `31-12-${NEXT_YEAR}`],
    ['transitionMonthsOffered', -1],
    ['transitionMonthsOffered', 25],
    ['dispensing', 'false'],
    ['isTrainingPractice', 1],
    ['anwHoursPerMonth', -1],
    ['anwHoursPerMonth', 201],
    ['staff', null],
    ['staff', 3],
    ['staff.pohSomaticFte', 21],
    ['staff.pohMentalHealthFte', -0.5],
    ['staff.assistantsFte', '3'],
    ['staff.paOrNpFte', 0.25],
    ['building', 'tent'],
    ['his', 'x'.repeat(101)],
    ['description', 'x'.repeat(4001)],
    ['description', null],
  ];

  it.each(badValues)('rejects %s = %j with a 400 naming the field', async (field, value) => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const body = practiceBody();
    if (field.startsWith('staff.')) body.staff = { ...(body.staff as Body), [field.slice(6)]: value };
    else body[field] = value;
    const res = await create(stopper, body).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(fields(res)).toContain(field);
  });

  const required = Object.keys(practiceBody()).filter((k) => k !== 'address' && k !== 'his');
  it.each(required)('rejects a listing without %s', async (field) => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const body = practiceBody();
    delete body[field];
    const res = await create(stopper, body).expect(400);
    expect(fields(res)).toContain(field);
  });

  it('rejects a handover window that ends before it starts, on create and on correction', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const bad = await create(
      stopper,
      practiceBody({ handoverFrom: `${NEXT_YEAR}-06-01`, handoverTo: `${NEXT_YEAR}-05-31` }),
    ).expect(400);
    expect(fields(bad)).toEqual(['handoverTo']);
    const ok = await create(stopper).expect(201);
    const res = await patch(stopper, ok.body.id, { handoverTo: `${NEXT_YEAR - 1}-12-31` }).expect(400);
    expect(fields(res)).toEqual(['handoverTo']);
  });

  it('rejects an unknown and a PO-box-only postcode with a 400 naming postcode', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    for (const pc4 of ['1234', '9700']) {
      const res = await create(stopper, practiceBody({ postcode: pc4 })).expect(400);
      expect(res.body.code).toBe('PLACE.UNKNOWN_POSTCODE');
      expect(fields(res)).toEqual(['postcode']);
    }
    const ok = await create(stopper).expect(201);
    const res = await patch(stopper, ok.body.id, { postcode: '9700' }).expect(400);
    expect(fields(res)).toEqual(['postcode']);
  });

  it('rejects owner, status, region and other fields a client may not set (mass assignment)', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const other = await createUser(api.app, api.dataSource, 'stopper');
    const smuggled: Body = {
      ownerId: other.id,
      status: 'published',
      regionId: groningen,
      place: 'Elders',
      id: '00000000-0000-4000-8000-000000000000',
      krimp: true,
      publishedAt: '2020-01-01T00:00:00Z',
    };
    for (const [field, value] of Object.entries(smuggled)) {
      const res = await create(stopper, practiceBody({ [field]: value })).expect(400);
      expect(fields(res)).toContain(field);
    }
    const staffExtra = await create(
      stopper,
      practiceBody({ staff: { ...(practiceBody().staff as Body), gps: 3 } }),
    ).expect(400);
    expect(fields(staffExtra)).toContain('staff.gps');
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM practices`))[0].n).toBe(0);

    const ok = await create(stopper).expect(201);
    for (const [field, value] of Object.entries(smuggled)) {
      const res = await patch(stopper, ok.body.id, { [field]: value }).expect(400);
      expect(fields(res)).toContain(field);
    }
    const after = await get(stopper, ok.body.id).expect(200);
    expect(after.body).toMatchObject({ status: 'draft', regionId: drenthe, place: 'Beilen' });
  });

  it('answers 413 to an oversized body', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const res = await create(stopper, practiceBody({ description: 'x'.repeat(200_000) })).expect(413);
    expect(res.body.statusCode).toBe(413);
  });

  it('corrects a practice partially, re-deriving region and place from a new postcode', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const { body } = await create(stopper).expect(201);
    const res = await patch(stopper, body.id, {
      postcode: '9711',
      listSize: 3900,
      staff: { pohSomaticFte: 2, pohMentalHealthFte: 1, assistantsFte: 4, paOrNpFte: 0.5 },
      address: null,
    }).expect(200);
    expect(res.body).toMatchObject({
      postcode: '9711',
      regionId: groningen,
      place: 'Groningen',
      listSize: 3900,
      staff: { pohSomaticFte: 2, pohMentalHealthFte: 1, assistantsFte: 4, paOrNpFte: 0.5 },
      address: null,
      name: body.name,
      description: body.description,
    });
    const nulled = await patch(stopper, body.id, { name: null, listSize: null }).expect(400);
    expect(fields(nulled)).toEqual(expect.arrayContaining(['name', 'listSize']));
    const badValue = await patch(stopper, body.id, { gpCount: 0 }).expect(400);
    expect(fields(badValue)).toEqual(['gpCount']);
  });

  it('hides a practice from another stopper: 404 on every route', async () => {
    const owner = await createUser(api.app, api.dataSource, 'stopper');
    const other = await createUser(api.app, api.dataSource, 'stopper');
    const { body } = await create(owner).expect(201);
    const attempts = [
      request(http()).get(`/api/practices/${body.id}`),
      request(http()).patch(`/api/practices/${body.id}`).send({ listSize: 1 }),
      request(http()).delete(`/api/practices/${body.id}`),
      request(http()).post(`/api/practices/${body.id}/publish`),
      request(http()).post(`/api/practices/${body.id}/withdraw`),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set(...bearer(other)).expect(404);
      expect(res.body.code).toBe('PRACTICE.NOT_FOUND');
    }
    const list = await request(http())
      .get('/api/practices')
      .set(...bearer(other))
      .expect(200);
    expect(list.body.total).toBe(0);
    const unchanged = await get(owner, body.id).expect(200);
    expect(unchanged.body.listSize).toBe(4200);
  });

  it('answers 404 for an id that is no uuid or no practice', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    for (const id of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const res = await get(stopper, id).expect(404);
      expect(res.body.code).toBe('PRACTICE.NOT_FOUND');
    }
  });

  it("lets a coordinator of the practice's region read, list and correct it, but not create or publish", async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    const { body } = await create(stopper).expect(201);
    await get(coordinator, body.id).expect(200);
    const list = await request(http())
      .get('/api/practices')
      .set(...bearer(coordinator))
      .expect(200);
    expect((list.body.items as Array<{ id: string }>).map((p) => p.id)).toEqual([body.id]);
    const corrected = await patch(coordinator, body.id, { listSize: 4350, gpCount: 3 }).expect(200);
    expect(corrected.body).toMatchObject({ listSize: 4350, gpCount: 3, status: 'draft' });
    // Moving it out of the coordinator's regions is not a correction they may make.
    const moved = await patch(coordinator, body.id, { postcode: '9711' }).expect(400);
    expect(fields(moved)).toEqual(['postcode']);

    const created = await create(coordinator).expect(403);
    expect(created.body.code).toBe('AUTH.FORBIDDEN_ROLE');
    await request(http())
      .post(`/api/practices/${body.id}/publish`)
      .set(...bearer(coordinator))
      .expect(403);
    await request(http())
      .delete(`/api/practices/${body.id}`)
      .set(...bearer(coordinator))
      .expect(403);
    const audit = await api.dataSource.query(
      `SELECT actor_id FROM audit_log WHERE action = 'practice.updated' AND target_id = $1`,
      [body.id],
    );
    expect((audit as Array<{ actor_id: string }>).map((a) => a.actor_id)).toContain(coordinator.id);
  });

  it('answers 404 to a coordinator of another region, even for reading', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const elsewhere = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
    const { body } = await create(stopper).expect(201);
    expect((await get(elsewhere, body.id).expect(404)).body.code).toBe('PRACTICE.NOT_FOUND');
    await patch(elsewhere, body.id, { listSize: 1 }).expect(404);
    const list = await request(http())
      .get('/api/practices')
      .set(...bearer(elsewhere))
      .expect(200);
    expect(list.body.total).toBe(0);
    // Asking for another region by id is as unknown as its practices.
    const filtered = await request(http())
      .get(`/api/practices?regionId=${drenthe}`)
      .set(...bearer(elsewhere))
      .expect(404);
    expect(filtered.body.code).toBe('REGION.NOT_FOUND');
  });

  it('lets an admin read but not change practices', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const admin = await createUser(api.app, api.dataSource, 'admin');
    const { body } = await create(stopper).expect(201);
    await get(admin, body.id).expect(200);
    const list = await request(http())
      .get('/api/practices')
      .set(...bearer(admin))
      .expect(200);
    expect(list.body.total).toBe(1);
    await patch(admin, body.id, { listSize: 1 }).expect(403);
    await create(admin).expect(403);
  });

  it('refuses starters on every practices route, and anonymous callers', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const { body } = await create(stopper).expect(201);
    const attempts = [
      request(http()).post('/api/practices').send(practiceBody()),
      request(http()).get('/api/practices'),
      request(http()).get(`/api/practices/${body.id}`),
      request(http()).patch(`/api/practices/${body.id}`).send({ listSize: 1 }),
      request(http()).delete(`/api/practices/${body.id}`),
      request(http()).post(`/api/practices/${body.id}/publish`),
      request(http()).post(`/api/practices/${body.id}/withdraw`),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set(...bearer(starter)).expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN_ROLE');
    }
    await request(http()).get('/api/practices').expect(401);
    await request(http()).post('/api/practices').send(practiceBody()).expect(401);
  });

  it('lists own practices paginated and filtered by status, region and form', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const a = await create(stopper, practiceBody({ handoverFrom: `${NEXT_YEAR}-01-01` })).expect(201);
    const b = await create(
      stopper,
      practiceBody({ handoverFrom: `${NEXT_YEAR}-02-01`, practiceForm: 'solo' }),
    ).expect(201);
    const c = await create(
      stopper,
      practiceBody({ handoverFrom: `${NEXT_YEAR}-03-01`, postcode: '9711' }),
    ).expect(201);
    await request(http())
      .post(`/api/practices/${b.body.id}/publish`)
      .set(...bearer(stopper))
      .expect(200);
    const list = (q: string) =>
      request(http())
        .get(`/api/practices${q}`)
        .set(...bearer(stopper))
        .expect(200);
    const ids = (res: request.Response) => (res.body.items as Array<{ id: string }>).map((p) => p.id);

    const page1 = await list('?pageSize=2');
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(ids(page1)).toEqual([a.body.id, b.body.id]);
    expect(ids(await list('?pageSize=2&page=2'))).toEqual([c.body.id]);
    expect(ids(await list('?status=published'))).toEqual([b.body.id]);
    expect(ids(await list(`?regionId=${groningen}`))).toEqual([c.body.id]);
    expect(ids(await list('?practiceForm=solo'))).toEqual([b.body.id]);

    for (const q of [
      '?pageSize=101',
      '?page=0',
      '?status=sold',
      '?regionId=drenthe',
      '?practiceForm=villa',
      '?owner=x',
    ]) {
      await request(http())
        .get(`/api/practices${q}`)
        .set(...bearer(stopper))
        .expect(400);
    }
  });

  it('erases a draft without matches, and withdraws a published practice instead of erasing it', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const draft = await create(stopper).expect(201);
    await request(http())
      .delete(`/api/practices/${draft.body.id}`)
      .set(...bearer(stopper))
      .expect(204);
    await get(stopper, draft.body.id).expect(404);
    expect(await api.dataSource.query(`SELECT id FROM practices WHERE id = $1`, [draft.body.id])).toEqual([]);

    const published = await create(stopper).expect(201);
    await request(http())
      .post(`/api/practices/${published.body.id}/publish`)
      .set(...bearer(stopper))
      .expect(200);
    await request(http())
      .delete(`/api/practices/${published.body.id}`)
      .set(...bearer(stopper))
      .expect(204);
    const after = await get(stopper, published.body.id).expect(200);
    expect(after.body.status).toBe('withdrawn');
  });

  it('enqueues rescoring of the practice on create and on every change', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const { body } = await create(stopper).expect(201);
    const jobId = `rescore-practice-${body.id}`;
    const job = await queue.getJob(jobId);
    expect(job?.name).toBe('rescore-practice');
    expect(job?.data).toEqual({ practiceId: body.id });

    await job!.remove();
    await patch(stopper, body.id, { listSize: 4000 }).expect(200);
    const afterPatch = await queue.getJob(jobId);
    expect(afterPatch).toBeDefined();
    // Pending already: another change does not add a second job.
    await patch(stopper, body.id, { listSize: 4100 }).expect(200);
    const pending = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
      (j) => j.id === jobId,
    );
    expect(pending).toHaveLength(1);
  });
});
