import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { testEnv } from './support/test-env';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** What a coordinator reads about their region's starters, and the candidates of one practice or starter. */
describe('coordinator directory: starter profiles and match filters', () => {
  let api: TestApi;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
  });

  async function starterIn(postcode: string, overrides: Record<string, unknown> = {}) {
    const user = await createUser(api.app, api.dataSource, 'starter', { displayName: `Starter ${postcode}` });
    const id = await insertStarterProfile(api.dataSource, user.id, { home_postcode: postcode, ...overrides });
    return { user, id };
  }

  async function suggestion(starterProfileId: string, practiceId: string, region: string): Promise<string> {
    const [row] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version, distance_km)
       VALUES ($1, $2, $3, 'suggested', 70, '[]', 1, 10) RETURNING id`,
      [starterProfileId, practiceId, region],
    );
    return row.id;
  }

  const list = (who: TestUser, query = '') =>
    request(http())
      .get(`/api/starter-profiles${query}`)
      .set(...bearer(who));

  it("lists the starters who live in or prefer the coordinator's regions, with who they are and their candidates", async () => {
    const assen = await starterIn('9401');
    const groningenStarter = await starterIn('9711');
    const prefersDrenthe = await starterIn('9711', { preferred_region_ids: [drenthe] });
    const owner = await createUser(api.app, api.dataSource, 'stopper');
    const practice = await insertPractice(api.dataSource, owner.id, { postcode: '9411' });
    await suggestion(assen.id, practice, drenthe);

    const res = await list(coordinator).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
      [assen.id, prefersDrenthe.id].sort(),
    );
    const one = res.body.items.find((p: { id: string }) => p.id === assen.id);
    expect(one).toMatchObject({
      displayName: 'Starter 9401',
      email: assen.user.email,
      homePlace: 'Assen',
      homeRegionId: drenthe,
      candidates: 1,
    });

    const theirs = await list(otherCoordinator).expect(200);
    expect(theirs.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
      [groningenStarter.id, prefersDrenthe.id].sort(),
    );
  });

  it('filters by region, active and duo seeking, and paginates', async () => {
    const active = await starterIn('9401', { looking_for_duo_partner: true });
    const paused = await starterIn('9402', { active: false });
    expect(
      (await list(coordinator, '?active=true').expect(200)).body.items.map((p: { id: string }) => p.id),
    ).toEqual([active.id]);
    expect(
      (await list(coordinator, '?active=false').expect(200)).body.items.map((p: { id: string }) => p.id),
    ).toEqual([paused.id]);
    expect(
      (await list(coordinator, '?lookingForDuoPartner=true').expect(200)).body.items.map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual([active.id]);
    expect((await list(coordinator, `?regionId=${drenthe}`).expect(200)).body.total).toBe(2);
    const page2 = await list(coordinator, '?page=2&pageSize=1').expect(200);
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.items).toHaveLength(1);
  });

  it('refuses bad filters (400), another region (404) and other roles (403)', async () => {
    for (const query of ['?regionId=drenthe', '?active=yes', '?pageSize=101', '?colour=blue']) {
      const res = await list(coordinator, query).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
    }
    const other = await list(coordinator, `?regionId=${groningen}`).expect(404);
    expect(other.body.code).toBe('REGION.NOT_FOUND');
    for (const role of ['starter', 'stopper', 'admin'] as const) {
      const who = await createUser(api.app, api.dataSource, role);
      await list(who).expect(403);
    }
    await request(http()).get('/api/starter-profiles').expect(401);
  });

  it("reads one profile of the coordinator's regions, and 404 for another region's or an unknown one", async () => {
    const assen = await starterIn('9401');
    const res = await request(http())
      .get(`/api/starter-profiles/${assen.id}`)
      .set(...bearer(coordinator))
      .expect(200);
    expect(res.body).toMatchObject({
      id: assen.id,
      userId: assen.user.id,
      candidates: 0,
      emailVerified: true,
    });
    for (const [who, id] of [
      [otherCoordinator, assen.id],
      [coordinator, UNKNOWN],
      [coordinator, 'nope'],
    ] as const) {
      const missing = await request(http())
        .get(`/api/starter-profiles/${id}`)
        .set(...bearer(who))
        .expect(404);
      expect(missing.body.code).toBe('PROFILE.NOT_FOUND');
    }
  });

  it("filters the matches by practice and by starter, and 404s another region's practice or starter", async () => {
    const a = await starterIn('9401');
    const b = await starterIn('9402');
    const owner = await createUser(api.app, api.dataSource, 'stopper');
    const beilen = await insertPractice(api.dataSource, owner.id, { postcode: '9411' });
    const hoogeveen = await insertPractice(api.dataSource, owner.id, { postcode: '7901' });
    const aBeilen = await suggestion(a.id, beilen, drenthe);
    const bBeilen = await suggestion(b.id, beilen, drenthe);
    const aHoogeveen = await suggestion(a.id, hoogeveen, drenthe);
    const matches = (who: TestUser, query: string) =>
      request(http())
        .get(`/api/matches${query}`)
        .set(...bearer(who));
    const idsOf = (res: request.Response) =>
      (res.body.items as Array<{ id: string }>).map((m) => m.id).sort();

    expect(idsOf(await matches(coordinator, `?practiceId=${beilen}`).expect(200))).toEqual(
      [aBeilen, bBeilen].sort(),
    );
    expect(idsOf(await matches(coordinator, `?starterProfileId=${a.id}`).expect(200))).toEqual(
      [aBeilen, aHoogeveen].sort(),
    );
    expect(
      idsOf(await matches(coordinator, `?starterProfileId=${a.id}&practiceId=${beilen}`).expect(200)),
    ).toEqual([aBeilen]);
    // The stopper filters their own practice (nothing approved yet: empty), not someone else's.
    expect(idsOf(await matches(owner, `?practiceId=${beilen}`).expect(200))).toEqual([]);
    const stranger = await createUser(api.app, api.dataSource, 'stopper');
    expect((await matches(stranger, `?practiceId=${beilen}`).expect(404)).body.code).toBe(
      'PRACTICE.NOT_FOUND',
    );

    expect((await matches(otherCoordinator, `?practiceId=${beilen}`).expect(404)).body.code).toBe(
      'PRACTICE.NOT_FOUND',
    );
    expect((await matches(otherCoordinator, `?starterProfileId=${a.id}`).expect(404)).body.code).toBe(
      'PROFILE.NOT_FOUND',
    );
    for (const query of ['?practiceId=beilen', '?starterProfileId=42']) {
      expect((await matches(coordinator, query).expect(400)).body.code).toBe('VALIDATION.FAILED');
    }
  });
});
