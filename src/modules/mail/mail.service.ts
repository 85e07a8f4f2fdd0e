import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Locale, OutboxMessage } from './outbox-message.entity';
import { TemplateName } from './templates';

export interface QueueMail {
  to: string;
  template: TemplateName;
  locale: Locale;
  data: Record<string, unknown>;
  userId?: string | null;
  cc?: string[];
}

/**
 * Writes mail to the outbox inside the caller's transaction: if the change rolls back, so does the mail,
 * and if it commits, the mail is in PostgreSQL even when Redis is down. The worker's relay does the rest.
 */
@Injectable()
export class MailService {
  async queue(manager: EntityManager, mail: QueueMail): Promise<string> {
    const [id] = await this.queueMany(manager, [mail]);
    return id;
  }

  async queueMany(manager: EntityManager, mails: QueueMail[]): Promise<string[]> {
    if (mails.length === 0) return [];
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values(
        mails.map((m) => ({
          template: m.template,
          recipient: m.to,
          cc: m.cc ?? [],
          locale: m.locale,
          data: m.data,
          userId: m.userId ?? null,
        })) as QueryDeepPartialEntity<OutboxMessage>[],
      )
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }
}
