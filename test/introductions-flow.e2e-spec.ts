import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { CoordinatorDigestService } from '../src/modules/introductions/coordinator-digest.service';
import { ConsentSweepService } from '../src/modules/introductions/consent-sweep.service';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import { storedBreakdownSql } from '../src/modules/matching/breakdown-explainer';
import { RescoringService } from '../src/modules/matching/rescoring.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { ReceivedMail, TestSmtpServer, tokenFrom, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const TODAY = '2026-11-22';
const DAY = 86_400_000;

interface Scenario {
  starter: TestUser;
  stopper: TestUser;
  starterProfileId: string;
  practiceId: string;
  matchId: string;
}

/** What identifies each side; none of it may reach the other side before the introduction. */
const STARTER_NAME = 'Sanne Bakker-Veenstra';
const STARTER_PHONE = '+31612345678';
const STOPPER_NAME = 'Henk Oosterhuis';
const STOPPER_PHONE = '0592-471122';
const PRACTICE_NAME = 'Huisartsenpraktijk Het Kloosterveen';
const PRACTICE_ADDRESS = 'Kloosterstraat 17';

describe('introductions: approval, double consent, introduction and outcome', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let admin: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), QUEUE_PREFIX: 'pmintro-flow' });
    api = await createTestApi(env);
    worker = await createTestWorker(env);
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    smtp.clear();
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
    admin = await createUser(api.app, api.dataSource, 'admin');
  });

  /** A starter and a practice in Drenthe that fit, scored by the real worker into a suggestion. */
  async function scenario(): Promise<Scenario> {
    const starter = await createUser(api.app, api.dataSource, 'starter', {
      displayName: STARTER_NAME,
      phone: STARTER_PHONE,
    });
    const stopper = await createUser(api.app, api.dataSource, 'stopper', {
      displayName: STOPPER_NAME,
      phone: STOPPER_PHONE,
    });
    const starterProfileId = await insertStarterProfile(api.dataSource, starter.id);
    const practiceId = await insertPractice(api.dataSource, stopper.id, {
      name: PRACTICE_NAME,
      address: PRACTICE_ADDRESS,
    });
    await worker.get(RescoringService).rescoreStarter(starterProfileId, TODAY);
    const [match] = await api.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM matches WHERE starter_profile_id = $1 AND practice_id = $2 AND status = 'suggested'`,
      [starterProfileId, practiceId],
    );
    expect(match).toBeDefined();
    return { starter, stopper, starterProfileId, practiceId, matchId: match.id };
  }

  const approve = (id: string, note?: string) =>
    request(http())
      .post(`/api/matches/${id}/approve`)
      .set(...bearer(coordinator))
      .send(note ? { note } : {});

  /** Moves the outbox to the real worker and waits until the SMTP server holds `count` mails in all. */
  async function deliver(count: number): Promise<ReceivedMail[]> {
    await worker.get(MailRelayService).relay();
    await waitFor(() => smtp.received.length >= count);
    // Give a stray duplicate the chance to arrive before asserting on counts.
    await new Promise((r) => setTimeout(r, 200));
    return smtp.received;
  }

  const matchRow = async (id: string) =>
    (
      await api.dataSource.query<
        Array<{
          status: string;
          score: string;
          breakdown: unknown;
          outcome: string | null;
          explained: boolean;
        }>
      >(
        // The breakdown as every reader sees it: points of a suggestion, the explained one from approval on.
        `SELECT status, score, ${storedBreakdownSql('m')} AS breakdown, outcome, breakdown IS NOT NULL AS explained
           FROM matches m WHERE id = $1`,
        [id],
      )
    )[0];

  const events = (id: string) =>
    api.dataSource.query<
      Array<{ from_status: string | null; to_status: string; actor_id: string | null; note: string | null }>
    >(`SELECT from_status, to_status, actor_id, note FROM match_events WHERE match_id = $1 ORDER BY id`, [
      id,
    ]);

  const audit = (id: string) =>
    api.dataSource.query<Array<{ action: string; actor_id: string | null; note: string | null }>>(
      `SELECT action, actor_id, note FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [id],
    );

  function expectAnonymousTo(text: string, identifying: string[]): void {
    for (const value of identifying) expect(text).not.toContain(value);
  }

  it('walks suggested → approved → consent by API and by mail link → introduced → agreement', async () => {
    const s = await scenario();
    // A second practice the starter is also suggested to: the agreement withdraws it.
    const otherOwner = await createUser(api.app, api.dataSource, 'stopper');
    const otherPractice = await insertPractice(api.dataSource, otherOwner.id, { postcode: '9401' });
    await worker.get(RescoringService).rescoreStarter(s.starterProfileId, TODAY);
    const before = await matchRow(s.matchId);

    const approved = await approve(s.matchId, 'Goede match, graag kennismaken').expect(200);
    expect(approved.body.status).toBe('awaiting_consent');
    // Approval stores the explained breakdown: the same points, now with their lines in both languages.
    const atApproval = await matchRow(s.matchId);
    type Item = {
      criterion: string;
      points: number;
      maxPoints: number;
      explanation?: { nl: string; en: string };
    };
    const points = (b: unknown) =>
      (b as Item[]).map(({ criterion, points: p, maxPoints }) => ({ criterion, p, maxPoints }));
    expect(before.explained).toBe(false);
    expect(atApproval.explained).toBe(true);
    expect(points(before.breakdown)).toHaveLength(10);
    expect(points(atApproval.breakdown)).toEqual(points(before.breakdown));
    for (const item of atApproval.breakdown as Item[])
      expect(item.explanation?.nl).toEqual(expect.any(String));

    // Frozen: a change of weights and a full rescoring leave the approved score and breakdown alone.
    await api.dataSource.query(
      `INSERT INTO scoring_weights (weights) SELECT jsonb_set(weights, '{distance}', '1') FROM scoring_weights ORDER BY version DESC LIMIT 1`,
    );
    await worker.get(RescoringService).rescoreAll(TODAY);
    const frozen = await matchRow(s.matchId);
    expect(frozen.score).toBe(before.score);
    expect(frozen.breakdown).toEqual(atApproval.breakdown);

    const consentMails = await deliver(2);
    expect(consentMails).toHaveLength(2);
    const [toStarter] = smtp.to(s.starter.email);
    const [toStopper] = smtp.to(s.stopper.email);
    expect(toStarter.subject).toBe('Voorgestelde kennismaking via praktijkmatch');
    expect(toStarter.text).toMatch(/http:\/\/localhost:3000\/consent\?token=/);
    expect(toStarter.text).toContain('Assen');
    expect(toStopper.text).toContain('huisarts in opleiding');

    // The starter says yes while logged in; the match waits for the holder.
    const answered = await request(http())
      .post(`/api/matches/${s.matchId}/respond`)
      .set(...bearer(s.starter))
      .send({ accept: true })
      .expect(200);
    expect(answered.body.status).toBe('awaiting_consent');
    await request(http())
      .post(`/api/matches/${s.matchId}/respond`)
      .set(...bearer(s.starter))
      .send({ accept: true })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CONSENT.ALREADY_ANSWERED'));

    // The consent page shows the holder the match first, the starter anonymous, and the link stays usable.
    const summary = await request(http())
      .get(`/api/matches/consent?token=${encodeURIComponent(tokenFrom(toStopper))}`)
      .expect(200);
    expect(summary.body).toMatchObject({ id: s.matchId, status: 'awaiting_consent' });
    expect(summary.body.starter).not.toHaveProperty('displayName');
    expect(JSON.stringify(summary.body)).not.toContain(STARTER_NAME);
    expect(JSON.stringify(summary.body)).not.toContain(STARTER_PHONE);
    expect(summary.body.practice.name).toBe(PRACTICE_NAME);
    await request(http()).get('/api/matches/consent?token=not-a-real-token').expect(400);
    await request(http()).get('/api/matches/consent').expect(400);

    // The holder says yes from the mail, without logging in.
    const byLink = await request(http())
      .post('/api/matches/consent')
      .send({ token: tokenFrom(toStopper), accept: true })
      .expect(200);
    expect(byLink.body).toEqual({ answer: 'accepted', matchStatus: 'introduced' });
    const spent = await request(http())
      .get(`/api/matches/consent?token=${encodeURIComponent(tokenFrom(toStopper))}`)
      .expect(410);
    expect(spent.body.code).toBe('CONSENT.TOKEN_USED');
    expect((await matchRow(s.matchId)).status).toBe('introduced');
    const [practice] = await api.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM practices WHERE id = $1`,
      [s.practiceId],
    );
    expect(practice.status).toBe('in_talks');
    const consents = await api.dataSource.query<Array<{ party_role: string; answer: boolean; via: string }>>(
      `SELECT party_role, answer, via FROM match_consents WHERE match_id = $1 ORDER BY party_role`,
      [s.matchId],
    );
    expect(consents).toEqual([
      { party_role: 'starter', answer: true, via: 'api' },
      { party_role: 'stopper', answer: true, via: 'link' },
    ]);

    // The introduction: each side gets the other's name, email and phone, the coordinator in copy.
    smtp.clear();
    await deliver(2);
    const introStarter = smtp.received.find((m) => m.to.includes(s.starter.email))!;
    const introStopper = smtp.received.find((m) => m.to.includes(s.stopper.email))!;
    expect(introStarter.subject).toBe(`Kennismaking: ${PRACTICE_NAME}, Assen`);
    expect(introStarter.text).toContain(STOPPER_NAME);
    expect(introStarter.text).toContain(s.stopper.email);
    expect(introStarter.text).toContain(STOPPER_PHONE);
    expect(introStopper.text).toContain(STARTER_NAME);
    expect(introStopper.text).toContain(s.starter.email);
    expect(introStopper.text).toContain(STARTER_PHONE);
    for (const mail of [introStarter, introStopper]) {
      expect(mail.to).toContain(coordinator.email);
      expect(mail.to).not.toContain(otherCoordinator.email);
      expect(JSON.stringify(mail.headers.get('cc'))).toContain(coordinator.email);
    }

    // Now the parties see each other.
    const revealed = await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(s.starter))
      .expect(200);
    expect(revealed.body.practice.ownerName).toBe(STOPPER_NAME);

    const closed = await request(http())
      .post(`/api/matches/${s.matchId}/outcome`)
      .set(...bearer(coordinator))
      .send({ outcome: 'agreement', note: 'Overname per 1 maart' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'agreement' });
    const [after] = await api.dataSource.query<Array<{ practice: string; active: boolean }>>(
      `SELECT (SELECT status FROM practices WHERE id = $1) AS practice, (SELECT active FROM starter_profiles WHERE id = $2) AS active`,
      [s.practiceId, s.starterProfileId],
    );
    expect(after).toEqual({ practice: 'transferred', active: false });
    const [other] = await api.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM matches WHERE starter_profile_id = $1 AND practice_id = $2`,
      [s.starterProfileId, otherPractice],
    );
    expect(other.status).toBe('withdrawn');

    // Stored: every transition after the worker's suggestion, whose own row records its creation.
    expect((await events(s.matchId)).map((e) => [e.from_status, e.to_status])).toEqual([
      ['suggested', 'awaiting_consent'],
      ['awaiting_consent', 'introduced'],
      ['introduced', 'closed'],
    ]);
    const evs = await events(s.matchId);
    expect(evs[0]).toMatchObject({ actor_id: coordinator.id, note: 'Goede match, graag kennismaken' });
    expect(evs[2]).toMatchObject({ actor_id: coordinator.id, note: 'Overname per 1 maart' });
    // The coordinator's timeline begins with that creation, at the match's created_at.
    const timeline = await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(coordinator))
      .expect(200);
    const [{ created }] = await api.dataSource.query<Array<{ created: string }>>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created FROM matches WHERE id = $1`,
      [s.matchId],
    );
    const shown = timeline.body.events as Array<{
      from: string | null;
      to: string;
      actorId: string | null;
      note: string;
      at: string;
    }>;
    expect(shown.map((e) => [e.from, e.to])).toEqual([
      [null, 'suggested'],
      ['suggested', 'awaiting_consent'],
      ['awaiting_consent', 'introduced'],
      ['introduced', 'closed'],
    ]);
    expect(shown[0]).toMatchObject({ actorId: null, actorName: null, note: 'scored by the worker' });
    expect(shown[1]).toMatchObject({ actorId: coordinator.id, note: 'Goede match, graag kennismaken' });
    expect(shown[0].at).toBe(created);
    expect((await audit(s.matchId)).map((a) => a.action)).toEqual([
      'match.approved',
      'match.consent_given',
      'match.consent_given',
      'match.introduced',
      'match.closed',
    ]);
    // Not introduced or closed twice: no more mail went out.
    await request(http())
      .post(`/api/matches/${s.matchId}/outcome`)
      .set(...bearer(coordinator))
      .send({ outcome: 'no_fit' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('MATCH.NOT_INTRODUCED'));
  });

  it('keeps every identifying field of the other side out of the consent mails and the party views', async () => {
    const s = await scenario();
    await approve(s.matchId).expect(200);
    await deliver(2);
    const starterSees = [STOPPER_NAME, s.stopper.email, STOPPER_PHONE, PRACTICE_NAME, PRACTICE_ADDRESS];
    const stopperSees = [STARTER_NAME, s.starter.email, STARTER_PHONE];
    const [toStarter] = smtp.to(s.starter.email);
    const [toStopper] = smtp.to(s.stopper.email);
    expectAnonymousTo(`${toStarter.subject}\n${toStarter.text}`, starterSees);
    expectAnonymousTo(`${toStopper.subject}\n${toStopper.text}`, stopperSees);
    // The outbox rows carry nothing of the other side either.
    const rows = await api.dataSource.query<Array<{ recipient: string; data: unknown }>>(
      `SELECT recipient, data FROM outbox_messages WHERE template = 'consent-request'`,
    );
    for (const row of rows) {
      expectAnonymousTo(
        JSON.stringify(row.data),
        row.recipient === s.starter.email ? starterSees : stopperSees,
      );
    }

    const asStarter = await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(s.starter))
      .expect(200);
    expectAnonymousTo(JSON.stringify(asStarter.body), starterSees);
    expect(asStarter.body.practice.place).toBe('Assen');
    const asStopper = await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(s.stopper))
      .expect(200);
    expectAnonymousTo(JSON.stringify(asStopper.body), stopperSees);
    expect(asStopper.body.starter.careerStage).toBe('aios');
    // The check can fail: the coordinator's view does have them.
    const asCoordinator = await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(coordinator))
      .expect(200);
    expect(JSON.stringify(asCoordinator.body)).toContain(STARTER_PHONE);
  });

  it('asks all three parties of a duo, each seeing the others only anonymously, and introduces all three', async () => {
    const s = await scenario();
    const partner = await createUser(api.app, api.dataSource, 'starter', {
      displayName: 'Pieter Duopartner',
      phone: '+31698765432',
    });
    const partnerProfile = await insertStarterProfile(api.dataSource, partner.id, {
      career_stage: 'waarnemer',
    });
    const [duo] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO matches (kind, starter_profile_id, partner_profile_id, practice_id, region_id, score, breakdown,
                            weights_version, distance_km)
       VALUES ('duo', $1, $2, $3, $4, 70, '[]', 1, 5) RETURNING id`,
      [s.starterProfileId, partnerProfile, s.practiceId, drenthe],
    );
    await approve(duo.id).expect(200);
    await deliver(3);
    expect(smtp.received).toHaveLength(3);
    const toPartner = smtp.to(partner.email)[0];
    expectAnonymousTo(toPartner.text, [
      STARTER_NAME,
      s.starter.email,
      STARTER_PHONE,
      STOPPER_NAME,
      PRACTICE_NAME,
    ]);
    expect(toPartner.text).toContain('huisarts in opleiding');
    const toStopper = smtp.to(s.stopper.email)[0];
    expectAnonymousTo(toStopper.text, [STARTER_NAME, 'Pieter Duopartner', '+31698765432', partner.email]);
    expect(toStopper.text).toContain('waarnemend huisarts');

    for (const who of [s.starter, partner]) {
      await request(http())
        .post(`/api/matches/${duo.id}/respond`)
        .set(...bearer(who))
        .send({ accept: true })
        .expect(200);
    }
    smtp.clear();
    await request(http())
      .post('/api/matches/consent')
      .send({ token: tokenFrom(toStopper), accept: true })
      .expect(200)
      .expect((r) => expect(r.body.matchStatus).toBe('introduced'));
    await deliver(3);
    const intro = smtp.received.find((m) => m.to.includes(partner.email))!;
    expect(intro.text).toContain(STARTER_NAME);
    expect(intro.text).toContain(STOPPER_PHONE);
  });

  it('ends a declined match and tells the other side only that it will not go ahead', async () => {
    const s = await scenario();
    await approve(s.matchId).expect(200);
    await deliver(2);
    smtp.clear();
    const res = await request(http())
      .post(`/api/matches/${s.matchId}/respond`)
      .set(...bearer(s.stopper))
      .send({ accept: false })
      .expect(200);
    expect(res.body.status).toBe('declined');
    await deliver(1);
    expect(smtp.received).toHaveLength(1);
    const [notice] = smtp.received;
    expect(notice.to).toEqual([s.starter.email]);
    expect(notice.subject).toBe('De voorgestelde kennismaking gaat niet door');
    expectAnonymousTo(notice.text, [
      STOPPER_NAME,
      s.stopper.email,
      STOPPER_PHONE,
      PRACTICE_NAME,
      'declin',
      'afgewezen',
    ]);
    expect((await events(s.matchId)).at(-1)).toMatchObject({
      from_status: 'awaiting_consent',
      to_status: 'declined',
    });
    // The starter's link now answers 409: the match no longer waits for consent.
    const [consentToStarter] = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM match_consents WHERE match_id = $1 AND answer IS NULL`,
      [s.matchId],
    );
    expect(consentToStarter.n).toBe(1);
    await request(http())
      .post(`/api/matches/${s.matchId}/respond`)
      .set(...bearer(s.starter))
      .send({ accept: true })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('MATCH.NOT_AWAITING_CONSENT'));
  });

  it('reminds once after 7 days and expires after 14 without every answer (controlled clock)', async () => {
    const s = await scenario();
    await approve(s.matchId).expect(200);
    await deliver(2);
    await request(http())
      .post(`/api/matches/${s.matchId}/respond`)
      .set(...bearer(s.starter))
      .send({ accept: true })
      .expect(200);
    smtp.clear();
    const sweep = worker.get(ConsentSweepService);

    expect(await sweep.sweep(new Date(Date.now() + 6 * DAY))).toEqual({ reminded: 0, expired: 0 });
    expect(await sweep.sweep(new Date(Date.now() + 7 * DAY + 60_000))).toEqual({ reminded: 1, expired: 0 });
    expect(await sweep.sweep(new Date(Date.now() + 8 * DAY))).toEqual({ reminded: 0, expired: 0 });
    await deliver(1);
    // Only the party who has not answered, with a fresh working link.
    expect(smtp.received).toHaveLength(1);
    const [reminder] = smtp.received;
    expect(reminder.to).toEqual([s.stopper.email]);
    expect(reminder.subject).toBe('Herinnering: voorgestelde kennismaking via praktijkmatch');
    expect(tokenFrom(reminder)).toBeTruthy();

    smtp.clear();
    expect(await sweep.sweep(new Date(Date.now() + 14 * DAY + 60_000))).toEqual({ reminded: 0, expired: 1 });
    expect((await matchRow(s.matchId)).status).toBe('expired');
    expect(await sweep.sweep(new Date(Date.now() + 15 * DAY))).toEqual({ reminded: 0, expired: 0 });
    await deliver(2);
    expect(smtp.received.map((m) => m.subject)).toEqual([
      'De voorgestelde kennismaking gaat niet door',
      'De voorgestelde kennismaking gaat niet door',
    ]);
    expect((await events(s.matchId)).at(-1)).toMatchObject({ to_status: 'expired', actor_id: null });
    await request(http())
      .post('/api/matches/consent')
      .send({ token: tokenFrom(reminder), accept: true })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('MATCH.NOT_AWAITING_CONSENT'));
  });

  it('approves once when two approvals race: one 200, one 409, one set of consent mails', async () => {
    const s = await scenario();
    const results = await Promise.all([approve(s.matchId), approve(s.matchId)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('MATCH.NOT_SUGGESTED');
    await deliver(2);
    expect(smtp.received).toHaveLength(2);
    const [counts] = await api.dataSource.query<Array<{ mails: number; consents: number; events: number }>>(
      `SELECT (SELECT count(*)::int FROM outbox_messages WHERE template = 'consent-request') AS mails,
              (SELECT count(*)::int FROM match_consents WHERE match_id = $1) AS consents,
              (SELECT count(*)::int FROM match_events WHERE match_id = $1 AND to_status = 'awaiting_consent') AS events`,
      [s.matchId],
    );
    expect(counts).toEqual({ mails: 2, consents: 2, events: 1 });
  });

  it('accepts a consent link once: a second use is 410, an unknown token 400', async () => {
    const s = await scenario();
    await approve(s.matchId).expect(200);
    await deliver(2);
    const token = tokenFrom(smtp.to(s.starter.email)[0]);
    await request(http()).post('/api/matches/consent').send({ token, accept: true }).expect(200);
    await request(http())
      .post('/api/matches/consent')
      .send({ token, accept: false })
      .expect(410)
      .expect((r) => expect(r.body.code).toBe('CONSENT.TOKEN_USED'));
    await request(http())
      .post('/api/matches/consent')
      .send({ token: 'not-a-real-token', accept: true })
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('CONSENT.INVALID_TOKEN'));
    expect((await matchRow(s.matchId)).status).toBe('awaiting_consent');
  });

  it('rejects with a required note, never suggesting the pair again', async () => {
    const s = await scenario();
    await request(http())
      .post(`/api/matches/${s.matchId}/reject`)
      .set(...bearer(coordinator))
      .send({})
      .expect(400);
    const res = await request(http())
      .post(`/api/matches/${s.matchId}/reject`)
      .set(...bearer(coordinator))
      .send({ note: 'Kent elkaar al' })
      .expect(200);
    expect(res.body.status).toBe('rejected');
    expect((await events(s.matchId)).at(-1)).toMatchObject({ to_status: 'rejected', note: 'Kent elkaar al' });
    expect((await audit(s.matchId)).at(-1)).toMatchObject({
      action: 'match.rejected',
      actor_id: coordinator.id,
    });
    await approve(s.matchId).expect(409);
  });

  it('proposes a pair by hand: hard constraints hold unless overridden (recorded), one live match per pair', async () => {
    const starter = await createUser(api.app, api.dataSource, 'starter');
    const far = await insertStarterProfile(api.dataSource, starter.id, {
      home_postcode: '4331',
      max_travel_km: 20,
    });
    const owner = await createUser(api.app, api.dataSource, 'stopper');
    const practiceId = await insertPractice(api.dataSource, owner.id);
    const propose = (body: Record<string, unknown>, who = coordinator) =>
      request(http())
        .post('/api/matches')
        .set(...bearer(who))
        .send({ starterProfileId: far, practiceId, ...body });

    const refused = await propose({}).expect(422);
    expect(refused.body.code).toBe('MATCH.HARD_CONSTRAINTS_FAILED');
    expect(refused.body.details).toEqual([{ field: 'place', message: 'fails the place constraint' }]);
    await propose({ override: true }, otherCoordinator)
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('PRACTICE.NOT_FOUND'));

    const noReason = await propose({ override: true }).expect(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toEqual(['note']);

    const created = await propose({ override: true, note: 'Verhuist naar Assen' }).expect(201);
    expect(created.body).toMatchObject({ status: 'suggested', regionId: drenthe });
    expect(created.body.score).toBeGreaterThan(0);
    const [row] = await api.dataSource.query<Array<{ origin: string; failed_constraints: string[] }>>(
      `SELECT origin, failed_constraints FROM matches WHERE id = $1`,
      [created.body.id],
    );
    expect(row).toEqual({ origin: 'coordinator', failed_constraints: ['place'] });
    const [event] = await events(created.body.id);
    expect(event).toMatchObject({ to_status: 'suggested', actor_id: coordinator.id });
    expect(event.note).toBe('Verhuist naar Assen | hard constraints overridden: place');
    expect((await audit(created.body.id))[0]).toMatchObject({
      action: 'match.proposed',
      actor_id: coordinator.id,
    });

    const again = await propose({ override: true, note: 'nogmaals' }).expect(409);
    expect(again.body.code).toBe('MATCH.ALREADY_EXISTS');
    expect(again.body.details).toEqual([{ field: 'matchId', message: created.body.id }]);
  });

  it('answers 404 on every write to another region’s match, and 403 to a coordinator answering consent', async () => {
    const s = await scenario();
    const as = (who: TestUser, path: string, body: Record<string, unknown>) =>
      request(http())
        .post(`/api/matches/${s.matchId}/${path}`)
        .set(...bearer(who))
        .send(body);
    for (const [path, body] of [
      ['approve', {}],
      ['reject', { note: 'x' }],
      ['outcome', { outcome: 'no_fit' }],
      ['respond', { accept: true }],
    ] as const) {
      const res = await as(otherCoordinator, path, body).expect(404);
      expect(res.body.code).toBe('MATCH.NOT_FOUND');
    }
    await request(http())
      .get(`/api/matches/${s.matchId}`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    await request(http())
      .post('/api/matches')
      .set(...bearer(otherCoordinator))
      .send({ starterProfileId: s.starterProfileId, practiceId: s.practiceId })
      .expect(404);
    // Unknown ids answer like foreign ones.
    await request(http())
      .post('/api/matches/not-a-uuid/approve')
      .set(...bearer(coordinator))
      .send({})
      .expect(404);

    await approve(s.matchId).expect(200);
    // A starter who is no party cannot see it; the region's coordinator sees it but does not answer.
    const stranger = await createUser(api.app, api.dataSource, 'starter');
    await as(stranger, 'respond', { accept: true }).expect(404);
    const res = await as(coordinator, 'respond', { accept: true }).expect(403);
    expect(res.body.code).toBe('MATCH.NOT_A_PARTY');
    // Parties do not approve.
    await as(s.starter, 'approve', {}).expect(403);
    expect((await matchRow(s.matchId)).status).toBe('awaiting_consent');
  });

  it('mails each coordinator one daily digest of new suggestions and urgent practices in their regions', async () => {
    await scenario();
    const digest = worker.get(CoordinatorDigestService);
    const now = new Date();
    expect(await digest.sendDigests(now)).toBe(1);
    expect(await digest.sendDigests(new Date(now.getTime() + 60_000))).toBe(0);
    await deliver(1);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toEqual([coordinator.email]);
    expect(mail.text).toContain(`${PRACTICE_NAME} (Assen)`);
    expect(mail.text).toContain('Nieuwe suggesties (1)');
    expect(mail.text).toMatch(
      /Urgente praktijken zonder lopende kennismaking:\n- Huisartsenpraktijk Het Kloosterveen/,
    );
    // The link opens the coordinator's queue (the starters' and stoppers' /matches refuses a coordinator).
    expect(mail.text).toMatch(/: https?:\/\/[^\s]+\/coordinator$/m);
  });

  it('lists failed mail for admins without bodies or recipients, and retries it (audited)', async () => {
    const s = await scenario();
    await approve(s.matchId).expect(200);
    const [[failed]] = await api.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE outbox_messages SET status = 'failed', attempts = 3, last_error = 'connection refused'
        WHERE id = (SELECT id FROM outbox_messages ORDER BY created_at LIMIT 1) RETURNING id`,
    );
    const list = await request(http())
      .get('/api/admin/outbox?status=failed&pageSize=10')
      .set(...bearer(admin))
      .expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      ['attempts', 'createdAt', 'id', 'lastError', 'status', 'template'].sort(),
    );
    expect(list.body.items[0]).toMatchObject({ id: failed.id, template: 'consent-request', attempts: 3 });
    await request(http())
      .get('/api/admin/outbox?status=failed')
      .set(...bearer(coordinator))
      .expect(403);
    await request(http())
      .get('/api/admin/outbox?pageSize=101')
      .set(...bearer(admin))
      .expect(400);

    const retried = await request(http())
      .post(`/api/admin/outbox/${failed.id}/retry`)
      .set(...bearer(admin))
      .expect(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
    await request(http())
      .post(`/api/admin/outbox/${failed.id}/retry`)
      .set(...bearer(admin))
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('OUTBOX.NOT_FAILED'));
    expect((await audit(failed.id)).map((a) => [a.action, a.actor_id])).toEqual([
      ['outbox.retried', admin.id],
    ]);
    await deliver(2);
    expect(smtp.received).toHaveLength(2);
  });
});
