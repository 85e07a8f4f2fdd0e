import { Module } from '@nestjs/common';
import { QueuesModule } from '../../core/queue/queues.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { RegionsModule } from '../regions/regions.module';
import { AdminController } from './admin.controller';
import { AuditLogService } from './audit-log.service';
import { CoordinatorsService } from './coordinators.service';
import { QueueDashboardController } from './queue-dashboard.controller';
import { QueueDashboardService } from './queue-dashboard.service';

/**
 * Platform operation: coordinators and their regions, the audit log, and the queue dashboard's access
 * (mounted by setupApp). Region admin lives in RegionsModule.
 */
@Module({
  imports: [AuthModule, MailModule, RegionsModule, QueuesModule],
  controllers: [AdminController, QueueDashboardController],
  providers: [CoordinatorsService, AuditLogService, QueueDashboardService],
})
export class AdminModule {}
