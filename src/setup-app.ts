import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Env } from './core/config/env';
import { AllExceptionsFilter, toErrorBody } from './core/errors/all-exceptions.filter';
import { createValidationPipe } from './core/errors/validation';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

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
  fastify.setErrorHandler((error, request, reply) => {
    const { body, headers } = toErrorBody(error, String(request.id), logger);
    void reply.status(body.statusCode).headers(headers).send(body);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        scriptSrc: ["'self'", "https: 'unsafe-inline'"],
      },
    },
  });

  const config = new DocumentBuilder()
    .setTitle('praktijkmatch API')
    .setDescription('Matching retiring GPs with young GPs, region by region. See DESIGN.md for the contract.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  void env;
}
