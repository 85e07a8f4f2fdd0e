import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { JOBS, RescorePracticeJob, RescoreStarterJob } from '../../core/queue/jobs';

/**
 * Job ids that deduplicate a pending rescoring of one profile or practice. BullMQ refuses custom ids with
 * a single ':' (it reserves them for repeatable jobs), hence the '-' before the uuid.
 */
export const rescoreStarterJobId = (starterProfileId: string): string =>
  `rescore-starter-${starterProfileId}`;
export const rescorePracticeJobId = (practiceId: string): string => `rescore-practice-${practiceId}`;

/**
 * A pending (waiting) job for the same profile or practice will read the latest state when it runs, so a
 * second add is dropped by its job id. A job already running may have read the state before this change,
 * so then one follow-up job is added under its own id: the change is never lost to deduplication.
 */
async function addOnce(
  queue: RescoreQueue,
  name: string,
  target: RescoreTarget,
  jobId: string,
): Promise<void> {
  const existing = await queue.getJob(jobId);
  const running = existing ? await existing.isActive() : false;
  await queue.add(name, target, { jobId: running ? `${jobId}-after-${Date.now()}` : jobId });
}

/** A write must not hang on an unreachable Redis longer than this. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/** The matching queue as the API sees it: it only ever adds rescoring jobs. */
export type RescoreQueue = Queue<RescoreStarterJob | RescorePracticeJob>;

export type RescoreTarget = { starterProfileId: string } | { practiceId: string };

/**
 * Enqueues the rescoring of one side after its change committed. Redis being down must not fail the change:
 * the profile or practice is safe in PostgreSQL and the nightly full rescoring catches up, so a failure is
 * logged and swallowed.
 */
export async function enqueueRescore(
  queue: RescoreQueue,
  logger: Logger,
  target: RescoreTarget,
): Promise<void> {
  const [name, jobId] =
    'starterProfileId' in target
      ? [JOBS.rescoreStarter, rescoreStarterJobId(target.starterProfileId)]
      : [JOBS.rescorePractice, rescorePracticeJobId(target.practiceId)];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([addOnce(queue, name, target, jobId), timeout]);
  } catch (err) {
    logger.warn({ err, jobId }, 'could not enqueue rescoring; the nightly rescoring will catch up');
  } finally {
    clearTimeout(timer);
  }
}
