/** Kinds of non-transactional mail a person can opt out of, one by one (the `mail_preferences` rows). */
export const MAIL_KINDS = ['events', 'alerts', 'follow_up'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** The worker's scheduled outreach jobs: their own queue, so they never wait behind a full rescoring. */
export const OUTREACH_QUEUE = 'outreach';

export const OUTREACH_JOBS = {
  vacancyAlerts: 'vacancy-alerts',
  freshness: 'freshness',
  followUps: 'follow-ups',
} as const;
export type OutreachJobName = (typeof OUTREACH_JOBS)[keyof typeof OUTREACH_JOBS];

/** Payload of a scheduled sweep; `now` only when a caller pins the clock, else the job's run time. */
export interface OutreachSweepJob {
  now?: string;
}

const DAY_MS = 86_400_000;
export const days = (n: number): number => n * DAY_MS;

/** DESIGN.md "Keeping it fresh": ask every 90 days, pause after 14 days without an answer. */
export const PROBE_AFTER_DAYS = 90;
export const PAUSE_AFTER_DAYS = 14;
/** Follow-ups 30 and 90 days after an introduction. */
export const FOLLOW_UP_DAYS = [30, 90] as const;
/** An unsubscribe link keeps working for a year. */
export const UNSUBSCRIBE_TTL_SECONDS = 365 * 86_400;
export const FOLLOW_UP_TTL_SECONDS = 60 * 86_400;
