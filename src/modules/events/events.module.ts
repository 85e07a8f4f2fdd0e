import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { OutreachModule } from '../outreach/outreach.module';
import { EventAttendanceController } from './event-attendance.controller';
import { EventAttendanceService } from './event-attendance.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [MailModule, OutreachModule],
  controllers: [EventsController, EventAttendanceController],
  providers: [EventsService, EventAttendanceService],
})
export class EventsModule {}
