/**
 * The introductions queue and its scheduled jobs. Kept beside the module while issue 6 lands; belongs in
 * src/core/queue/jobs.ts with the others.
 */
export const INTRODUCTIONS_QUEUE = 'introductions';

export const INTRODUCTION_JOBS = {
  consentSweep: 'consent-sweep',
  coordinatorDigest: 'coordinator-digest',
} as const;

/** Scheduled jobs carry no payload: they act on "now" as the worker sees it. */
export type IntroductionJob = Record<string, never>;
