import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../../core/errors/domain-error';
import { pageOffset, toPage } from '../../core/http/pagination';
import { AuditService } from '../audit/audit.service';
import { ListOutboxQuery, OutboxItemDto, OutboxPageDto } from './outbox-admin.dto';

const ITEM = `id, template, status, attempts, last_error AS "lastError", created_at AS "createdAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admins watch failed mail and send it again (DESIGN.md "Email": failed mail is never dropped). */
@Injectable()
export class OutboxAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListOutboxQuery): Promise<OutboxPageDto> {
    const params: unknown[] = [query.status ?? null, query.pageSize, pageOffset(query)];
    const where = `($1::text IS NULL OR status = $1)`;
    const items = await this.dataSource.query<OutboxItemDto[]>(
      `SELECT ${ITEM} FROM outbox_messages WHERE ${where} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      params,
    );
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE ${where}`,
      [query.status ?? null],
    );
    return toPage(items, n, query);
  }

  /** failed → pending with the attempts reset; the relay enqueues it on its next tick. */
  async retry(adminId: string, id: string): Promise<OutboxItemDto> {
    if (!UUID.test(id)) throw notFound('OUTBOX.NOT_FOUND', 'Outbox message');
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<[OutboxItemDto[], number]>(
        `UPDATE outbox_messages SET status = 'pending', attempts = 0, enqueued_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'failed' RETURNING ${ITEM}`,
        [id],
      );
      const row = rows[0][0];
      if (!row) {
        const exists = await m.query<Array<{ id: string }>>(`SELECT id FROM outbox_messages WHERE id = $1`, [
          id,
        ]);
        if (!exists[0]) throw notFound('OUTBOX.NOT_FOUND', 'Outbox message');
        throw conflict('OUTBOX.NOT_FAILED', 'Only a failed message can be retried');
      }
      await this.audit.record(m, {
        actorId: adminId,
        action: 'outbox.retried',
        targetType: 'outbox_message',
        targetId: id,
        details: { template: row.template },
      });
      return row;
    });
  }
}
