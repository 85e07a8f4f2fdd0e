import Redis from 'ioredis';
import request from 'supertest';
import { AllQueues } from '../src/core/queue/all-queues';
import { QueueName } from '../src/core/queue/jobs';
import { scheduleName, schedules } from '../src/core/queue/schedules';
import { createTestApi, TestApi, truncateAll } from './support/app';
import { createUser } from './support/factories';
import { PrivateRedis, WorkerProcess } from './support/fault/processes';
import { insertPractice, insertStarterProfile } from './support/matching-factories';
import { TestSmtpServer, waitFor } from './support/smtp';
import { TEST_DATABASE_URL, testEnv } from './support/test-env';

/** The bound: every schedule back within two minutes of Redis coming back empty. */
const HEAL_WITHIN_MS = 120_000;

/**
 * Fault: the (private) Redis is killed and started again empty while two real worker processes keep
 * running (DESIGN.md "System shape": the workers put the schedules back by themselves). Every job
 * scheduler comes back, once, without a worker restart, and the vacancy-alert schedule works again: a
 * practice published after the restart reaches the starter whose alert it matches.
 */
describe('fault: Redis restarted empty while the workers run', () => {
  jest.setTimeout(HEAL_WITHIN_MS + 90_000);
  const smtp = new TestSmtpServer();
  const redis = new PrivateRedis();
  const prefix = `pmfault-sched-${Date.now().toString(36)}`;
  const workers: WorkerProcess[] = [];
  let api: TestApi;

  beforeAll(async () => {
    await redis.start();
    const smtpUrl = await smtp.start();
    const shared = {
      SMTP_URL: smtpUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      MAIL_RELAY_INTERVAL_MS: '200',
      VACANCY_ALERT_INTERVAL_MS: '2000',
      SCHEDULE_HEAL_INTERVAL_MS: '5000',
    };
    api = await createTestApi(testEnv(shared));
    await truncateAll(api.dataSource);
    for (let i = 0; i < 2; i += 1) {
      const worker = new WorkerProcess({
        ...shared,
        NODE_ENV: 'test',
        DATABASE_URL: TEST_DATABASE_URL,
        MAIL_FROM: 'praktijkmatch <noreply@praktijkmatch.test>',
        PUBLIC_URL: 'http://localhost:3000',
        PORT: '0',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        LOG_LEVEL: 'silent',
        WORKER_TIMERS: 'true',
      });
      workers.push(worker);
      worker.start();
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.kill('SIGTERM');
    await api?.close();
    await redis.kill();
    await smtp.stop();
  });

  const readiness = async (): Promise<{ status: string; missing: string[] } | undefined> => {
    const res = await request(api.app.getHttpServer()).get('/api/health/ready');
    return res.status === 200 ? (res.body.schedules as { status: string; missing: string[] }) : undefined;
  };

  /** Jobs each scheduler has waiting to fire (waiting, delayed or prioritized): one, never two. */
  const pendingPerScheduler = async (): Promise<Record<string, number>> => {
    const queues = api.app.get(AllQueues);
    const counts: Record<string, number> = {};
    for (const spec of schedules(api.env)) {
      const jobs = await queues.get(spec.queue).getJobs(['waiting', 'delayed', 'prioritized']);
      counts[scheduleName(spec)] = jobs.filter((j) => j.id?.startsWith(`repeat:${spec.id}:`)).length;
    }
    return counts;
  };

  const schedulerCount = async (queue: QueueName): Promise<number> =>
    api.app.get(AllQueues).get(queue).getJobSchedulersCount();

  it('puts every schedule back within two minutes, once, and alerts about a practice published after', async () => {
    const ds = api.dataSource;
    const specs = schedules(api.env);
    const one = Object.fromEntries(specs.map((s) => [scheduleName(s), 1]));
    await waitFor(async () => (await readiness())?.status === 'complete', 30_000);

    // A starter who wants alerts, and whose wishes the practice below meets.
    const starter = await createUser(api.app, ds, 'starter');
    await insertStarterProfile(ds, starter.id, { alerts_enabled: true, alerts_min_score: 0 });

    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await probe.connect();
    await probe.set(`${prefix}:sentinel`, '1');
    probe.disconnect();
    await redis.kill();
    await redis.start(); // same port, nothing in it
    const restartedAt = Date.now();
    const after = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await after.connect();
    expect(await after.exists(`${prefix}:sentinel`)).toBe(0);
    after.disconnect();

    await waitFor(async () => (await readiness())?.status === 'complete', HEAL_WITHIN_MS);
    const healedInMs = Date.now() - restartedAt;
    process.stdout.write(`[fault-redis-schedules] every schedule back ${healedInMs} ms after the restart\n`);
    expect(healedInMs).toBeLessThan(HEAL_WITHIN_MS);
    expect(await readiness()).toEqual({ status: 'complete', missing: [] });

    // Two workers healed side by side: one scheduler per id, one pending job per scheduler.
    const byQueue = new Map<QueueName, number>();
    for (const s of specs) byQueue.set(s.queue, (byQueue.get(s.queue) ?? 0) + 1);
    for (const [queue, n] of byQueue)
      expect({ queue, schedulers: await schedulerCount(queue) }).toEqual({ queue, schedulers: n });
    await new Promise((r) => setTimeout(r, 6_000)); // past another heal interval of both workers
    expect(await pendingPerScheduler()).toEqual(one);

    // The vacancy-alert schedule fires again: a practice published now is announced, once.
    const stopper = await createUser(api.app, ds, 'stopper');
    await insertPractice(ds, stopper.id);
    const alerts = (): number => smtp.to(starter.email).filter((m) => m.text.includes('/vacancies/')).length;
    await waitFor(() => alerts() >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 5_000)); // two more sweeps: no second alert
    expect(alerts()).toBe(1);
    expect(await pendingPerScheduler()).toEqual(one);
    // The same two worker processes did all this: none was restarted.
    expect(workers.map((w) => w.running)).toEqual([true, true]);
  });
});
