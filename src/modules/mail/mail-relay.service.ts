import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';
import { JOBS, QUEUES, SendMailJob } from '../../core/queue/jobs';

/**
 * Moves pending outbox rows onto the `mail` queue, the row id as job id. Rows enqueued longer ago than
 * MAIL_REQUEUE_AFTER_SECONDS are enqueued again: if Redis lost the job, this brings it back; if the job is
 * still there, BullMQ ignores the second add with the same id. Rows are claimed with SKIP LOCKED, so any
 * number of workers can relay side by side.
 */
@Injectable()
export class MailRelayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.mail) private readonly queue: Queue<SendMailJob>,
    private readonly env: Env,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Enqueues up to `limit` rows; returns how many. `requeueAfterSeconds` 0 re-enqueues every pending row
   * claimed before `claimedBefore` (a worker's start: rows it claims itself are not claimed again).
   */
  async relay(
    limit = 500,
    requeueAfterSeconds = this.env.MAIL_REQUEUE_AFTER_SECONDS,
    claimedBefore: Date | null = null,
  ): Promise<number> {
    const rows = await this.dataSource.query<[Array<{ id: string }>, number] | Array<{ id: string }>>(
      `UPDATE outbox_messages SET enqueued_at = now()
        WHERE id IN (SELECT id FROM outbox_messages
                      WHERE status = 'pending'
                        AND (enqueued_at IS NULL
                             OR enqueued_at <= LEAST(now() - make_interval(secs => $1), COALESCE($3::timestamptz, 'infinity'::timestamptz)))
                      ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [requeueAfterSeconds, limit, claimedBefore],
    );
    const ids = (Array.isArray(rows[0]) ? rows[0] : rows) as Array<{ id: string }>;
    if (ids.length === 0) return 0;
    try {
      await this.queue.addBulk(
        ids.map(({ id }) => ({
          name: JOBS.sendMail,
          data: { outboxId: id },
          opts: {
            jobId: id,
            attempts: this.env.MAIL_MAX_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.env.MAIL_BACKOFF_MS },
          },
        })),
      );
    } catch (err) {
      // Redis is unreachable: give the rows back so the next tick tries again at once.
      await this.dataSource.query(
        `UPDATE outbox_messages SET enqueued_at = NULL WHERE id = ANY($1::uuid[])`,
        [ids.map((r) => r.id)],
      );
      this.logger.warn({ err, count: ids.length }, 'mail relay could not enqueue; will retry');
      return 0;
    }
    return ids.length;
  }
}
