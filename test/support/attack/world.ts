import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApi } from '../app';
import { bearer, createUser, regionId, TestUser } from '../factories';
import { insertPractice, insertStarterProfile } from '../matching-factories';

export type RoleName = 'anonymous' | 'starter' | 'stopper' | 'coordinatorA' | 'coordinatorB' | 'admin';
export const ROLES: RoleName[] = ['anonymous', 'starter', 'stopper', 'coordinatorB', 'admin', 'coordinatorA'];

/** Objects of region A (drenthe) and one caller per role; the starter and stopper own none of them. */
export interface AttackWorld {
  regionA: string;
  regionB: string;
  users: Record<Exclude<RoleName, 'anonymous'>, TestUser>;
  practiceId: string;
  starterProfileId: string;
  matchId: string;
  eventId: string;
  outboxId: string;
  coordinatorId: string;
}

export async function buildWorld(api: TestApi): Promise<AttackWorld> {
  const ds: DataSource = api.dataSource;
  const regionA = await regionId(ds, 'drenthe');
  const regionB = await regionId(ds, 'groningen');
  const users = {
    starter: await createUser(api.app, ds, 'starter'),
    stopper: await createUser(api.app, ds, 'stopper'),
    coordinatorA: await createUser(api.app, ds, 'coordinator', { regionIds: [regionA] }),
    coordinatorB: await createUser(api.app, ds, 'coordinator', { regionIds: [regionB] }),
    admin: await createUser(api.app, ds, 'admin'),
  };
  // The matrix starter keeps a profile of its own, so "own profile" routes answer for real.
  await insertStarterProfile(ds, users.starter.id, { home_postcode: '9401' });
  const owner = await createUser(api.app, ds, 'stopper');
  const seeker = await createUser(api.app, ds, 'starter');
  const practiceId = await insertPractice(ds, owner.id, { postcode: '9402' });
  const starterProfileId = await insertStarterProfile(ds, seeker.id, { home_postcode: '9401' });
  const [match] = await ds.query<Array<{ id: string }>>(
    `INSERT INTO matches (starter_profile_id, practice_id, region_id, status, score, breakdown, weights_version, distance_km)
     VALUES ($1, $2, $3, 'suggested', 80, '[]'::jsonb, 1, 5) RETURNING id`,
    [starterProfileId, practiceId, regionA],
  );
  const [event] = await ds.query<Array<{ id: string }>>(
    `INSERT INTO events (region_id, title, starts_at, location, capacity, description, created_by)
     VALUES ($1, 'Kennismaken', now() + interval '30 days', 'Assen', 20, 'Een avond', $2) RETURNING id`,
    [regionA, users.coordinatorA.id],
  );
  const [outbox] = await ds.query<Array<{ id: string }>>(
    `INSERT INTO outbox_messages (template, recipient, user_id, status) VALUES ('verify-email', $1, $2, 'failed') RETURNING id`,
    [users.starter.email, users.starter.id],
  );
  return {
    regionA,
    regionB,
    users,
    practiceId,
    starterProfileId,
    matchId: match.id,
    eventId: event.id,
    outboxId: outbox.id,
    coordinatorId: users.coordinatorA.id,
  };
}

/** Sends one request as the given role; `anonymous` sends no Authorization header. */
export function call(
  api: TestApi,
  world: AttackWorld,
  role: RoleName,
  method: string,
  url: string,
  body?: unknown,
): request.Test {
  const agent = request(api.app.getHttpServer());
  const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = agent[m](url);
  if (role !== 'anonymous') req = req.set(...bearer(world.users[role]));
  if (body !== undefined) req = req.send(body as object);
  return req;
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; schema?: { type?: string } }>;
  requestBody?: {
    content: Record<string, { schema: { $ref?: string; type?: string; items?: { $ref?: string } } }>;
  };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<
      string,
      { properties?: Record<string, { type?: string; enum?: unknown[] }>; required?: string[] }
    >;
  };
}

export async function fetchOpenApi(api: TestApi): Promise<OpenApiDocument> {
  const res = await request(api.app.getHttpServer()).get('/api/docs-json').expect(200);
  return res.body as OpenApiDocument;
}

/** Every "METHOD /path" of the document, path parameters still in braces. */
export function operations(
  doc: OpenApiDocument,
): Array<{ key: string; method: string; path: string; op: OpenApiOperation }> {
  const out: Array<{ key: string; method: string; path: string; op: OpenApiOperation }> = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op });
    }
  }
  return out;
}

/** The same world with new accounts in every role (same regions), for routes that destroy their caller. */
export async function withFreshCallers(api: TestApi, world: AttackWorld): Promise<AttackWorld> {
  const ds = api.dataSource;
  return {
    ...world,
    users: {
      starter: await createUser(api.app, ds, 'starter'),
      stopper: await createUser(api.app, ds, 'stopper'),
      coordinatorA: await createUser(api.app, ds, 'coordinator', { regionIds: [world.regionA] }),
      coordinatorB: await createUser(api.app, ds, 'coordinator', { regionIds: [world.regionB] }),
      admin: await createUser(api.app, ds, 'admin'),
    },
  };
}
