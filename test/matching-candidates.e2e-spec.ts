import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { patientsPerSuccessor, planOverAllPairs, successorSeats } from '../src/modules/matching/scoring';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice } from './support/matching-factories';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const YEAR = new Date().getFullYear() + 1;
/** Fourteen practice postcodes in and around Assen, all within 40 km of 9401. */
const POSTCODES = [
  '9402',
  '9403',
  '9404',
  '9405',
  '9406',
  '9407',
  '9408',
  '9409',
  '9411',
  '9412',
  '9413',
  '9414',
  '9415',
  '9416',
];

interface Suggestion {
  id: string;
  inRegionalPlan: boolean;
  score: number;
  starter: { profileId: string };
  practice: { id: string };
}

/**
 * The crowding case of issue 15, through the real API and a real worker: fourteen starters with the same
 * wishes and fourteen practices nearby that each seek one successor. With each starter's best ten alone,
 * four practices got nothing and the plan placed ten; with the candidate set every practice reaches the
 * coordinator and the plan places all fourteen, after each profile's own rescoring and after the nightly
 * full rescoring alike.
 */
describe('matching: the candidate set leaves no practice behind (14 x 14, real worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: TestUser;
  let admin: TestUser;
  let began: Date;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ QUEUE_PREFIX: 'pmcand' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', {
      regionIds: [await regionId(api.dataSource, 'drenthe')],
    });
    admin = await createUser(api.app, api.dataSource, 'admin');
    const [now] = await api.dataSource.query<Array<{ t: Date }>>(`SELECT now() AS t`);
    began = now.t;
  });

  /** Every suggested pair the coordinator sees, page by page. */
  async function suggestions(): Promise<Suggestion[]> {
    const all: Suggestion[] = [];
    for (let page = 1; ; page++) {
      const body = (
        await request(http())
          .get(`/api/matches?status=suggested&kind=pair&pageSize=100&page=${page}`)
          .set(...bearer(coordinator))
          .expect(200)
      ).body as { items: Suggestion[]; total: number };
      all.push(...body.items);
      if (all.length >= body.total || body.items.length === 0) return all;
    }
  }

  /** Waits until the worker has finished this many rescorings of this scope since the test began. */
  async function rescorings(scope: 'all' | 'starters', n: number): Promise<void> {
    await waitFor(async () => {
      const [r] = await api.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'matching.rescored' AND details->>'scope' = $1
            AND created_at >= $2`,
        [scope, began],
      );
      return r.n >= n ? true : undefined;
    }, 60_000);
  }

  /** The coordinator's list once it stops changing (the plan is written just after the rescoring's audit line). */
  async function settled(): Promise<Suggestion[]> {
    const key = (rows: Suggestion[]): string => JSON.stringify(rows.map((r) => [r.id, r.inRegionalPlan]));
    return waitFor(async () => {
      const rows = await suggestions();
      await new Promise((r) => setTimeout(r, 500));
      const again = await suggestions();
      return key(rows) === key(again) && rows.some((r) => r.inRegionalPlan) ? rows : undefined;
    }, 30_000);
  }

  async function seedPractices(): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, postcode] of POSTCODES.entries()) {
      const owner = await createUser(api.app, api.dataSource, 'stopper');
      // One successor each (4 days), slightly different so that every starter ranks them the same way.
      ids.push(
        await insertPractice(api.dataSource, owner.id, {
          postcode,
          list_size: 2095,
          days_per_week_needed: 4,
          anw_hours_per_month: 4 + i,
          handover_from: `${YEAR}-03-01`,
          handover_to: `${YEAR}-09-01`,
        }),
      );
    }
    return ids;
  }

  async function putProfile(starter: TestUser): Promise<void> {
    await request(http())
      .put('/api/starter-profile')
      .set(...bearer(starter))
      .send({
        careerStage: 'aios',
        homePostcode: '9401',
        maxTravelKm: 40,
        preferredRegionIds: [],
        daysPerWeekMin: 3,
        daysPerWeekMax: 4,
        practiceForms: ['duo', 'group'],
        roles: ['holder', 'partner'],
        availableFrom: `${YEAR}-01-01`,
        transitionMonthsWanted: 3,
        setting: 'any',
        dispensingOk: false,
        anwHoursPerMonthMax: null,
        wantsTrainingPractice: false,
        trainingRegionId: null,
        lookingForDuoPartner: false,
        partnerNeedsWork: false,
        about: 'Ik zoek een praktijk rond Assen.',
        active: true,
        alerts: { enabled: false, minScore: 70 },
      })
      .expect(200);
  }

  /** What a fresh solve over every passing pair gives (patients, score tenths): all 196 pairs pass here. */
  function bestOverAllPairs(
    rows: Suggestion[],
    starters: string[],
    practices: string[],
  ): { patients: number; tenths: number } {
    // Every starter passes every practice with the same score for all starters; the coordinator's list
    // holds each practice's score, and that is every pair's.
    const scoreOf = new Map(rows.map((r) => [r.practice.id, Math.round(r.score * 10)]));
    expect(scoreOf.size).toBe(practices.length);
    const start = Int32Array.from({ length: starters.length + 1 }, (_, s) => s * practices.length);
    const practice = Int32Array.from(
      { length: starters.length * practices.length },
      (_, k) => k % practices.length,
    );
    const tenths = Int32Array.from(practice, (p) => scoreOf.get(practices[p]) as number);
    const plan = planOverAllPairs({
      start,
      practice,
      tenths,
      candidate: new Uint8Array(practice.length).fill(1),
      seats: practices.map(() => successorSeats({ daysPerWeekNeeded: 4 })),
      patients: practices.map(() =>
        Math.round(patientsPerSuccessor({ listSize: 2095, daysPerWeekNeeded: 4 })),
      ),
    });
    return { patients: plan.patients, tenths: plan.scoreTenths };
  }

  function expectEveryoneServed(rows: Suggestion[], starters: string[], practices: string[]): void {
    for (const id of practices) expect(rows.filter((r) => r.practice.id === id).length).toBeGreaterThan(0);
    const plan = rows.filter((r) => r.inRegionalPlan);
    expect(new Set(plan.map((r) => r.starter.profileId))).toEqual(new Set(starters));
    expect(new Set(plan.map((r) => r.practice.id)).size).toBe(14);
    const best = bestOverAllPairs(rows, starters, practices);
    expect(best.patients).toBe(14 * 2095);
    expect(plan.reduce((n, r) => n + Math.round(r.score * 10), 0)).toBe(best.tenths);
  }

  it("gives every practice candidates and places all fourteen starters, after each profile's rescoring and after the full one", async () => {
    const practices = await seedPractices();
    const starters: string[] = [];
    for (let i = 0; i < 14; i++) {
      const user = await createUser(api.app, api.dataSource, 'starter');
      await putProfile(user);
      const [row] = await api.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM starter_profiles WHERE user_id = $1`,
        [user.id],
      );
      starters.push(row.id);
    }
    // Each profile's rescoring job ran in the worker (one audit line each) and the plan followed.
    await rescorings('starters', 14);
    const afterProfiles = await settled();
    expectEveryoneServed(afterProfiles, starters, practices);
    // Each starter's best ten are the same ten practices; the other four are there for the practices' sake.
    const perStarter = afterProfiles.filter((r) => r.starter.profileId === starters[13]);
    expect(perStarter.length).toBeGreaterThanOrEqual(10);

    // The full rescoring (an admin's request, run by the worker) leaves the same picture, and the admin
    // can follow it to its end with what it did.
    const queued = await request(http())
      .post('/api/admin/rescore')
      .set(...bearer(admin))
      .expect(202);
    await rescorings('all', 1);
    const status = await waitFor(async () => {
      const res = await request(http())
        .get(`/api/admin/rescore/${queued.body.jobId}`)
        .set(...bearer(admin))
        .expect(200);
      return res.body.state === 'completed' ? res.body : undefined;
    });
    expect(status.result).toMatchObject({ starters: 14 });
    expect(status.result.suggested).toBeGreaterThanOrEqual(14);
    expect(Date.parse(status.finishedAt)).toBeGreaterThanOrEqual(Date.parse(status.startedAt));
    // Its progress as the worker reported it: one batch of starters, the starters no longer loaded, two
    // lanes of duos, all written.
    expect(status.progress).toEqual({ percent: 100, done: 4, total: 4 });
    for (const id of ['rescore-all-admin-1', 'rescore-all-nightly', 'x']) {
      const missing = await request(http())
        .get(`/api/admin/rescore/${id}`)
        .set(...bearer(admin))
        .expect(404);
      expect(missing.body.code).toBe('RESCORE.NOT_FOUND');
    }
    const afterFull = await settled();
    expectEveryoneServed(afterFull, starters, practices);
    // Every candidate the full rescoring keeps by the rule (each starter's best ten, each practice's best
    // three: one seat) was already kept by the profiles' rescorings. Not every full row: the full
    // rescoring's plan pairs may be another of the many equal optima here than the one the profiles'
    // rescorings followed (whose value expectEveryoneServed compares with a fresh solve above).
    const before = new Set(afterProfiles.map((r) => r.id));
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const byRule = [
      ...starters.flatMap((s) =>
        afterFull
          .filter((r) => r.starter.profileId === s)
          .sort((a, b) => b.score - a.score || cmp(a.practice.id, b.practice.id))
          .slice(0, 10),
      ),
      ...practices.flatMap((p) =>
        afterFull
          .filter((r) => r.practice.id === p)
          .sort((a, b) => b.score - a.score || cmp(a.starter.profileId, b.starter.profileId))
          .slice(0, 3),
      ),
    ];
    expect(byRule.length).toBe(14 * 10 + 14 * 3);
    expect(byRule.filter((r) => !before.has(r.id))).toEqual([]);
  });

  it('lets an admin read and change N and M, which the next rescoring applies; refuses bad input and others', async () => {
    const read = await request(http())
      .get('/api/admin/matching-settings')
      .set(...bearer(admin))
      .expect(200);
    expect(read.body).toEqual({ version: 1, starterBest: 10, practiceBestPerSeat: 3 });
    for (const bad of [
      {},
      { starterBest: 10 },
      { starterBest: 0, practiceBestPerSeat: 3 },
      { starterBest: 51, practiceBestPerSeat: 3 },
      { starterBest: 10, practiceBestPerSeat: 1.5 },
      { starterBest: '10', practiceBestPerSeat: 3 },
      { starterBest: 10, practiceBestPerSeat: 21 },
      { starterBest: 10, practiceBestPerSeat: 3, extra: true },
    ]) {
      const res = await request(http())
        .put('/api/admin/matching-settings')
        .set(...bearer(admin))
        .send(bad)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    await request(http()).get('/api/admin/matching-settings').expect(401);
    await request(http())
      .put('/api/admin/matching-settings')
      .send({ starterBest: 2, practiceBestPerSeat: 1 })
      .expect(401);
    await request(http())
      .get('/api/admin/matching-settings')
      .set(...bearer(coordinator))
      .expect(403);
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await request(http())
      .put('/api/admin/matching-settings')
      .set(...bearer(starter))
      .send({ starterBest: 2, practiceBestPerSeat: 1 })
      .expect(403);
    expect(
      (
        await request(http())
          .get('/api/admin/matching-settings')
          .set(...bearer(admin))
          .expect(200)
      ).body.version,
    ).toBe(1);

    const practices = await seedPractices();
    for (let i = 0; i < 14; i++) await putProfile(await createUser(api.app, api.dataSource, 'starter'));
    await rescorings('starters', 14);
    const changed = await request(http())
      .put('/api/admin/matching-settings')
      .set(...bearer(admin))
      .send({ starterBest: 2, practiceBestPerSeat: 1 })
      .expect(200);
    // A new version, the newest (the number itself is a sequence's: other suites add and remove versions).
    expect(changed.body).toEqual({ version: expect.any(Number), starterBest: 2, practiceBestPerSeat: 1 });
    expect(changed.body.version).toBeGreaterThan(1);
    expect(
      (
        await request(http())
          .get('/api/admin/matching-settings')
          .set(...bearer(admin))
          .expect(200)
      ).body,
    ).toEqual(changed.body);
    const [audit] = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'matching.settings_changed' AND actor_id = $1`,
      [admin.id],
    );
    expect(audit.n).toBe(1);
    await request(http())
      .post('/api/admin/rescore')
      .set(...bearer(admin))
      .expect(202);
    await rescorings('all', 1);
    const rows = await settled();
    // Each starter's best two, each practice's best one, the plan's pairs: far fewer than before, and still
    // every practice has a candidate and the plan places all fourteen.
    expect(rows.length).toBeLessThanOrEqual(14 * 2 + 14 + 14);
    for (const id of practices) expect(rows.some((r) => r.practice.id === id)).toBe(true);
    expect(rows.filter((r) => r.inRegionalPlan)).toHaveLength(14);
  });
});
