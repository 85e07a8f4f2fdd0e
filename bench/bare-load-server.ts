/**
 * The load benchmark's baseline: a bare Fastify server with a pg Pool doing by hand the work the API does
 * for three routes, with no Nest, no passport, no class-validator and no TypeORM:
 * - every guarded route verifies the HS256 bearer token with node crypto and reads the account with the
 *   same query as JwtStrategy;
 * - GET /api/matches: the same SQL (MATCH_SELECT and the list's WHERE/ORDER/LIMIT), the same explanation
 *   rendering (explainBreakdowns, two more queries) and the same presentation (presentMatch);
 * - PUT /api/starter-profile: the DTO's checks written out by hand, then in one transaction the place
 *   lookup, the region check, the row lock, the UPDATE and the audit row, then the rescoring job on Redis;
 * - POST /api/auth/login: account lookup, argon2.verify, an HS256 access token signed with node crypto, and
 *   the refresh-token and audit rows in one transaction. Omitted: the login rate limiter's Redis read.
 */
import * as argon2 from 'argon2';
import { Queue } from 'bullmq';
import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { EntityManager } from 'typeorm';
import { explainBreakdowns } from '../src/modules/matching/breakdown-explainer';
import { MATCH_SELECT, MatchRow, presentMatch } from '../src/modules/matching/match-view';
import { BENCH_JWT_SECRET, signAccessToken } from './support/bench-kit';
import { validateProfileBody } from './support/bare-profile-validation';

export interface BareServer {
  url: string;
  close: () => Promise<void>;
}

interface Caller {
  id: string;
  role: string;
  emailVerified: boolean;
  regionIds: string[];
}

type Query = Record<string, string | undefined>;

const ACCESS_TTL_S = 900;
const REFRESH_TTL_DAYS = 30;

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** explainBreakdowns reads only through `m.query`; this hands it the bare pool instead of TypeORM. */
function pgManager(pool: Pool): EntityManager {
  const query = async (sql: string, params?: unknown[]): Promise<unknown> =>
    (await pool.query(sql, params)).rows;
  return Object.assign(Object.create(EntityManager.prototype) as EntityManager, { query });
}

function verifyToken(header: string | undefined): { sub: string; role: string } {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [head, body, sig] = token.split('.');
  if (!head || !body || !sig) throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  const expected = createHmac('sha256', BENCH_JWT_SECRET).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  const h = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
    sub?: string;
    role?: string;
    exp?: number;
    iss?: string;
    aud?: string;
  };
  if (h.alg !== 'HS256' || p.iss !== 'praktijkmatch' || p.aud !== 'praktijkmatch-api')
    throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  if (!p.sub || !p.role || !p.exp || p.exp * 1000 < Date.now()) throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  return { sub: p.sub, role: p.role };
}

