/**
 * Every queue, job name and payload in one place. The API only enqueues; the worker's processors parse
 * these payloads and call a service method.
 */
export const QUEUES = {
  mail: 'mail',
  matching: 'matching',
  schedule: 'schedule',
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
