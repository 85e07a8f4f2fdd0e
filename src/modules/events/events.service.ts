import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, notFound } from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { AuditService } from '../audit/audit.service';
import { assertRegion } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { MailService } from '../mail/mail.service';
import { Locale } from '../mail/outbox-message.entity';
import { TemplateName } from '../mail/templates';
import { MailPreferencesService, notOptedOut } from '../outreach/mail-preferences.service';
import { isUuid } from '../regions/regions.service';
import { CreatedEventDto, CreateEventDto, EventDto, ListEventsQuery, RsvpDto, RsvpStatus } from './event.dto';

const eventNotFound = (): DomainError => notFound('EVENT.NOT_FOUND', 'Event');

export interface EventRow {
  id: string;
  region_id: string;
  title: string;
  starts_at: Date;
  location: string;
  capacity: number;
  description: string;
  status: 'scheduled' | 'cancelled';
  attending: number;
  waitlisted: number;
}

interface Recipient {
  id: string;
  email: string;
  locale: Locale;
  display_name: string;
}

const EVENT_SQL = `
  SELECT e.id, e.region_id, e.title, e.starts_at, e.location, e.capacity, e.description, e.status,
         (SELECT count(*)::int FROM event_rsvps r WHERE r.event_id = e.id AND r.status = 'attending') AS attending,
         (SELECT count(*)::int FROM event_rsvps r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted
    FROM events e`;

