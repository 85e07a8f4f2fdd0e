import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { FollowUpsService } from '../src/modules/outreach/follow-ups.service';
import { FreshnessService } from '../src/modules/outreach/freshness.service';
import { VacancyAlertsService } from '../src/modules/outreach/vacancy-alerts.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { TestSmtpServer, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const DAY = 86_400_000;

describe('outreach: vacancy alerts, still-looking probes and follow-ups, with a controlled clock', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const smtp = new TestSmtpServer();
  let drenthe: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), QUEUE_PREFIX: 'pmtest-outreach-sweeps' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
    drenthe = await regionId(api.dataSource, 'drenthe');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    smtp.clear();
  });

  const outbox = (template: string) =>
    api.dataSource.query<Array<{ recipient: string; data: Record<string, unknown> }>>(
      `SELECT recipient, data FROM outbox_messages WHERE template = $1 ORDER BY created_at, recipient`,
      [template],
    );
  async function stopperWithPractice(overrides: Record<string, unknown> = {}) {
    const u = await createUser(api.app, api.dataSource, 'stopper');
    return { user: u, practiceId: await insertPractice(api.dataSource, u.id, overrides) };
  }

  it('alerts a fitting starter once per practice, and not after unsubscribing', async () => {
    const alerts = worker.get(VacancyAlertsService);
    const fan = await createUser(api.app, api.dataSource, 'starter');
    const fanProfile = await insertStarterProfile(api.dataSource, fan.id, {
      alerts_enabled: true,
      alerts_min_score: 0,
    });
    const picky = await createUser(api.app, api.dataSource, 'starter');
    await insertStarterProfile(api.dataSource, picky.id, { alerts_enabled: true, alerts_min_score: 100 });
    const silent = await createUser(api.app, api.dataSource, 'starter');
    await insertStarterProfile(api.dataSource, silent.id, { alerts_enabled: false });

    const { practiceId } = await stopperWithPractice();
    await stopperWithPractice({ dispensing: true }); // fails the fan's hard constraint (dispensing)
    const now = new Date(Date.now() + 1000);
    expect(await alerts.sweep(now)).toEqual({ practices: 2, sent: 1 });
    expect(await alerts.sweep(now)).toEqual({ practices: 2, sent: 0 });
    const rows = await api.dataSource.query<Array<{ starter_profile_id: string; practice_id: string }>>(
      `SELECT starter_profile_id, practice_id FROM alert_deliveries`,
    );
    expect(rows).toEqual([{ starter_profile_id: fanProfile, practice_id: practiceId }]);

    await worker.get(MailRelayService).relay(500, 0);
    const [mail] = await waitFor(() => (smtp.to(fan.email).length ? smtp.to(fan.email) : undefined));
    expect(smtp.received).toHaveLength(1);
    // mailparser files List-Unsubscribe under the 'list' header.
    expect(JSON.stringify(mail.headers.get('list'))).toContain('/api/unsubscribe?token=');
    const token = decodeURIComponent(/\/unsubscribe\?token=([^\s&]+)/.exec(mail.text)![1]);

    // What a mail client sends for RFC 8058 one-click: a form-encoded POST to the header's URL.
    await request(http())
      .post(`/api/unsubscribe?token=${encodeURIComponent(token)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200, {
        unsubscribed: true,
        kind: 'alerts',
      });
    await request(http())
      .get(`/api/unsubscribe?token=${encodeURIComponent(token)}`)
      .expect(200);
    await request(http()).get(`/api/unsubscribe?token=not-a-real-token-at-all`).expect(400);
    const [profile] = await api.dataSource.query<Array<{ alerts_enabled: boolean }>>(
      `SELECT alerts_enabled FROM starter_profiles WHERE id = $1`,
      [fanProfile],
    );
    expect(profile.alerts_enabled).toBe(false);

    await stopperWithPractice({ published_at: new Date(now.getTime() + 1000) });
    // The new practice is looked at (with the hour of overlap, the old ones too), but nobody is alerted.
    expect(await alerts.sweep(new Date(now.getTime() + 60_000))).toEqual({ practices: 3, sent: 0 });
    expect(await outbox('vacancy-alert')).toHaveLength(1);
  });

  it('asks after 90 days, pauses the unanswered after 14 more and keeps what was confirmed', async () => {
    const freshness = worker.get(FreshnessService);
    const quiet = await createUser(api.app, api.dataSource, 'starter');
    const quietProfile = await insertStarterProfile(api.dataSource, quiet.id);
    const keen = await createUser(api.app, api.dataSource, 'starter');
    const keenProfile = await insertStarterProfile(api.dataSource, keen.id);
    const answered = await stopperWithPractice();
    const silent = await stopperWithPractice();

    const t0 = new Date(Date.now() + 89 * DAY);
    expect(await freshness.sweep(t0)).toEqual({ probed: 0, paused: 0 });
    const t1 = new Date(Date.now() + 91 * DAY);
    expect(await freshness.sweep(t1)).toEqual({ probed: 4, paused: 0 });
    expect(await freshness.sweep(t1)).toEqual({ probed: 0, paused: 0 });
    const probes = await outbox('still-looking');
    expect(probes).toHaveLength(4);
    const tokenOf = (email: string) => String(probes.find((p) => p.recipient === email)!.data.token);

    await request(http())
      .post('/api/still-looking')
      .send({ token: tokenOf(keen.email) })
      .expect(200, {
        confirmed: true,
        subjectType: 'starter_profile',
        reactivated: false,
      });
    await request(http())
      .get(`/api/still-looking?token=${encodeURIComponent(tokenOf(answered.user.email))}`)
      .expect(200);

    expect(await freshness.sweep(new Date(t1.getTime() + 13 * DAY))).toEqual({ probed: 0, paused: 0 });
    expect(await freshness.sweep(new Date(t1.getTime() + 15 * DAY))).toEqual({ probed: 0, paused: 2 });
    expect(await freshness.sweep(new Date(t1.getTime() + 15 * DAY))).toEqual({ probed: 0, paused: 0 });

    const profiles = await api.dataSource.query<Array<{ id: string; active: boolean }>>(
      `SELECT id, active FROM starter_profiles`,
    );
    expect(Object.fromEntries(profiles.map((p) => [p.id, p.active]))).toEqual({
      [quietProfile]: false,
      [keenProfile]: true,
    });
    const practices = await api.dataSource.query<Array<{ id: string; status: string }>>(
      `SELECT id, status FROM practices`,
    );
    expect(Object.fromEntries(practices.map((p) => [p.id, p.status]))).toEqual({
      [answered.practiceId]: 'published',
      [silent.practiceId]: 'withdrawn',
    });
  });

  it('follows up 30 days after an introduction, once per party, and the answer feeds the funnel', async () => {
    const followUps = worker.get(FollowUpsService);
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const profile = await insertStarterProfile(api.dataSource, starter.id);
    const { user: stopper, practiceId } = await stopperWithPractice();
    const introducedAt = new Date(Date.now() - 31 * DAY);
    await api.dataSource.query(
      `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version,
                            distance_km, approved_at, introduced_at, created_at)
       VALUES ($1, $2, $3, 'introduced', 80, '[]', 1, 3, $4, $4, $4)`,
      [profile, practiceId, drenthe, introducedAt],
    );
    expect(await followUps.sweep(new Date(Date.now() - 2 * DAY))).toEqual({ sent: 0 });
    const now = new Date();
    expect(await followUps.sweep(now)).toEqual({ sent: 2 });
    expect(await followUps.sweep(now)).toEqual({ sent: 0 });
    const mails = await outbox('introduction-follow-up');
    expect(mails.map((m) => m.recipient).sort()).toEqual([starter.email, stopper.email].sort());

    const token = String(mails.find((m) => m.recipient === starter.email)!.data.token);
    await request(http())
      .post('/api/follow-ups/answer')
      .send({ token, answer: 'agreement' })
      .expect(200, { day: 30, answer: 'agreement' });
    // The first answer counts.
    await request(http())
      .get(`/api/follow-ups/answer?token=${encodeURIComponent(token)}&answer=no_fit`)
      .expect(200, { day: 30, answer: 'agreement' });
    await request(http()).post('/api/follow-ups/answer').send({ token, answer: 'maybe' }).expect(400);

    const stats = await request(http())
      .get(`/api/regions/${drenthe}/stats`)
      .set(...bearer(coordinator))
      .expect(200);
    expect(stats.body.funnel).toMatchObject({ introduced: 1, agreements: 1 });
    expect(stats.body.funnel.followUps).toEqual({
      sent: 2,
      answered: 1,
      answers: { in_talks: 0, agreement: 1, no_fit: 0, no_contact: 0 },
    });
  });
});
