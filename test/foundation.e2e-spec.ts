import request from 'supertest';
import { createTestApi, TestApi } from './support/app';
import { testEnv } from './support/test-env';

describe('foundation: health, errors, OpenAPI', () => {
  let api: TestApi;

  beforeAll(async () => {
    // A prefix of its own: no worker of another suite has registered job schedules under it.
    api = await createTestApi(
      testEnv({ BODY_LIMIT_BYTES: '2048', QUEUE_PREFIX: `pmtest-foundation-${process.pid}` }),
    );
  });
  afterAll(async () => {
    await api.close();
  });

  const http = () => api.app.getHttpServer();

  it('answers liveness with 200', async () => {
    const res = await request(http()).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers readiness with 200 when PostgreSQL and Redis answer, naming the job schedules missing', async () => {
    // No worker runs here, so none of the seven schedules is in Redis: a detail, the API is still ready.
    const res = await request(http()).get('/api/health/ready').expect(200);
    expect(res.body).toEqual({
      ready: true,
      checks: { database: 'up', redis: 'up' },
      schedules: {
        status: 'incomplete',
        missing: [
          'matching/nightly-rescore',
          'introductions/consent-sweep',
          'introductions/coordinator-digest',
          'outreach/vacancy-alerts',
          'outreach/freshness',
          'outreach/follow-ups',
          'privacy/retention-sweep',
        ],
      },
    });
  });

  it('answers 404 in the shared error shape with a request id', async () => {
    const res = await request(http()).get('/api/no-such-route').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'ROUTE.NOT_FOUND' });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.details).toEqual([]);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps a caller-provided request id', async () => {
    const res = await request(http())
      .get('/api/nothing-here')
      .set('x-request-id', 'abc-123-def-456')
      .expect(404);
    expect(res.body.requestId).toBe('abc-123-def-456');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await request(http())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.BAD' });
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('answers a body above the limit with 413', async () => {
    const res = await request(http())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ filler: 'x'.repeat(5000) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE' });
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const json = await request(http()).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/health/ready']),
    );
    const ui = await request(http()).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('sends security headers', async () => {
    const res = await request(http()).get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});

describe('foundation: readiness with Redis down', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Nothing listens on port 1: the Redis connection is dead.
    api = await createTestApi(testEnv({ REDIS_URL: 'redis://127.0.0.1:1/1' }));
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 503 naming redis', async () => {
    const res = await request(api.app.getHttpServer()).get('/api/health/ready').expect(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'HEALTH.NOT_READY',
      message: 'Not ready: redis down',
    });
    expect(res.body.details).toEqual([{ field: 'redis', message: 'down' }]);
  });

  it('still answers liveness', async () => {
    await request(api.app.getHttpServer()).get('/api/health').expect(200);
  });
});