/**
 * Regional meetings of starters and stoppers. Capacity holds under concurrency because every RSVP change
 * locks the event row first (SELECT ... FOR UPDATE): RSVPs of one event are serialised, the count they
 * read is the count they write against, and a freed place goes to the first on the waiting list.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly preferences: MailPreferencesService,
    private readonly audit: AuditService,
  ) {}

  async create(user: AuthUser, dto: CreateEventDto): Promise<CreatedEventDto> {
    assertRegion(user, dto.regionId, 'REGION.NOT_FOUND', 'Region');
    return this.dataSource.transaction(async (m) => {
      const region = await m.query<Array<{ name: string }>>(`SELECT name FROM regions WHERE id = $1`, [
        dto.regionId,
      ]);
      if (!region[0]) throw notFound('REGION.NOT_FOUND', 'Region');
      const [{ id }] = await m.query<Array<{ id: string }>>(
        `INSERT INTO events (region_id, title, starts_at, location, capacity, description, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          dto.regionId,
          dto.title,
          new Date(dto.startsAt),
          dto.location,
          dto.capacity,
          dto.description,
          user.id,
        ],
      );
      const event = await this.load(m, id);
      const invited = await this.invite(m, event, region[0].name);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'event.created',
        targetType: 'event',
        targetId: id,
        details: { regionId: dto.regionId, capacity: dto.capacity, invited },
      });
      return { ...toView(event), invited };
    });
  }

  /** Starters living in the region (active profile) and stoppers with a practice there, unless opted out. */
  private async invite(m: EntityManager, event: EventRow, regionName: string): Promise<number> {
    const recipients = await m.query<Recipient[]>(
      `SELECT u.id, u.email, u.locale, u.display_name FROM users u
        WHERE u.erased_at IS NULL AND u.email_verified_at IS NOT NULL
          AND ((u.role = 'starter' AND EXISTS (SELECT 1 FROM starter_profiles sp
                                               WHERE sp.user_id = u.id AND sp.home_region_id = $1 AND sp.active))
            OR (u.role = 'stopper' AND EXISTS (SELECT 1 FROM practices p
                                               WHERE p.owner_id = u.id AND p.region_id = $1
                                                 AND p.status IN ('draft', 'published', 'in_talks'))))
          AND ${notOptedOut('u.id', `'events'`)}
        ORDER BY u.id`,
      [event.region_id],
    );
    const tokens = await this.preferences.issueUnsubscribeTokens(
      m,
      recipients.map((r) => r.id),
      'events',
    );
    await this.mail.queueMany(
      m,
      recipients.map((r) => ({
        to: r.email,
        template: 'event-invitation',
        locale: r.locale,
        userId: r.id,
        data: {
          ...mailFacts(event, r),
          regionName,
          description: event.description || '-',
          capacity: event.capacity,
          eventId: event.id,
          unsubscribeToken: tokens.get(r.id),
        },
      })),
    );
    return recipients.length;
  }

  async list(query: ListEventsQuery, now = new Date()): Promise<Page<EventDto>> {
    const where = `e.status = 'scheduled' AND e.starts_at >= $1 AND ($2::uuid IS NULL OR e.region_id = $2)`;
    const params = [now, query.regionId ?? null];
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM events e WHERE ${where}`,
      params,
    );
    const rows = await this.dataSource.query<EventRow[]>(
      `${EVENT_SQL} WHERE ${where} ORDER BY e.starts_at, e.id LIMIT $3 OFFSET $4`,
      [...params, query.pageSize, pageOffset(query)],
    );
    return toPage(rows.map(toView), total, query);
  }

  async get(id: string): Promise<EventDto> {
    return toView(await this.load(this.dataSource.manager, id));
  }

  async rsvp(user: AuthUser, id: string, now = new Date()): Promise<RsvpDto> {
    return this.dataSource.transaction(async (m) => {
      const event = await this.lock(m, id);
      const existing = await m.query<Array<{ status: RsvpStatus }>>(
        `SELECT status FROM event_rsvps WHERE event_id = $1 AND user_id = $2`,
        [id, user.id],
      );
      if (existing[0]) return { status: existing[0].status };
      if (event.status !== 'scheduled' || event.starts_at <= now)
        throw conflict('EVENT.CLOSED', 'This event is cancelled or has already started');
      const status: RsvpStatus = event.attending < event.capacity ? 'attending' : 'waitlisted';
      await m.query(`INSERT INTO event_rsvps (event_id, user_id, status) VALUES ($1, $2, $3)`, [
        id,
        user.id,
        status,
      ]);
      return { status };
    });
  }

  /** Withdraws the caller's RSVP; a freed place goes to the first on the waiting list, who is told by mail. */
  async cancelRsvp(user: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const event = await this.lock(m, id);
      const removed = await m.query<[Array<{ status: RsvpStatus }>, number]>(
        `DELETE FROM event_rsvps WHERE event_id = $1 AND user_id = $2 RETURNING status`,
        [id, user.id],
      );
      const was = removed[0][0];
      if (!was) throw notFound('EVENT.RSVP_NOT_FOUND', 'RSVP');
      if (was.status !== 'attending' || event.status !== 'scheduled') return;
      const promoted = await m.query<[Array<{ user_id: string }>, number]>(
        `UPDATE event_rsvps SET status = 'attending'
          WHERE event_id = $1 AND user_id = (
            SELECT user_id FROM event_rsvps WHERE event_id = $1 AND status = 'waitlisted'
             ORDER BY created_at, user_id LIMIT 1)
          RETURNING user_id`,
        [id],
      );
      const next = promoted[0][0];
      if (next) await this.mailRsvps(m, event, 'event-place-available', [next.user_id]);
    });
  }

  async cancel(user: AuthUser, id: string): Promise<EventDto> {
    return this.dataSource.transaction(async (m) => {
      const event = await this.lock(m, id);
      assertRegion(user, event.region_id, 'EVENT.NOT_FOUND', 'Event');
      if (event.status === 'cancelled') return toView(event);
      await m.query(
        `UPDATE events SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`,
        [id],
      );
      const people = await m.query<Array<{ user_id: string }>>(
        `SELECT user_id FROM event_rsvps WHERE event_id = $1 ORDER BY created_at`,
        [id],
      );
      await this.mailRsvps(
        m,
        event,
        'event-cancelled',
        people.map((p) => p.user_id),
      );
      await this.audit.record(m, {
        actorId: user.id,
        action: 'event.cancelled',
        targetType: 'event',
        targetId: id,
        details: { notified: people.length },
      });
      return toView({ ...event, status: 'cancelled' });
    });
  }

  async mailRsvps(
    m: EntityManager,
    event: EventRow,
    template: TemplateName,
    userIds: string[],
  ): Promise<void> {
    if (!userIds.length) return;
    const recipients = await m.query<Recipient[]>(
      `SELECT id, email, locale, display_name FROM users WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
      [userIds],
    );
    await this.mail.queueMany(
      m,
      recipients.map((r) => ({
        to: r.email,
        template,
        locale: r.locale,
        userId: r.id,
        data: mailFacts(event, r),
      })),
    );
  }

  private async load(m: EntityManager, id: string): Promise<EventRow> {
    if (!isUuid(id)) throw eventNotFound();
    const rows = await m.query<EventRow[]>(`${EVENT_SQL} WHERE e.id = $1`, [id]);
    if (!rows[0]) throw eventNotFound();
    return rows[0];
  }

  /** Locks the event row: every change to its RSVPs goes through here, one at a time. */
  async lock(m: EntityManager, id: string): Promise<EventRow> {
    if (!isUuid(id)) throw eventNotFound();
    const locked = await m.query<unknown[]>(`SELECT id FROM events WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked.length) throw eventNotFound();
    return this.load(m, id);
  }
}

function toView(e: EventRow): EventDto {
  return {
    id: e.id,
    regionId: e.region_id,
    title: e.title,
    startsAt: e.starts_at.toISOString(),
    location: e.location,
    capacity: e.capacity,
    description: e.description,
    status: e.status,
    attending: e.attending,
    waitlisted: e.waitlisted,
    placesLeft: Math.max(0, e.capacity - e.attending),
  };
}

function mailFacts(e: EventRow, r: Recipient): Record<string, string> {
  const startsAtText = new Intl.DateTimeFormat(r.locale === 'en' ? 'en-GB' : 'nl-NL', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(e.starts_at);
  return { displayName: r.display_name, title: e.title, location: e.location, startsAtText };
}
