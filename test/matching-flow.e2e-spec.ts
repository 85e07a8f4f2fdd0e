import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const YEAR = new Date().getFullYear() + 1;

/** Through the real API and a real worker: publishing and profile changes reach the coordinator's list. */
describe('matching flow: API → rescore job → worker → coordinator list', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: TestUser;
  let starter: TestUser;
  let stopper: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ QUEUE_PREFIX: 'pmflow' });
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
    starter = await createUser(api.app, api.dataSource, 'starter');
    stopper = await createUser(api.app, api.dataSource, 'stopper');
  });

  const suggestions = async (): Promise<Array<{ id: string; status: string }>> =>
    (
      await request(http())
        .get('/api/matches?status=suggested')
        .set(...bearer(coordinator))
        .expect(200)
    ).body.items;

  async function putProfile(overrides: Record<string, unknown> = {}): Promise<void> {
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
        about: 'Ik zoek een duopraktijk in Drenthe.',
        active: true,
        alerts: { enabled: false, minScore: 70 },
        ...overrides,
      })
      .expect(200);
  }

  it('turns a published fitting practice into a suggestion within seconds, and withdraws it when the profile stops fitting', async () => {
    await putProfile();
    const created = await request(http())
      .post('/api/practices')
      .set(...bearer(stopper))
      .send({
        name: 'Huisartsenpraktijk De Es',
        showNamePublicly: false,
        postcode: '9402',
        address: 'Esweg 3',
        listSize: 4200,
        practiceForm: 'duo',
        gpCount: 2,
        daysPerWeekNeeded: 4,
        setting: 'urban',
        successorRoles: ['holder'],
        handoverFrom: `${YEAR}-03-01`,
        handoverTo: `${YEAR}-09-01`,
        transitionMonthsOffered: 6,
        dispensing: false,
        isTrainingPractice: false,
        anwHoursPerMonth: 10,
        staff: { pohSomaticFte: 1, pohMentalHealthFte: 0.5, assistantsFte: 3, paOrNpFte: 0 },
        building: 'rented',
        description: 'Een goed georganiseerde duopraktijk.',
      })
      .expect(201);
    // A draft is never suggested.
    expect(await suggestions()).toHaveLength(0);
    await request(http())
      .post(`/api/practices/${created.body.id}/publish`)
      .set(...bearer(stopper))
      .expect(200);

    const [match] = await waitFor(async () => {
      const items = await suggestions();
      return items.length > 0 ? items : undefined;
    }, 15_000);
    expect(match.status).toBe('suggested');

    // The starter no longer wants any role the practice offers: the suggestion is withdrawn.
    await putProfile({ roles: ['employed'] });
    await waitFor(async () => ((await suggestions()).length === 0 ? true : undefined), 15_000);
    const withdrawn = await request(http())
      .get('/api/matches?status=withdrawn')
      .set(...bearer(coordinator))
      .expect(200);
    expect(withdrawn.body.items.map((m: { id: string }) => m.id)).toEqual([match.id]);
  });
});
