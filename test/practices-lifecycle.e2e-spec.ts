import request from 'supertest';
import { ConnectionOptions, Queue } from 'bullmq';
import { redisOptions } from '../src/core/queue/redis';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, TestUser } from './support/factories';
import { TEST_REDIS_URL, testEnv } from './support/test-env';

type Body = Record<string, unknown>;
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

function practiceBody(overrides: Body = {}): Body {
  return {
    name: 'Gezondheidscentrum Het Baken',
    showNamePublicly: true,
    postcode: '9401',
    listSize: 6300,
    practiceForm: 'health_centre',
    gpCount: 3,
    daysPerWeekNeeded: 4.5,
    setting: 'urban',
    successorRoles: ['partner'],
    handoverFrom: `${NEXT_YEAR}-04-01`,
    handoverTo: `${NEXT_YEAR}-09-30`,
    transitionMonthsOffered: 3,
    dispensing: false,
    isTrainingPractice: false,
    anwHoursPerMonth: 12,
    staff: { pohSomaticFte: 2, pohMentalHealthFte: 1, assistantsFte: 5, paOrNpFte: 1 },
    building: 'health_centre',
    description: 'Gezondheidscentrum met fysiotherapie en apotheek onder één dak.',
    ...overrides,
  };
}

describe('practices: publish and withdraw', () => {
  let api: TestApi;
  let queue: Queue;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    queue = new Queue('matching', {
      connection: redisOptions(TEST_REDIS_URL, 'worker') as ConnectionOptions,
      prefix: 'pmtest',
    });
  });
  afterAll(async () => {
    await queue.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  const create = async (u: TestUser, body: Body = practiceBody()): Promise<string> =>
    (
      await request(http())
        .post('/api/practices')
        .set(...bearer(u))
        .send(body)
        .expect(201)
    ).body.id as string;
  const publish = (u: TestUser, id: string) =>
    request(http())
      .post(`/api/practices/${id}/publish`)
      .set(...bearer(u));
  const withdraw = (u: TestUser, id: string) =>
    request(http())
      .post(`/api/practices/${id}/withdraw`)
      .set(...bearer(u));

  it('publishes a draft, withdraws it and publishes it again', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const id = await create(stopper);
    const published = await publish(stopper, id).expect(200);
    expect(published.body).toMatchObject({ id, status: 'published', publishedAt: expect.any(String) });
    const withdrawn = await withdraw(stopper, id).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await publish(stopper, id).expect(200);
    expect(again.body.status).toBe('published');
    const actions = await api.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [id],
    );
    expect((actions as Array<{ action: string }>).map((a) => a.action)).toEqual([
      'practice.created',
      'practice.published',
      'practice.withdrawn',
      'practice.published',
    ]);
  });

  it('refuses publishing with an unverified email (403 AUTH.EMAIL_NOT_VERIFIED)', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper', { verified: false });
    const id = await create(stopper);
    const res = await publish(stopper, id).expect(403);
    expect(res.body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    const still = await request(http())
      .get(`/api/practices/${id}`)
      .set(...bearer(stopper))
      .expect(200);
    expect(still.body.status).toBe('draft');
  });

  it('refuses transitions from the wrong status with 409 PRACTICE.INVALID_STATUS', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const id = await create(stopper);
    expect((await withdraw(stopper, id).expect(409)).body.code).toBe('PRACTICE.INVALID_STATUS');
    await publish(stopper, id).expect(200);
    expect((await publish(stopper, id).expect(409)).body.code).toBe('PRACTICE.INVALID_STATUS');
    for (const status of ['in_talks', 'transferred']) {
      await api.dataSource.query(`UPDATE practices SET status = $2 WHERE id = $1`, [id, status]);
      expect((await publish(stopper, id).expect(409)).body.code).toBe('PRACTICE.INVALID_STATUS');
    }
    // A transferred practice is the record of its handover: neither withdrawn nor erased.
    await withdraw(stopper, id).expect(409);
    await request(http())
      .delete(`/api/practices/${id}`)
      .set(...bearer(stopper))
      .expect(409);
  });

  it('refuses publishing an incomplete listing, naming what is missing', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const blank = await create(stopper, practiceBody({ description: '   ' }));
    const res = await publish(stopper, blank).expect(400);
    expect(res.body.code).toBe('PRACTICE.INCOMPLETE');
    expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['description']);

    const past = await create(
      stopper,
      practiceBody({ handoverFrom: '2020-01-01', handoverTo: '2020-06-30' }),
    );
    const old = await publish(stopper, past).expect(400);
    expect((old.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['handoverTo']);

    // Nor can a correction empty the description of a published listing.
    const ok = await create(stopper);
    await publish(stopper, ok).expect(200);
    const emptied = await request(http())
      .patch(`/api/practices/${ok}`)
      .set(...bearer(stopper))
      .send({ description: '' });
    expect(emptied.status).toBe(400);
    expect(emptied.body.code).toBe('PRACTICE.INCOMPLETE');
  });

  it('enqueues the rescoring of the practice on publish and on withdraw', async () => {
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const id = await create(stopper);
    const jobId = `rescore-practice-${id}`;
    await (await queue.getJob(jobId))!.remove();

    await publish(stopper, id).expect(200);
    const onPublish = await queue.getJob(jobId);
    expect(onPublish?.data).toEqual({ practiceId: id });
    await onPublish!.remove();

    await withdraw(stopper, id).expect(200);
    expect((await queue.getJob(jobId))?.name).toBe('rescore-practice');
  });

  it('still saves the change when Redis is unreachable (the nightly rescoring catches up)', async () => {
    const offline = await createTestApi(testEnv({ REDIS_URL: 'redis://127.0.0.1:6390/1' }));
    try {
      const stopper = await createUser(offline.app, offline.dataSource, 'stopper');
      const started = Date.now();
      const res = await request(offline.app.getHttpServer())
        .post('/api/practices')
        .set(...bearer(stopper))
        .send(practiceBody())
        .expect(201);
      expect(Date.now() - started).toBeLessThan(5_000);
      await request(offline.app.getHttpServer())
        .post(`/api/practices/${res.body.id}/publish`)
        .set(...bearer(stopper))
        .expect(200);
    } finally {
      await offline.close();
    }
  });
});
