/** Kinds of non-transactional mail a person can opt out of, one by one (the `mail_preferences` rows). */
export const MAIL_KINDS = ['events', 'alerts', 'follow_up'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

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
