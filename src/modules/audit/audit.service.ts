import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  note?: string | null;
  details?: Record<string, unknown>;
}

/** Writes audit lines in the caller's transaction, so an action and its record commit together. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, note, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actorId,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.note ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }
}
