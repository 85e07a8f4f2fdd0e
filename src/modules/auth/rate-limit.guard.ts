import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';
import { DomainError } from '../../core/errors/domain-error';
import { RedisClient } from '../../core/queue/redis-client.service';

type Scope = 'login' | 'forgot';

/**
 * Fixed-window counters in Redis, shared by every API instance: failed logins per account and per client
 * address, and password-reset requests likewise. If Redis is down the limiter lets requests through and
 * logs it: login stays available, and argon2's cost still bounds guessing.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly redis: RedisClient,
    private readonly env: Env,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private keys(scope: Scope, email: string, address: string): [string, string] {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return [
      `${this.redis.prefix}:rl:${scope}:acct:${account}`,
      `${this.redis.prefix}:rl:${scope}:addr:${address}`,
    ];
  }

  /** Throws 429 with Retry-After when either counter is at its limit. */
  async check(scope: Scope, email: string, address: string): Promise<void> {
    try {
      await this.redis.ensureConnected();
      const [acct, addr] = this.keys(scope, email, address);
      const [[, a], [, b], [, ttlA], [, ttlB]] = (await this.redis.client
        .multi()
        .get(acct)
        .get(addr)
        .ttl(acct)
        .ttl(addr)
        .exec()) as Array<[Error | null, string | number | null]>;
      const overAccount = Number(a ?? 0) >= this.env.RATE_LIMIT_LOGIN_PER_ACCOUNT;
      const overAddress = Number(b ?? 0) >= this.env.RATE_LIMIT_LOGIN_PER_ADDRESS;
      if (overAccount || overAddress) {
        const retryAfter = Math.max(1, Number(overAccount ? ttlA : ttlB));
        throw new DomainError(
          HttpStatus.TOO_MANY_REQUESTS,
          'AUTH.RATE_LIMITED',
          `Too many attempts; try again in ${retryAfter} seconds`,
          [],
          { 'Retry-After': String(retryAfter) },
        );
      }
    } catch (err) {
      if (err instanceof DomainError) throw err;
      this.logger.warn({ err }, 'rate limiter unavailable; allowing request');
    }
  }

  async hit(scope: Scope, email: string, address: string): Promise<void> {
    try {
      await this.redis.ensureConnected();
      const window = this.env.RATE_LIMIT_WINDOW_SECONDS;
      const [acct, addr] = this.keys(scope, email, address);
      await this.redis.client
        .multi()
        .incr(acct)
        .expire(acct, window, 'NX')
        .incr(addr)
        .expire(addr, window, 'NX')
        .exec();
    } catch (err) {
      this.logger.warn({ err }, 'rate limiter unavailable; attempt not counted');
    }
  }
}

interface RateLimitedRequest {
  ip: string;
  url: string;
  body?: { email?: unknown };
}

/** Applies the limiter to login (failed attempts count) and forgot-password (every request counts). */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimitService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RateLimitedRequest>();
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const scope: Scope = req.url.includes('forgot-password') ? 'forgot' : 'login';
    await this.limiter.check(scope, email, req.ip);
    if (scope === 'forgot') await this.limiter.hit(scope, email, req.ip);
    return true;
  }
}
