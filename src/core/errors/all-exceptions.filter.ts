import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from './domain-error';
import { ErrorBody, errorBody } from './error-response';

interface StatusCarrier {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/** Maps any thrown value to the shared error body. Unknown errors are logged and answered with a bare 500. */
export function toErrorBody(
  exception: unknown,
  requestId: string,
  logger: Logger,
): { body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof DomainError) {
    return {
      body: errorBody(exception.status, requestId, exception.message, exception.code, exception.details),
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? [response.message].flat().join('; ')
        : exception.message;
    if (status >= 500) logger.error({ err: exception, requestId }, 'http exception');
    return { body: errorBody(status, requestId, message), headers: {} };
  }
  // Errors raised by Fastify itself before Nest sees the request (body too large, malformed JSON, ...).
  const carrier = (exception ?? {}) as StatusCarrier;
  if (typeof carrier.statusCode === 'number' && carrier.statusCode >= 400 && carrier.statusCode < 500) {
    const status = carrier.statusCode;
    const message = status === 400 ? 'Malformed request body' : String(carrier.message);
    return { body: errorBody(status, requestId, message), headers: {} };
  }
  logger.error({ err: exception, requestId }, 'unhandled error');
  return { body: errorBody(500, requestId, 'Internal server error'), headers: {} };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { body, headers } = toErrorBody(exception, String(request.id), this.logger);
    void reply.status(body.statusCode).headers(headers).type('application/json').send(body);
  }
}
