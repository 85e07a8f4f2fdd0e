import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';
import { SHARED, SharedMetrics } from '../metrics/shared-metrics';
import { createMailTransport } from './mail-transport';
import { messageIdFor } from './message-id';
import { OutboxMessage } from './outbox-message.entity';
import { renderMail } from './templates';
import { TemplateDataError } from './templates/template';

export type DeliveryResult = 'sent' | 'skipped' | 'failed' | 'retry';

/**
 * Longest wait for the SMTP transport's answer, well beyond its own connection, greeting and socket
 * timeouts (mail-transport.ts): a bound for the case where the transport never answers at all, since the
 * row stays locked, in an open transaction, for as long as the send takes.
 */
export const SEND_DEADLINE_MS = 60_000;

function withDeadline<T>(promise: Promise<T>, ms = SEND_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the SMTP transport within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Thrown by the processor so BullMQ retries the job with backoff. */
export class RetryableMailError extends Error {}

/**
 * Sends one outbox row. The row is locked for the duration of the send, so two jobs for the same row run
 * one after the other and the second finds it `sent`. The only window for a duplicate is a crash after the
 * SMTP server accepted the mail and before the row's update committed (README, "Mail delivery").
 */
@Injectable()
export class MailDeliveryService implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Env,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: SharedMetrics,
  ) {}

  private closing = false;

  private getTransport(): Transporter {
    this.transport ??= createMailTransport(this.env.SMTP_URL);
    return this.transport;
  }

  onModuleDestroy(): void {
    this.closing = true;
    this.transport?.close();
  }

  /** Waits for the SMTP answer within the deadline and records how long it took, accepted or not. */
  private async timedSend<T>(send: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const info = await withDeadline(send());
      void this.metrics.observe(SHARED.mailSend, { result: 'accepted' }, seconds());
      return info;
    } catch (err) {
      void this.metrics.observe(SHARED.mailSend, { result: 'error' }, seconds());
      throw err;
    }
  }

  async deliver(outboxId: string): Promise<DeliveryResult> {
    // nodemailer's pool never answers a message given to it after close(): a job that reached this point
    // during shutdown would wait forever, holding its row lock and the worker's shutdown. It fails instead,
    // before touching the row, and BullMQ retries it (here after a restart, or in another worker).
    if (this.closing) throw new RetryableMailError(`mail ${outboxId}: the worker is shutting down`);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OutboxMessage);
      const row = await repo.findOne({ where: { id: outboxId }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.status !== 'pending') return 'skipped';
      row.attempts += 1;
      try {
        const token = row.data.unsubscribeToken;
        // The link in the text opens the web page; the List-Unsubscribe header points at the API itself, which
        // takes the mail client's one-click POST (RFC 8058) with the token in the query.
        const unsubscribeUrl =
          typeof token === 'string'
            ? `${new URL('/unsubscribe', this.env.PUBLIC_URL).toString()}?token=${encodeURIComponent(token)}`
            : undefined;
        const oneClickUrl =
          typeof token === 'string'
            ? `${new URL('/api/unsubscribe', this.env.PUBLIC_URL).toString()}?token=${encodeURIComponent(token)}`
            : undefined;
        const mail = renderMail(row.template, row.locale, row.data, {
          publicUrl: this.env.PUBLIC_URL,
          unsubscribeUrl,
        });
        const info = (await this.timedSend(() =>
          this.getTransport().sendMail({
            // One Message-ID per row: a copy re-sent after a crash is the same message (README, "Mail delivery").
            messageId: messageIdFor(row.id, this.env.MAIL_FROM),
            from: this.env.MAIL_FROM,
            to: row.recipient,
            cc: row.cc.length ? row.cc : undefined,
            subject: mail.subject,
            text: mail.text,
            headers: {
              'X-Outbox-Id': row.id,
              ...(mail.unsubscribeUrl
                ? {
                    'List-Unsubscribe': `<${oneClickUrl ?? mail.unsubscribeUrl}>`,
                    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
                  }
                : {}),
            },
          }),
        )) as { messageId?: string };
        row.status = 'sent';
        row.sentAt = new Date();
        row.lastError = null;
        row.smtpMessageId = info.messageId ?? null;
        await repo.save(row);
        return 'sent';
      } catch (err) {
        const permanent =
          err instanceof TemplateDataError ||
          (err instanceof Error && /unknown mail template/.test(err.message));
        row.lastError = err instanceof Error ? err.message.slice(0, 1000) : String(err);
        const final = permanent || row.attempts >= this.env.MAIL_MAX_ATTEMPTS;
        if (final) row.status = 'failed';
        await repo.save(row);
        this.logger.warn(
          { outboxId, attempts: row.attempts, final, error: row.lastError },
          'mail send failed',
        );
        return final ? 'failed' : 'retry';
      }
    });
  }
}
