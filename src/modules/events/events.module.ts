import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { OutreachModule } from '../outreach/outreach.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [MailModule, OutreachModule],
  controllers: [EventsController],
  providers: [EventsService],
})
export class EventsModule {}
