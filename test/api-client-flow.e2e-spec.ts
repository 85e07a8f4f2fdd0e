import { INestApplicationContext } from '@nestjs/common';
import createClient, { type Client } from 'openapi-fetch';
import type { AddressInfo } from 'node:net';
import { MailRelayService } from '../src/modules/mail/mail-relay.service';
import type { paths } from '../web/src/lib/api/schema';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { createUser, regionId, uniqueEmail } from './support/factories';
import { TestSmtpServer, tokenFrom, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const PASSWORD = 'a-long-enough-password';

/**
 * One whole journey through the generated client (openapi-fetch over web/src/lib/api/schema.d.ts), against
 * the real server over HTTP, the real worker and a real SMTP server: if the generated types and the server
 * disagree, this file stops compiling or its calls fail, and every response is contract-checked as well.
 */
describe('the generated API client, end to end', () => {
  const smtp = new TestSmtpServer();
  let api: TestApi;
  let worker: INestApplicationContext;
  let anonymous: Client<paths>;
  let baseUrl: string;

  beforeAll(async () => {
    const env = testEnv({ SMTP_URL: await smtp.start(), QUEUE_PREFIX: 'pmclient' });
    api = await createTestApi(env);
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    await truncateAll(api.dataSource);
    worker = await createTestWorker(env);
    anonymous = createClient<paths>({ baseUrl });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  }, 60_000);

  /** The mail to `address`, once the worker's relay (driven here, the test worker runs no timers) sent it. */
  const mailTo = (address: string) =>
    waitFor(async () => {
      await worker.get(MailRelayService).relay();
      return smtp.to(address)[0];
    });

  /** A client that sends the given access token on every request. */
  const as = (accessToken: string): Client<paths> => {
    const client = createClient<paths>({ baseUrl });
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${accessToken}`);
        return request;
      },
    });
    return client;
  };

  async function registerAndLogIn(role: 'starter' | 'stopper', displayName: string): Promise<Client<paths>> {
    const email = uniqueEmail(role);
    const { data: account, response } = await anonymous.POST('/api/auth/register', {
      body: { email, password: PASSWORD, displayName, role },
    });
    expect(response.status).toBe(201);
    expect(account?.role).toBe(role);
    const mail = await mailTo(email);
    const verified = await anonymous.POST('/api/auth/verify-email', { body: { token: tokenFrom(mail) } });
    expect(verified.data?.verified).toBe(true);
    const { data: tokens } = await anonymous.POST('/api/auth/login', { body: { email, password: PASSWORD } });
    expect(tokens?.expiresIn).toBeGreaterThan(0);
    return as(tokens!.accessToken);
  }

  it('registers both sides, lists and finds a practice, and introduces them through a coordinator', async () => {
    const drenthe = await regionId(api.dataSource, 'drenthe');
    const admin = as((await createUser(api.app, api.dataSource, 'admin')).accessToken);

    // An admin invites a coordinator, who sets a password from the invitation mail and logs in.
    const coordinatorEmail = uniqueEmail('coordinator');
    const invited = await admin.POST('/api/admin/coordinators', {
      body: { email: coordinatorEmail, displayName: 'Coördinator Drenthe', regionIds: [drenthe] },
    });
    expect(invited.response.status).toBe(201);
    const invitation = await mailTo(coordinatorEmail);
    const reset = await anonymous.POST('/api/auth/reset-password', {
      body: { token: tokenFrom(invitation), password: PASSWORD },
    });
    expect(reset.data?.reset).toBe(true);
    const login = await anonymous.POST('/api/auth/login', {
      body: { email: coordinatorEmail, password: PASSWORD },
    });
    const coordinator = as(login.data!.accessToken);

    const starter = await registerAndLogIn('starter', 'Sanne Bakker');
    const stopper = await registerAndLogIn('stopper', 'Henk Oosterhuis');

    const profile = await starter.PUT('/api/starter-profile', {
      body: {
        careerStage: 'aios',
        homePostcode: '9401',
        maxTravelKm: 40,
        preferredRegionIds: [],
        daysPerWeekMin: 3,
        daysPerWeekMax: 4,
        practiceForms: ['duo', 'group'],
        roles: ['partner', 'employed_then_holder'],
        availableFrom: `${NEXT_YEAR}-01-01`,
        transitionMonthsWanted: 6,
        setting: 'any',
        dispensingOk: false,
        anwHoursPerMonthMax: 20,
        wantsTrainingPractice: true,
        trainingRegionId: null,
        lookingForDuoPartner: false,
        partnerNeedsWork: false,
        about: 'Laatstejaars aios.',
        active: true,
        alerts: { enabled: false, minScore: 70 },
      },
    });
    expect(profile.data?.homePlace).toBe('Assen');

    const created = await stopper.POST('/api/practices', {
      body: {
        name: 'Huisartsenpraktijk De Linde',
        showNamePublicly: false,
        postcode: '9411',
        address: 'Brink 12',
        listSize: 4200,
        practiceForm: 'duo',
        gpCount: 2,
        daysPerWeekNeeded: 4,
        setting: 'rural',
        successorRoles: ['holder', 'employed_then_holder'],
        handoverFrom: `${NEXT_YEAR}-01-01`,
        handoverTo: `${NEXT_YEAR}-12-31`,
        transitionMonthsOffered: 6,
        dispensing: false,
        isTrainingPractice: true,
        anwHoursPerMonth: 16,
        staff: { pohSomaticFte: 1.2, pohMentalHealthFte: 0.5, assistantsFte: 3, paOrNpFte: 0 },
        building: 'owned',
        description: 'Duopraktijk met een hecht team.',
      },
    });
    const practiceId = created.data!.id;
    const published = await stopper.POST('/api/practices/{id}/publish', {
      params: { path: { id: practiceId } },
    });
    expect(published.data?.status).toBe('published');

    // The board near Assen finds it, with its distance, and its own page shows it without the name.
    const board = await anonymous.GET('/api/vacancies', {
      params: { query: { near: '9401', withinKm: 30 } },
    });
    const item = board.data?.items.find((v) => v.id === practiceId);
    expect(item?.distanceKm).toBeGreaterThan(5);
    expect(item?.distanceKm).toBeLessThan(30);
    const vacancy = await anonymous.GET('/api/vacancies/{id}', { params: { path: { id: practiceId } } });
    expect(vacancy.data?.practiceName).toBeNull();

    // The worker scores the pair on its own (the API enqueued the rescoring); the coordinator finds it.
    const suggestion = await waitFor(async () => {
      const { data } = await coordinator.GET('/api/matches', {
        params: { query: { practiceId, status: 'suggested' } },
      });
      return data?.items[0];
    }, 20_000);
    const matchId = suggestion.id;
    expect(suggestion.breakdown.length).toBe(10);

    const directory = await coordinator.GET('/api/starter-profiles', {
      params: { query: { regionId: drenthe } },
    });
    expect(directory.data?.items.map((p) => p.id)).toEqual([profile.data!.id]);
    const one = await coordinator.GET('/api/starter-profiles/{id}', {
      params: { path: { id: profile.data!.id } },
    });
    expect(one.data?.candidates).toBeGreaterThanOrEqual(1);

    const approved = await coordinator.POST('/api/matches/{id}/approve', {
      params: { path: { id: matchId } },
      body: { note: 'Goede match' },
    });
    expect(approved.data?.status).toBe('awaiting_consent');
    for (const party of [starter, stopper]) {
      const answered = await party.POST('/api/matches/{id}/respond', {
        params: { path: { id: matchId } },
        body: { accept: true },
      });
      expect(answered.response.status).toBe(200);
    }

    const seenByStarter = await starter.GET('/api/matches/{id}', { params: { path: { id: matchId } } });
    expect(seenByStarter.data?.status).toBe('introduced');
    const practice = seenByStarter.data?.practice;
    expect(practice && 'ownerName' in practice ? practice.ownerName : null).toBe('Henk Oosterhuis');
    expect(seenByStarter.data?.events).toBeUndefined();

    const seenByCoordinator = await coordinator.GET('/api/matches/{id}', {
      params: { path: { id: matchId } },
    });
    expect(seenByCoordinator.data?.events?.map((e) => e.to)).toEqual([
      'suggested',
      'awaiting_consent',
      'introduced',
    ]);
    expect(seenByCoordinator.data?.events?.[1].note).toBe('Goede match');
  });
});
