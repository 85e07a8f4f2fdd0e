import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import { LOGGER } from '../../core/core.module';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from './auth.service';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start, already verified. Idempotent: an
 * existing account with that email is left exactly as it is (its password is not reset on every start).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Env,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    if (!email || !password) return;
    const hash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      const rows = await m.query<Array<{ id: string }>>(
        `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
         VALUES ($1, $2, 'Administrator', 'admin', now())
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
        [email, hash],
      );
      if (rows[0]) {
        await this.audit.record(m, {
          actorId: null,
          action: 'admin.bootstrapped',
          targetType: 'user',
          targetId: rows[0].id,
        });
        this.logger.info('first admin created from ADMIN_EMAIL');
      }
    });
  }
}
