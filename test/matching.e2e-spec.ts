import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { RescoringService, todayIso } from '../src/modules/matching/rescoring.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertStarterProfile, newPractice, newStarter } from './support/matching-factories';
import { testEnv } from './support/test-env';

const TODAY = '2026-11-22';

describe('matching: rescoring into suggestions, the regional plan, the coordinator list', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let rescoring: RescoringService;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    // A queue prefix of the suite's own (as rescoringSuite's): a job another suite or run left in the shared
    // test queues must not rescore starters in the middle of a test that asserts who was rescored.
    const env = testEnv({ QUEUE_PREFIX: `pmmatching${Date.now().toString(36)}` });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
    rescoring = worker.get(RescoringService);
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
  });

  const starter = (overrides: Record<string, unknown> = {}) => newStarter(api, overrides);
  const practice = (overrides: Record<string, unknown> = {}) => newPractice(api, overrides);
  type MatchDbRow = {
    id: string;
    status: string;
    score: string;
    weights_version: number;
    practice_id: string;
    in_regional_plan: boolean;
  };
  const matchesOf = (starterId: string) =>
    api.dataSource.query<MatchDbRow[]>(
      `SELECT * FROM matches WHERE starter_profile_id = $1 ORDER BY created_at`,
      [starterId],
    );

  it('suggests a fitting pair, with an explained score naming its weights version', async () => {
    const s = await starter();
    const p = await practice();
    await rescoring.rescoreStarter(s, TODAY);
    const rows = await matchesOf(s);
    expect(rows).toHaveLength(1);
    // Weights versions outlive test truncation (other suites add some): the current one is named.
    const [{ version }] = await api.dataSource.query<Array<{ version: number }>>(
      `SELECT max(version)::int AS version FROM scoring_weights`,
    );
    expect(rows[0]).toMatchObject({ status: 'suggested', practice_id: p, weights_version: version });

    const res = await request(http())
      .get('/api/matches')
      .set(...bearer(coordinator))
      .expect(200);
    expect(res.body.total).toBe(1);
    const m = res.body.items[0];
    expect(m.score).toBeGreaterThan(0);
    expect(m.score).toBeLessThanOrEqual(100);
    expect(m.breakdown).toHaveLength(10);
    const sum = m.breakdown.reduce((acc: number, b: { points: number }) => acc + b.points, 0);
    expect(Math.round(sum * 10) / 10).toBe(m.score);
    // Stored as points; the explanation lines are rendered for the reader, in Dutch by default.
    expect(m.breakdown[0]).toMatchObject({
      criterion: 'distance',
      explanation: expect.stringMatching(/^Afstand .* km/),
    });
    expect(m.regionId).toBe(drenthe);
    expect(m.inRegionalPlan).toBe(true);
    expect(m.practice.name).toBe('Huisartsenpraktijk De Linde');
  });

  it.each([
    ['place', { home_postcode: '4331', max_travel_km: 20 }, {}],
    ['time', { available_from: '2027-09-02' }, {}],
    ['role', { roles: ['employed'] }, {}],
    ['form', { practice_forms: ['group'] }, {}],
    ['dispensing', {}, { dispensing: true }],
    ['active starter', { active: false }, {}],
    ['published practice', {}, { status: 'draft' }],
  ])(
    'never suggests a pair failing the %s constraint',
    async (_name, starterOverrides, practiceOverrides) => {
      const s = await starter(starterOverrides);
      await practice(practiceOverrides);
      await rescoring.rescoreAll(TODAY);
      expect(await matchesOf(s)).toHaveLength(0);
    },
  );

  it('suggests a handover ending on the day the starter becomes available', async () => {
    const s = await starter({ available_from: '2027-09-01' });
    await practice();
    await rescoring.rescoreStarter(s, TODAY);
    expect(await matchesOf(s)).toHaveLength(1);
  });

  it('withdraws a suggestion when the profile changes so it no longer fits, and running twice changes nothing', async () => {
    const s = await starter();
    await practice();
    await rescoring.rescoreStarter(s, TODAY);
    // scored_at records each confirmation; everything else stays as it was.
    const stable = async () =>
      (await matchesOf(s)).map(({ scored_at: _s, ...rest }: Record<string, unknown>) => rest);
    const first = await stable();
    await rescoring.rescoreStarter(s, TODAY);
    expect(await stable()).toEqual(first);

    await api.dataSource.query(`UPDATE starter_profiles SET roles = '{employed}' WHERE id = $1`, [s]);
    await rescoring.rescoreStarter(s, TODAY);
    const after = await matchesOf(s);
    expect(after).toHaveLength(1);
    expect(after[0].status).toBe('withdrawn');
  });

  it('leaves a match past suggested untouched by rescoring', async () => {
    const s = await starter();
    await practice();
    await rescoring.rescoreStarter(s, TODAY);
    const [m] = await matchesOf(s);
    await api.dataSource.query(`UPDATE matches SET status = 'awaiting_consent', score = 12.3 WHERE id = $1`, [
      m.id,
    ]);
    await api.dataSource.query(`UPDATE starter_profiles SET roles = '{employed}' WHERE id = $1`, [s]);
    await rescoring.rescoreAll(TODAY);
    const [after] = await matchesOf(s);
    expect(after.status).toBe('awaiting_consent');
    expect(after.score).toBe('12.3');
  });

  it('enforces one live match per pair in the database', async () => {
    const s = await starter();
    await practice();
    await rescoring.rescoreStarter(s, TODAY);
    await expect(
      api.dataSource.query(
        `INSERT INTO matches (starter_profile_id, practice_id, region_id, score, breakdown, weights_version, distance_km)
         SELECT starter_profile_id, practice_id, region_id, 50, '[]', 1, 1 FROM matches WHERE starter_profile_id = $1`,
        [s],
      ),
    ).rejects.toThrow(/matches_live_pair_key/);
  });

  it('puts each starter in the regional plan at most once, preferring more patients', async () => {
    const s = await starter();
    const big = await practice({ list_size: 3000, postcode: '9401' });
    const small = await practice({ list_size: 1500, postcode: '9402' });
    await rescoring.rescoreStarter(s, TODAY);
    const rows = await matchesOf(s);
    expect(rows).toHaveLength(2);
    const planned = rows.filter((r) => r.in_regional_plan);
    expect(planned).toHaveLength(1);
    expect(planned[0].practice_id).toBe(big);
    expect(rows.find((r) => r.practice_id === small)?.in_regional_plan).toBe(false);
  });

  it("recomputes the plan when a practice's list size changes, and leaves it alone when nothing changed", async () => {
    const s = await starter();
    const big = await practice({ list_size: 3000, postcode: '9401' });
    const small = await practice({ list_size: 1500, postcode: '9402' });
    await rescoring.rescoreStarter(s, TODAY);
    const planned = async () =>
      (await matchesOf(s)).filter((r) => r.in_regional_plan).map((r) => r.practice_id);
    expect(await planned()).toEqual([big]);
    const before = await matchesOf(s);
    await rescoring.rescorePractice(small, TODAY);
    expect(await matchesOf(s)).toEqual(before);

    await api.dataSource.query(`UPDATE practices SET list_size = 3600 WHERE id = $1`, [small]);
    await rescoring.rescorePractice(small, TODAY);
    expect(await planned()).toEqual([small]);
  });

  it("rescores, on a practice's change, the starters within its reach, those who prefer its region from afar and those it is suggested to, no one else", async () => {
    const assen = await practice({ postcode: '9401' });
    const amsterdam = await practice({ postcode: '1011' });
    const near = await starter({ home_postcode: '9402', max_travel_km: 20 });
    const prefersDrenthe = await starter({
      home_postcode: '1012',
      max_travel_km: 10,
      preferred_region_ids: [drenthe],
    });
    // Far from Assen and from the others: a plan over every passing pair that the rescoring follows
    // (Noord-Holland's, say) could store a pair of a starter it did not rescore, never one in Limburg.
    const maastricht = await practice({ postcode: '6211' });
    const outOfReach = await starter({ home_postcode: '6212', max_travel_km: 10 });
    const moved = await starter({ home_postcode: '9402', max_travel_km: 20 });
    await rescoring.rescoreStarter(moved, TODAY);
    // It moves to Amsterdam; until something rescores it, its suggestion in Assen stands.
    await api.dataSource.query(`UPDATE starter_profiles SET home_postcode = '1012' WHERE id = $1`, [moved]);

    const result = await rescoring.rescorePractice(assen, TODAY);
    expect(result.starters).toBe(3);
    const live = async (s: string) =>
      (
        await api.dataSource.query<Array<{ practice_id: string }>>(
          `SELECT practice_id FROM matches WHERE starter_profile_id = $1 AND status = 'suggested' ORDER BY practice_id`,
          [s],
        )
      ).map((r) => r.practice_id);
    expect(await live(near)).toEqual([assen]);
    // Rescored in full: its pair in Amsterdam too.
    expect(await live(prefersDrenthe)).toEqual([assen, amsterdam].sort());
    // Not rescored, so not suggested to Maastricht, which it passes.
    expect(await live(outOfReach)).toEqual([]);
    await rescoring.rescoreStarter(outOfReach, TODAY);
    expect(await live(outOfReach)).toEqual([maastricht]);
    expect(await live(moved)).toEqual([amsterdam]);
  });

  it('suggests a duo of two starters looking for a partner against a practice needing both', async () => {
    const a = await starter({ looking_for_duo_partner: true, days_per_week_min: 2, days_per_week_max: 3 });
    const b = await starter({
      looking_for_duo_partner: true,
      days_per_week_min: 2,
      days_per_week_max: 3,
      home_postcode: '9402',
    });
    await practice({ days_per_week_needed: 6, gp_count: 2 });
    await rescoring.rescoreAll(TODAY);
    const rows = await api.dataSource.query<
      Array<{
        starter_profile_id: string;
        partner_profile_id: string;
      }>
    >(`SELECT kind, starter_profile_id, partner_profile_id FROM matches WHERE kind = 'duo'`);
    expect(rows).toHaveLength(1);
    expect([rows[0].starter_profile_id, rows[0].partner_profile_id].sort()).toEqual([a, b].sort());
  });

  it('lists by urgency or fit, paginates, and hides other regions (404 for a foreign regionId)', async () => {
    const s = await starter({ max_travel_km: 60 });
    await practice({ handover_from: '2027-01-01', list_size: 1200 });
    await practice({
      handover_from: '2028-06-01',
      handover_to: '2028-12-01',
      list_size: 2600,
      postcode: '9402',
    });
    await rescoring.rescoreStarter(s, TODAY);
    const byUrgency = await request(http())
      .get('/api/matches?sort=urgency&pageSize=1')
      .set(...bearer(coordinator))
      .expect(200);
    expect(byUrgency.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(byUrgency.body.items[0].practice.handoverFrom).toBe('2027-01-01');
    const other = await request(http())
      .get('/api/matches')
      .set(...bearer(otherCoordinator))
      .expect(200);
    expect(other.body.total).toBe(0);
    await request(http())
      .get(`/api/matches?regionId=${drenthe}`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    await request(http())
      .get(`/api/matches/${byUrgency.body.items[0].id}`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    await request(http())
      .get('/api/matches?pageSize=101')
      .set(...bearer(coordinator))
      .expect(400);
    await request(http())
      .get('/api/matches?sort=best')
      .set(...bearer(coordinator))
      .expect(400);
  });

  it('tells a coordinator why a practice is urgent, factor by factor, and nobody else', async () => {
    const su = await createUser(api.app, api.dataSource, 'starter');
    const s = await insertStarterProfile(api.dataSource, su.id, { max_travel_km: 60 });
    await practice({ handover_from: '2027-03-01', handover_to: '2027-09-01', list_size: 2400 });
    // Scored today, so the stored urgency and today's reasons describe the same practice on the same day.
    await rescoring.rescoreStarter(s, todayIso());
    const [{ id }] = await api.dataSource.query<Array<{ id: string }>>(`SELECT id FROM matches`);
    const read = (user: TestUser, lang = 'nl') =>
      request(http())
        .get(`/api/matches/${id}`)
        .set('Accept-Language', lang)
        .set(...bearer(user))
        .expect(200);
    type Reason = { factor: string; points: number; explanation: string };
    const res = await read(coordinator);
    const reasons = res.body.urgencyReasons as Reason[];
    expect(reasons.map((r) => r.factor)).toEqual(['handover', 'noIntroduction', 'patients', 'krimp']);
    const tenths = reasons.reduce((sum, r) => sum + Math.round(r.points * 10), 0);
    expect(tenths / 10).toBe(res.body.urgency);
    expect(reasons[0].explanation).toContain('Overdracht per 2027-03-01');
    expect(reasons[1]).toMatchObject({ points: 25, explanation: 'Nog geen kennismaking gaande' });
    expect(reasons[2].explanation).toBe('2.400 patiënten');
    expect((await read(coordinator, 'en')).body.urgencyReasons[1].explanation).toBe(
      'No introduction under way yet',
    );
    await request(http())
      .post(`/api/matches/${id}/approve`)
      .set(...bearer(coordinator))
      .send({})
      .expect(200);
    // Today's reasons follow the practice: an introduction is now under way.
    expect((await read(coordinator)).body.urgencyReasons[1]).toMatchObject({
      points: 0,
      explanation: 'Er loopt al een kennismaking',
    });
    expect((await read(su)).body.urgencyReasons).toBeUndefined();
  });

  it('does not show suggestions to the parties before approval', async () => {
    const su = await createUser(api.app, api.dataSource, 'starter');
    const s = await insertStarterProfile(api.dataSource, su.id);
    await practice();
    await rescoring.rescoreStarter(s, TODAY);
    const res = await request(http())
      .get('/api/matches')
      .set(...bearer(su))
      .expect(200);
    expect(res.body.total).toBe(0);
  });

  it('lets admins change weights and request a rescoring (202), and refuses others', async () => {
    const admin = await createUser(api.app, api.dataSource, 'admin');
    const w = await request(http())
      .get('/api/admin/scoring-weights')
      .set(...bearer(admin))
      .expect(200);
    expect(w.body.version).toBeGreaterThanOrEqual(1);
    const put = await request(http())
      .put('/api/admin/scoring-weights')
      .set(...bearer(admin))
      .send({ ...w.body.weights, distance: 30 })
      .expect(200);
    expect(put.body.version).toBe(w.body.version + 1);
    const versions = await request(http())
      .get('/api/admin/scoring-weights/versions?pageSize=2')
      .set(...bearer(admin))
      .expect(200);
    expect(versions.body).toMatchObject({ page: 1, pageSize: 2, total: put.body.version });
    expect(versions.body.items[0]).toMatchObject({
      version: put.body.version,
      weights: { ...w.body.weights, distance: 30 },
      createdBy: admin.id,
      createdByName: 'Test admin',
    });
    expect(versions.body.items[1]).toMatchObject({ version: w.body.version, weights: w.body.weights });
    await request(http())
      .get('/api/admin/scoring-weights/versions?pageSize=101')
      .set(...bearer(admin))
      .expect(400);
    await request(http())
      .get('/api/admin/scoring-weights/versions')
      .set(...bearer(coordinator))
      .expect(403);
    await request(http())
      .put('/api/admin/scoring-weights')
      .set(...bearer(admin))
      .send({ ...w.body.weights, distance: -1 })
      .expect(400);
    await request(http())
      .post('/api/admin/rescore')
      .set(...bearer(admin))
      .expect(202);
    await request(http())
      .post('/api/admin/rescore')
      .set(...bearer(coordinator))
      .expect(403);
  });
});
