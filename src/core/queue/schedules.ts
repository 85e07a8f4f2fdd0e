import type { RepeatOptions } from 'bullmq';
import { Env } from '../config/env';
import {
  INTRODUCTION_JOBS,
  JOBS,
  OUTREACH_JOBS,
  PRIVACY_JOBS,
  QueueName,
  QUEUES,
  RescoreAllJob,
} from './jobs';

/** One BullMQ job scheduler: its id in its queue, when it fires, and the job it makes each time. */
export interface ScheduleSpec {
  queue: QueueName;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; data: Record<string, unknown> };
}

const AMSTERDAM = 'Europe/Amsterdam';

/**
 * Every job scheduler of the system, in one list: the workers register and heal these (ScheduleKeeper),
 * readiness and the metrics report the ones missing from Redis. An id is the scheduler's key in its queue,
 * so however many workers upsert it, there is one schedule.
 *
 * Schedulers rather than worker timers: with several workers, each slot runs once, not once per worker,
 * and the nightly runs need a wall-clock cron. Every job is idempotent and acts on state in PostgreSQL.
 */
export function schedules(env: Env): ScheduleSpec[] {
  return [
    {
      // The nightly full rescoring (03:00 Amsterdam time).
      queue: QUEUES.matching,
      id: 'nightly-rescore',
      repeat: { pattern: '0 3 * * *', tz: AMSTERDAM },
      job: { name: JOBS.rescoreAll, data: { reason: 'nightly' } satisfies RescoreAllJob },
    },
    {
      // Consent reminders after 7 days and expiry after 14: every quarter of an hour is close enough.
      queue: QUEUES.introductions,
      id: 'consent-sweep',
      repeat: { every: 15 * 60_000 },
      job: { name: INTRODUCTION_JOBS.consentSweep, data: {} },
    },
    {
      queue: QUEUES.introductions,
      id: 'coordinator-digest',
      repeat: { pattern: '0 7 * * *', tz: AMSTERDAM },
      job: { name: INTRODUCTION_JOBS.coordinatorDigest, data: {} },
    },
    {
      // A newly published practice should not wait a day for its alerts.
      queue: QUEUES.outreach,
      id: OUTREACH_JOBS.vacancyAlerts,
      repeat: { every: env.VACANCY_ALERT_INTERVAL_MS },
      job: { name: OUTREACH_JOBS.vacancyAlerts, data: {} },
    },
    {
      queue: QUEUES.outreach,
      id: OUTREACH_JOBS.freshness,
      repeat: { pattern: '15 3 * * *', tz: AMSTERDAM },
      job: { name: OUTREACH_JOBS.freshness, data: {} },
    },
    {
      queue: QUEUES.outreach,
      id: OUTREACH_JOBS.followUps,
      repeat: { pattern: '30 3 * * *', tz: AMSTERDAM },
      job: { name: OUTREACH_JOBS.followUps, data: {} },
    },
    {
      queue: QUEUES.privacy,
      id: 'retention-sweep',
      repeat: { pattern: '30 3 * * *', tz: AMSTERDAM },
      job: { name: PRIVACY_JOBS.retentionSweep, data: {} },
    },
  ];
}

/** How readiness and the metrics name a schedule: `queue/id`. */
export const scheduleName = (s: Pick<ScheduleSpec, 'queue' | 'id'>): string => `${s.queue}/${s.id}`;
