import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { RescoringService } from '../src/modules/matching/rescoring.service';
import { RetentionService } from '../src/modules/privacy/retention.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, PASSWORD, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { TestSmtpServer, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const TODAY = '2026-11-22';
const DAY = 86_400_000;
const STARTER_NAME = 'Femke Wiersma-Hoekstra';
const STARTER_PHONE = '+31687654321';
const STOPPER_NAME = 'Gerrit Zwiers';
const PRACTICE_NAME = 'Huisartsenpraktijk De Vlindertuin';
const PRACTICE_ADDRESS = 'Vlinderweg 42';

describe('privacy: export, erasure, consent records and retention', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: TestUser;
  let admin: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), QUEUE_PREFIX: 'pmprivacy-gdpr' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    smtp.clear();
    const drenthe = await regionId(api.dataSource, 'drenthe');
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    admin = await createUser(api.app, api.dataSource, 'admin');
  });

  interface Scenario {
    starter: TestUser;
    stopper: TestUser;
    profileId: string;
    practiceId: string;
    matchId: string;
  }

  /** A starter and a stopper whose pair the coordinator approved: both asked for consent. */
  async function approvedMatch(): Promise<Scenario> {
    const starter = await createUser(api.app, api.dataSource, 'starter', {
      displayName: STARTER_NAME,
      phone: STARTER_PHONE,
    });
    const stopper = await createUser(api.app, api.dataSource, 'stopper', { displayName: STOPPER_NAME });
    const profileId = await insertStarterProfile(api.dataSource, starter.id, {
      about: 'Ik ben Femke uit Assen.',
    });
    const practiceId = await insertPractice(api.dataSource, stopper.id, {
      name: PRACTICE_NAME,
      address: PRACTICE_ADDRESS,
    });
    await worker.get(RescoringService).rescoreStarter(profileId, TODAY);
    const [match] = await api.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM matches WHERE starter_profile_id = $1 AND practice_id = $2`,
      [profileId, practiceId],
    );
    expect(match).toBeDefined();
    await request(http())
      .post(`/api/matches/${match.id}/approve`)
      .set(...bearer(coordinator))
      .send({})
      .expect(200);
    return { starter, stopper, profileId, practiceId, matchId: match.id };
  }

  /** Every row of the tables holding personal data, as text, that mentions `value`. */
  async function rowsMentioning(value: string): Promise<string[]> {
    const hits: string[] = [];
    for (const table of [
      'users',
      'outbox_messages',
      'starter_profiles',
      'practices',
      'match_events',
      'audit_log',
    ]) {
      const rows = await api.dataSource.query<Array<{ row: string }>>(
        `SELECT row_to_json(t)::text AS row FROM ${table} t WHERE row_to_json(t)::text ILIKE '%' || $1 || '%'`,
        [value],
      );
      hits.push(...rows.map((r) => `${table}: ${r.row}`));
    }
    return hits;
  }

  it('exports the caller’s account, profile, matches (other side anonymous), consents and mails, and nothing of others', async () => {
    const s = await approvedMatch();
    const stranger = await createUser(api.app, api.dataSource, 'starter', { displayName: 'Pieter Onbekend' });
    await request(http())
      .post('/api/me/consents')
      .set(...bearer(s.starter))
      .send({ purpose: 'vacancy_alerts', granted: true })
      .expect(201);

    const res = await request(http())
      .get('/api/me/export')
      .set(...bearer(s.starter))
      .expect(200);
    const body = res.body as {
      account: { email: string; displayName: string; phone: string; passwordHash?: unknown };
      starterProfile: { id: string; about: string };
      matches: Array<{ id: string; status: string; practice: Record<string, unknown> }>;
      consents: {
        records: Array<{ purpose: string; granted: boolean }>;
        introductions: Array<{ matchId: string }>;
      };
      mails: Array<{ template: string; status: string; data?: unknown }>;
      auditEntries: Array<{ action: string }>;
    };
    expect(body.account).toMatchObject({
      email: s.starter.email,
      displayName: STARTER_NAME,
      phone: STARTER_PHONE,
    });
    expect(body.account.passwordHash).toBeUndefined();
    expect(body.starterProfile.id).toBe(s.profileId);
    expect(body.matches.map((m) => [m.id, m.status])).toEqual([[s.matchId, 'awaiting_consent']]);
    expect(body.matches[0].practice.practiceName).toBeNull();
    expect(body.consents.records).toEqual([
      expect.objectContaining({ purpose: 'vacancy_alerts', granted: true }),
    ]);
    expect(body.consents.introductions.map((c) => c.matchId)).toEqual([s.matchId]);
    expect(body.mails).toEqual([expect.objectContaining({ template: 'consent-request', status: 'pending' })]);
    expect(body.mails[0].data).toBeUndefined();
    expect(body.auditEntries.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.login', 'consent.granted']),
    );

    const text = JSON.stringify(body);
    for (const other of [
      STOPPER_NAME,
      s.stopper.email,
      PRACTICE_NAME,
      PRACTICE_ADDRESS,
      stranger.email,
      'Pieter Onbekend',
    ]) {
      expect(text).not.toContain(other);
    }
    // No token of the consent mail is handed out again.
    expect(text).not.toMatch(/token/i);

    const audited = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.exported' AND actor_id = $1`,
      [s.starter.id],
    );
    expect(audited[0].n).toBe(1);
  });

  it('erases a starter everywhere, withdraws their matches, tells the holder only that it will not go ahead', async () => {
    const s = await approvedMatch();
    // A second, still suggested match: withdrawn too, but the holder was never asked, so no notice.
    const otherOwner = await createUser(api.app, api.dataSource, 'stopper');
    await insertPractice(api.dataSource, otherOwner.id, { postcode: '9401' });
    await worker.get(RescoringService).rescoreStarter(s.profileId, TODAY);
    const auditBefore = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1`,
      [s.starter.id],
    );
    expect(await rowsMentioning(s.starter.email)).not.toEqual([]);

    await request(http())
      .delete('/api/me')
      .set(...bearer(s.starter))
      .expect(204);

    for (const value of [s.starter.email, STARTER_NAME, STARTER_PHONE, 'Ik ben Femke']) {
      expect(await rowsMentioning(value)).toEqual([]);
    }
    const matches = await api.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM matches WHERE starter_profile_id = $1`,
      [s.profileId],
    );
    expect(matches.length).toBe(2);
    expect(matches.every((m) => m.status === 'withdrawn')).toBe(true);
    const events = await api.dataSource.query<Array<{ from_status: string }>>(
      `SELECT from_status FROM match_events WHERE match_id = $1 AND to_status = 'withdrawn'`,
      [s.matchId],
    );
    expect(events).toEqual([{ from_status: 'awaiting_consent' }]);

    const mails = await api.dataSource.query<Array<{ template: string; status: string; user_id: string }>>(
      `SELECT template, status, user_id FROM outbox_messages ORDER BY created_at`,
    );
    expect(mails.filter((m) => m.user_id === s.starter.id).map((m) => m.status)).toEqual(['cancelled']);
    // The holder's consent request for the withdrawn match is not sent; the notice is.
    expect(mails.filter((m) => m.user_id === s.stopper.id).map((m) => [m.template, m.status])).toEqual([
      ['consent-request', 'cancelled'],
      ['decline-notice', 'pending'],
    ]);
    expect(mails.filter((m) => m.user_id === otherOwner.id)).toEqual([]);

    const auditAfter = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1`,
      [s.starter.id],
    );
    expect(auditAfter[0].n).toBeGreaterThan(auditBefore[0].n);
    const erased = await api.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE target_id = $1 AND action = 'account.erased'`,
      [s.starter.id],
    );
    expect(erased.length).toBe(1);

    await worker.get(MailRelayService).relay();
    await waitFor(() => smtp.to(s.stopper.email).length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.to(s.starter.email)).toEqual([]);
    const [notice, ...more] = smtp.to(s.stopper.email);
    expect(more).toEqual([]);
    for (const value of [STARTER_NAME, s.starter.email, STARTER_PHONE])
      expect(notice.text).not.toContain(value);

    await request(http())
      .post('/api/auth/login')
      .send({ email: s.starter.email, password: PASSWORD })
      .expect(401);
    await request(http())
      .get('/api/me')
      .set(...bearer(s.starter))
      .expect(401);
    await request(http())
      .post('/api/auth/refresh')
      .send({ refreshToken: s.starter.refreshToken })
      .expect(401);
  });

  it('erases a holder: practices withdrawn and stripped of name, address and description', async () => {
    const s = await approvedMatch();
    await request(http())
      .delete('/api/me')
      .set(...bearer(s.stopper))
      .expect(204);
    for (const value of [s.stopper.email, STOPPER_NAME, PRACTICE_NAME, PRACTICE_ADDRESS]) {
      expect(await rowsMentioning(value)).toEqual([]);
    }
    const [practice] = await api.dataSource.query<Array<{ status: string; description: string }>>(
      `SELECT status, description FROM practices WHERE id = $1`,
      [s.practiceId],
    );
    expect(practice).toEqual({ status: 'withdrawn', description: '' });
    const toStarter = await api.dataSource.query<Array<{ template: string; status: string }>>(
      `SELECT template, status FROM outbox_messages WHERE user_id = $1 ORDER BY created_at`,
      [s.starter.id],
    );
    expect(toStarter).toEqual([
      // The request for a match that no longer exists is not sent.
      { template: 'consent-request', status: 'cancelled' },
      { template: 'decline-notice', status: 'pending' },
    ]);
  });

  it('refuses to erase the last admin (409) and allows it when another admin remains', async () => {
    await request(http())
      .delete('/api/me')
      .set(...bearer(admin))
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('PRIVACY.LAST_ADMIN'));
    await createUser(api.app, api.dataSource, 'admin');
    await request(http())
      .delete('/api/me')
      .set(...bearer(admin))
      .expect(204);
  });

  it('keeps a history of consent records per purpose', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    for (const granted of [true, false]) {
      await request(http())
        .post('/api/me/consents')
        .set(...bearer(starter))
        .send({ purpose: 'event_mail', granted })
        .expect(201);
    }
    await request(http())
      .post('/api/me/consents')
      .set(...bearer(starter))
      .send({ purpose: 'marketing', granted: true })
      .expect(400);
    const res = await request(http())
      .get('/api/me/consents')
      .set(...bearer(starter))
      .expect(200);
    expect(
      (res.body as Array<{ purpose: string; granted: boolean }>).map((r) => [r.purpose, r.granted]),
    ).toEqual([
      ['event_mail', true],
      ['event_mail', false],
    ]);
  });

  it('retention: deletes accounts unverified after 30 days and clears notes of matches closed over two years ago', async () => {
    const retention = worker.get(RetentionService);
    const unverified = await createUser(api.app, api.dataSource, 'starter', { verified: false });
    const verified = await createUser(api.app, api.dataSource, 'starter');
    const s = await approvedMatch();
    await api.dataSource.query(
      `UPDATE matches SET status = 'closed', outcome = 'no_fit', closed_at = now() WHERE id = $1`,
      [s.matchId],
    );
    await api.dataSource.query(
      `INSERT INTO match_events (match_id, from_status, to_status, actor_id, note) VALUES ($1, 'introduced', 'closed', $2, 'Zij wilde toch naar Zwolle')`,
      [s.matchId, coordinator.id],
    );
    const users = () =>
      api.dataSource.query<Array<{ id: string }>>(`SELECT id FROM users WHERE id = ANY($1::uuid[])`, [
        [unverified.id, verified.id],
      ]);
    const notes = () =>
      api.dataSource.query<Array<{ note: string }>>(
        `SELECT note FROM match_events WHERE match_id = $1 AND note IS NOT NULL`,
        [s.matchId],
      );

    const early = await retention.sweep(new Date(Date.now() + 29 * DAY));
    expect(early).toMatchObject({ deletedAccounts: 0, clearedMatchNotes: 0 });
    expect((await users()).length).toBe(2);
    expect((await notes()).length).toBeGreaterThan(0);

    const later = await retention.sweep(new Date(Date.now() + 31 * DAY));
    expect(later.deletedAccounts).toBe(1);
    expect((await users()).map((u) => u.id)).toEqual([verified.id]);
    expect((await notes()).length).toBeGreaterThan(0);

    const muchLater = await retention.sweep(new Date(Date.now() + (2 * 365 + 2) * DAY));
    expect(muchLater.clearedMatchNotes).toBeGreaterThan(0);
    expect(await notes()).toEqual([]);
    expect(await rowsMentioning('Zwolle')).toEqual([]);
    // Idempotent: nothing left to do.
    expect(await retention.sweep(new Date(Date.now() + (2 * 365 + 2) * DAY))).toEqual({
      deletedAccounts: 0,
      erasedAccounts: 0,
      clearedMatchNotes: 0,
    });
  });
});
