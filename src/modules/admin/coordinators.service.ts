import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, notFound } from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { AuditService } from '../audit/audit.service';
import { OneTimeTokenService } from '../auth/one-time-token.service';
import { MailService } from '../mail/mail.service';
import { isUuid, RegionsService } from '../regions/regions.service';
import {
  CoordinatorDto,
  CoordinatorListItemDto,
  CoordinatorRegionsDto,
  InviteCoordinatorDto,
  ListCoordinatorsQuery,
} from './admin.dto';

// The invitation link stays valid a week (the mail says so).
const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

const coordinatorNotFound = (): DomainError => notFound('COORDINATOR.NOT_FOUND', 'Coordinator');
const emailTaken = (): DomainError =>
  conflict('AUTH.EMAIL_TAKEN', 'This email address is already registered');

/**
 * Admins invite coordinators for regions and change their regions. An invited coordinator has no password:
 * the invitation token sets it through `POST /api/auth/reset-password`, which also verifies the address.
 */
@Injectable()
export class CoordinatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
    private readonly tokens: OneTimeTokenService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async invite(adminId: string, dto: InviteCoordinatorDto): Promise<CoordinatorDto> {
    return this.dataSource.transaction(async (m) => {
      const regions = await this.regions.assertExist(m, dto.regionIds, 'regionIds');
      const taken = await m.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [
        dto.email,
      ]);
      if (taken.length) throw emailTaken();
      let rows: Array<{ id: string; email: string }>;
      try {
        rows = await m.query<Array<{ id: string; email: string }>>(
          `INSERT INTO users (email, password_hash, display_name, role, locale)
           VALUES ($1, NULL, $2, 'coordinator', $3) RETURNING id, email`,
          [dto.email, dto.displayName, dto.locale ?? 'nl'],
        );
      } catch (err) {
        // The unique index on lower(email) decides a race with a registration.
        if ((err as { code?: string }).code === '23505') throw emailTaken();
        throw err;
      }
      const user = rows[0];
      const regionIds = regions.map((r) => r.id);
      await this.setRegions(m, user.id, regionIds);
      const token = await this.tokens.issue(m, 'invitation', user.id, INVITATION_TTL_SECONDS);
      await this.mail.queue(m, {
        to: user.email,
        template: 'coordinator-invitation',
        locale: dto.locale ?? 'nl',
        data: { displayName: dto.displayName, regions: regions.map((r) => r.name).join(', '), token },
        userId: user.id,
      });
      await this.audit.record(m, {
        actorId: adminId,
        action: 'coordinator.invited',
        targetType: 'user',
        targetId: user.id,
        details: { regionIds },
      });
      return { id: user.id, email: user.email, role: 'coordinator', regionIds };
    });
  }

  async changeRegions(
    adminId: string,
    coordinatorId: string,
    dto: CoordinatorRegionsDto,
  ): Promise<CoordinatorDto> {
    if (!isUuid(coordinatorId)) throw coordinatorNotFound();
    return this.dataSource.transaction(async (m) => {
      const users = await m.query<Array<{ id: string; email: string }>>(
        `SELECT id, email FROM users WHERE id = $1 AND role = 'coordinator' AND erased_at IS NULL FOR UPDATE`,
        [coordinatorId],
      );
      if (!users[0]) throw coordinatorNotFound();
      const regions = await this.regions.assertExist(m, dto.regionIds, 'regionIds');
      const regionIds = regions.map((r) => r.id);
      const before = await m.query<Array<{ region_id: string }>>(
        `SELECT region_id FROM coordinator_regions WHERE user_id = $1 ORDER BY region_id`,
        [coordinatorId],
      );
      await this.setRegions(m, coordinatorId, regionIds);
      await this.audit.record(m, {
        actorId: adminId,
        action: 'coordinator.regions_changed',
        targetType: 'user',
        targetId: coordinatorId,
        details: { regionIds, previousRegionIds: before.map((r) => r.region_id) },
      });
      return { id: users[0].id, email: users[0].email, role: 'coordinator', regionIds };
    });
  }

  async list(query: ListCoordinatorsQuery): Promise<Page<CoordinatorListItemDto>> {
    const where = `u.role = 'coordinator' AND u.erased_at IS NULL
      AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM coordinator_regions f WHERE f.user_id = u.id AND f.region_id = $1))`;
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM users u WHERE ${where}`,
      [query.regionId ?? null],
    );
    const items = await this.dataSource.query<CoordinatorListItemDto[]>(
      `SELECT u.id, u.email, u.role, u.display_name AS "displayName",
              u.password_hash IS NULL AS "invitationPending",
              to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              COALESCE((SELECT array_agg(cr.region_id ORDER BY cr.region_id) FROM coordinator_regions cr
                         WHERE cr.user_id = u.id), '{}') AS "regionIds"
         FROM users u
        WHERE ${where}
        ORDER BY lower(u.display_name), u.id
        LIMIT $2 OFFSET $3`,
      [query.regionId ?? null, query.pageSize, pageOffset(query)],
    );
    return toPage(items, total, query);
  }

  private async setRegions(m: EntityManager, userId: string, regionIds: string[]): Promise<void> {
    await m.query(`DELETE FROM coordinator_regions WHERE user_id = $1`, [userId]);
    if (regionIds.length) {
      await m.query(`INSERT INTO coordinator_regions (user_id, region_id) SELECT $1, unnest($2::uuid[])`, [
        userId,
        regionIds,
      ]);
    }
  }
}
