import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiModule } from '../api.module';
import { validateEnv } from '../core/config/env';
import { buildOpenApiDocument } from '../core/http/api-docs';
import { createLogger } from '../core/logging/logger';

/**
 * `npm run openapi`: writes openapi.json at the repository root from the controllers and DTOs. Nest's
 * preview mode builds the module graph without instantiating providers, so no PostgreSQL or Redis is
 * needed (the URLs below are never dialled). The client types are generated from the file afterwards.
 */
/** The document as `npm run openapi` writes it, built without PostgreSQL or Redis. */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const env = validateEnv({
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1/0',
    SMTP_URL: 'smtp://127.0.0.1:1',
    MAIL_FROM: 'praktijkmatch <noreply@praktijkmatch.local>',
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    JWT_SECRET: 'openapi-generation-only-openapi-generation-only',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent', 'openapi');
  const app = await NestFactory.create<NestFastifyApplication>(
    createApiModule(env, logger),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api');
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

async function main(): Promise<void> {
  const document = await generateOpenApiDocument();
  const out = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

if (require.main === module) void main();
