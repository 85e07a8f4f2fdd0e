import { Queue } from 'bullmq';
import { QueueName } from './jobs';

/** Every queue by name, for the code that looks at all of them (schedules, readiness, metrics). */
export class AllQueues {
  constructor(private readonly byName: ReadonlyMap<QueueName, Queue>) {}

  get(name: QueueName): Queue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }

  entries(): Array<[QueueName, Queue]> {
    return [...this.byName.entries()];
  }
}
