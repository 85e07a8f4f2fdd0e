import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { JOBS, QUEUES } from '../src/core/queue/jobs';
import { AllQueues } from '../src/core/queue/all-queues';
import { MailService } from '../src/modules/mail/mail.service';
import { createTestApi, createTestWorker, TestApi, truncateAll } from './support/app';
import { uniqueEmail } from './support/factories';
import { newPractice, newStarter } from './support/matching-factories';
import { TestSmtpServer, waitFor } from './support/smtp';
import { testEnv } from './support/test-env';

const TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';

/** One sample of the exposition text: `name{labels} value`, labels as written. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const m = /^[^{\s]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...(m[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
      );
      return { labels, value: Number(m[2]) };
    });
}

const value = (text: string, name: string, labels: Record<string, string>): number | undefined =>
  samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('metrics: GET /api/metrics for the operator', () => {
  jest.setTimeout(60_000);
  const smtp = new TestSmtpServer();
  const prefix = `pmtest-metrics-${process.pid}`;
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const env = {
      SMTP_URL: await smtp.start(),
      QUEUE_PREFIX: prefix,
      METRICS_TOKEN: TOKEN,
      MAIL_RELAY_INTERVAL_MS: '100',
    };
    api = await createTestApi(testEnv(env));
    await truncateAll(api.dataSource);
    worker = await createTestWorker(testEnv({ ...env, WORKER_TIMERS: 'true' }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp.stop();
  });

  const http = () => api.app.getHttpServer();
  const scrape = async (): Promise<string> => {
    const res = await request(http()).get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('refuses a missing or wrong token with 401 in the error shape', async () => {
    const none = await request(http()).get('/api/metrics').expect(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'METRICS.UNAUTHORIZED', details: [] });
    expect(none.body.requestId).toBe(none.headers['x-request-id']);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await request(http())
      .get('/api/metrics')
      .set('Authorization', `Bearer ${TOKEN}x`)
      .expect(401);
    expect(wrong.body.code).toBe('METRICS.UNAUTHORIZED');
    await request(http()).get('/api/metrics').set('Authorization', TOKEN).expect(401);
  });

  it('serves every family with a plausible value after some traffic', async () => {
    const ds = api.dataSource;
    // HTTP traffic: a route with a parameter twice (two URLs, one pattern), and a path nothing serves.
    await request(http()).get('/api/health').expect(200);
    await request(http()).get('/api/places/9401').expect(200);
    await request(http()).get('/api/places/9402').expect(200);
    await request(http()).get('/api/no-such-route').expect(404);
    // A mail through the worker, and one that fails for good (an unknown template).
    const to = uniqueEmail('metrics');
    const mail = api.app.get(MailService);
    await ds.transaction((m) =>
      mail.queue(m, {
        to,
        template: 'verify-email',
        locale: 'nl',
        data: { displayName: 'Sanne de Vries', token: 't' },
      }),
    );
    await waitFor(() => smtp.to(to).length === 1, 15_000);
    // A practice's rescoring against a starter who fits it, and a job its processor does not know.
    await newStarter(api);
    const practiceId = await newPractice(api);
    const queues = api.app.get(AllQueues);
    await queues.get(QUEUES.matching).add(JOBS.rescorePractice, { practiceId });
    await queues.get(QUEUES.privacy).add('no-such-job', {});

    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return (
        (value(text, 'praktijkmatch_rescoring_duration_seconds_count', { kind: 'practice' }) ?? 0) >= 1 &&
        (value(text, 'praktijkmatch_queue_job_failures_total', { queue: 'privacy', final: 'true' }) ?? 0) >=
          1 &&
        (value(text, 'praktijkmatch_job_scheduler_present', { scheduler: 'vacancy-alerts' }) ?? 0) === 1
      );
    }, 20_000);

    // Requests per route pattern, not per URL; the unmatched path under one label.
    expect(
      value(text, 'praktijkmatch_http_requests_total', { route: '/api/places/:pc4', status: '200' }),
    ).toBe(2);
    expect(
      samples(text, 'praktijkmatch_http_requests_total').some((s) => s.labels.route.includes('9401')),
    ).toBe(false);
    expect(value(text, 'praktijkmatch_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    const latency = value(text, 'praktijkmatch_http_request_duration_seconds_sum', {
      route: '/api/places/:pc4',
    });
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(30);
    expect(
      value(text, 'praktijkmatch_http_request_duration_seconds_bucket', {
        route: '/api/places/:pc4',
        le: '+Inf',
      }),
    ).toBe(2);

    // Queues: every queue by state, with the scheduled jobs waiting as delayed ones.
    for (const q of Object.values(QUEUES)) {
      expect(value(text, 'praktijkmatch_queue_jobs', { queue: q, state: 'waiting' })).toBeGreaterThanOrEqual(
        0,
      );
    }
    expect(
      value(text, 'praktijkmatch_queue_jobs', { queue: 'matching', state: 'delayed' }),
    ).toBeGreaterThanOrEqual(1);

    // The outbox: the one mail sent.
    expect(value(text, 'praktijkmatch_outbox_messages', { status: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(value(text, 'praktijkmatch_outbox_messages', { status: 'failed' })).toBe(0);

    // Mail send latency, recorded by the worker and served by the API.
    const sends = value(text, 'praktijkmatch_mail_send_duration_seconds_count', { result: 'accepted' }) ?? 0;
    expect(sends).toBeGreaterThanOrEqual(1);
    const sendSum = value(text, 'praktijkmatch_mail_send_duration_seconds_sum', { result: 'accepted' }) ?? -1;
    expect(sendSum).toBeGreaterThan(0);
    expect(sendSum / sends).toBeLessThan(10);
    expect(
      value(text, 'praktijkmatch_mail_send_duration_seconds_bucket', { result: 'accepted', le: '+Inf' }),
    ).toBe(sends);

    // Rescoring: its duration and the suggestions it wrote (the starter fits the practice).
    const rescoreSum =
      value(text, 'praktijkmatch_rescoring_duration_seconds_sum', { kind: 'practice' }) ?? -1;
    expect(rescoreSum).toBeGreaterThanOrEqual(0);
    expect(rescoreSum).toBeLessThan(60);
    expect(
      value(text, 'praktijkmatch_rescoring_suggestions_written_total', { kind: 'practice' }),
    ).toBeGreaterThanOrEqual(1);

    // Schedulers: all seven present (the worker registered them).
    const present = samples(text, 'praktijkmatch_job_scheduler_present');
    expect(present).toHaveLength(7);
    expect(present.every((s) => s.value === 1)).toBe(true);

    expect(value(text, 'praktijkmatch_metrics_source_up', { source: 'redis' })).toBe(1);
    expect(value(text, 'praktijkmatch_metrics_source_up', { source: 'database' })).toBe(1);
    expect(text).toContain('# TYPE praktijkmatch_mail_send_duration_seconds histogram');
    expect(text).toContain('# TYPE praktijkmatch_queue_job_failures_total counter');
  });

  it('is documented in OpenAPI as getMetrics, text/plain, with its error statuses', async () => {
    const doc = await request(http()).get('/api/docs-json').expect(200);
    const op = doc.body.paths['/api/metrics'].get;
    expect(op.operationId).toBe('getMetrics');
    expect(op.responses['200'].content['text/plain'].schema).toEqual({ type: 'string' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
  });
});

describe('metrics: without METRICS_TOKEN', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi(testEnv({ QUEUE_PREFIX: `pmtest-metrics-off-${process.pid}` }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 404 as for a route that does not exist, with or without a token', async () => {
    const res = await request(api.app.getHttpServer()).get('/api/metrics').expect(404);
    const unknown = await request(api.app.getHttpServer()).get('/api/no-such-route').expect(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      code: unknown.body.code,
      message: 'Cannot GET /api/metrics',
    });
    await request(api.app.getHttpServer())
      .get('/api/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(404);
  });
});
