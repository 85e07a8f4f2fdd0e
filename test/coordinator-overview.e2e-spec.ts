import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { testEnv } from './support/test-env';

const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString();

describe("coordinator's overview: regional plan, practices at risk, event changes and RSVPs", () => {
  let api: TestApi;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let admin: TestUser;
  let starterUser: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: 'pmtest-coord-overview' }));
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
    admin = await createUser(api.app, api.dataSource, 'admin');
    starterUser = await createUser(api.app, api.dataSource, 'starter');
  });
  afterAll(async () => {
    await api.close();
  });

  async function starter(overrides: Record<string, unknown> = {}): Promise<string> {
    const u = await createUser(api.app, api.dataSource, 'starter', { displayName: 'Sanne Starter' });
    return insertStarterProfile(api.dataSource, u.id, overrides);
  }
  async function practice(overrides: Record<string, unknown> = {}): Promise<string> {
    const u = await createUser(api.app, api.dataSource, 'stopper');
    return insertPractice(api.dataSource, u.id, overrides);
  }
  async function suggestion(starterId: string, practiceId: string, inPlan: boolean): Promise<string> {
    const [m] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version,
                            distance_km, in_regional_plan)
       VALUES ($1, $2, $3, 'suggested', 70, '[]', 1, 5, $4) RETURNING id`,
      [starterId, practiceId, drenthe, inPlan],
    );
    return m.id;
  }

  describe('GET /api/regions/:id/plan', () => {
    it('counts the plan, the patients it covers and lists the practices and starters it leaves', async () => {
      // One seat (4 days), and two seats (8 days, 5 a GP at most): 2,400 and 2 × 1,500 patients.
      const one = await practice({ list_size: 2400, days_per_week_needed: 4 });
      const two = await practice({ list_size: 3000, days_per_week_needed: 8, postcode: '9403' });
      await practice({ status: 'draft' });
      const s1 = await starter();
      const s2 = await starter();
      const s3 = await starter();
      await starter({ active: false });
      await suggestion(s1, one, true);
      await suggestion(s2, two, true);
      await suggestion(s3, two, false);
      await suggestion(s3, one, false);

      const res = await request(http())
        .get(`/api/regions/${drenthe}/plan`)
        .set(...bearer(coordinator))
        .expect(200);
      expect(res.body).toMatchObject({
        regionId: drenthe,
        suggestions: 2,
        patientsCovered: 2400 + 1500,
        patientsLeft: 1500,
        page: 1,
        pageSize: 20,
      });
      expect(res.body.practicesLeft).toEqual({
        total: 1,
        items: [
          expect.objectContaining({ id: two, seats: 2, seatsFilled: 1, patientsLeft: 1500, candidates: 2 }),
        ],
      });
      expect(res.body.startersLeft.total).toBe(1);
      expect(res.body.startersLeft.items).toEqual([
        expect.objectContaining({
          id: s3,
          displayName: 'Sanne Starter',
          homePostcode: '9401',
          candidates: 2,
        }),
      ]);
    });

    it('pages the lists it leaves', async () => {
      for (let i = 0; i < 3; i++) await starter();
      const res = await request(http())
        .get(`/api/regions/${drenthe}/plan?page=2&pageSize=2`)
        .set(...bearer(admin))
        .expect(200);
      expect(res.body.startersLeft.total).toBe(3);
      expect(res.body.startersLeft.items).toHaveLength(1);
    });

    it('refuses bad paging (400), no token (401), a starter (403) and another region (404)', async () => {
      const url = `/api/regions/${drenthe}/plan`;
      const bad = await request(http())
        .get(`${url}?pageSize=500`)
        .set(...bearer(coordinator))
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION.FAILED');
      expect(bad.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'pageSize' })]),
      );
      await request(http()).get(url).expect(401);
      await request(http())
        .get(url)
        .set(...bearer(starterUser))
        .expect(403);
      const other = await request(http())
        .get(url)
        .set(...bearer(otherCoordinator))
        .expect(404);
      expect(other.body.code).toBe('REGION.NOT_FOUND');
      await request(http())
        .get('/api/regions/not-a-uuid/plan')
        .set(...bearer(admin))
        .expect(404);
    });
  });

  describe('GET /api/regions/:id/at-risk-practices', () => {
    it('lists the practices at risk with their centroid, most urgent first', async () => {
      const soon = await practice({
        handover_from: inDays(30).slice(0, 10),
        handover_to: inDays(200).slice(0, 10),
      });
      const later = await practice({
        handover_from: inDays(600).slice(0, 10),
        handover_to: inDays(900).slice(0, 10),
      });
      const underWay = await practice();
      const s = await starter();
      await api.dataSource.query(
        `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version, distance_km)
         VALUES ($1, $2, $3, 'awaiting_consent', 70, '[]', 1, 5)`,
        [s, underWay, drenthe],
      );
      await practice({ status: 'transferred' });
      const res = await request(http())
        .get(`/api/regions/${drenthe}/at-risk-practices`)
        .set(...bearer(coordinator))
        .expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([soon, later]);
      const [first] = res.body.items;
      expect(first.postcode).toBe('9402');
      expect(first.latitude).toBeGreaterThan(52.5);
      expect(first.latitude).toBeLessThan(53.5);
      expect(first.longitude).toBeGreaterThan(6);
      expect(first.urgency).toBeGreaterThan(res.body.items[1].urgency);
    });

    it('refuses bad paging (400), no token (401), a stopper (403) and another region (404)', async () => {
      const url = `/api/regions/${drenthe}/at-risk-practices`;
      await request(http())
        .get(`${url}?page=0`)
        .set(...bearer(coordinator))
        .expect(400);
      await request(http()).get(url).expect(401);
      const stopper = await createUser(api.app, api.dataSource, 'stopper');
      await request(http())
        .get(url)
        .set(...bearer(stopper))
        .expect(403);
      await request(http())
        .get(url)
        .set(...bearer(otherCoordinator))
        .expect(404);
    });
  });

  describe('events: PATCH and the RSVP list', () => {
    async function event(capacity: number): Promise<string> {
      const res = await request(http())
        .post('/api/events')
        .set(...bearer(coordinator))
        .send({
          regionId: drenthe,
          title: 'Kennismakingsavond',
          startsAt: inDays(30),
          location: 'Assen',
          capacity,
          description: 'Starters en stoppers ontmoeten elkaar.',
        })
        .expect(201);
      return res.body.id as string;
    }
    async function rsvp(id: string): Promise<TestUser> {
      const u = await createUser(api.app, api.dataSource, 'starter');
      await request(http())
        .post(`/api/events/${id}/rsvp`)
        .set(...bearer(u))
        .expect(200);
      return u;
    }

    it('lists who attends and the waiting list in order, and filters by status', async () => {
      const id = await event(1);
      const first = await rsvp(id);
      const second = await rsvp(id);
      const third = await rsvp(id);
      const res = await request(http())
        .get(`/api/events/${id}/rsvps`)
        .set(...bearer(coordinator))
        .expect(200);
      expect(res.body.total).toBe(3);
      expect(
        res.body.items.map((r: { userId: string; status: string; waitlistPosition: number | null }) => [
          r.userId,
          r.status,
          r.waitlistPosition,
        ]),
      ).toEqual([
        [first.id, 'attending', null],
        [second.id, 'waitlisted', 1],
        [third.id, 'waitlisted', 2],
      ]);
      const waiting = await request(http())
        .get(`/api/events/${id}/rsvps?status=waitlisted&pageSize=1`)
        .set(...bearer(admin))
        .expect(200);
      expect(waiting.body).toMatchObject({ total: 2, pageSize: 1 });
      expect(waiting.body.items[0].userId).toBe(second.id);
    });

    it('changes an event; a larger capacity gives the waiting list its places, in order, by mail', async () => {
      const id = await event(1);
      await rsvp(id);
      const second = await rsvp(id);
      const third = await rsvp(id);
      const res = await request(http())
        .patch(`/api/events/${id}`)
        .set(...bearer(coordinator))
        .send({ capacity: 2, location: 'Emmen' })
        .expect(200);
      expect(res.body).toMatchObject({
        id,
        capacity: 2,
        location: 'Emmen',
        attending: 2,
        waitlisted: 1,
        placesLeft: 0,
      });
      const list = await request(http())
        .get(`/api/events/${id}/rsvps`)
        .set(...bearer(coordinator))
        .expect(200);
      expect(list.body.items.find((r: { userId: string }) => r.userId === second.id).status).toBe(
        'attending',
      );
      expect(list.body.items.find((r: { userId: string }) => r.userId === third.id).waitlistPosition).toBe(1);
      const mails = await api.dataSource.query<Array<{ to_address: string }>>(
        `SELECT * FROM outbox_messages WHERE template = 'event-place-available'`,
      );
      expect(mails).toHaveLength(1);
      const audit = await api.dataSource.query<unknown[]>(
        `SELECT 1 FROM audit_log WHERE action = 'event.updated' AND target_id = $1`,
        [id],
      );
      expect(audit).toHaveLength(1);
    });

    it('refuses a capacity below those attending (409), bad fields (400), others (401, 403, 404)', async () => {
      const id = await event(3);
      await rsvp(id);
      await rsvp(id);
      const below = await request(http())
        .patch(`/api/events/${id}`)
        .set(...bearer(coordinator))
        .send({ capacity: 1 })
        .expect(409);
      expect(below.body.code).toBe('EVENT.CAPACITY_BELOW_ATTENDING');
      expect(below.body.details).toEqual([{ field: 'capacity', message: 'at least 2' }]);
      const bad = await request(http())
        .patch(`/api/events/${id}`)
        .set(...bearer(coordinator))
        .send({ capacity: 0, organiser: 'x' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'capacity',
        'organiser',
      ]);
      await request(http()).patch(`/api/events/${id}`).send({ title: 'x' }).expect(401);
      await request(http())
        .patch(`/api/events/${id}`)
        .set(...bearer(starterUser))
        .send({ title: 'x' })
        .expect(403);
      await request(http())
        .get(`/api/events/${id}/rsvps`)
        .set(...bearer(starterUser))
        .expect(403);
      const other = await request(http())
        .patch(`/api/events/${id}`)
        .set(...bearer(otherCoordinator))
        .send({ title: 'x' })
        .expect(404);
      expect(other.body.code).toBe('EVENT.NOT_FOUND');
      await request(http())
        .get(`/api/events/${id}/rsvps`)
        .set(...bearer(otherCoordinator))
        .expect(404);
      await request(http())
        .get(`/api/events/${id}/rsvps?status=maybe`)
        .set(...bearer(coordinator))
        .expect(400);
    });
  });
});
