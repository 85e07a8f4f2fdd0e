import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Content-Security-Policy of the web app: nothing from another origin, no inline script or style. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (under /api/docs) ships inline script and style and loads its validator badge. */
export const DOCS_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: validator.swagger.io",
  "script-src 'self' https: 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\btext\/html\b/i.test(accept);
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/**
 * Serves the built web app (Vite's output, `dist/web`) from the API process: the hashed files under
 * /assets with a year's immutable cache, the few unhashed files of the root (favicon) briefly cached, and
 * index.html for every other GET outside /api that asks for HTML, so each link an email holds opens its
 * page. Everything else (unknown /api paths, a non-HTML Accept) falls to the JSON 404 of the API.
 * Without a build (API-only development) such a page request gets a 404 that says how to build the app.
 */
export async function registerWebApp(fastify: FastifyInstance, distDir: string): Promise<void> {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  const built = existsSync(indexFile);

  if (built && existsSync(join(root, 'assets'))) {
    await fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      // send's own header: `public, max-age=31536000, immutable`.
      maxAge: '365d',
      immutable: true,
    });
  }
  const rootFiles = built
    ? new Set(readdirSync(root).filter((f) => f !== 'index.html' && statSync(join(root, f)).isFile()))
    : new Set<string>();
  if (rootFiles.size > 0) {
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      serve: false,
      decorateReply: true,
    });
  }
  // Read once: the app is built before the process starts, and each page view must not touch the disk.
  const indexHtml = built ? readFileSync(indexFile) : undefined;

  const page = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const path = request.url.split('?')[0];
    if (isApiPath(path)) return reply.callNotFound();
    const name = path.slice(1);
    if (rootFiles.has(name)) {
      return reply.sendFile(name, root, { maxAge: 3_600_000 });
    }
    if (!acceptsHtml(request)) return reply.callNotFound();
    if (!indexHtml) {
      return reply
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          'The web app is not built, so this process serves the API only (under /api).\n' +
            'Run `npm run build` (or `npm run dev:web` for the development server) to get the app.\n',
        );
    }
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(indexHtml);
  };
  fastify.get('/', page);
  fastify.get('/*', page);
}
