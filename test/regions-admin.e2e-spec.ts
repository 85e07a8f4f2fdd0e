import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { bearer, createUser, regionId, TestUser } from './support/factories';
import { testEnv } from './support/test-env';

// argon2 hashing makes account tests slower than Jest's 5 s default (projects ignore testTimeout).
jest.setTimeout(30_000);

const PROVINCES = [
  'groningen',
  'friesland',
  'drenthe',
  'overijssel',
  'flevoland',
  'gelderland',
  'utrecht',
  'noord-holland',
  'zuid-holland',
  'zeeland',
  'noord-brabant',
  'limburg',
];

/** Issue 3: regions as data, places, and the admin routes that reshape regions and krimp ranges. */
describe('regions and places', () => {
  let api: TestApi;
  let admin: TestUser;
  const http = () => api.app.getHttpServer();
  // truncateAll keeps the region tables, so every region made here has a unique code and is deleted after.
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const created: string[] = [];
  let savedKrimp: Array<{ label: string; from: number; to: number }> = [];

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: `pmtest-regions-${process.pid}` }));
    savedKrimp = await api.dataSource.query<typeof savedKrimp>(
      `SELECT label, pc4_from AS "from", pc4_to AS "to" FROM krimp_pc4_ranges ORDER BY pc4_from`,
    );
  });
  afterAll(async () => {
    if (created.length)
      await api.dataSource.query(`DELETE FROM regions WHERE id = ANY($1::uuid[])`, [created]);
    await api.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM krimp_pc4_ranges`);
      for (const k of savedKrimp) {
        await m.query(`INSERT INTO krimp_pc4_ranges (label, pc4_from, pc4_to) VALUES ($1, $2, $3)`, [
          k.label,
          k.from,
          k.to,
        ]);
      }
    });
    await api.close();
  });
  beforeEach(async () => {
    await truncateAll(api.dataSource);
    admin = await createUser(api.app, api.dataSource, 'admin');
  });

  const createRegion = (body: object) =>
    request(http())
      .post('/api/admin/regions')
      .set(...bearer(admin))
      .send(body);
  const fields = (res: request.Response): string[] => res.body.details.map((d: { field: string }) => d.field);

  it('lists the 12 province regions publicly, sorted by name, with the contract fields', async () => {
    const res = await request(http()).get('/api/regions').expect(200);
    const codes = (res.body as Array<{ code: string }>).map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(PROVINCES));
    expect(Number(res.headers['x-total-count'])).toBe(res.body.length);
    const drenthe = res.body.find((r: { code: string }) => r.code === 'drenthe');
    expect(Object.keys(drenthe).sort()).toEqual(['code', 'description', 'id', 'name']);
    expect(drenthe).toMatchObject({ name: 'Drenthe', description: expect.stringContaining('Assen') });
    const provinceNames = (res.body as Array<{ code: string; name: string }>)
      .filter((r) => PROVINCES.includes(r.code))
      .map((r) => r.name);
    expect(provinceNames).toEqual([
      'Drenthe',
      'Flevoland',
      'Friesland',
      'Gelderland',
      'Groningen',
      'Limburg',
      'Noord-Brabant',
      'Noord-Holland',
      'Overijssel',
      'Utrecht',
      'Zeeland',
      'Zuid-Holland',
    ]);
  });

  it('honours ?page=&pageSize= on the region list without changing its shape', async () => {
    const all = (await request(http()).get('/api/regions').expect(200)).body as Array<{ id: string }>;
    const p2 = await request(http()).get('/api/regions').query({ page: 2, pageSize: 5 }).expect(200);
    expect(p2.body.map((r: { id: string }) => r.id)).toEqual(all.slice(5, 10).map((r) => r.id));
    expect(Number(p2.headers['x-total-count'])).toBe(all.length);
    await request(http()).get('/api/regions').query({ pageSize: 101 }).expect(400);
    await request(http()).get('/api/regions').query({ page: 'x' }).expect(400);
  });

  it('shows a public region page with promotion and public numbers of practices seeking a successor', async () => {
    const drenthe = await regionId(api.dataSource, 'drenthe');
    const stopper = await createUser(api.app, api.dataSource, 'stopper');
    // Published and in-talks practices count; a draft does not.
    for (const [status, listSize] of [
      ['published', 2000],
      ['in_talks', 1500],
      ['draft', 3000],
    ] as const) {
      await api.dataSource.query(
        `INSERT INTO practices (owner_id, name, postcode, region_id, place, list_size, practice_form, gp_count,
           days_per_week_needed, setting, successor_roles, handover_from, handover_to, transition_months_offered,
           dispensing, is_training_practice, anw_hours_per_month, building, status, published_at)
         VALUES ($1, 'Praktijk', '9401', $2, 'Assen', $3, 'solo', 1, 4, 'urban', '{holder}', '2026-01-01', '2026-12-31',
           3, false, false, 20, 'owned', $4, CASE WHEN $4 = 'draft' THEN NULL ELSE now() END)`,
        [stopper.id, drenthe, listSize, status],
      );
    }
    const res = await request(http()).get(`/api/regions/${drenthe}`).expect(200);
    expect(res.body).toMatchObject({
      id: drenthe,
      code: 'drenthe',
      name: 'Drenthe',
      promotion: expect.any(String),
    });
    expect(res.body.publicNumbers).toEqual({ practicesSeekingSuccessor: 2, patientsConcerned: 3500 });
    const limburg = await regionId(api.dataSource, 'limburg');
    const empty = await request(http()).get(`/api/regions/${limburg}`).expect(200);
    expect(empty.body.publicNumbers).toEqual({ practicesSeekingSuccessor: 0, patientsConcerned: 0 });
  });

  it('answers 404 in the error shape for an unknown or malformed region id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
      const res = await request(http()).get(`/api/regions/${id}`).expect(404);
      expect(res.body).toMatchObject({
        statusCode: 404,
        code: 'REGION.NOT_FOUND',
        requestId: expect.any(String),
      });
    }
  });

  it('resolves 9401 to Assen in the Drenthe region', async () => {
    const drenthe = await regionId(api.dataSource, 'drenthe');
    const res = await request(http()).get('/api/places/9401').expect(200);
    expect(res.body).toMatchObject({
      postcode: '9401',
      place: 'Assen',
      province: 'Drenthe',
      regionId: drenthe,
    });
    expect(res.body.latitude).toBeCloseTo(53.0, 0);
    expect(res.body.longitude).toBeCloseTo(6.56, 0);
    expect(res.body).not.toHaveProperty('krimp');
  });

  it('rejects PO-box-only, impossible and malformed postcodes in the error shape', async () => {
    const pobox = await request(http()).get('/api/places/1000').expect(404);
    expect(pobox.body).toMatchObject({
      statusCode: 404,
      code: 'PLACE.NOT_FOUND',
      requestId: expect.any(String),
    });
    for (const pc4 of ['0000', 'abcd', '94011']) {
      const res = await request(http()).get(`/api/places/${pc4}`);
      expect([404, 400]).toContain(res.status);
      expect(res.body).toMatchObject({
        statusCode: res.status,
        code: expect.any(String),
        message: expect.any(String),
        details: expect.any(Array),
      });
    }
  });

  it('creates a sub-region whose narrower range wins, edits it, and audits both', async () => {
    const code = `kop-van-noord-holland-${runId}`;
    const noordHolland = await regionId(api.dataSource, 'noord-holland');
    expect((await request(http()).get('/api/places/1741').expect(200)).body.regionId).toBe(noordHolland);

    const res = await createRegion({
      code,
      name: 'Kop van Noord-Holland',
      description: 'Den Helder, Schagen en omstreken',
      pc4Ranges: [{ from: 1740, to: 1799 }],
    }).expect(201);
    created.push(res.body.id);
    expect(res.body).toEqual({
      id: expect.any(String),
      code,
      name: 'Kop van Noord-Holland',
      description: 'Den Helder, Schagen en omstreken',
      promotion: '',
      pc4Ranges: [{ from: 1740, to: 1799 }],
    });
    expect((await request(http()).get('/api/places/1741').expect(200)).body.regionId).toBe(res.body.id);
    expect((await request(http()).get('/api/places/1011').expect(200)).body.regionId).toBe(noordHolland);
    const list = await request(http()).get('/api/regions').expect(200);
    expect(list.body.map((r: { code: string }) => r.code)).toContain(code);

    const patched = await request(http())
      .patch(`/api/admin/regions/${res.body.id}`)
      .set(...bearer(admin))
      .send({
        promotion: 'Zee, duinen en ruimte voor een jonge huisarts',
        pc4Ranges: [{ from: 1780, to: 1789 }],
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      name: 'Kop van Noord-Holland',
      description: 'Den Helder, Schagen en omstreken',
      promotion: 'Zee, duinen en ruimte voor een jonge huisarts',
      pc4Ranges: [{ from: 1780, to: 1789 }],
    });
    // The ranges were replaced as a whole: 1741 is back in Noord-Holland, Den Helder (1781) is in the new region.
    expect((await request(http()).get('/api/places/1741').expect(200)).body.regionId).toBe(noordHolland);
    expect((await request(http()).get('/api/places/1781').expect(200)).body.regionId).toBe(res.body.id);
    const page = await request(http()).get(`/api/regions/${res.body.id}`).expect(200);
    expect(page.body).toMatchObject({ code, promotion: 'Zee, duinen en ruimte voor een jonge huisarts' });

    const audit = await api.dataSource.query<Array<{ action: string; actor_id: string }>>(
      `SELECT action, actor_id FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [res.body.id],
    );
    expect(audit).toEqual([
      { action: 'region.created', actor_id: admin.id },
      { action: 'region.updated', actor_id: admin.id },
    ]);
  });

  it('answers 409 to a duplicate region code', async () => {
    const code = `dup-${runId}`;
    const first = await createRegion({ code, name: 'Dup', pc4Ranges: [{ from: 9990, to: 9991 }] }).expect(
      201,
    );
    created.push(first.body.id);
    const res = await createRegion({ code, name: 'Dup again', pc4Ranges: [{ from: 9992, to: 9993 }] }).expect(
      409,
    );
    expect(res.body.code).toBe('REGION.CODE_TAKEN');
    const taken = await createRegion({
      code: 'drenthe',
      name: 'Drenthe 2',
      pc4Ranges: [{ from: 9400, to: 9401 }],
    }).expect(409);
    expect(taken.body.code).toBe('REGION.CODE_TAKEN');
  });

  it('validates region creation with 400s naming the fields', async () => {
    const base = { code: `valid-${runId}`, name: 'Valid', pc4Ranges: [{ from: 1000, to: 1001 }] };
    const cases: Array<[object, string]> = [
      [{ ...base, code: 'Kop Van NH' }, 'code'],
      [{ ...base, code: 'trailing-' }, 'code'],
      [{ ...base, code: undefined }, 'code'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, pc4Ranges: [] }, 'pc4Ranges'],
      [{ ...base, pc4Ranges: undefined }, 'pc4Ranges'],
      [{ ...base, pc4Ranges: [{ from: 999, to: 1001 }] }, 'pc4Ranges.0.from'],
      [{ ...base, pc4Ranges: [{ from: 1000, to: 10000 }] }, 'pc4Ranges.0.to'],
      [{ ...base, pc4Ranges: [{ from: 1000.5, to: 1001 }] }, 'pc4Ranges.0.from'],
      [
        {
          ...base,
          pc4Ranges: [
            { from: 1000, to: 1001 },
            { from: 2000, to: 1999 },
          ],
        },
        'pc4Ranges.1',
      ],
      [{ ...base, pc4Ranges: [{ from: 1000, to: 1001, krimp: true }] }, 'pc4Ranges.0.krimp'],
      [{ ...base, id: '00000000-0000-4000-8000-000000000000' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await createRegion(body);
      expect([field, res.status, res.body.code]).toEqual([field, 400, 'VALIDATION.FAILED']);
      expect(fields(res)).toContain(field);
    }
    const rows = await api.dataSource.query<unknown[]>(`SELECT 1 FROM regions WHERE code = $1`, [base.code]);
    expect(rows).toHaveLength(0);
  });

  it('validates region edits and answers 404 for unknown regions', async () => {
    const drenthe = await regionId(api.dataSource, 'drenthe');
    const patch = (id: string, body: object) =>
      request(http())
        .patch(`/api/admin/regions/${id}`)
        .set(...bearer(admin))
        .send(body);
    const cases: Array<[object, string]> = [
      [{ code: 'renamed' }, 'code'],
      [{ name: '' }, 'name'],
      [{ pc4Ranges: [] }, 'pc4Ranges'],
      [{ pc4Ranges: [{ from: 9500, to: 9400 }] }, 'pc4Ranges.0'],
      [{ promotion: 'x'.repeat(8001) }, 'promotion'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(drenthe, body).expect(400);
      expect(fields(res)).toContain(field);
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const res = await patch(id, { name: 'X' }).expect(404);
      expect(res.body.code).toBe('REGION.NOT_FOUND');
    }
    expect((await request(http()).get(`/api/regions/${drenthe}`).expect(200)).body.name).toBe('Drenthe');
  });

  it("reads a region's texts and ranges for the admin's page; 404 for an unknown one, 403 for others", async () => {
    const drenthe = await regionId(api.dataSource, 'drenthe');
    const res = await request(http())
      .get(`/api/admin/regions/${drenthe}`)
      .set(...bearer(admin))
      .expect(200);
    expect(res.body).toMatchObject({ id: drenthe, code: 'drenthe', name: 'Drenthe' });
    expect(res.body.pc4Ranges.length).toBeGreaterThan(0);
    expect(typeof res.body.promotion).toBe('string');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const missing = await request(http())
        .get(`/api/admin/regions/${id}`)
        .set(...bearer(admin))
        .expect(404);
      expect(missing.body.code).toBe('REGION.NOT_FOUND');
    }
    await request(http()).get(`/api/admin/regions/${drenthe}`).expect(401);
    const coordinator = await createUser(api.app, api.dataSource, 'coordinator', { regionIds: [drenthe] });
    await request(http())
      .get(`/api/admin/regions/${drenthe}`)
      .set(...bearer(coordinator))
      .expect(403);
  });

  it('lists the postcodes with addresses in a PC4 range with their places, first, last and count', async () => {
    const inRange = (query: string) =>
      request(http())
        .get(`/api/admin/places?${query}`)
        .set(...bearer(admin));
    const res = await inRange('from=1740&to=1799&pageSize=5').expect(200);
    expect(res.body).toMatchObject({ total: 43, places: 35, page: 1, pageSize: 5 });
    expect(res.body.items.map((p: { postcode: string }) => p.postcode)).toEqual([
      '1741',
      '1742',
      '1744',
      '1746',
      '1747',
    ]);
    expect(res.body.first).toMatchObject({ postcode: '1741', place: 'Schagen', municipality: 'Schagen' });
    expect(res.body.last).toMatchObject({ postcode: '1797', place: 'Den Hoorn', municipality: 'Texel' });
    expect(res.body.first.regionId).toBe(await regionId(api.dataSource, 'noord-holland'));
    const page9 = await inRange('from=1740&to=1799&pageSize=5&page=9').expect(200);
    expect(page9.body.items.map((p: { postcode: string }) => p.postcode)).toEqual(['1795', '1796', '1797']);
    // A range with no addresses (PO boxes only) is empty, not an error.
    const none = await inRange('from=1000&to=1000').expect(200);
    expect(none.body).toMatchObject({ total: 0, places: 0, items: [], first: null, last: null });

    const cases: Array<[string, string]> = [
      ['to=1799', 'from'],
      ['from=1740', 'to'],
      ['from=999&to=1799', 'from'],
      ['from=1740&to=10000', 'to'],
      ['from=abc&to=1799', 'from'],
      ['from=1799&to=1740', 'to'],
      ['from=1740&to=1799&pageSize=101', 'pageSize'],
    ];
    for (const [query, field] of cases) {
      const bad = await inRange(query).expect(400);
      expect({ query, fields: fields(bad) }).toEqual({ query, fields: expect.arrayContaining([field]) });
    }
    await request(http()).get('/api/admin/places?from=1740&to=1799').expect(401);
    const starter = await createUser(api.app, api.dataSource, 'starter');
    await request(http())
      .get('/api/admin/places?from=1740&to=1799')
      .set(...bearer(starter))
      .expect(403);
  });

  it('replaces the krimp ranges as a whole, which places and urgency read', async () => {
    const before = await request(http())
      .get('/api/admin/krimp-ranges')
      .set(...bearer(admin))
      .expect(200);
    expect(Array.isArray(before.body)).toBe(true);
    const ranges = [
      { label: 'Oost-Groningen', from: 9500, to: 9699 },
      { label: 'Zeeuws-Vlaanderen', from: 4500, to: 4599 },
    ];
    const put = await request(http())
      .put('/api/admin/krimp-ranges')
      .set(...bearer(admin))
      .send(ranges)
      .expect(200);
    expect(put.body).toEqual([ranges[1], ranges[0]]);
    const krimp = (pc4: number) =>
      api.dataSource.query(`SELECT is_krimp_pc4($1) AS k`, [pc4]).then((r: Array<{ k: boolean }>) => r[0].k);
    expect(await krimp(9501)).toBe(true);
    expect(await krimp(9401)).toBe(false);
    await request(http())
      .put('/api/admin/krimp-ranges')
      .set(...bearer(admin))
      .send([])
      .expect(200);
    expect(await krimp(9501)).toBe(false);
    expect(
      (
        await request(http())
          .get('/api/admin/krimp-ranges')
          .set(...bearer(admin))
          .expect(200)
      ).body,
    ).toEqual([]);

    const bad: Array<[unknown, string]> = [
      [{ label: 'x', from: 1000, to: 1001 }, 'body'],
      [[{ label: '', from: 1000, to: 1001 }], '0.label'],
      [
        [
          { label: 'ok', from: 1000, to: 1001 },
          { label: 'x', from: 1000 },
        ],
        '1.to',
      ],
      [[{ label: 'x', from: 2000, to: 1000 }], '0'],
      [[{ label: 'x', from: 1000, to: 1001, extra: 1 }], '0.extra'],
      [['text'], '0'],
    ];
    for (const [body, field] of bad) {
      const res = await request(http())
        .put('/api/admin/krimp-ranges')
        .set(...bearer(admin))
        .send(body as object);
      expect([field, res.status]).toEqual([field, 400]);
      expect(fields(res)).toContain(field);
    }
    const audit = await api.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action = 'krimp_ranges.replaced'`,
      [admin.id],
    );
    expect(audit[0].n).toBe(2);
  });
});
