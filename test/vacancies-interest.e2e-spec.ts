import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { CoordinatorDigestService } from '../src/modules/introductions/coordinator-digest.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

type MatchBody = {
  id: string;
  status: string;
  requestedBy: string | null;
  failedConstraints: string[];
  score: number;
  breakdown: Array<{ criterion: string; points: number; maxPoints: number; explanation: string }>;
  regionId: string;
};

/** DESIGN.md "Asking for an introduction": POST /api/vacancies/:id/interest, through the real API and worker. */
describe('asking for an introduction: POST /api/vacancies/:id/interest', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let drenthe: string;
  let groningen: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    // A queue prefix of its own: the admin rescoring jobs of this suite are processed by this suite's worker only.
    const env = testEnv({ QUEUE_PREFIX: 'pminterest' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
  });

  /** A starter account with a profile in Assen (9401) that fits the default practice. */
  async function starterWithProfile(
    overrides: Record<string, unknown> = {},
  ): Promise<TestUser & { profileId: string }> {
    const user = await createUser(api.app, api.dataSource, 'starter');
    const profileId = await insertStarterProfile(api.dataSource, user.id, overrides);
    return { ...user, profileId };
  }
  async function practice(overrides: Record<string, unknown> = {}): Promise<string> {
    const owner = await createUser(api.app, api.dataSource, 'stopper');
    return insertPractice(api.dataSource, owner.id, overrides);
  }
  const ask = (who: { accessToken: string } | null, id: string) => {
    const req = request(http()).post(`/api/vacancies/${id}/interest`);
    return who ? req.set(...bearer(who)) : req;
  };
  const matchRow = async (id: string) =>
    (
      await api.dataSource.query<Array<{ status: string; origin: string; requested_by: string | null }>>(
        `SELECT status, origin, requested_by FROM matches WHERE id = $1`,
        [id],
      )
    )[0];

  it('creates a scored, explained suggestion asked for by the starter (201), and answers the same match on a repeat (200)', async () => {
    const starter = await starterWithProfile();
    const vacancy = await practice();
    const first = await ask(starter, vacancy).set('Accept-Language', 'en').expect(201);
    const body = first.body as MatchBody;
    expect(body).toMatchObject({
      status: 'suggested',
      requestedBy: 'starter',
      failedConstraints: [],
      regionId: drenthe,
    });
    expect(body.score).toBeGreaterThan(0);
    expect(body.breakdown).toHaveLength(10);
    for (const item of body.breakdown) expect(item.explanation.length).toBeGreaterThan(0);
    expect(body.breakdown.reduce((sum, b) => sum + b.points, 0)).toBeCloseTo(body.score, 0);
    expect(await matchRow(body.id)).toEqual({
      status: 'suggested',
      origin: 'request',
      requested_by: 'starter',
    });

    const again = await ask(starter, vacancy).expect(200);
    expect(again.body.id).toBe(body.id);
    const live = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches WHERE practice_id = $1`,
      [vacancy],
    );
    expect(live[0].n).toBe(1);
    const audit = await api.dataSource.query<Array<{ actor_id: string; details: Record<string, unknown> }>>(
      `SELECT actor_id, details FROM audit_log WHERE action = 'match.requested' AND target_id = $1`,
      [body.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(starter.id);
    expect(audit[0].details).toMatchObject({ requestedBy: 'starter', to: 'suggested' });

    // The starter follows it among their own matches, before any approval, marked as asked for.
    const mine = await request(http())
      .get('/api/matches')
      .set(...bearer(starter))
      .expect(200);
    expect(mine.body.items.map((m: MatchBody) => [m.id, m.requestedBy])).toEqual([[body.id, 'starter']]);
    await request(http())
      .get(`/api/matches/${body.id}`)
      .set(...bearer(starter))
      .expect(200);
  });

  it('is for starters only: a stopper or coordinator 403, anonymous 401', async () => {
    const vacancy = await practice();
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    expect((await ask(stopper, vacancy).expect(403)).body.statusCode).toBe(403);
    await ask(coordinator, vacancy).expect(403);
    expect((await ask(null, vacancy).expect(401)).body.code).toBe('AUTH.UNAUTHORIZED');
    const n = await api.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM matches`);
    expect(n[0].n).toBe(0);
  });

  it('answers 404 for an unknown or unpublished vacancy and 400 for an id that is no uuid', async () => {
    const starter = await starterWithProfile();
    const unknown = await ask(starter, '6f1c2a4e-8d1b-4c55-9a0e-2b7f3c9d1e00').expect(404);
    expect(unknown.body.code).toBe('VACANCY.NOT_FOUND');
    for (const status of ['draft', 'withdrawn', 'transferred']) {
      const hidden = await practice({ status });
      expect((await ask(starter, hidden).expect(404)).body.code).toBe('VACANCY.NOT_FOUND');
    }
    const bad = await ask(starter, 'not-a-uuid').expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.FAILED', details: [{ field: 'id' }] });
  });

  it('refuses a starter without a profile (409 PROFILE.MISSING) and one whose email is not verified (403)', async () => {
    const vacancy = await practice();
    const bare = await createUser(api.app, api.dataSource, 'starter');
    expect((await ask(bare, vacancy).expect(409)).body.code).toBe('PROFILE.MISSING');
    const unverified = await createUser(api.app, api.dataSource, 'starter', { verified: false });
    await insertStarterProfile(api.dataSource, unverified.id, { active: false });
    expect((await ask(unverified, vacancy).expect(403)).body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
  });

  it('still records a request that fails hard constraints, with the failures shown', async () => {
    const starter = await starterWithProfile({ practice_forms: ['solo'] });
    // Maastricht: far beyond the 40 km the starter travels, and a duo practice the starter does not want.
    const far = await practice({ postcode: '6211', practice_form: 'duo' });
    const res = await ask(starter, far).expect(201);
    expect(res.body).toMatchObject({ status: 'suggested', requestedBy: 'starter' });
    expect([...(res.body as MatchBody).failedConstraints].sort()).toEqual(['form', 'place']);
    expect((res.body as MatchBody).breakdown).toHaveLength(10);
    const limburgCoordinator = await createUser(api.app, api.dataSource, 'coordinator', {
      regionIds: [await regionId(api.dataSource, 'limburg')],
    });
    const seen = await request(http())
      .get(`/api/matches/${res.body.id}`)
      .set(...bearer(limburgCoordinator))
      .expect(200);
    expect([...(seen.body as MatchBody).failedConstraints].sort()).toEqual(['form', 'place']);
    const events = await api.dataSource.query<Array<{ note: string; actor_id: string }>>(
      `SELECT note, actor_id FROM match_events WHERE match_id = $1`,
      [res.body.id],
    );
    expect(events).toEqual([{ note: 'asked for by the starter; fails: place, form', actor_id: starter.id }]);
  });

  it('reaches the coordinators of the region (filter requestedBy=starter, the digest), not another region, not the practice holder', async () => {
    const starter = await starterWithProfile();
    const ownerUser = await createUser(api.app, api.dataSource, 'stopper');
    const vacancy = await insertPractice(api.dataSource, ownerUser.id, { name: 'Praktijk Het Vragen' });
    const other = await practice({ postcode: '9401' });
    const coordA = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    const coordB = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
    // A worker-made suggestion of the same region, which the filter leaves out.
    const [workerMade] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO matches (starter_profile_id, practice_id, region_id, score, breakdown, weights_version, distance_km)
       VALUES ($1, $2, $3, 70, '[]', 1, 2) RETURNING id`,
      [(await starterWithProfile()).profileId, other, drenthe],
    );
    const asked = (await ask(starter, vacancy).expect(201)).body as MatchBody;

    const all = await request(http())
      .get('/api/matches')
      .set(...bearer(coordA))
      .expect(200);
    expect(all.body.items.map((m: MatchBody) => m.id).sort()).toEqual([asked.id, workerMade.id].sort());
    const requested = await request(http())
      .get('/api/matches?requestedBy=starter')
      .set(...bearer(coordA))
      .expect(200);
    expect(requested.body.total).toBe(1);
    expect(requested.body.items[0]).toMatchObject({ id: asked.id, requestedBy: 'starter' });
    expect(all.body.items.find((m: MatchBody) => m.id === workerMade.id).requestedBy).toBeNull();
    const bad = await request(http())
      .get('/api/matches?requestedBy=worker')
      .set(...bearer(coordA))
      .expect(400);
    expect(bad.body.details[0].field).toBe('requestedBy');

    const elsewhere = await request(http())
      .get('/api/matches?requestedBy=starter')
      .set(...bearer(coordB))
      .expect(200);
    expect(elsewhere.body.total).toBe(0);
    await request(http())
      .get(`/api/matches/${asked.id}`)
      .set(...bearer(coordB))
      .expect(404);
    // The practice holder sees nothing of it before a coordinator approves it (anonymity and consent).
    const owner = await request(http())
      .get('/api/matches')
      .set(...bearer(ownerUser))
      .expect(200);
    expect(owner.body.total).toBe(0);
    await request(http())
      .get(`/api/matches/${asked.id}`)
      .set(...bearer(ownerUser))
      .expect(404);

    // The daily digest lists it among the region's new suggestions, to the region's coordinator only.
    await worker.get(CoordinatorDigestService).sendDigests(new Date(Date.now() + 1000));
    const digests = await api.dataSource.query<
      Array<{ recipient: string; data: { suggestions: Array<{ practice: string }> } }>
    >(`SELECT recipient, data FROM outbox_messages WHERE template = 'coordinator-digest' ORDER BY recipient`);
    expect(digests.map((d) => d.recipient)).toEqual([coordA.email]);
    expect(digests[0].data.suggestions.map((s) => s.practice)).toContain('Praktijk Het Vragen');
  });

  it('is never withdrawn by a full rescoring through the real worker, while the worker withdraws what stopped fitting', async () => {
    const admin = await createUser(api.app, api.dataSource, 'admin');
    const starter = await starterWithProfile();
    const other = await starterWithProfile();
    const near = await practice();
    const alsoNear = await practice({ postcode: '9401' });
    const far = await practice({ postcode: '6211' });
    const rescore = () =>
      request(http())
        .post('/api/admin/rescore')
        .set(...bearer(admin))
        .expect(202);
    const pair = async (profileId: string, practiceId: string) =>
      (
        await api.dataSource.query<Array<{ id: string; status: string; requested_by: string | null }>>(
          `SELECT id, status, requested_by FROM matches WHERE starter_profile_id = $1 AND practice_id = $2`,
          [profileId, practiceId],
        )
      )[0];

    await rescore();
    const workerMade = await waitFor(async () => {
      const [a, b, c] = [
        await pair(starter.profileId, near),
        await pair(starter.profileId, alsoNear),
        await pair(other.profileId, near),
      ];
      return a && b && c ? { a, b, c } : undefined;
    }, 20_000);
    // A fresh request (failing the place constraint) and a request for a pair the worker had already suggested.
    const fresh = (await ask(starter, far).expect(201)).body as MatchBody;
    expect(fresh.failedConstraints).toEqual(['place']);
    const marked = await ask(starter, near).expect(200);
    expect(marked.body).toMatchObject({ id: workerMade.a.id, requestedBy: 'starter' });

    // Both starters stop fitting every practice (no role any offers): the worker withdraws what nobody asked for.
    await api.dataSource.query(
      `UPDATE starter_profiles SET roles = '{employed}' WHERE id = ANY($1::uuid[])`,
      [[starter.profileId, other.profileId]],
    );
    await rescore();
    await waitFor(
      async () => ((await pair(other.profileId, near)).status === 'withdrawn' ? true : undefined),
      20_000,
    );
    await waitFor(
      async () => ((await pair(starter.profileId, alsoNear)).status === 'withdrawn' ? true : undefined),
      20_000,
    );
    expect(await pair(starter.profileId, near)).toEqual({
      id: workerMade.a.id,
      status: 'suggested',
      requested_by: 'starter',
    });
    expect(await pair(starter.profileId, far)).toEqual({
      id: fresh.id,
      status: 'suggested',
      requested_by: 'starter',
    });
    const list = await request(http())
      .get('/api/matches')
      .set(...bearer(starter))
      .expect(200);
    expect(list.body.items.map((m: MatchBody) => m.id).sort()).toEqual([fresh.id, workerMade.a.id].sort());
  });

  it('a request the worker rescores once the pair passes keeps its mark and no longer shows the old failure', async () => {
    const admin = await createUser(api.app, api.dataSource, 'admin');
    const starter = await starterWithProfile({ practice_forms: ['solo'] });
    const vacancy = await practice({ practice_form: 'duo' });
    const asked = (await ask(starter, vacancy).expect(201)).body as MatchBody;
    expect(asked.failedConstraints).toEqual(['form']);
    // The starter now also wants a duo practice: the pair passes, and the next rescoring scores it anew.
    await api.dataSource.query(`UPDATE starter_profiles SET practice_forms = '{solo,duo}' WHERE id = $1`, [
      starter.profileId,
    ]);
    await request(http())
      .post('/api/admin/rescore')
      .set(...bearer(admin))
      .expect(202);
    const rescored = await waitFor(async () => {
      const res = await request(http())
        .get(`/api/matches/${asked.id}`)
        .set(...bearer(starter))
        .expect(200);
      return (res.body as MatchBody).failedConstraints.length === 0 ? (res.body as MatchBody) : undefined;
    }, 20_000);
    expect(rescored).toMatchObject({ id: asked.id, status: 'suggested', requestedBy: 'starter' });
    expect(rescored.score).toBeGreaterThan(asked.score);
  });

  it('is in the OpenAPI document as requestIntroduction, with both success statuses and its refusals', async () => {
    const doc = (await request(http()).get('/api/docs-json').expect(200)).body;
    const op = doc.paths['/api/vacancies/{id}/interest'].post;
    expect(op.operationId).toBe('requestIntroduction');
    for (const status of ['200', '201'])
      expect(op.responses[status].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/MatchDto',
      });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    expect(doc.components.schemas.MatchDto.required).toEqual(
      expect.arrayContaining(['requestedBy', 'failedConstraints']),
    );
  });
});
