import { createTestApi, TestApi, truncateAll } from './support/app';
import { TABLE } from './support/attack/route-table';
import {
  AttackWorld,
  buildWorld,
  withFreshCallers,
  call,
  fetchOpenApi,
  operations,
  OpenApiDocument,
  ROLES,
} from './support/attack/world';
import { testEnv } from './support/test-env';

describe('attack: every route of the OpenAPI document against every role', () => {
  let api: TestApi;
  let world: AttackWorld;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: 'pmattack-matrix' }));
    await truncateAll(api.dataSource);
    world = await buildWorld(api);
    doc = await fetchOpenApi(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('has a decided policy for every route in the document, and no stale rows', () => {
    const documented = operations(doc).map((o) => o.key);
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((k) => !(k in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((k) => !documented.includes(k))).toEqual([]);
  });

  it.each(Object.keys(TABLE))('%s answers each role as decided, never 500', async (key) => {
    const row = TABLE[key];
    const [method, path] = key.split(' ');
    const url = row.url ? row.url(world) : path;
    expect(url).not.toMatch(/[{}]/);
    const mismatches: string[] = [];
    const callers = row.freshCallers ? await withFreshCallers(api, world) : world;
    for (const role of ROLES) {
      const res = await call(api, callers, role, method, url, row.body?.(world));
      if (!row.expect[role].includes(res.status)) {
        mismatches.push(
          `${role}: expected ${row.expect[role].join('|')}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
        );
      }
      expect(res.status).toBeLessThan(500);
    }
    expect(mismatches).toEqual([]);
  });
});
