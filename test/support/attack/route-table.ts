import { AttackWorld, RoleName, ROLES } from './world';

/**
 * Route × role matrix. Every operation in the OpenAPI document must have a row here, so a new route without
 * a decided access policy fails the suite. The starter and stopper callers own nothing in region A, so
 * object routes answer them 404 (ownership), the coordinator of region B gets 404 (no existence oracle).
 */
export type Expect = Record<RoleName, number[]>;
export interface Row {
  /** Fills the path parameters and query string from the world. */
  url?: (w: AttackWorld) => string;
  body?: (w: AttackWorld) => unknown;
  expect: Expect;
  /** Destructive for the caller (erasure): each role is played by a fresh account of the same kind. */
  freshCallers?: boolean;
}

const OK = [200, 201, 204];
const ok = (...extra: number[]): number[] => [...OK, ...extra];
const TOKEN_REJECTED = [400, 404, 410];

function everyone(statuses: number[]): Expect {
  return Object.fromEntries(ROLES.map((r) => [r, statuses])) as Expect;
}

/**
 * A protected route: anonymous 401, roles outside `permitted` 403. Permitted roles get `allowed`, except
 * `crossRegion` for the coordinator of region B and `stranger` for a starter/stopper who owns nothing here.
 */
function guarded(
  permitted: Array<'starter' | 'stopper' | 'coordinator' | 'admin'>,
  allowed: number[],
  opts: { crossRegion?: number[]; stranger?: number[] } = {},
): Expect {
  const may = (r: 'starter' | 'stopper' | 'coordinator' | 'admin'): boolean => permitted.includes(r);
  return {
    anonymous: [401],
    starter: may('starter') ? (opts.stranger ?? allowed) : [403],
    stopper: may('stopper') ? (opts.stranger ?? allowed) : [403],
    coordinatorA: may('coordinator') ? allowed : [403],
    coordinatorB: may('coordinator') ? (opts.crossRegion ?? allowed) : [403],
    admin: may('admin') ? allowed : [403],
  };
}
const ALL: Array<'starter' | 'stopper' | 'coordinator' | 'admin'> = [
  'starter',
  'stopper',
  'coordinator',
  'admin',
];
const NOT_HERE = { crossRegion: [404], stranger: [404] };
const inFuture = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

