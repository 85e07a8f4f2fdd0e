import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApi, TestApi } from './support/app';
import { testEnv } from './support/test-env';

const INDEX =
  '<!doctype html><html lang="nl"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/** A small stand-in for Vite's output: index.html, one hashed asset, one root file. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app");\n');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

const EMAIL_PATHS = [
  '/',
  '/verify-email?token=abc',
  '/reset-password?token=abc',
  '/consent?token=abc',
  '/still-looking?token=abc',
  '/follow-up?token=abc&answer=agreement',
  '/unsubscribe?token=abc',
  '/vacancies/5b1f7c1e-4f7e-4c4e-9a59-6a0d4f1d2c3b',
  '/matches',
  '/matches/5b1f7c1e-4f7e-4c4e-9a59-6a0d4f1d2c3b',
];
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('web app served by the API process', () => {
  let api: TestApi;
  let dist: string;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    dist = fakeBuild();
    api = await createTestApi(testEnv({ WEB_DIST_DIR: dist }));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each(EMAIL_PATHS)('answers %s with index.html and the app CSP', async (path) => {
    const res = await request(http()).get(path).set('accept', BROWSER_ACCEPT).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|https:)/);
    expect(csp).toContain("default-src 'self'");
  });

  it('serves a hashed asset with a year-long immutable cache', async () => {
    const res = await request(http()).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('console.log');
  });

  it('answers a missing asset with 404, not index.html', async () => {
    const res = await request(http()).get('/assets/nope-000.js').set('accept', BROWSER_ACCEPT);
    expect(res.status).toBe(404);
    expect(res.text).not.toBe(INDEX);
  });

  it('serves an unhashed root file with a short cache', async () => {
    const res = await request(http()).get('/favicon.svg').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('keeps an unknown /api path a JSON 404 in the one error shape, even when HTML is accepted', async () => {
    const res = await request(http()).get('/api/no-such-thing').set('accept', BROWSER_ACCEPT).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND', details: [] });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('does not answer index.html outside /api when the request does not accept HTML', async () => {
    const res = await request(http()).get('/matches').set('accept', 'application/json').expect(404);
    expect(res.text).not.toBe(INDEX);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
  });

  it('still serves the API itself', async () => {
    await request(http()).get('/api/health').set('accept', BROWSER_ACCEPT).expect(200, { status: 'ok' });
  });

  it('gives Swagger UI its own policy under /api/docs', async () => {
    const res = await request(http()).get('/api/docs').expect(200);
    expect(String(res.headers['content-security-policy'])).toContain("'unsafe-inline'");
  });
});

describe('API process without a built web app', () => {
  let api: TestApi;
  const http = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await createTestApi(testEnv({ WEB_DIST_DIR: join(tmpdir(), 'pm-web-missing-build') }));
  });
  afterAll(() => api.close());

  it('answers a page request with a 404 that says the app is not built', async () => {
    const res = await request(http()).get('/verify-email?token=x').set('accept', BROWSER_ACCEPT).expect(404);
    expect(res.text).toMatch(/not built/);
    expect(res.text).toMatch(/npm run build/);
  });

  it('still answers the API', async () => {
    await request(http()).get('/api/health').expect(200);
  });
});
