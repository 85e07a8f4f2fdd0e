import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { testEnv } from './support/test-env';

type Body = Record<string, unknown>;
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

const OWNER_NAME = 'Dokter Hendrika Zwartveen';
const SECRET_NAME = 'Praktijk Geheimzinnig';
const ADDRESS = 'Verborgen Laan 99';

function practiceBody(overrides: Body = {}): Body {
  return {
    name: SECRET_NAME,
    showNamePublicly: false,
    postcode: '9411',
    address: ADDRESS,
    listSize: 2095,
    practiceForm: 'solo',
    gpCount: 1,
    daysPerWeekNeeded: 5,
    setting: 'rural',
    successorRoles: ['holder'],
    handoverFrom: `${NEXT_YEAR}-01-01`,
    handoverTo: `${NEXT_YEAR}-06-30`,
    transitionMonthsOffered: 0,
    dispensing: true,
    isTrainingPractice: false,
    anwHoursPerMonth: 30,
    staff: { pohSomaticFte: 0.8, pohMentalHealthFte: 0.4, assistantsFte: 2.5, paOrNpFte: 0 },
    building: 'rented',
    his: 'Promedico',
    description: 'Solopraktijk op het Drentse platteland, apotheekhoudend.',
    ...overrides,
  };
}

describe('vacancy board: GET /api/vacancies', () => {
  let api: TestApi;
  let stopper: TestUser;
  let drenthe: string;
  let groningen: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv());
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    stopper = await createUser(api.app, api.dataSource, 'stopper', { displayName: OWNER_NAME });
  });

  async function listing(
    overrides: Body = {},
    status: 'published' | 'draft' | 'withdrawn' = 'published',
  ): Promise<string> {
    const res = await request(http())
      .post('/api/practices')
      .set(...bearer(stopper))
      .send(practiceBody(overrides))
      .expect(201);
    const id = res.body.id as string;
    if (status !== 'draft')
      await request(http())
        .post(`/api/practices/${id}/publish`)
        .set(...bearer(stopper))
        .expect(200);
    if (status === 'withdrawn')
      await request(http())
        .post(`/api/practices/${id}/withdraw`)
        .set(...bearer(stopper))
        .expect(200);
    return id;
  }

  const board = (query = '') => request(http()).get(`/api/vacancies${query}`).expect(200);
  const ids = (res: request.Response) => (res.body.items as Array<{ id: string }>).map((v) => v.id);

  it('shows a published practice anonymously to anyone, without login', async () => {
    const id = await listing();
    const res = await board();
    expect(res.body).toEqual({
      total: 1,
      page: 1,
      pageSize: 20,
      items: [
        {
          id,
          regionId: drenthe,
          place: 'Beilen',
          listSizeBand: '1500-2500',
          practiceForm: 'solo',
          gpCount: 1,
          daysPerWeekNeeded: 5,
          staff: { pohSomaticFte: 0.8, pohMentalHealthFte: 0.4, assistantsFte: 2.5, paOrNpFte: 0 },
          handoverFrom: `${NEXT_YEAR}-01-01`,
          handoverTo: `${NEXT_YEAR}-06-30`,
          transitionMonthsOffered: 0,
          successorRoles: ['holder'],
          dispensing: true,
          isTrainingPractice: false,
          setting: 'rural',
          description: 'Solopraktijk op het Drentse platteland, apotheekhoudend.',
          practiceName: null,
        },
      ],
    });
    const text = res.text;
    for (const secret of [stopper.email, OWNER_NAME, SECRET_NAME, ADDRESS, stopper.id, 'Promedico']) {
      expect(text).not.toContain(secret);
    }
    for (const key of [
      'ownerId',
      'owner',
      'email',
      'address',
      'postcode',
      'name',
      'listSize',
      'his',
      'status',
    ]) {
      expect(res.body.items[0]).not.toHaveProperty(key);
    }
  });

  it('shows the practice name only when the stopper opted in', async () => {
    await listing({ showNamePublicly: true, name: 'Huisartsen Beilen-Oost' });
    const res = await board();
    expect(res.body.items[0].practiceName).toBe('Huisartsen Beilen-Oost');
    expect(res.text).not.toContain(ADDRESS);
    expect(res.text).not.toContain(OWNER_NAME);
  });

  it('leaves drafts and withdrawn practices off the board', async () => {
    const published = await listing();
    await listing({}, 'draft');
    await listing({}, 'withdrawn');
    const res = await board();
    expect(res.body.total).toBe(1);
    expect(ids(res)).toEqual([published]);
  });

  it('sorts by handover date, then id, and paginates with a total', async () => {
    const later = await listing({ handoverFrom: `${NEXT_YEAR}-05-01`, handoverTo: `${NEXT_YEAR}-12-31` });
    const first = await listing({ handoverFrom: `${NEXT_YEAR}-01-15` });
    const middle = await listing({ handoverFrom: `${NEXT_YEAR}-03-01` });
    expect(ids(await board())).toEqual([first, middle, later]);
    const p1 = await board('?pageSize=2');
    expect(p1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(ids(p1)).toEqual([first, middle]);
    const p2 = await board('?pageSize=2&page=2');
    expect(p2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(ids(p2)).toEqual([later]);
    const past = await board('?pageSize=2&page=5');
    expect(past.body).toEqual({ items: [], total: 3, page: 5, pageSize: 2 });
    expect((await board('?pageSize=100')).body.items).toHaveLength(3);
  });

  it('filters by region, practice form, successor role, handover dates and list size band', async () => {
    const soloDrenthe = await listing();
    const duoGroningen = await listing({
      postcode: '9711',
      practiceForm: 'duo',
      gpCount: 2,
      listSize: 4200,
      successorRoles: ['partner', 'employed'],
      handoverFrom: `${NEXT_YEAR}-06-01`,
      handoverTo: `${NEXT_YEAR}-09-30`,
    });
    const groupDrenthe = await listing({
      practiceForm: 'group',
      gpCount: 3,
      listSize: 3000,
      successorRoles: ['employed_then_holder', 'holder'],
      handoverFrom: `${NEXT_YEAR}-03-01`,
    });
    const cases: Array<[string, string[]]> = [
      [`?regionId=${drenthe}`, [soloDrenthe, groupDrenthe]],
      [`?regionId=${groningen}`, [duoGroningen]],
      ['?practiceForm=duo', [duoGroningen]],
      [`?regionId=${drenthe}&practiceForm=group`, [groupDrenthe]],
      [`?regionId=${groningen}&practiceForm=group`, []],
      ['?successorRole=holder', [soloDrenthe, groupDrenthe]],
      ['?successorRole=employed', [duoGroningen]],
      ['?successorRole=locum_then_holder', []],
      [`?handoverBefore=${NEXT_YEAR}-03-01`, [soloDrenthe, groupDrenthe]],
      [`?handoverAfter=${NEXT_YEAR}-03-01`, [groupDrenthe, duoGroningen]],
      [`?handoverAfter=${NEXT_YEAR}-02-01&handoverBefore=${NEXT_YEAR}-04-01`, [groupDrenthe]],
      [`?listSizeBand=${encodeURIComponent('<1500')}`, []],
      ['?listSizeBand=1500-2500', [soloDrenthe]],
      ['?listSizeBand=2500-3500', [groupDrenthe]],
      [`?listSizeBand=${encodeURIComponent('3500+')}`, [duoGroningen]],
    ];
    for (const [query, expected] of cases) {
      const res = await board(query);
      expect({ query, ids: ids(res), total: res.body.total }).toEqual({
        query,
        ids: expected,
        total: expected.length,
      });
    }
    const bands = ((await board()).body.items as Array<{ listSizeBand: string }>).map((v) => v.listSizeBand);
    expect(bands).toEqual(['1500-2500', '2500-3500', '3500+']);
  });

  it('rejects bad query parameters with a 400 naming them', async () => {
    const bad: Array<[string, string]> = [
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['regionId=drenthe', 'regionId'],
      ['practiceForm=villa', 'practiceForm'],
      ['successorRole=boss', 'successorRole'],
      ['handoverBefore=2027-13-01', 'handoverBefore'],
      ['handoverAfter=tomorrow', 'handoverAfter'],
      ['listSizeBand=huge', 'listSizeBand'],
      ['ownerId=x', 'ownerId'],
    ];
    for (const [query, field] of bad) {
      const res = await request(http()).get(`/api/vacancies?${query}`).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
    }
  });

  it('with near, measures each item from that PC4, keeps those within withinKm and orders them by distance', async () => {
    // Assen (9401) to Beilen (9411) is 14.3 km, to Groningen (9711) 25.6 km, to Emmen (7811) 32.1 km.
    const beilen = await listing({ postcode: '9411', handoverFrom: `${NEXT_YEAR}-06-01` });
    const groningenCity = await listing({ postcode: '9711', handoverFrom: `${NEXT_YEAR}-01-01` });
    const emmen = await listing({ postcode: '7811' });

    const near = await board('?near=9401');
    expect(ids(near)).toEqual([beilen, groningenCity]);
    expect(near.body.total).toBe(2);
    const km = (near.body.items as Array<{ distanceKm: number }>).map((v) => v.distanceKm);
    expect(km[0]).toBeGreaterThan(10);
    expect(km[0]).toBeLessThan(km[1]);
    expect(km[1]).toBeLessThan(30);
    expect(Number.isInteger(km[0] * 10)).toBe(true);

    const wide = await board('?near=9401&withinKm=60');
    expect(ids(wide)).toEqual([beilen, groningenCity, emmen]);
    expect(ids(await board('?near=9401&withinKm=60&regionId=' + groningen))).toEqual([groningenCity]);
    expect(ids(await board('?near=9401&withinKm=5'))).toEqual([]);

    // Without near, no distance and the usual order.
    const plain = await board();
    expect(plain.body.items[0]).not.toHaveProperty('distanceKm');
  });

  it('refuses a bad, unknown or lonely distance filter with a 400 naming it', async () => {
    for (const [query, field] of [
      ['?near=0123', 'near'],
      ['?near=94011', 'near'],
      ['?near=1000', 'near'],
      ['?withinKm=10', 'withinKm'],
      ['?near=9401&withinKm=0', 'withinKm'],
      ['?near=9401&withinKm=301', 'withinKm'],
      ['?near=9401&withinKm=ten', 'withinKm'],
    ] as const) {
      const res = await request(http()).get(`/api/vacancies${query}`).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual([field]);
    }
  });

  it('shows one published vacancy by id, and 404 for a draft, a withdrawn one or an unknown id', async () => {
    const published = await listing({ showNamePublicly: true });
    const res = await request(http()).get(`/api/vacancies/${published}`).expect(200);
    expect(res.body).toMatchObject({ id: published, place: 'Beilen', practiceName: SECRET_NAME });
    expect(JSON.stringify(res.body)).not.toContain(ADDRESS);
    expect(JSON.stringify(res.body)).not.toContain(OWNER_NAME);

    for (const id of [
      await listing({}, 'draft'),
      await listing({}, 'withdrawn'),
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
    ]) {
      const missing = await request(http()).get(`/api/vacancies/${id}`).expect(404);
      expect(missing.body.code).toBe('VACANCY.NOT_FOUND');
    }
  });
});
