import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { AuditEntryDto, ListAuditQuery } from './admin.dto';

/** Reads the append-only audit log for admins. Nothing here (or anywhere) changes it. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListAuditQuery): Promise<Page<AuditEntryDto>> {
    const where = `($1::uuid IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2)
      AND ($3::text IS NULL OR target_id = $3)`;
    const filters = [query.actorId ?? null, query.action ?? null, query.targetId ?? null];
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM audit_log WHERE ${where}`,
      filters,
    );
    const items = await this.dataSource.query<AuditEntryDto[]>(
      `SELECT id::text AS id, actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId",
              note, details, request_id AS "requestId",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM audit_log
        WHERE ${where}
        ORDER BY created_at DESC, id DESC
        LIMIT $4 OFFSET $5`,
      [...filters, query.pageSize, pageOffset(query)],
    );
    return toPage(items, total, query);
  }
}
