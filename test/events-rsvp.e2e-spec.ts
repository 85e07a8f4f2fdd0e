import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { testEnv } from './support/test-env';

describe('events: invitations, RSVP with capacity and a waiting list, cancellation', () => {
  let api: TestApi;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  const http = () => api.app.getHttpServer();
  const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: 'pmtest-events-rsvp' }));
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
  });

  const outbox = (template: string) =>
    api.dataSource.query<Array<{ recipient: string; data: Record<string, unknown> }>>(
      `SELECT recipient, data FROM outbox_messages WHERE template = $1 ORDER BY recipient`,
      [template],
    );
  const createEvent = (capacity: number, who: TestUser = coordinator, region = drenthe) =>
    request(http())
      .post('/api/events')
      .set(...bearer(who))
      .send({
        regionId: region,
        title: 'Starters ontmoeten stoppers',
        startsAt,
        location: 'Assen',
        capacity,
        description: 'Borrel',
      });

  it("invites the region's starters and stoppers who did not opt out, with an unsubscribe token", async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await insertStarterProfile(api.dataSource, starter.id);
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    await insertPractice(api.dataSource, stopper.id);
    const elsewhere = await createUser(api.app, api.dataSource, 'starter');
    await insertStarterProfile(api.dataSource, elsewhere.id, { home_region_id: groningen });
    const optedOut = await createUser(api.app, api.dataSource, 'starter');
    await insertStarterProfile(api.dataSource, optedOut.id);
    await api.dataSource.query(
      `INSERT INTO mail_preferences (user_id, kind, opted_out_at) VALUES ($1, 'events', now())`,
      [optedOut.id],
    );

    const res = await createEvent(20).expect(201);
    expect(res.body).toMatchObject({
      regionId: drenthe,
      capacity: 20,
      status: 'scheduled',
      attending: 0,
      invited: 2,
    });
    const mails = await outbox('event-invitation');
    expect(mails.map((m) => m.recipient).sort()).toEqual([starter.email, stopper.email].sort());
    expect(typeof mails[0].data.unsubscribeToken).toBe('string');

    // Unsubscribing from events through the token stops the next invitation.
    await request(http())
      .get(
        `/api/unsubscribe?token=${encodeURIComponent(String(mails.find((m) => m.recipient === starter.email)!.data.unsubscribeToken))}`,
      )
      .expect(200, { unsubscribed: true, kind: 'events' });
    const second = await createEvent(20).expect(201);
    expect(second.body.invited).toBe(1);

    const list = await request(http()).get(`/api/events?regionId=${drenthe}&pageSize=1`).expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(list.body.items).toHaveLength(1);
    const none = await request(http()).get(`/api/events?regionId=${groningen}`).expect(200);
    expect(none.body.total).toBe(0);
  });

  it('refuses an event in a region the coordinator does not work for (404), and starters (403)', async () => {
    const res = await createEvent(5, otherCoordinator).expect(404);
    expect(res.body.code).toBe('REGION.NOT_FOUND');
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await createEvent(5, starter).expect(403);
    await request(http())
      .post('/api/events')
      .set(...bearer(coordinator))
      .send({ regionId: drenthe, title: 'x', startsAt, location: 'A', capacity: 0, description: '' })
      .expect(400);
  });

  it('keeps capacity under concurrent RSVPs, waitlists the rest and promotes the first waitlisted', async () => {
    const event = (await createEvent(2).expect(201)).body as { id: string };
    const people = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createUser(api.app, api.dataSource, i % 2 ? 'stopper' : 'starter')),
    );
    const answers = await Promise.all(
      people.map((p) =>
        request(http())
          .post(`/api/events/${event.id}/rsvp`)
          .set(...bearer(p)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const statuses = answers.map((a) => a.body.status as string);
    expect(statuses.filter((s) => s === 'attending')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(4);

    // Asking again changes nothing.
    const again = await request(http())
      .post(`/api/events/${event.id}/rsvp`)
      .set(...bearer(people[0]))
      .expect(200);
    expect(again.body.status).toBe(statuses[0]);

    const attendee = people[statuses.indexOf('attending')];
    const [first] = await api.dataSource.query<Array<{ user_id: string }>>(
      `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND status = 'waitlisted' ORDER BY created_at, user_id LIMIT 1`,
      [event.id],
    );
    await request(http())
      .delete(`/api/events/${event.id}/rsvp`)
      .set(...bearer(attendee))
      .expect(204);
    await request(http())
      .delete(`/api/events/${event.id}/rsvp`)
      .set(...bearer(attendee))
      .expect(404);
    const rows = await api.dataSource.query<Array<{ user_id: string; status: string }>>(
      `SELECT user_id, status FROM event_rsvps WHERE event_id = $1 AND status = 'attending'`,
      [event.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.user_id)).toContain(first.user_id);
    const promoted = people.find((p) => p.id === first.user_id)!;
    expect((await outbox('event-place-available')).map((m) => m.recipient)).toEqual([promoted.email]);

    const view = await request(http()).get(`/api/events/${event.id}`).expect(200);
    expect(view.body).toMatchObject({ attending: 2, waitlisted: 3, placesLeft: 0 });
  });

  it('cancels an event: only a coordinator of its region, attendees and waitlisted are mailed', async () => {
    const event = (await createEvent(1).expect(201)).body as { id: string };
    const a = await createUser(api.app, api.dataSource, 'starter');
    const b = await createUser(api.app, api.dataSource, 'stopper');
    await request(http())
      .post(`/api/events/${event.id}/rsvp`)
      .set(...bearer(a))
      .expect(200, { status: 'attending' });
    await request(http())
      .post(`/api/events/${event.id}/rsvp`)
      .set(...bearer(b))
      .expect(200, { status: 'waitlisted' });

    await request(http())
      .post(`/api/events/${event.id}/cancel`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    const res = await request(http())
      .post(`/api/events/${event.id}/cancel`)
      .set(...bearer(coordinator))
      .expect(200);
    expect(res.body.status).toBe('cancelled');
    await request(http())
      .post(`/api/events/${event.id}/cancel`)
      .set(...bearer(coordinator))
      .expect(200);
    expect((await outbox('event-cancelled')).map((m) => m.recipient).sort()).toEqual(
      [a.email, b.email].sort(),
    );

    const c = await createUser(api.app, api.dataSource, 'starter');
    const closed = await request(http())
      .post(`/api/events/${event.id}/rsvp`)
      .set(...bearer(c))
      .expect(409);
    expect(closed.body.code).toBe('EVENT.CLOSED');
    const list = await request(http()).get(`/api/events?regionId=${drenthe}`).expect(200);
    expect(list.body.total).toBe(0);
  });
});
