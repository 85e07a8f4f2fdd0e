import request from 'supertest';
import { DEMO_PASSWORD, seedDemo } from '../src/cli/seed-demo';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { TEST_DATABASE_URL, testEnv } from './support/test-env';

describe('seed:demo', () => {
  let api: TestApi;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    await truncateAll(api.dataSource);
  });
  afterAll(async () => {
    await truncateAll(api.dataSource);
    await api.close();
  });

  const count = async (sql: string): Promise<number> =>
    (await api.dataSource.query<Array<{ n: number }>>(sql))[0].n;

  it('creates a believable demo once, and adds nothing when run again', async () => {
    const first = await seedDemo(TEST_DATABASE_URL);
    expect(first.profilesCreated).toBeGreaterThanOrEqual(300);
    expect(first.practicesCreated).toBeGreaterThanOrEqual(280);
    const again = await seedDemo(TEST_DATABASE_URL);
    expect(again).toEqual({ usersCreated: 0, profilesCreated: 0, practicesCreated: 0 });

    expect(await count(`SELECT count(*)::int AS n FROM practices`)).toBe(first.practicesCreated);
    expect(await count(`SELECT count(DISTINCT region_id)::int AS n FROM practices`)).toBe(12);
    // Mostly duo and group practices, most of them published, around a normpraktijk per GP.
    expect(
      await count(`SELECT count(*)::int AS n FROM practices WHERE practice_form IN ('duo', 'group')`),
    ).toBeGreaterThan(first.practicesCreated / 2);
    expect(
      await count(`SELECT count(*)::int AS n FROM practices WHERE status = 'published'`),
    ).toBeGreaterThan(first.practicesCreated * 0.6);
    const perGp = await count(`SELECT round(avg(list_size::numeric / gp_count))::int AS n FROM practices`);
    expect(perGp).toBeGreaterThan(1800);
    expect(perGp).toBeLessThan(2500);
  });

  it('gives each role a demo account with the printed credentials', async () => {
    for (const role of ['starter', 'stopper', 'coordinator', 'admin']) {
      const login = await request(http())
        .post('/api/auth/login')
        .send({ email: `${role}@demo.praktijkmatch.nl`, password: DEMO_PASSWORD })
        .expect(200);
      const me = await request(http())
        .get('/api/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({ role, emailVerified: true });
      if (role === 'coordinator') expect(me.body.regionIds).toHaveLength(2);
      if (role === 'starter') {
        await request(http())
          .get('/api/starter-profile')
          .set('Authorization', `Bearer ${login.body.accessToken}`)
          .expect(200);
      }
    }
    const board = await request(http()).get('/api/vacancies?pageSize=100').expect(200);
    expect(board.body.total).toBeGreaterThan(150);
  });
});
