import { Injectable } from '@nestjs/common';
import { RedisClient } from '../../core/queue/redis-client.service';

/**
 * Metrics only the worker observes (a mail's SMTP send, a rescoring, a failed job) but the API serves at
 * `GET /api/metrics`. The worker adds each observation to a Redis hash with HINCRBY, at once, and the API
 * reads the hashes at scrape time: the numbers are the whole cluster's, from any API instance, they survive
 * a worker restart or crash, and adding workers needs no scrape target per worker. They live in Redis with
 * the queues, so a Redis restart without data resets them to zero, which Prometheus reads as a counter
 * reset. Recording is best effort: while Redis is down an observation is dropped, never the work itself.
 */
export interface SharedFamily<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Histogram upper bounds in seconds; absent for a counter. */
  buckets?: readonly number[];
}

const SEND_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;
const RESCORE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900] as const;

export const SHARED = {
  mailSend: {
    name: 'praktijkmatch_mail_send_duration_seconds',
    help: 'Time the SMTP server took to accept one outbox message (worker), by result',
    labelNames: ['result'],
    buckets: SEND_BUCKETS,
  },
  rescoring: {
    name: 'praktijkmatch_rescoring_duration_seconds',
    help: 'Duration of a rescoring job (worker), by kind: starter, practice or all',
    labelNames: ['kind'],
    buckets: RESCORE_BUCKETS,
  },
  suggestionsWritten: {
    name: 'praktijkmatch_rescoring_suggestions_written_total',
    help: 'Pair and duo suggestions written (inserted or refreshed) by rescoring jobs, by kind',
    labelNames: ['kind'],
  },
  jobFailures: {
    name: 'praktijkmatch_queue_job_failures_total',
    help: 'Job attempts that failed, by queue; final="true" when no attempt is left (the job gave up)',
    labelNames: ['queue', 'final'],
  },
} as const satisfies Record<string, SharedFamily<string>>;

type Labels<F> = F extends SharedFamily<infer L> ? Record<L, string> : never;

/** One label set of a family, read back: its counter value, or its histogram's buckets, sum and count. */
export interface SharedSeries {
  labels: Record<string, string>;
  /** Counter value, or the histogram's observation count. */
  count: number;
  sum: number;
  /** Non-cumulative counts per bucket bound (`+Inf` last), histograms only. */
  buckets: number[];
}

const SEP = '|';

function seriesKey(family: SharedFamily<string>, labels: Record<string, string>): string {
  return family.labelNames.map((l) => encodeURIComponent(labels[l] ?? '')).join(',');
}

function parseSeriesKey(family: SharedFamily<string>, key: string): Record<string, string> {
  const values = key.split(',');
  return Object.fromEntries(family.labelNames.map((l, i) => [l, decodeURIComponent(values[i] ?? '')]));
}

@Injectable()
export class SharedMetrics {
  constructor(private readonly redis: RedisClient) {}

  private key(family: SharedFamily<string>): string {
    return `${this.redis.prefix}:metrics:${family.name}`;
  }

  /** Adds to a counter; never throws. */
  async inc<F extends SharedFamily<string>>(family: F, labels: Labels<F>, by = 1): Promise<void> {
    if (by <= 0) return;
    await this.write((m) => m.hincrby(this.key(family), `${seriesKey(family, labels)}${SEP}count`, by));
  }

  /** Adds one observation (seconds) to a histogram; never throws. */
  async observe<F extends SharedFamily<string>>(
    family: F,
    labels: Labels<F>,
    seconds: number,
  ): Promise<void> {
    const bounds = family.buckets ?? [];
    const index = bounds.findIndex((b) => seconds <= b);
    const bucket = index === -1 ? '+Inf' : String(bounds[index]);
    const series = seriesKey(family, labels);
    const key = this.key(family);
    await this.write((m) =>
      m
        .hincrby(key, `${series}${SEP}count`, 1)
        .hincrbyfloat(key, `${series}${SEP}sum`, seconds)
        .hincrby(key, `${series}${SEP}b${SEP}${bucket}`, 1),
    );
  }

  /** Every label set recorded for a family; throws when Redis does not answer. */
  async read(family: SharedFamily<string>): Promise<SharedSeries[]> {
    await this.redis.ensureConnected();
    const raw = await this.redis.client.hgetall(this.key(family));
    const bounds = [...(family.buckets ?? []).map(String), '+Inf'];
    const bySeries = new Map<string, SharedSeries>();
    for (const [field, value] of Object.entries(raw)) {
      const [series, part, bound] = field.split(SEP);
      let s = bySeries.get(series);
      if (!s) {
        s = { labels: parseSeriesKey(family, series), count: 0, sum: 0, buckets: bounds.map(() => 0) };
        bySeries.set(series, s);
      }
      if (part === 'count') s.count = Number(value);
      else if (part === 'sum') s.sum = Number(value);
      else if (part === 'b' && bounds.includes(bound)) s.buckets[bounds.indexOf(bound)] = Number(value);
    }
    return [...bySeries.values()];
  }

  private async write(
    build: (m: ReturnType<RedisClient['client']['multi']>) => ReturnType<RedisClient['client']['multi']>,
  ): Promise<void> {
    try {
      await this.redis.ensureConnected();
      await build(this.redis.client.multi()).exec();
    } catch {
      // Redis down: this observation is lost; the work it measured is not affected.
    }
  }
}
