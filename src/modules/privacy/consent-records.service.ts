import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsentRecordDto } from './consent-record.dto';
import type { ConsentPurpose } from './privacy.constants';

interface ConsentRow {
  id: string;
  purpose: ConsentPurpose;
  granted: boolean;
  source: string;
  recordedAt: Date;
}

const COLUMNS = `id, purpose, granted, source, recorded_at AS "recordedAt"`;

/**
 * Consent per purpose and moment (GDPR art. 7: the controller must be able to show consent). Rows are
 * only ever added: a withdrawal is a new row with granted = false, the latest row per purpose counts.
 */
@Injectable()
export class ConsentRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** For other modules (registration, unsubscribe links) to call inside their own transaction. */
  async record(
    m: EntityManager,
    userId: string,
    purpose: ConsentPurpose,
    granted: boolean,
    source: 'api' | 'registration' | 'link' | 'system',
  ): Promise<ConsentRecordDto> {
    const [row] = await m.query<ConsentRow[]>(
      `INSERT INTO consent_records (user_id, purpose, granted, source) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [userId, purpose, granted, source],
    );
    await this.audit.record(m, {
      actorId: userId,
      action: granted ? 'consent.granted' : 'consent.withdrawn',
      targetType: 'consent_record',
      targetId: row.id,
      details: { purpose },
    });
    return row;
  }

  async recordByUser(userId: string, purpose: ConsentPurpose, granted: boolean): Promise<ConsentRecordDto> {
    return this.dataSource.transaction((m) => this.record(m, userId, purpose, granted, 'api'));
  }

  /** The full history, oldest first. */
  async history(userId: string): Promise<ConsentRecordDto[]> {
    return this.dataSource.query<ConsentRow[]>(
      `SELECT ${COLUMNS} FROM consent_records WHERE user_id = $1 ORDER BY recorded_at, id`,
      [userId],
    );
  }
}
