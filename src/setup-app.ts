import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Env } from './core/config/env';
import { AllExceptionsFilter, toErrorBody } from './core/errors/all-exceptions.filter';
import { errorBody } from './core/errors/error-response';
import { createValidationPipe } from './core/errors/validation';
import { buildOpenApiDocument } from './core/http/api-docs';
import { AllQueues } from './core/queue/all-queues';
import {
  DASHBOARD_CSP,
  isDashboardPath,
  registerQueueDashboard,
} from './modules/admin/queue-dashboard.plugin';
import { QueueDashboardService } from './modules/admin/queue-dashboard.service';
import { MetricsService } from './modules/metrics/metrics.service';
import { APP_CSP, DOCS_CSP, registerWebApp } from './web/web-app';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The path of the first string (or key) holding a NUL character, if any. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = findNul(inner, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** TRUST_PROXY as Fastify takes it: a boolean, or the list of trusted proxy addresses. */
export function trustProxySetting(value: string): boolean | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/** The Fastify adapter both `main.ts` and the e2e tests use: body limit, request ids, pino logger. */
export function createFastifyAdapter(env: Env, logger: Logger): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: env.BODY_LIMIT_BYTES,
    // A caller's own request id is kept when it looks like one; otherwise a fresh uuid.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    return503OnClosing: true,
    allowErrorHandlerOverride: true,
  });
}

/**
 * Everything applied to the HTTP application, in one place so tests exercise what production runs: the
 * `/api` prefix, the validation pipe, the error filter (also for errors Fastify raises before Nest sees
 * the request), security headers, OpenAPI and shutdown hooks.
 */
export async function setupApp(app: NestFastifyApplication, env: Env, logger: Logger): Promise<void> {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Every answered request, by route pattern (GET /api/metrics).
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  // PostgreSQL text cannot hold NUL; refuse it at the door (guards read bodies before any pipe does).
  fastify.addHook('preHandler', async (request, reply) => {
    const field = findNul(request.body, 'body') ?? findNul(request.query, 'query');
    if (field) {
      const body = errorBody(400, String(request.id), `Invalid characters in ${field}`, 'VALIDATION.FAILED', [
        { field, message: `${field} must not contain NUL characters` },
      ]);
      return reply.status(400).send(body);
    }
  });
  fastify.setErrorHandler((error, request, reply) => {
    const { body, headers } = toErrorBody(error, String(request.id), logger);
    void reply.status(body.statusCode).headers(headers).send(body);
  });

  // The web app's strict policy for every response; Swagger UI under /api/docs and the queue dashboard
  // under /admin/queues get the ones they work with.
  await app.register(helmet, { contentSecurityPolicy: false });
  fastify.addHook('onSend', async (request, reply) => {
    const docs = request.url === '/api/docs' || request.url.startsWith('/api/docs/');
    const csp = docs ? DOCS_CSP : isDashboardPath(request.url) ? DASHBOARD_CSP : APP_CSP;
    void reply.header('content-security-policy', csp);
  });
  await registerQueueDashboard(fastify, app.get(QueueDashboardService), app.get(AllQueues));
  await registerWebApp(fastify, env.WEB_DIST_DIR);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
