import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Env } from './core/config/env';
import { LOGGER } from './core/core.module';
import { MailRelayService } from './modules/mail/mail-relay.service';

/**
 * In-process timers of the worker. The outbox relay runs on a timer in every worker rather than as a
 * BullMQ repeatable job, because it must keep running when Redis comes back empty.
 */
@Injectable()
export class WorkerTimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly env: Env,
    private readonly relay: MailRelayService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.WORKER_TIMERS !== 'true') return;
    // At start, everything pending is enqueued again (a restarted worker loses nothing); rows this pass
    // claims itself are not claimed again, so a large backlog drains in batches instead of looping.
    void this.tick(0, new Date());
    this.timer = setInterval(() => void this.tick(), this.env.MAIL_RELAY_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(requeueAfterSeconds?: number, claimedBefore: Date | null = null): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.relay.relay(500, requeueAfterSeconds, claimedBefore)) === 500) {
        /* drain in batches */
      }
    } catch (err) {
      this.logger.warn({ err }, 'worker tick failed');
    } finally {
      this.running = false;
    }
  }
}
