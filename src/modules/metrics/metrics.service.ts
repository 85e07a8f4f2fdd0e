import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type MetricType, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AllQueues } from '../../core/queue/all-queues';
import { ScheduleStatus } from '../../core/queue/schedule-status.service';
import type { OutboxStatus } from '../mail/outbox-message.entity';
import { SHARED, SharedFamily, SharedMetrics, SharedSeries } from './shared-metrics';

const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'sent', 'failed', 'cancelled'];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Fastify names no route for a request nothing matched (a 404): one label value for all of them. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * A histogram whose series are read from the shared metrics (Redis) at scrape time. prom-client has no
 * setter for bucket counts, so this one answers its own series; the registry formats it as any histogram
 * (it asks `getForPromString` of a histogram, `get` for JSON).
 */
class SharedHistogram extends Histogram<string> {
  private series: SharedSeries[] = [];

  constructor(
    private readonly family: SharedFamily<string>,
    registry: Registry,
  ) {
    super({
      name: family.name,
      help: family.help,
      labelNames: [...family.labelNames],
      buckets: [...(family.buckets ?? [])],
      registers: [registry],
    });
  }

  /** Loads the series; the next `get` answers them. */
  load(series: SharedSeries[]): void {
    this.series = series;
  }

  override get(): ReturnType<Histogram<string>['get']> {
    // Not super.get(): it calls getForPromString, which is this very method below.
    const base = {
      name: this.family.name,
      help: this.family.help,
      // prom-client's typings declare a numeric enum; the registry writes this string into `# TYPE`.
      type: 'histogram' as unknown as MetricType,
      aggregator: 'sum' as const,
      collect: () => undefined,
    };
    const bounds = [...(this.family.buckets ?? []).map(String), '+Inf'];
    const values = this.series.flatMap((s) => {
      let cumulative = 0;
      return [
        ...bounds.map((le, i) => {
          cumulative += s.buckets[i];
          return { labels: { ...s.labels, le }, value: cumulative, metricName: `${this.family.name}_bucket` };
        }),
        { labels: s.labels, value: s.sum, metricName: `${this.family.name}_sum` },
        { labels: s.labels, value: s.count, metricName: `${this.family.name}_count` },
      ];
    });
    return Promise.resolve({ ...base, values });
  }

  getForPromString(): ReturnType<Histogram<string>['get']> {
    return this.get();
  }
}

