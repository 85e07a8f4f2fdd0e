import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const headerText = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface FaultMail {
  to: string[];
  outboxId: string;
  /** The Message-ID header as sent, angle brackets included. */
  messageId: string;
}

/**
 * An in-process SMTP server like `TestSmtpServer`, made for fault cases: a client killed mid-session
 * resets its connection, which this server absorbs (an `error` listener) instead of failing the run, and
 * it records each message's outbox id to count copies per row.
 */
export class FaultSmtpServer {
  readonly received: FaultMail[] = [];
  /** While true, every message is refused with 451 (temporary), as a mail relay under maintenance does. */
  refuseAll = false;
  refused = 0;
  private server?: SMTPServer;

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refuseAll) {
            this.refused += 1;
            const err = new Error('Temporary failure, try again') as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
            return;
          }
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              this.received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                outboxId: headerText(parsed.headers.get('x-outbox-id')),
                messageId: headerText(parsed.headers.get('message-id')),
              });
              callback();
            },
            (e: Error) => callback(e),
          );
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  to(address: string): FaultMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** The Message-IDs of the copies received for each outbox row id. */
  messageIds(): Map<string, string[]> {
    const ids = new Map<string, string[]>();
    for (const m of this.received) ids.set(m.outboxId, [...(ids.get(m.outboxId) ?? []), m.messageId]);
    return ids;
  }

  /** Copies received per outbox row id. */
  copies(): Map<string, number> {
    const copies = new Map<string, number>();
    for (const m of this.received) copies.set(m.outboxId, (copies.get(m.outboxId) ?? 0) + 1);
    return copies;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