export const TABLE: Record<string, Row> = {
  'GET /api/health': { expect: everyone([200]) },
  'GET /api/health/ready': { expect: everyone([200]) },
  // METRICS_TOKEN is not configured in the matrix: the route does not exist for anyone.
  'GET /api/metrics': { expect: everyone([404]) },
  'POST /api/auth/register': { body: () => ({}), expect: everyone([400]) },
  'POST /api/auth/verify-email': {
    body: () => ({ token: 'unknown-token' }),
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/auth/login': {
    body: () => ({ email: 'nobody@example.test', password: 'wrong-password-1' }),
    expect: everyone([401]),
  },
  'POST /api/auth/refresh': { body: () => ({ refreshToken: 'unknown-token' }), expect: everyone([401]) },
  'POST /api/auth/logout': {
    body: () => ({ refreshToken: 'unknown-token' }),
    expect: everyone([200, 204, 401]),
  },
  'POST /api/auth/forgot-password': {
    body: () => ({ email: 'nobody@example.test' }),
    expect: everyone([200, 202, 204]),
  },
  'POST /api/auth/reset-password': {
    body: () => ({ token: 'unknown-token', password: 'another-long-password' }),
    expect: everyone(TOKEN_REJECTED),
  },
  'GET /api/me': { expect: guarded(ALL, [200]) },
  'GET /api/me/export': { expect: guarded(ALL, [200]) },
  'GET /api/me/consents': { expect: guarded(ALL, [200]) },
  'POST /api/me/consents': {
    body: () => ({ purpose: 'event_mail', granted: false }),
    expect: guarded(ALL, [201]),
  },
  // 409 PRIVACY.LAST_ADMIN would be allowed for an admin; the world holds two admins, so 204.
  'DELETE /api/me': { freshCallers: true, expect: guarded(ALL, [204]) },
  'PATCH /api/me': { body: () => ({ displayName: 'Attack Test' }), expect: guarded(ALL, [200]) },
  'GET /api/places/{pc4}': { url: () => '/api/places/9401', expect: everyone([200]) },
  'GET /api/starter-profile': { expect: guarded(['starter'], [200]) },
  // An empty body: a permitted caller gets 400, nobody's profile changes.
  'PUT /api/starter-profile': { body: () => ({}), expect: guarded(['starter'], [400]) },
  'POST /api/practices': { body: () => ({}), expect: guarded(['stopper'], [400]) },
  'GET /api/practices': { expect: guarded(['stopper', 'coordinator', 'admin'], [200]) },
  'GET /api/practices/{id}': {
    url: (w) => `/api/practices/${w.practiceId}`,
    expect: guarded(['stopper', 'coordinator', 'admin'], [200], NOT_HERE),
  },
  'PATCH /api/practices/{id}': {
    url: (w) => `/api/practices/${w.practiceId}`,
    body: () => ({ description: 'Bijgewerkt door de coördinator.' }),
    expect: guarded(['stopper', 'coordinator'], [200], NOT_HERE),
  },
  'DELETE /api/practices/{id}': {
    url: (w) => `/api/practices/${w.practiceId}`,
    expect: guarded(['stopper'], ok(409), NOT_HERE),
  },
  'POST /api/practices/{id}/publish': {
    url: (w) => `/api/practices/${w.practiceId}/publish`,
    expect: guarded(['stopper'], ok(409), NOT_HERE),
  },
  'POST /api/practices/{id}/withdraw': {
    url: (w) => `/api/practices/${w.practiceId}/withdraw`,
    expect: guarded(['stopper'], ok(409), NOT_HERE),
  },
  'GET /api/vacancies': { expect: everyone([200]) },
  'GET /api/vacancies/{id}': { url: (w) => `/api/vacancies/${w.practiceId}`, expect: everyone([200]) },
  'GET /api/matches': { expect: guarded(['starter', 'stopper', 'coordinator'], [200]) },
  'GET /api/starter-profiles': { expect: guarded(['coordinator'], [200]) },
  'GET /api/starter-profiles/{id}': {
    url: (w) => `/api/starter-profiles/${w.starterProfileId}`,
    expect: guarded(['coordinator'], [200], { crossRegion: [404] }),
  },
  'POST /api/matches': {
    body: (w) => ({ starterProfileId: w.starterProfileId, practiceId: w.practiceId }),
    // The pair already has a live match: 409 for the coordinator who may propose it.
    expect: guarded(['coordinator'], ok(409), NOT_HERE),
  },
  'GET /api/matches/{id}': {
    url: (w) => `/api/matches/${w.matchId}`,
    expect: guarded(['starter', 'stopper', 'coordinator'], [200], NOT_HERE),
  },
  'GET /api/admin/scoring-weights': { expect: guarded(['admin'], [200]) },
  'GET /api/admin/scoring-weights/versions': { expect: guarded(['admin'], [200]) },
  'GET /api/admin/rescore/{jobId}': {
    url: () => '/api/admin/rescore/rescore-all-admin-1',
    expect: guarded(['admin'], [404]),
  },
  'PUT /api/admin/scoring-weights': { body: () => ({}), expect: guarded(['admin'], [400]) },
  'POST /api/admin/rescore': { expect: guarded(['admin'], ok(202)) },
  'POST /api/admin/queue-dashboard/ticket': { expect: guarded(['admin'], [200]) },
  'GET /api/admin/matching-settings': { expect: guarded(['admin'], [200]) },
  'PUT /api/admin/matching-settings': { body: () => ({}), expect: guarded(['admin'], [400]) },
  'GET /api/regions': { expect: everyone([200]) },
  'GET /api/regions/{id}': { url: (w) => `/api/regions/${w.regionA}`, expect: everyone([200]) },
  'POST /api/admin/regions': { body: () => ({}), expect: guarded(['admin'], [400]) },
  'GET /api/admin/regions/{id}': {
    url: (w) => `/api/admin/regions/${w.regionA}`,
    expect: guarded(['admin'], [200]),
  },
  'GET /api/admin/places': {
    url: () => '/api/admin/places?from=1740&to=1799',
    expect: guarded(['admin'], [200]),
  },
  'PATCH /api/admin/regions/{id}': {
    url: (w) => `/api/admin/regions/${w.regionA}`,
    body: () => ({}),
    expect: guarded(['admin'], [200]),
  },
  'GET /api/admin/krimp-ranges': { expect: guarded(['admin'], [200]) },
  // An invalid item: never wipes the reference table.
  'PUT /api/admin/krimp-ranges': { body: () => [{}], expect: guarded(['admin'], [400]) },
  'POST /api/admin/coordinators': { body: () => ({}), expect: guarded(['admin'], [400]) },
  'GET /api/admin/coordinators': { expect: guarded(['admin'], [200]) },
  'PUT /api/admin/coordinators/{id}/regions': {
    url: (w) => `/api/admin/coordinators/${w.coordinatorId}/regions`,
    body: (w) => ({ regionIds: [w.regionA] }),
    expect: guarded(['admin'], [200, 204]),
  },
  'GET /api/admin/audit': { expect: guarded(['admin'], [200]) },
  'GET /api/regions/{id}/stats': {
    url: (w) => `/api/regions/${w.regionA}/stats`,
    expect: guarded(['coordinator', 'admin'], [200], NOT_HERE),
  },
  'GET /api/regions/{id}/stats.csv': {
    url: (w) => `/api/regions/${w.regionA}/stats.csv`,
    expect: guarded(['coordinator', 'admin'], [200], NOT_HERE),
  },
  'GET /api/regions/{id}/plan': {
    url: (w) => `/api/regions/${w.regionA}/plan`,
    expect: guarded(['coordinator', 'admin'], [200], NOT_HERE),
  },
  'GET /api/regions/{id}/at-risk-practices': {
    url: (w) => `/api/regions/${w.regionA}/at-risk-practices`,
    expect: guarded(['coordinator', 'admin'], [200], NOT_HERE),
  },
  'PATCH /api/events/{id}': {
    url: (w) => `/api/events/${w.eventId}`,
    body: () => ({ location: 'Emmen' }),
    expect: guarded(['coordinator', 'admin'], ok(409), NOT_HERE),
  },
  'GET /api/events/{id}/rsvps': {
    url: (w) => `/api/events/${w.eventId}/rsvps`,
    expect: guarded(['coordinator', 'admin'], [200], NOT_HERE),
  },
  'GET /api/admin/stats': { expect: guarded(['admin'], [200]) },
  'GET /api/admin/stats.csv': { expect: guarded(['admin'], [200]) },
  'POST /api/events': {
    body: (w) => ({
      regionId: w.regionA,
      title: 'Matrix-avond',
      startsAt: inFuture(40),
      location: 'Assen',
      capacity: 10,
      description: 'Kennismaken.',
    }),
    expect: guarded(['coordinator', 'admin'], [201], NOT_HERE),
  },
  'GET /api/events': { expect: everyone([200]) },
  'GET /api/events/{id}': { url: (w) => `/api/events/${w.eventId}`, expect: everyone([200]) },
  'POST /api/events/{id}/rsvp': {
    url: (w) => `/api/events/${w.eventId}/rsvp`,
    expect: guarded(['starter', 'stopper'], ok(409)),
  },
  'DELETE /api/events/{id}/rsvp': {
    url: (w) => `/api/events/${w.eventId}/rsvp`,
    expect: guarded(['starter', 'stopper'], ok(404, 409)),
  },
  'POST /api/events/{id}/cancel': {
    url: (w) => `/api/events/${w.eventId}/cancel`,
    expect: guarded(['coordinator', 'admin'], ok(409), NOT_HERE),
  },
  'GET /api/unsubscribe': {
    url: () => '/api/unsubscribe?token=unknown-token',
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/unsubscribe': {
    url: () => '/api/unsubscribe?token=unknown-token',
    body: () => ({}),
    expect: everyone(TOKEN_REJECTED),
  },
  'GET /api/still-looking': {
    url: () => '/api/still-looking?token=unknown-token',
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/still-looking': { body: () => ({ token: 'unknown-token' }), expect: everyone(TOKEN_REJECTED) },
  'GET /api/follow-ups/answer': {
    url: () => '/api/follow-ups/answer?token=unknown-token&answer=no_fit',
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/follow-ups/answer': {
    body: () => ({ token: 'unknown-token', answer: 'no_fit' }),
    expect: everyone(TOKEN_REJECTED),
  },
  'GET /api/matches/consent': {
    url: () => '/api/matches/consent?token=unknown-token',
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/matches/consent': {
    body: () => ({ token: 'unknown-token', accept: true }),
    expect: everyone(TOKEN_REJECTED),
  },
  'POST /api/matches/{id}/approve': {
    url: (w) => `/api/matches/${w.matchId}/approve`,
    body: () => ({}),
    expect: guarded(['coordinator'], ok(409), NOT_HERE),
  },
  'POST /api/matches/{id}/reject': {
    url: (w) => `/api/matches/${w.matchId}/reject`,
    body: () => ({ note: 'Past niet.' }),
    expect: guarded(['coordinator'], ok(409), NOT_HERE),
  },
  'POST /api/matches/{id}/respond': {
    url: (w) => `/api/matches/${w.matchId}/respond`,
    body: () => ({ accept: true }),
    // Coordinators pass the role gate but are no party: MATCH.NOT_A_PARTY (403 is no oracle in their region).
    expect: { ...guarded(['starter', 'stopper', 'coordinator'], ok(409), NOT_HERE), coordinatorA: [403] },
  },
  'POST /api/matches/{id}/outcome': {
    url: (w) => `/api/matches/${w.matchId}/outcome`,
    body: () => ({ outcome: 'withdrawn' }),
    expect: guarded(['coordinator'], ok(409), NOT_HERE),
  },
  // The matrix starter has a profile and the practice is published: 201, or 200 once the pair is asked for.
  'POST /api/vacancies/{id}/interest': {
    url: (w) => `/api/vacancies/${w.practiceId}/interest`,
    expect: guarded(['starter'], [200, 201]),
  },
  'GET /api/admin/outbox': { expect: guarded(['admin'], [200]) },
  'POST /api/admin/outbox/{id}/retry': {
    url: (w) => `/api/admin/outbox/${w.outboxId}/retry`,
    expect: guarded(['admin'], ok(409)),
  },
};

/** The first role the table lets through the guard of a route (for attacks that need to reach validation). */
export function permittedRole(key: string): RoleName | undefined {
  const row = TABLE[key];
  return (['coordinatorA', 'admin', 'stopper', 'starter'] as RoleName[]).find(
    (r) => row && !row.expect[r].some((s) => s === 401 || s === 403),
  );
}