/**
 * The Prometheus registry of `GET /api/metrics`. HTTP requests are counted in this API process; every other
 * family is read when scraped, from PostgreSQL (outbox), Redis (queues, schedules) and the shared metrics
 * the workers record (mail sends, rescorings, failed jobs), so they are the cluster's, whichever API
 * instance answers. A source that does not answer leaves its families empty and says so in
 * `praktijkmatch_metrics_source_up`, rather than failing the whole scrape.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly sourceUp: Gauge<'source'>;
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly schedulerPresent: Gauge<'queue' | 'scheduler'>;
  private readonly outboxRows: Gauge<'status'>;
  private readonly sharedHistograms: Array<[SharedFamily<string>, SharedHistogram]>;
  private readonly sharedCounters: Array<[SharedFamily<string>, Counter<string>]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: AllQueues,
    private readonly schedules: ScheduleStatus,
    private readonly shared: SharedMetrics,
  ) {
    const registers = [this.registry];
    // The API process's own CPU, memory, event loop and GC, under the usual `process_`/`nodejs_` names.
    collectDefaultMetrics({ register: this.registry });
    const http = { labelNames: ['method', 'route', 'status'] as const, registers };
    this.httpRequests = new Counter({
      name: 'praktijkmatch_http_requests_total',
      help: 'HTTP requests answered by this API process, by method, route pattern and status',
      ...http,
    });
    this.httpDuration = new Histogram({
      name: 'praktijkmatch_http_request_duration_seconds',
      help: 'Time to answer an HTTP request in this API process, by method, route pattern and status',
      buckets: HTTP_BUCKETS,
      ...http,
    });
    this.sourceUp = new Gauge({
      name: 'praktijkmatch_metrics_source_up',
      help: 'Whether the source of the scraped families answered this scrape: 1 yes, 0 no',
      labelNames: ['source'],
      registers,
    });
    this.queueJobs = new Gauge({
      name: 'praktijkmatch_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (failed jobs are removed at once: see praktijkmatch_queue_job_failures_total)',
      labelNames: ['queue', 'state'],
      registers,
    });
    this.schedulerPresent = new Gauge({
      name: 'praktijkmatch_job_scheduler_present',
      help: 'Whether each job scheduler, with the job of its next slot, is in Redis: 1 present, 0 missing',
      labelNames: ['queue', 'scheduler'],
      registers,
    });
    this.outboxRows = new Gauge({
      name: 'praktijkmatch_outbox_messages',
      help: 'Outbox rows (mail) by status',
      labelNames: ['status'],
      registers,
    });
    this.sharedHistograms = [SHARED.mailSend, SHARED.rescoring].map((f) => [
      f,
      new SharedHistogram(f, this.registry),
    ]);
    this.sharedCounters = [SHARED.suggestionsWritten, SHARED.jobFailures].map((f) => [
      f,
      new Counter({ name: f.name, help: f.help, labelNames: [...f.labelNames], registers }),
    ]);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** One answered request; `route` is Fastify's route pattern (`/api/practices/:id`), never the raw URL. */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** The exposition text of every family, the scraped ones read now. */
  async scrape(): Promise<string> {
    const [database, redis] = await Promise.all([
      this.loadOutbox(),
      Promise.all([this.loadQueues(), this.loadSchedules(), this.loadShared()]).then((ok) =>
        ok.every(Boolean),
      ),
    ]);
    this.sourceUp.set({ source: 'database' }, database ? 1 : 0);
    this.sourceUp.set({ source: 'redis' }, redis ? 1 : 0);
    return this.registry.metrics();
  }

  private async loadOutbox(): Promise<boolean> {
    this.outboxRows.reset();
    try {
      const rows = await this.dataSource.query<Array<{ status: OutboxStatus; n: number }>>(
        `SELECT status, count(*)::int AS n FROM outbox_messages GROUP BY status`,
      );
      const byStatus = new Map(rows.map((r) => [r.status, r.n]));
      for (const status of OUTBOX_STATUSES) this.outboxRows.set({ status }, byStatus.get(status) ?? 0);
      return true;
    } catch {
      this.outboxRows.reset();
      return false;
    }
  }

  private async loadQueues(): Promise<boolean> {
    try {
      const counts = await Promise.all(
        this.queues
          .entries()
          .map(async ([name, queue]) => [name, await queue.getJobCounts(...QUEUE_STATES)] as const),
      );
      this.queueJobs.reset();
      for (const [queue, c] of counts)
        for (const state of QUEUE_STATES) this.queueJobs.set({ queue, state }, c[state] ?? 0);
      return true;
    } catch {
      this.queueJobs.reset();
      return false;
    }
  }

  private async loadSchedules(): Promise<boolean> {
    try {
      const states = await this.schedules.states();
      this.schedulerPresent.reset();
      for (const s of states)
        this.schedulerPresent.set({ queue: s.spec.queue, scheduler: s.spec.id }, s.present ? 1 : 0);
      return true;
    } catch {
      this.schedulerPresent.reset();
      return false;
    }
  }

  private async loadShared(): Promise<boolean> {
    try {
      const histograms = await Promise.all(this.sharedHistograms.map(([f]) => this.shared.read(f)));
      const counters = await Promise.all(this.sharedCounters.map(([f]) => this.shared.read(f)));
      this.sharedHistograms.forEach(([, h], i) => h.load(histograms[i]));
      this.sharedCounters.forEach(([, counter], i) => {
        counter.reset();
        for (const s of counters[i]) counter.inc(s.labels, s.count);
      });
      return true;
    } catch {
      for (const [, h] of this.sharedHistograms) h.load([]);
      for (const [, counter] of this.sharedCounters) counter.reset();
      return false;
    }
  }
}
