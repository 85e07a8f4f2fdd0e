import { EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../core/errors/domain-error';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { canSeeRegion } from '../auth/access';
import { MATCH_SELECT, MatchRow } from '../matching/match-view';
import type { Locale } from '../mail/outbox-message.entity';

export type PartyRole = 'starter' | 'partner' | 'stopper';

/** Someone a match concerns, with what an introduction shares (never put in a mail before it). */
export interface Party {
  role: PartyRole;
  userId: string;
  name: string;
  email: string;
  phone: string | null;
  locale: Locale;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const matchNotFound = (): DomainError => notFound('MATCH.NOT_FOUND', 'Match');

export interface Transition {
  matchId: string;
  from: string | null;
  to: string;
  actorId: string | null;
  note?: string | null;
  /** Audit action, `match.<verb>`. */
  action: string;
  details?: Record<string, unknown>;
}

/** Every transition goes to match_events and the audit log, in the transaction that made it (DESIGN.md). */
export async function recordTransition(m: EntityManager, audit: AuditService, t: Transition): Promise<void> {
  await m.query(
    `INSERT INTO match_events (match_id, from_status, to_status, actor_id, note) VALUES ($1, $2, $3, $4, $5)`,
    [t.matchId, t.from, t.to, t.actorId, t.note ?? null],
  );
  await audit.record(m, {
    actorId: t.actorId,
    action: t.action,
    targetType: 'match',
    targetId: t.matchId,
    note: t.note ?? null,
    details: { from: t.from, to: t.to, ...t.details },
  });
}

/**
 * The match's region for a coordinator's write: 404 for an unknown id and for another region's match
 * (no existence oracle).
 */
export async function assertCoordinatorMatch(m: EntityManager, user: AuthUser, id: string): Promise<void> {
  if (!UUID.test(id)) throw matchNotFound();
  const rows = await m.query<Array<{ region_id: string }>>(`SELECT region_id FROM matches WHERE id = $1`, [
    id,
  ]);
  if (!rows[0] || !canSeeRegion(user, rows[0].region_id)) throw matchNotFound();
}

export async function loadMatchRow(m: EntityManager, id: string): Promise<MatchRow> {
  const rows = await m.query<MatchRow[]>(`${MATCH_SELECT} WHERE m.id = $1`, [id]);
  if (!rows[0]) throw matchNotFound();
  return rows[0];
}

/** The starter, the duo partner if any, and the practice holder, with their mail locale. */
export async function partiesOf(m: EntityManager, row: MatchRow): Promise<Party[]> {
  const parties: Array<Omit<Party, 'locale'>> = [
    {
      role: 'starter',
      userId: row.starter.userId,
      name: row.starter.displayName,
      email: row.starter.email,
      phone: row.starter.phone,
    },
  ];
  if (row.partner) {
    parties.push({
      role: 'partner',
      userId: row.partner.userId,
      name: row.partner.displayName,
      email: row.partner.email,
      phone: row.partner.phone,
    });
  }
  parties.push({
    role: 'stopper',
    userId: row.practice.ownerId,
    name: row.practice.ownerName,
    email: row.practice.ownerEmail,
    phone: row.practice.ownerPhone,
  });
  const locales = await m.query<Array<{ id: string; locale: Locale }>>(
    `SELECT id, locale FROM users WHERE id = ANY($1::uuid[])`,
    [parties.map((p) => p.userId)],
  );
  const localeOf = new Map(locales.map((l) => [l.id, l.locale]));
  return parties.map((p) => ({ ...p, locale: localeOf.get(p.userId) ?? 'nl' }));
}

/** Addresses of the region's coordinators: they are copied on the introduction. */
export async function coordinatorEmails(m: EntityManager, regionId: string): Promise<string[]> {
  const rows = await m.query<Array<{ email: string }>>(
    `SELECT u.email FROM users u JOIN coordinator_regions cr ON cr.user_id = u.id
      WHERE cr.region_id = $1 AND u.role = 'coordinator' AND u.erased_at IS NULL ORDER BY u.email`,
    [regionId],
  );
  return rows.map((r) => r.email);
}
