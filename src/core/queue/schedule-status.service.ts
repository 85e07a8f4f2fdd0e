import { Injectable } from '@nestjs/common';
import { Env } from '../config/env';
import { AllQueues } from './all-queues';
import { scheduleName, schedules, ScheduleSpec } from './schedules';

export interface ScheduleState {
  spec: ScheduleSpec;
  name: string;
  /** The scheduler is in Redis and its next job is there to fire. */
  present: boolean;
}

/**
 * Which of the system's job schedulers Redis holds. A scheduler counts as present when its entry exists and
 * the job of its next slot is there too: a scheduler without its next job would never fire again.
 */
@Injectable()
export class ScheduleStatus {
  readonly specs: ScheduleSpec[];

  constructor(
    env: Env,
    private readonly queues: AllQueues,
  ) {
    this.specs = schedules(env);
  }

  async check(spec: ScheduleSpec): Promise<boolean> {
    const queue = this.queues.get(spec.queue);
    const scheduler = await queue.getJobScheduler(spec.id);
    if (!scheduler || scheduler.next === null || scheduler.next === undefined) return false;
    return (await queue.getJob(`repeat:${spec.id}:${scheduler.next}`)) !== undefined;
  }

  /** Every schedule with its state; throws when Redis does not answer. */
  async states(): Promise<ScheduleState[]> {
    return Promise.all(
      this.specs.map(async (spec) => ({ spec, name: scheduleName(spec), present: await this.check(spec) })),
    );
  }
}
