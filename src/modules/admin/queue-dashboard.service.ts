import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { DomainError } from '../../core/errors/domain-error';
import { RedisClient } from '../../core/queue/redis-client.service';
import { AuditService } from '../audit/audit.service';

/** Where the dashboard (bull-board) is mounted, outside /api: its UI is a page, not an API. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'pm_queues';
/** A ticket is for the browser tab the console opens at once: a minute is plenty. */
export const TICKET_TTL_SECONDS = 60;
/** The dashboard's cookie; after it, the admin opens the dashboard from the console again. */
export const DASHBOARD_SESSION_SECONDS = 3_600;

const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const COOKIE_SHAPE = /^([0-9a-f-]{36})\.(\d{13})\.([A-Za-z0-9_-]{43})$/;

export interface DashboardTicket {
  ticket: string;
  url: string;
  expiresAt: string;
}

/**
 * The queue dashboard's access. The browser holds its access token in memory, which a page load cannot
 * carry, so the console asks for a ticket (admin JWT) and opens the dashboard with it; the dashboard trades
 * the ticket, once, for a signed HttpOnly cookie scoped to its path. Every dashboard request checks the
 * cookie's signature and expiry and that the account is still an admin now (a demoted admin is out at once).
 */
@Injectable()
export class QueueDashboardService {
  private readonly key: Buffer;

  constructor(
    private readonly env: Env,
    private readonly redis: RedisClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    // A key of its own, derived from the JWT secret: a dashboard cookie is never a valid JWT signature.
    this.key = createHmac('sha256', env.JWT_SECRET).update('queue-dashboard-cookie').digest();
  }

  private ticketKey(ticket: string): string {
    // Only the ticket's hash is stored: whoever reads Redis cannot open the dashboard with it.
    return `${this.redis.prefix}:queue-dashboard-ticket:${createHash('sha256').update(ticket).digest('hex')}`;
  }

  async issueTicket(adminId: string): Promise<DashboardTicket> {
    const ticket = randomBytes(32).toString('base64url');
    try {
      await this.redis.ensureConnected();
      await this.redis.client.set(this.ticketKey(ticket), adminId, 'EX', TICKET_TTL_SECONDS);
    } catch {
      throw new DomainError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'QUEUE.UNAVAILABLE',
        'The job queue is unavailable; try again shortly',
      );
    }
    await this.dataSource.transaction((m) =>
      this.audit.record(m, { actorId: adminId, action: 'admin.queue_dashboard_opened' }),
    );
    return {
      ticket,
      url: `${QUEUE_DASHBOARD_PATH}/?ticket=${ticket}`,
      expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /** The admin a ticket was issued to, if it is unspent and unexpired; spending it is atomic (GETDEL). */
  async redeemTicket(ticket: string): Promise<string | undefined> {
    if (!TICKET_SHAPE.test(ticket)) return undefined;
    try {
      await this.redis.ensureConnected();
      const userId = await this.redis.client.getdel(this.ticketKey(ticket));
      return userId && (await this.isAdmin(userId)) ? userId : undefined;
    } catch {
      return undefined;
    }
  }

  /** `<user id>.<expiry ms>.<HMAC>` */
  sign(userId: string, expiresAtMs: number): string {
    const body = `${userId}.${expiresAtMs}`;
    return `${body}.${createHmac('sha256', this.key).update(body).digest('base64url')}`;
  }

  /** The admin behind a dashboard cookie: signature, expiry and the account's role now. */
  async adminOfCookie(value: string | undefined, now = Date.now()): Promise<string | undefined> {
    const match = value ? COOKIE_SHAPE.exec(value) : null;
    if (!match) return undefined;
    const [, userId, expires, mac] = match;
    const expected = createHmac('sha256', this.key).update(`${userId}.${expires}`).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (Number(expires) <= now) return undefined;
    return (await this.isAdmin(userId)) ? userId : undefined;
  }

  /** The Set-Cookie that opens the dashboard for this admin. */
  cookieFor(userId: string, now = Date.now()): string {
    const value = this.sign(userId, now + DASHBOARD_SESSION_SECONDS * 1000);
    const secure = new URL(this.env.PUBLIC_URL).protocol === 'https:' ? '; Secure' : '';
    return (
      `${QUEUE_DASHBOARD_COOKIE}=${value}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${DASHBOARD_SESSION_SECONDS}; ` +
      `HttpOnly; SameSite=Strict${secure}`
    );
  }

  private async isAdmin(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM users WHERE id = $1 AND role = 'admin' AND erased_at IS NULL`,
      [userId],
    );
    return rows.length === 1;
  }
}
