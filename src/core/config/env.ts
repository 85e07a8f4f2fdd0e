import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { existsSync } from 'node:fs';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every setting the two processes read, validated once at start-up. A bad or missing value stops the
 * process with a message naming the variable, rather than failing later in a request.
 */
export class Env {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL!: string;

  @Matches(/^smtps?:\/\/[^\s]+:\d+\/?$/, { message: 'SMTP_URL must look like smtp://host:port' })
  SMTP_URL!: string;

  /** Its domain is also the domain of every Message-ID (`<outbox row id@domain>`). */
  @Matches(/@[^\s@<>]+>?\s*$/, {
    message: 'MAIL_FROM must end with an email address, e.g. "praktijkmatch <noreply@example.nl>"',
  })
  MAIL_FROM!: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL!: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Requests above this many bytes are refused with 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number = 100_000;

  /** Key prefix for every BullMQ queue, so tests and demos never share queues. */
  @Matches(/^[a-z0-9:_-]+$/i)
  QUEUE_PREFIX: string = 'pm';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_TTL_DAYS: number = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS: number = 6;

  /** First retry delay; doubles on every further attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  MAIL_BACKOFF_MS: number = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  MAIL_RELAY_INTERVAL_MS: number = 1_000;

  /** A pending row enqueued longer ago than this is enqueued again (its job may have been lost with Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_REQUEUE_AFTER_SECONDS: number = 300;

  /** Failed logins per account, and per client address, within the window before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ACCOUNT: number = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ADDRESS: number = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS: number = 900;

  /**
   * Which proxies may set X-Forwarded-For (the client address the login limiter counts): `false` (none,
   * the default), `true` (any: only behind a proxy that overwrites the header), or a comma-separated list
   * of addresses/CIDRs or the names `loopback`, `linklocal`, `uniquelocal`.
   */
  @Matches(/^[\w.:/, -]+$/)
  TRUST_PROXY: string = 'false';

  /** The built web app (Vite's output) the API serves; a relative path is taken from the working directory. */
  @IsString()
  @MinLength(1)
  WEB_DIST_DIR: string = 'dist/web';

  /** Disable the in-process timers of the worker (tests drive them by hand). */
  @IsIn(['true', 'false'])
  WORKER_TIMERS: 'true' | 'false' = 'true';

  /** Days after approval without an answer before the one consent reminder goes out. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CONSENT_REMINDER_DAYS: number = 7;

  /** Days after approval without every answer before the match expires. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CONSENT_EXPIRY_DAYS: number = 14;

  /** How often each worker checks that every job scheduler is in Redis and puts back the missing ones. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  SCHEDULE_HEAL_INTERVAL_MS: number = 60_000;

  /** How often the vacancy-alert sweep runs: the most a newly published practice waits for its alerts. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  VACANCY_ALERT_INTERVAL_MS: number = 600_000;

  /**
   * Bearer token that opens `GET /api/metrics` (Prometheus). Unset, the route does not exist (404).
   * Generate one with `openssl rand -hex 32`.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,512}$/, {
    message: 'METRICS_TOKEN must be 32 to 512 printable characters without spaces',
  })
  METRICS_TOKEN?: string;
}

export class EnvValidationError extends Error {}

export function validateEnv(raw: NodeJS.ProcessEnv): Env {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Env, defined, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const why = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}: ${e.value === undefined ? 'missing' : why}`;
    });
    throw new EnvValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new EnvValidationError(
      'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  return env;
}

/** Reads `.env` from the working directory when present (Node's own loader), never overriding real env. */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
