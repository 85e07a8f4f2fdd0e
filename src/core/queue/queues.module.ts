import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from './jobs';
import { AllQueues } from './all-queues';
import { ScheduleStatus } from './schedule-status.service';

const NAMES = Object.values(QUEUES);

/** Every queue registered once, with the schedules' state: readiness, the metrics and the schedule keeper. */
@Module({
  imports: [BullModule.registerQueue(...NAMES.map((name) => ({ name })))],
  providers: [
    {
      provide: AllQueues,
      useFactory: (...queues: Queue[]) => {
        // Connection errors are what readiness and the metrics report; unheard, BullMQ prints each one.
        for (const queue of queues) queue.on('error', () => undefined);
        return new AllQueues(new Map(NAMES.map((n, i) => [n, queues[i]])));
      },
      inject: NAMES.map((n) => getQueueToken(n)),
    },
    ScheduleStatus,
  ],
  exports: [AllQueues, ScheduleStatus],
})
export class QueuesModule {}
