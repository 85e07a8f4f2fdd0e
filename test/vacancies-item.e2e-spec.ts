import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, TestUser } from './support/factories';
import { testEnv } from './support/test-env';

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const SECRET_NAME = 'Praktijk Verborgen';

const practiceBody = (overrides: Record<string, unknown> = {}) => ({
  name: SECRET_NAME,
  showNamePublicly: false,
  postcode: '9411',
  address: 'Geheime Laan 1',
  listSize: 2095,
  practiceForm: 'solo',
  gpCount: 1,
  daysPerWeekNeeded: 5,
  setting: 'rural',
  successorRoles: ['holder'],
  handoverFrom: `${NEXT_YEAR}-01-01`,
  handoverTo: `${NEXT_YEAR}-06-30`,
  transitionMonthsOffered: 0,
  dispensing: false,
  isTrainingPractice: false,
  anwHoursPerMonth: 30,
  staff: { pohSomaticFte: 0.8, pohMentalHealthFte: 0.4, assistantsFte: 2.5, paOrNpFte: 0 },
  building: 'rented',
  description: 'Solopraktijk in Beilen.',
  ...overrides,
});

describe('a vacancy of the board: GET /api/vacancies/:id', () => {
  let api: TestApi;
  let stopper: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    stopper = await createUser(api.app, api.dataSource, 'stopper');
  });

  async function practice(publish: boolean, overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await request(http())
      .post('/api/practices')
      .set(...bearer(stopper))
      .send(practiceBody(overrides))
      .expect(201);
    if (publish)
      await request(http())
        .post(`/api/practices/${res.body.id}/publish`)
        .set(...bearer(stopper))
        .expect(200);
    return res.body.id as string;
  }

  it('answers a published practice to anyone, exactly as the board lists it', async () => {
    const id = await practice(true);
    const one = await request(http()).get(`/api/vacancies/${id}`).expect(200);
    const board = await request(http()).get('/api/vacancies').expect(200);
    expect(one.body).toEqual(board.body.items[0]);
    expect(one.text).not.toContain(SECRET_NAME);
    expect(one.text).not.toContain('Geheime Laan');
  });

  it('shows the practice name only when the stopper opted in', async () => {
    const id = await practice(true, { showNamePublicly: true });
    const res = await request(http()).get(`/api/vacancies/${id}`).expect(200);
    expect(res.body.practiceName).toBe(SECRET_NAME);
  });

  it('answers 404 for a draft, an unknown id and a non-uuid', async () => {
    const draft = await practice(false);
    for (const id of [draft, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(http()).get(`/api/vacancies/${id}`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'VACANCY.NOT_FOUND' });
    }
  });
});
