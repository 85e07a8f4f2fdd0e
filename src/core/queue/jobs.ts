/**
 * Every queue, job name and payload in one place. The API only enqueues; the worker's processors parse
 * these payloads and call a service method.
 */
export const QUEUES = {
  mail: 'mail',
  matching: 'matching',
  /** Consent reminders and expiry, the coordinator digest. */
  introductions: 'introductions',
  /** Vacancy alerts, "still looking?" probes, follow-ups: never behind a full rescoring. */
  outreach: 'outreach',
  /** Retention. */
  privacy: 'privacy',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  sendMail: 'send-mail',
  rescoreStarter: 'rescore-starter',
  rescorePractice: 'rescore-practice',
  rescoreAll: 'rescore-all',
} as const;

/** The job id of a mail is its outbox row id: BullMQ ignores a second add with the same id. */
export interface SendMailJob {
  outboxId: string;
}

export interface RescoreStarterJob {
  starterProfileId: string;
}

export interface RescorePracticeJob {
  practiceId: string;
}

export interface RescoreAllJob {
  reason: 'nightly' | 'admin';
  requestedBy?: string;
}

/** Scheduled jobs (upsertJobScheduler) of the other queues; they act on "now" as the worker sees it. */
export const INTRODUCTION_JOBS = {
  consentSweep: 'consent-sweep',
  coordinatorDigest: 'coordinator-digest',
} as const;

export const OUTREACH_JOBS = {
  vacancyAlerts: 'vacancy-alerts',
  freshness: 'freshness',
  followUps: 'follow-ups',
} as const;
export type OutreachJobName = (typeof OUTREACH_JOBS)[keyof typeof OUTREACH_JOBS];

export const PRIVACY_JOBS = {
  retentionSweep: 'retention-sweep',
} as const;

/** A scheduled sweep carries no payload. */
export type IntroductionJob = Record<string, never>;
export type PrivacyJob = Record<string, never>;

/** Payload of an outreach sweep; `now` only when a caller pins the clock, else the job's run time. */
export interface OutreachSweepJob {
  now?: string;
}
