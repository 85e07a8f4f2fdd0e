import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, DomainError } from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { AuditService } from '../audit/audit.service';
import { assertRegion } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { EventDto } from './event.dto';
import { EventRsvpDto, ListRsvpsQuery, UpdateEventDto } from './event-attendance.dto';
import { EventsService } from './events.service';

const COLUMNS: Record<keyof UpdateEventDto, string> = {
  title: 'title',
  startsAt: 'starts_at',
  location: 'location',
  capacity: 'capacity',
  description: 'description',
};

/** What an event's coordinators do after creating it: change it and read who comes and who waits. */
@Injectable()
export class EventAttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly audit: AuditService,
  ) {}

  async rsvps(user: AuthUser, id: string, query: ListRsvpsQuery): Promise<Page<EventRsvpDto>> {
    const event = await this.events.get(id);
    assertRegion(user, event.regionId, 'EVENT.NOT_FOUND', 'Event');
    // The waiting list's order is the order of arrival, the same order cancelRsvp promotes in.
    const rows = await this.dataSource.query<Array<EventRsvpDto & { total: number }>>(
      `SELECT * FROM (
         SELECT r.user_id AS "userId", u.display_name AS "displayName", u.email, u.role, r.status,
                CASE WHEN r.status = 'waitlisted'
                     THEN row_number() OVER (PARTITION BY r.status ORDER BY r.created_at, r.user_id)::int END
                  AS "waitlistPosition",
                r.created_at AS "createdAt", r.user_id AS uid, r.created_at AS at
           FROM event_rsvps r JOIN users u ON u.id = r.user_id
          WHERE r.event_id = $1) x
        WHERE ($2::text IS NULL OR x.status = $2)
        ORDER BY x.status, x.at, x.uid LIMIT $3 OFFSET $4`,
      [id, query.status ?? null, query.pageSize, pageOffset(query)],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM event_rsvps WHERE event_id = $1 AND ($2::text IS NULL OR status = $2)`,
      [id, query.status ?? null],
    );
    const items = rows.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      email: r.email,
      role: r.role,
      status: r.status,
      waitlistPosition: r.waitlistPosition,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
    return toPage(items, total, query);
  }

  /**
   * Changes the given fields. A larger capacity gives the new places to the waiting list in order, and tells
   * them by mail; a capacity below the people attending is refused (nobody loses a confirmed place).
   */
  async update(user: AuthUser, id: string, dto: UpdateEventDto): Promise<EventDto> {
    await this.dataSource.transaction(async (m) => {
      const event = await this.events.lock(m, id);
      assertRegion(user, event.region_id, 'EVENT.NOT_FOUND', 'Event');
      if (event.status === 'cancelled')
        throw conflict('EVENT.CANCELLED', 'A cancelled event cannot be changed');
      if (dto.capacity !== undefined && dto.capacity < event.attending) {
        throw new DomainError(
          HttpStatus.CONFLICT,
          'EVENT.CAPACITY_BELOW_ATTENDING',
          `${event.attending} people are attending; the capacity cannot be lower`,
          [{ field: 'capacity', message: `at least ${event.attending}` }],
        );
      }
      const fields = (Object.keys(COLUMNS) as Array<keyof UpdateEventDto>).filter(
        (k) => dto[k] !== undefined,
      );
      if (fields.length) {
        const sets = fields.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ');
        await m.query(`UPDATE events SET ${sets}, updated_at = now() WHERE id = $1`, [
          id,
          ...fields.map((k) => dto[k]),
        ]);
      }
      const freed = (dto.capacity ?? event.capacity) - event.attending;
      if (freed > 0 && event.waitlisted > 0) {
        const promoted = await m.query<[Array<{ user_id: string }>, number]>(
          `UPDATE event_rsvps SET status = 'attending'
            WHERE event_id = $1 AND user_id IN (
              SELECT user_id FROM event_rsvps WHERE event_id = $1 AND status = 'waitlisted'
               ORDER BY created_at, user_id LIMIT $2)
            RETURNING user_id`,
          [id, freed],
        );
        await this.events.mailRsvps(
          m,
          event,
          'event-place-available',
          promoted[0].map((p) => p.user_id),
        );
      }
      await this.audit.record(m, {
        actorId: user.id,
        action: 'event.updated',
        targetType: 'event',
        targetId: id,
        details: { fields },
      });
    });
    return this.events.get(id);
  }
}
