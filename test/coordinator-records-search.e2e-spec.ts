import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { testEnv } from './support/test-env';

type Row = { id: string };
const ids = (res: request.Response): string[] => (res.body.items as Row[]).map((r) => r.id);
const fields = (res: request.Response): string[] => [
  ...new Set((res.body.details as Array<{ field: string }>).map((d) => d.field)),
];

/** The coordinator's lists of their region's practices and starters: text search and filters. */
describe("coordinator records: searching the region's practices and starters", () => {
  let api: TestApi;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let owner: TestUser;
  const http = () => api.app.getHttpServer();
  const get = (who: TestUser, path: string) =>
    request(http())
      .get(path)
      .set(...bearer(who));

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
    owner = await createUser(api.app, api.dataSource, 'stopper');
  });

  describe('GET /api/practices', () => {
    it('searches name, place and postcode, ignoring case, accents and surrounding spaces', async () => {
      const elshof = await insertPractice(api.dataSource, owner.id, {
        name: 'Huisartsenpraktijk Ëlshof',
        postcode: '9401',
      });
      const beilen = await insertPractice(api.dataSource, owner.id, { name: 'De Brink', postcode: '9411' });
      const hoogeveen = await insertPractice(api.dataSource, owner.id, {
        name: 'Praktijk 100% Zorg_plus',
        postcode: '7901',
      });
      await insertPractice(api.dataSource, owner.id, { name: 'Praktijk Elshof Stad', postcode: '9711' });

      const search = async (q: string) =>
        ids(await get(coordinator, `/api/practices?q=${encodeURIComponent(q)}`).expect(200)).sort();
      expect(await search('elshof')).toEqual([elshof]);
      expect(await search('  ËLSHOF ')).toEqual([elshof]);
      expect(await search('beilen')).toEqual([beilen]);
      expect(await search('BEI')).toEqual([beilen]);
      expect(await search('7901')).toEqual([hoogeveen]);
      expect(await search('94')).toEqual([elshof, beilen].sort());
      // LIKE's wildcards are text like any other.
      expect(await search('100%')).toEqual([hoogeveen]);
      expect(await search('_')).toEqual([hoogeveen]);
      expect(await search('%')).toEqual([hoogeveen]);
      expect(await search('nergens')).toEqual([]);
      // Blank is no search: the whole region.
      expect((await get(coordinator, '/api/practices?q=%20%20').expect(200)).body.total).toBe(3);
      // The other region's coordinator finds their own Elshof only.
      const theirs = await get(otherCoordinator, '/api/practices?q=elshof').expect(200);
      expect(theirs.body.total).toBe(1);
      expect(theirs.body.items[0].place).toBe('Groningen');
    });

    it('filters by status, region, form, handover year and krimp, combined with the search, and paginates', async () => {
      const a = await insertPractice(api.dataSource, owner.id, {
        name: 'Praktijk Aa',
        postcode: '9401',
        practice_form: 'solo',
        handover_from: '2027-01-01',
        handover_to: '2027-06-30',
        krimp: false,
      });
      const b = await insertPractice(api.dataSource, owner.id, {
        name: 'Praktijk Bee',
        postcode: '9411',
        status: 'draft',
        handover_from: '2027-11-01',
        handover_to: '2028-03-31',
        krimp: false,
      });
      const c = await insertPractice(api.dataSource, owner.id, {
        name: 'Praktijk Cee',
        postcode: '7901',
        handover_from: '2029-01-01',
        handover_to: '2029-12-31',
        krimp: true,
      });
      const list = async (q: string) => get(coordinator, `/api/practices${q}`).expect(200);

      expect(ids(await list('?status=published')).sort()).toEqual([a, c].sort());
      expect(ids(await list('?status=draft'))).toEqual([b]);
      expect(ids(await list('?practiceForm=solo'))).toEqual([a]);
      expect(ids(await list('?handoverYear=2027'))).toEqual([a, b]);
      expect(ids(await list('?handoverYear=2028'))).toEqual([b]);
      expect(ids(await list('?handoverYear=2030'))).toEqual([]);
      expect(ids(await list('?krimp=true'))).toEqual([c]);
      expect(ids(await list('?krimp=false'))).toEqual([a, b]);
      expect(ids(await list(`?regionId=${drenthe}&q=praktijk&status=published&handoverYear=2029`))).toEqual([
        c,
      ]);

      const page1 = await list('?q=praktijk&pageSize=2');
      expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(ids(page1)).toEqual([a, b]);
      const page2 = await list('?q=praktijk&pageSize=2&page=2');
      expect(page2.body).toMatchObject({ total: 3, page: 2 });
      expect(ids(page2)).toEqual([c]);
    });

    it('refuses a too-long or repeated q, bad filters, and another region', async () => {
      const long = await get(coordinator, `/api/practices?q=${'a'.repeat(101)}`).expect(400);
      expect(long.body.code).toBe('VALIDATION.FAILED');
      expect(fields(long)).toEqual(['q']);
      await get(coordinator, `/api/practices?q=${'a'.repeat(100)}`).expect(200);
      expect(fields(await get(coordinator, '/api/practices?q=a&q=b').expect(400))).toEqual(['q']);
      for (const [query, field] of [
        ['?handoverYear=soon', 'handoverYear'],
        ['?handoverYear=1999', 'handoverYear'],
        ['?handoverYear=2027.5', 'handoverYear'],
        ['?krimp=yes', 'krimp'],
        ['?status=sold', 'status'],
      ]) {
        const res = await get(coordinator, `/api/practices${query}`).expect(400);
        expect(fields(res)).toEqual([field]);
      }
      const other = await get(coordinator, `/api/practices?regionId=${groningen}`).expect(404);
      expect(other.body.code).toBe('REGION.NOT_FOUND');
      await request(http()).get('/api/practices?q=elshof').expect(401);
      const starter = await createUser(api.app, api.dataSource, 'starter');
      await get(starter, '/api/practices?q=elshof').expect(403);
    });

    it("finds a practice by its holder's name, and gives the holder's contact to the region's coordinator only", async () => {
      const holder = await createUser(api.app, api.dataSource, 'stopper', {
        displayName: 'Dokter Ömer Yılmaz',
        phone: '+31612345678',
      });
      const id = await insertPractice(api.dataSource, holder.id, { name: 'De Esch', postcode: '9401' });
      await insertPractice(api.dataSource, owner.id, { name: 'De Wolden', postcode: '9401' });
      expect(ids(await get(coordinator, '/api/practices?q=omer%20yilmaz').expect(200))).toEqual([id]);
      const list = await get(coordinator, '/api/practices').expect(200);
      expect(list.body.items[0]).not.toHaveProperty('ownerName');

      const read = await get(coordinator, `/api/practices/${id}`).expect(200);
      expect(read.body).toMatchObject({
        ownerName: 'Dokter Ömer Yılmaz',
        ownerEmail: holder.email,
        ownerPhone: '+31612345678',
      });
      const corrected = await request(http())
        .patch(`/api/practices/${id}`)
        .set(...bearer(coordinator))
        .send({ listSize: 2500 })
        .expect(200);
      expect(corrected.body).toMatchObject({ listSize: 2500, ownerName: 'Dokter Ömer Yılmaz' });
      const own = await get(holder, `/api/practices/${id}`).expect(200);
      expect(own.body).not.toHaveProperty('ownerName');
      await get(otherCoordinator, `/api/practices/${id}`).expect(404);
    });

    it('keeps a stopper to their own practices when searching, and an admin sees every region', async () => {
      const mine = await insertPractice(api.dataSource, owner.id, { name: 'Mijn Praktijk' });
      const someoneElse = await createUser(api.app, api.dataSource, 'stopper');
      await insertPractice(api.dataSource, someoneElse.id, { name: 'Mijn Praktijk Ook' });
      expect(ids(await get(owner, '/api/practices?q=praktijk').expect(200))).toEqual([mine]);
      const admin = await createUser(api.app, api.dataSource, 'admin');
      expect((await get(admin, `/api/practices?q=mijn&regionId=${drenthe}`).expect(200)).body.total).toBe(2);
    });
  });

  describe('GET /api/starter-profiles', () => {
    async function starter(name: string, overrides: Record<string, unknown> = {}) {
      const user = await createUser(api.app, api.dataSource, 'starter', { displayName: name });
      const id = await insertStarterProfile(api.dataSource, user.id, overrides);
      return { user, id };
    }

    it('searches name, email, home place and home postcode, ignoring case and accents', async () => {
      const anais = await starter('Anaïs Dijkstra', { home_postcode: '9401' });
      const bram = await starter('Bram de Vries', { home_postcode: '9411' });
      const elsewhere = await starter('Anais Groen', { home_postcode: '9711' });
      const search = async (who: TestUser, q: string) =>
        ids(await get(who, `/api/starter-profiles?q=${encodeURIComponent(q)}`).expect(200)).sort();

      expect(await search(coordinator, 'anais')).toEqual([anais.id]);
      expect(await search(coordinator, ' ANAÏS ')).toEqual([anais.id]);
      expect(await search(coordinator, 'beilen')).toEqual([bram.id]);
      expect(await search(coordinator, '9411')).toEqual([bram.id]);
      expect(await search(coordinator, bram.user.email.toUpperCase())).toEqual([bram.id]);
      expect(await search(coordinator, 'nergens')).toEqual([]);
      expect(await search(otherCoordinator, 'anais')).toEqual([elsewhere.id]);
      const none = await get(coordinator, '/api/starter-profiles?q=nergens').expect(200);
      expect(none.body).toMatchObject({ total: 0, items: [] });
    });

    it('filters by practice form and career stage with the search, and paginates', async () => {
      const solo = await starter('Sanne Solo', { practice_forms: ['solo'], career_stage: 'hidha' });
      const duo = await starter('Sanne Duo', { practice_forms: ['duo', 'group'] });
      const paused = await starter('Sanne Pauze', { practice_forms: ['duo'], active: false });
      const list = async (q: string) => get(coordinator, `/api/starter-profiles${q}`).expect(200);

      expect(ids(await list('?practiceForm=solo'))).toEqual([solo.id]);
      expect(ids(await list('?practiceForm=duo')).sort()).toEqual([duo.id, paused.id].sort());
      expect(ids(await list('?careerStage=hidha'))).toEqual([solo.id]);
      expect(ids(await list('?q=sanne&practiceForm=duo&active=true'))).toEqual([duo.id]);
      const page1 = await list('?q=sanne&pageSize=2');
      expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      const page2 = await list('?q=sanne&pageSize=2&page=2');
      expect(page2.body.items).toHaveLength(1);
      expect([...ids(page1), ...ids(page2)].sort()).toEqual([solo.id, duo.id, paused.id].sort());
      // A page past the end still tells the total.
      expect((await list('?q=sanne&pageSize=2&page=5')).body).toMatchObject({ total: 3, items: [] });
    });

    it('refuses a too-long q, bad filters, another region and other roles', async () => {
      const long = await get(coordinator, `/api/starter-profiles?q=${'x'.repeat(101)}`).expect(400);
      expect(fields(long)).toEqual(['q']);
      for (const [query, field] of [
        ['?practiceForm=villa', 'practiceForm'],
        ['?careerStage=student', 'careerStage'],
        ['?q=a&q=b', 'q'],
      ]) {
        expect(fields(await get(coordinator, `/api/starter-profiles${query}`).expect(400))).toEqual([field]);
      }
      expect(
        (await get(coordinator, `/api/starter-profiles?regionId=${groningen}&q=a`).expect(404)).body.code,
      ).toBe('REGION.NOT_FOUND');
      const stopper = await createUser(api.app, api.dataSource, 'stopper');
      await get(stopper, '/api/starter-profiles?q=a').expect(403);
      await request(http()).get('/api/starter-profiles?q=a').expect(401);
    });
  });
});
