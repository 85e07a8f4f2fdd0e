import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Paths whose values never reach a log line: credentials, tokens and email addresses. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.email',
  '*.to',
  '*.cc',
  'password',
  'token',
  'email',
];

/** Removes one-time tokens and emails from URLs before they are logged. */
export function scrubUrl(url: string): string {
  return url.replace(/([?&](?:token|email)=)[^&]*/gi, '$1[Redacted]');
}

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url ? scrubUrl(req.url) : undefined,
      }),
    },
  });
}

/** Nest's logger interface on top of pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
