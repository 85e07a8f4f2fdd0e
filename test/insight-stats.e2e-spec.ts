import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { testEnv } from './support/test-env';

const T = Date.parse('2026-01-01T00:00:00Z');
const day = (n: number): Date => new Date(T + n * 86_400_000);

describe('insight: region and country statistics', () => {
  let api: TestApi;
  let drenthe: string;
  let groningen: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let admin: TestUser;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: 'pmtest-insight-stats' }));
    drenthe = await regionId(api.dataSource, 'drenthe');
    groningen = await regionId(api.dataSource, 'groningen');
    await truncateAll(api.dataSource);
    coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    otherCoordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [groningen] });
    admin = await createUser(api.app, api.dataSource, 'admin');
    await seed();
  });
  afterAll(async () => {
    await api.close();
  });

  async function starter(overrides: Record<string, unknown>): Promise<string> {
    const u = await createUser(api.app, api.dataSource, 'starter');
    return insertStarterProfile(api.dataSource, u.id, overrides);
  }
  async function practice(overrides: Record<string, unknown>): Promise<string> {
    const u = await createUser(api.app, api.dataSource, 'stopper');
    return insertPractice(api.dataSource, u.id, overrides);
  }
  async function match(
    starterId: string,
    practiceId: string,
    status: string,
    steps: Array<[string, number]>,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const [m] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version,
                            distance_km, approved_at, introduced_at, outcome, closed_at, created_at)
       VALUES ($1, $2, $3, $4, 70, '[]', 1, 5, $5, $6, $7, $8, $9) RETURNING id`,
      [
        starterId,
        practiceId,
        drenthe,
        status,
        extra.approvedAt ?? null,
        extra.introducedAt ?? null,
        extra.outcome ?? null,
        extra.closedAt ?? null,
        day(0),
      ],
    );
    let from: string | null = null;
    for (const [to, d] of steps) {
      await api.dataSource.query(
        `INSERT INTO match_events (match_id, from_status, to_status, created_at) VALUES ($1, $2, $3, $4)`,
        [m.id, from, to, day(d)],
      );
      from = to;
    }
    return m.id;
  }

  /** The known data set; the expected numbers below are worked out by hand from it. */
  async function seed(): Promise<void> {
    const p1 = await practice({ handover_from: '2027-03-01', handover_to: '2027-09-01', list_size: 2000 });
    await practice({
      handover_from: '2028-06-01',
      handover_to: '2028-12-01',
      list_size: 3000,
      status: 'draft',
    });
    const p3 = await practice({ handover_from: '2030-01-01', handover_to: '2030-06-01', list_size: 1500 });
    const p4 = await practice({ handover_from: '2027-05-01', list_size: 2500, status: 'withdrawn' });
    const p5 = await practice({ handover_from: '2027-02-01', list_size: 1800 });
    await practice({ handover_from: '2027-01-01', list_size: 4000, region_id: groningen });

    const s1 = await starter({
      days_per_week_min: 3,
      days_per_week_max: 4,
      practice_forms: ['solo', 'duo'],
      roles: ['holder'],
      setting: 'urban',
      looking_for_duo_partner: true,
      career_stage: 'aios',
    });
    const s2 = await starter({
      days_per_week_min: 3,
      days_per_week_max: 4,
      practice_forms: ['duo', 'group'],
      roles: ['holder', 'partner'],
      setting: 'any',
      career_stage: 'hidha',
    });
    const s3 = await starter({
      days_per_week_min: 2,
      days_per_week_max: 3,
      practice_forms: ['group'],
      roles: ['employed'],
      setting: 'rural',
      looking_for_duo_partner: true,
      partner_needs_work: true,
      career_stage: 'gp',
    });
    await starter({ active: false, career_stage: 'waarnemer' });

    const m1 = await match(
      s1,
      p5,
      'introduced',
      [
        ['suggested', 0],
        ['awaiting_consent', 2],
        ['introduced', 5],
      ],
      { approvedAt: day(2), introducedAt: day(5) },
    );
    await match(
      s2,
      p1,
      'closed',
      [
        ['suggested', 0],
        ['awaiting_consent', 4],
        ['introduced', 6],
        ['closed', 36],
      ],
      { approvedAt: day(4), introducedAt: day(6), outcome: 'agreement', closedAt: day(36) },
    );
    await match(s3, p4, 'awaiting_consent', [
      ['suggested', 0],
      ['awaiting_consent', 10],
    ]);
    await match(s1, p3, 'suggested', [['suggested', 0]]);
    await match(s2, p3, 'rejected', [
      ['suggested', 0],
      ['rejected', 1],
    ]);
    await api.dataSource.query(
      `INSERT INTO follow_ups (match_id, day, party, sent_at, answer, answered_at)
       VALUES ($1, 30, 'starter', $2, 'agreement', $3), ($1, 30, 'stopper', $2, NULL, NULL)`,
      [m1, day(35), day(65)],
    );
  }

  const EXPECTED_REGION = {
    scope: 'region',
    asOf: '2026-11-22',
    handover: {
      withinYears: { '1': 2, '3': 3, '5': 4 },
      patientsWithinYears: { '1': 3800, '3': 6800, '5': 8300 },
      byYear: [
        { year: 2027, practices: 2, patients: 3800 },
        { year: 2028, practices: 1, patients: 3000 },
        { year: 2030, practices: 1, patients: 1500 },
      ],
    },
    atRisk: { practices: 3, patients: 6500 },
    starters: {
      active: 3,
      daysPerWeek: [
        { min: 2, max: 3, starters: 1 },
        { min: 3, max: 4, starters: 2 },
      ],
      practiceForms: { solo: 1, duo: 2, group: 2, health_centre: 0 },
      roles: { holder: 2, partner: 1, employed: 1, employed_then_holder: 0, locum_then_holder: 0 },
      setting: { urban: 1, rural: 1, any: 1 },
      careerStage: { aios: 1, hidha: 1, waarnemer: 0, gp: 1 },
      lookingForDuoPartner: 2,
      partnerNeedsWork: 1,
    },
    funnel: {
      suggested: 5,
      approved: 3,
      introduced: 2,
      agreements: 2,
      medianDays: { suggestedToApproved: 4, approvedToIntroduced: 2.5, introducedToAgreement: 45 },
      followUps: { sent: 2, answered: 1, answers: { in_talks: 0, agreement: 1, no_fit: 0, no_contact: 0 } },
    },
  };

  it('answers the exact numbers of a known data set as JSON to a coordinator of the region', async () => {
    const res = await request(http())
      .get(`/api/regions/${drenthe}/stats?asOf=2026-11-22`)
      .set(...bearer(coordinator))
      .expect(200);
    expect(res.body).toEqual({ ...EXPECTED_REGION, regionId: drenthe });
  });

  it('answers the same numbers as CSV, by Accept header, ?format=csv and the .csv suffix', async () => {
    const parse = (text: string): Map<string, string> => {
      const lines = text.trim().split(/\r\n/);
      expect(lines[0]).toBe('section,metric,value');
      return new Map(
        lines.slice(1).map((l) => {
          const [section, metric, value] = l.split(',');
          return [`${section}.${metric}`, value];
        }),
      );
    };
    const viaAccept = await request(http())
      .get(`/api/regions/${drenthe}/stats?asOf=2026-11-22`)
      .set('Accept', 'text/csv')
      .set(...bearer(coordinator))
      .expect(200);
    expect(viaAccept.headers['content-type']).toMatch(/^text\/csv/);
    const csv = parse(viaAccept.text);
    expect(csv.get('meta.regionId')).toBe(drenthe);
    expect(csv.get('handover.practicesWithin1Years')).toBe('2');
    expect(csv.get('handover.practicesWithin5Years')).toBe('4');
    expect(csv.get('handover.patientsWithin3Years')).toBe('6800');
    expect(csv.get('handoverByYear.2030.patients')).toBe('1500');
    expect(csv.get('atRisk.patients')).toBe('6500');
    expect(csv.get('starters.active')).toBe('3');
    expect(csv.get('startersDaysPerWeek.3-4')).toBe('2');
    expect(csv.get('startersPracticeForms.duo')).toBe('2');
    expect(csv.get('startersRoles.employed')).toBe('1');
    expect(csv.get('starters.lookingForDuoPartner')).toBe('2');
    expect(csv.get('funnel.suggested')).toBe('5');
    expect(csv.get('funnel.agreements')).toBe('2');
    expect(csv.get('funnelMedianDays.approvedToIntroduced')).toBe('2.5');
    expect(csv.get('followUpAnswers.agreement')).toBe('1');

    for (const url of [
      `/api/regions/${drenthe}/stats?asOf=2026-11-22&format=csv`,
      `/api/regions/${drenthe}/stats.csv?asOf=2026-11-22`,
    ]) {
      const res = await request(http())
        .get(url)
        .set(...bearer(coordinator))
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text).toBe(viaAccept.text);
    }
  });

  it('hides a region from coordinators of other regions (404) and from starters (403)', async () => {
    const res = await request(http())
      .get(`/api/regions/${drenthe}/stats`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    expect(res.body.code).toBe('REGION.NOT_FOUND');
    await request(http())
      .get(`/api/regions/${drenthe}/stats.csv`)
      .set(...bearer(otherCoordinator))
      .expect(404);
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await request(http())
      .get(`/api/regions/${drenthe}/stats`)
      .set(...bearer(starter))
      .expect(403);
    await request(http()).get(`/api/regions/${drenthe}/stats`).expect(401);
    await request(http())
      .get(`/api/admin/stats`)
      .set(...bearer(coordinator))
      .expect(403);
  });

  it('lets an admin read any region and the whole country', async () => {
    const region = await request(http())
      .get(`/api/regions/${drenthe}/stats?asOf=2026-11-22`)
      .set(...bearer(admin))
      .expect(200);
    expect(region.body.atRisk).toEqual({ practices: 3, patients: 6500 });
    await request(http())
      .get(`/api/regions/00000000-0000-4000-8000-000000000000/stats`)
      .set(...bearer(admin))
      .expect(404);
    const country = await request(http())
      .get(`/api/admin/stats?asOf=2026-11-22`)
      .set(...bearer(admin))
      .expect(200);
    expect(country.body.scope).toBe('country');
    expect(country.body.regionId).toBeNull();
    expect(country.body.handover.withinYears).toEqual({ '1': 3, '3': 4, '5': 5 });
    expect(country.body.atRisk).toEqual({ practices: 4, patients: 10500 });
    expect(country.body.starters.active).toBe(3);
    expect(country.body.funnel.suggested).toBe(5);
    const csv = await request(http())
      .get(`/api/admin/stats.csv?asOf=2026-11-22`)
      .set(...bearer(admin))
      .expect(200);
    expect(csv.text).toContain('\r\natRisk,patients,10500\r\n');
  });
});