async function authenticate(pool: Pool, header: string | undefined): Promise<Caller> {
  const payload = verifyToken(header);
  const { rows } = await pool.query<{ id: string; role: string; verified: boolean; regions: string[] }>(
    `SELECT u.id, u.role, u.email_verified_at IS NOT NULL AS verified,
            COALESCE(array_agg(cr.region_id) FILTER (WHERE cr.region_id IS NOT NULL), '{}') AS regions
       FROM users u LEFT JOIN coordinator_regions cr ON cr.user_id = u.id
      WHERE u.id = $1 AND u.erased_at IS NULL
      GROUP BY u.id`,
    [payload.sub],
  );
  const row = rows[0];
  if (!row || row.role !== payload.role) throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  return { id: row.id, role: row.role, emailVerified: row.verified, regionIds: row.regions };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = [
  'suggested',
  'awaiting_consent',
  'introduced',
  'closed',
  'rejected',
  'declined',
  'expired',
  'withdrawn',
];

/** The coordinator's match list, as MatchesService.list runs it for a coordinator. */
async function listMatches(pool: Pool, user: Caller, q: Query, lang?: string): Promise<unknown> {
  if (user.role !== 'coordinator') throw new HttpError(403, 'AUTH.FORBIDDEN');
  const page = Number(q.page ?? 1);
  const pageSize = Number(q.pageSize ?? 20);
  const sort = q.sort ?? 'fit';
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new HttpError(400, 'VALIDATION.FAILED');
  if (
    (q.regionId && !UUID.test(q.regionId)) ||
    (q.status && !STATUSES.includes(q.status)) ||
    !['fit', 'urgency'].includes(sort)
  )
    throw new HttpError(400, 'VALIDATION.FAILED');
  const params: unknown[] = [user.regionIds];
  const where = ['m.region_id = ANY($1::uuid[])'];
  if (q.regionId) {
    if (!user.regionIds.includes(q.regionId)) throw new HttpError(404, 'REGION.NOT_FOUND');
    params.push(q.regionId);
    where.push(`m.region_id = $${params.length}`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`m.status = $${params.length}`);
  }
  const order =
    sort === 'urgency' ? 'm.urgency DESC, m.score DESC, m.id' : 'm.score DESC, m.urgency DESC, m.id';
  params.push(pageSize, (page - 1) * pageSize);
  // The page is chosen on `matches` alone, then only its rows are joined and rendered (as the API does).
  const { rows: ids } = await pool.query<{ id: string; total: string }>(
    `SELECT m.id, count(*) OVER () AS total FROM matches m WHERE ${where.join(' AND ')}
      ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const { rows: detail } = ids.length
    ? await pool.query<MatchRow>(`${MATCH_SELECT} WHERE m.id = ANY($1::uuid[])`, [ids.map((r) => r.id)])
    : { rows: [] as MatchRow[] };
  const byId = new Map(detail.map((r) => [r.id, r]));
  const rows = ids.map((r) => byId.get(r.id)).filter((r): r is MatchRow => r !== undefined);
  const explainable = rows.map((r) => ({
    starterProfileId: r.starter.profileId,
    partnerProfileId: r.partner?.profileId ?? null,
    practiceId: r.practice.id,
    breakdown: r.breakdown,
  }));
  await explainBreakdowns(pgManager(pool), explainable);
  explainable.forEach((e, i) => (rows[i].breakdown = e.breakdown));
  const locale = lang?.toLowerCase().startsWith('en') ? 'en' : 'nl';
  const viewer = {
    id: user.id,
    role: 'coordinator' as const,
    emailVerified: user.emailVerified,
    regionIds: user.regionIds,
  };
  return {
    items: rows.map((r) => presentMatch(r, viewer, locale)),
    total: ids[0] ? Number(ids[0].total) : 0,
    page,
    pageSize,
  };
}

interface ProfileRow {
  id: string;
  career_stage: string;
  home_postcode: string;
  home_region_id: string;
  max_travel_km: number;
  preferred_region_ids: string[];
  days_per_week_min: string;
  days_per_week_max: string;
  practice_forms: string[];
  roles: string[];
  available_from: string;
  transition_months_wanted: number;
  setting: string;
  dispensing_ok: boolean;
  anw_hours_per_month_max: number | null;
  wants_training_practice: boolean;
  training_region_id: string | null;
  looking_for_duo_partner: boolean;
  partner_needs_work: boolean;
  about: string;
  active: boolean;
  alerts_enabled: boolean;
  alerts_min_score: number;
  created_at: Date;
  updated_at: Date;
}

async function putProfile(pool: Pool, queue: Queue, user: Caller, raw: unknown): Promise<unknown> {
  if (user.role !== 'starter') throw new HttpError(403, 'AUTH.FORBIDDEN');
  const dto = validateProfileBody(raw);
  if (!dto) throw new HttpError(400, 'VALIDATION.FAILED');
  if (dto.active && !user.emailVerified) throw new HttpError(403, 'AUTH.EMAIL_NOT_VERIFIED');
  if (dto.daysPerWeekMin > dto.daysPerWeekMax) throw new HttpError(400, 'VALIDATION.FAILED');
  const client = await pool.connect();
  let saved: ProfileRow;
  let place: string;
  try {
    await client.query('BEGIN');
    const places = await client.query<{ place: string; region_id: string | null }>(
      `SELECT postcode, place, municipality, province, latitude, longitude,
              region_for_pc4(pc4) AS region_id, is_krimp_pc4(pc4) AS krimp
         FROM places WHERE postcode = $1`,
      [dto.homePostcode],
    );
    const home = places.rows[0];
    if (!home?.region_id) throw new HttpError(400, 'PLACE.UNKNOWN_POSTCODE');
    place = home.place;
    const wanted = [...dto.preferredRegionIds, ...(dto.trainingRegionId ? [dto.trainingRegionId] : [])];
    if (wanted.length) {
      const known = await client.query<{ id: string }>(`SELECT id FROM regions WHERE id = ANY($1::uuid[])`, [
        wanted,
      ]);
      if (known.rows.length !== new Set(wanted).size) throw new HttpError(400, 'VALIDATION.FAILED');
    }
    const existing = await client.query<{ id: string }>(
      `SELECT * FROM starter_profiles WHERE user_id = $1 LIMIT 1 FOR UPDATE`,
      [user.id],
    );
    if (!existing.rows[0]) throw new HttpError(404, 'PROFILE.NOT_FOUND');
    const updated = await client.query<ProfileRow>(
      `UPDATE starter_profiles SET career_stage = $2, home_postcode = $3, home_region_id = $4, max_travel_km = $5,
              preferred_region_ids = $6, days_per_week_min = $7, days_per_week_max = $8, practice_forms = $9,
              roles = $10, available_from = $11, transition_months_wanted = $12, setting = $13, dispensing_ok = $14,
              anw_hours_per_month_max = $15, wants_training_practice = $16, training_region_id = $17,
              looking_for_duo_partner = $18, partner_needs_work = $19, about = $20, active = $21,
              alerts_enabled = $22, alerts_min_score = $23, last_confirmed_at = now(), updated_at = now()
        WHERE id = $1
        RETURNING *, to_char(available_from, 'YYYY-MM-DD') AS available_from`,
      [
        existing.rows[0].id,
        dto.careerStage,
        dto.homePostcode,
        home.region_id,
        dto.maxTravelKm,
        dto.preferredRegionIds,
        dto.daysPerWeekMin,
        dto.daysPerWeekMax,
        dto.practiceForms,
        dto.roles,
        dto.availableFrom,
        dto.transitionMonthsWanted,
        dto.setting,
        dto.dispensingOk,
        dto.anwHoursPerMonthMax,
        dto.wantsTrainingPractice,
        dto.trainingRegionId,
        dto.lookingForDuoPartner,
        dto.partnerNeedsWork,
        dto.about,
        dto.active,
        dto.alerts.enabled,
        dto.alerts.minScore,
      ],
    );
    saved = updated.rows[0];
    await client.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, note, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        user.id,
        'starter_profile.replaced',
        'starter_profile',
        saved.id,
        null,
        JSON.stringify({ active: saved.active, homeRegionId: saved.home_region_id }),
      ],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await queue.add(
    'rescore-starter',
    { starterProfileId: saved.id },
    { jobId: `rescore-starter-${saved.id}` },
  );
  return {
    id: saved.id,
    careerStage: saved.career_stage,
    homePostcode: saved.home_postcode,
    homePlace: place,
    homeRegionId: saved.home_region_id,
    maxTravelKm: saved.max_travel_km,
    preferredRegionIds: saved.preferred_region_ids,
    daysPerWeekMin: Number(saved.days_per_week_min),
    daysPerWeekMax: Number(saved.days_per_week_max),
    practiceForms: saved.practice_forms,
    roles: saved.roles,
    availableFrom: saved.available_from,
    transitionMonthsWanted: saved.transition_months_wanted,
    setting: saved.setting,
    dispensingOk: saved.dispensing_ok,
    anwHoursPerMonthMax: saved.anw_hours_per_month_max,
    wantsTrainingPractice: saved.wants_training_practice,
    trainingRegionId: saved.training_region_id,
    lookingForDuoPartner: saved.looking_for_duo_partner,
    partnerNeedsWork: saved.partner_needs_work,
    about: saved.about,
    active: saved.active,
    alerts: { enabled: saved.alerts_enabled, minScore: saved.alerts_min_score },
    createdAt: saved.created_at.toISOString(),
    updatedAt: saved.updated_at.toISOString(),
  };
}

async function login(pool: Pool, raw: unknown): Promise<unknown> {
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const { email, password } = body;
  if (Object.keys(body).some((k) => k !== 'email' && k !== 'password'))
    throw new HttpError(400, 'VALIDATION.FAILED');
  if (
    typeof email !== 'string' ||
    email.length > 254 ||
    typeof password !== 'string' ||
    password.length > 200
  )
    throw new HttpError(400, 'VALIDATION.FAILED');
  const { rows } = await pool.query<{ id: string; role: string; password_hash: string | null }>(
    `SELECT id, role, password_hash FROM users WHERE lower(email) = lower($1) AND erased_at IS NULL LIMIT 1`,
    [email],
  );
  const user = rows[0];
  if (!user?.password_hash || !(await argon2.verify(user.password_hash, password)))
    throw new HttpError(401, 'AUTH.UNAUTHORIZED');
  const accessToken = signAccessToken(user.id, user.role, BENCH_JWT_SECRET, ACCESS_TTL_S);
  const refreshToken = randomBytes(32).toString('base64url');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [
        user.id,
        randomUUID(),
        createHash('sha256').update(refreshToken).digest('hex'),
        new Date(Date.now() + REFRESH_TTL_DAYS * 86400_000),
      ],
    );
    await client.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, note, details) VALUES ($1, 'auth.login', 'user', $2, NULL, '{}')`,
      [user.id, user.id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  return { accessToken, refreshToken, expiresIn: ACCESS_TTL_S };
}

export async function startBareLoadServer(
  databaseUrl: string,
  redisUrl: string,
  queuePrefix: string,
  poolSize = 20,
): Promise<BareServer> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    application_name: 'praktijkmatch-bench-bare',
  });
  const redis = new URL(redisUrl);
  const queue = new Queue('matching', {
    prefix: queuePrefix,
    connection: {
      host: redis.hostname,
      port: Number(redis.port || 6379),
      db: Number(redis.pathname.slice(1) || 0),
    },
  });
  const app: FastifyInstance = Fastify({ logger: false });
  app.setErrorHandler((err: unknown, _req, reply: FastifyReply) => {
    const status = err instanceof HttpError ? err.statusCode : 500;
    void reply
      .status(status)
      .send({ statusCode: status, code: err instanceof HttpError ? err.code : 'INTERNAL' });
  });
  app.get('/api/matches', async (req) =>
    listMatches(
      pool,
      await authenticate(pool, req.headers.authorization),
      req.query as Query,
      req.headers['accept-language'],
    ),
  );
  app.put('/api/starter-profile', async (req) =>
    putProfile(pool, queue, await authenticate(pool, req.headers.authorization), req.body),
  );
  app.post('/api/auth/login', async (req) => login(pool, req.body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await queue.close();
      await pool.end();
    },
  };
}
