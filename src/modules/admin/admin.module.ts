import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { RegionsModule } from '../regions/regions.module';
import { AdminController } from './admin.controller';
import { AuditLogService } from './audit-log.service';
import { CoordinatorsService } from './coordinators.service';

/** Platform operation: coordinators and their regions, and the audit log. Region admin lives in RegionsModule. */
@Module({
  imports: [AuthModule, MailModule, RegionsModule],
  controllers: [AdminController],
  providers: [CoordinatorsService, AuditLogService],
})
export class AdminModule {}
