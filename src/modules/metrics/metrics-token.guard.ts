import { CanActivate, ExecutionContext, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Env } from '../../core/config/env';
import { DomainError } from '../../core/errors/domain-error';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * `GET /api/metrics` is for the operator's Prometheus only: it needs `Authorization: Bearer <METRICS_TOKEN>`
 * (401 otherwise). Without METRICS_TOKEN configured the route answers exactly as a route that does not
 * exist (404), so a deployment that does not scrape exposes nothing.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(env: Env) {
    this.expected = env.METRICS_TOKEN ? digest(env.METRICS_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.expected) throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    // Compared as digests of equal length, in constant time.
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    throw new DomainError(
      HttpStatus.UNAUTHORIZED,
      'METRICS.UNAUTHORIZED',
      match ? 'The metrics token is not valid' : 'The metrics need a bearer token (METRICS_TOKEN)',
      [],
      { 'WWW-Authenticate': 'Bearer realm="metrics"' },
    );
  }
}
