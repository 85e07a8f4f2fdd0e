/** What a consent record can be about (checked by the database as well). */
export const CONSENT_PURPOSES = [
  'privacy_statement',
  'vacancy_alerts',
  'event_mail',
  'follow_up_mail',
  'introduction_contact_sharing',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Matches still under way: an erasure withdraws them. */
export const LIVE_MATCH_STATUSES = ['suggested', 'awaiting_consent', 'introduced'] as const;

/** Retention periods (README "Privacy"). */
export const UNVERIFIED_ACCOUNT_DAYS = 30;
export const CLOSED_MATCH_NOTE_YEARS = 2;

export const erasedEmail = (userId: string): string => `erased-${userId}@erased.invalid`;
export const ERASED_NAME = 'Erased user';
export const ERASED_PRACTICE_NAME = 'Erased practice';
