import { Module } from '@nestjs/common';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';

/** The HTTP API's feature modules. CoreModule is added by `createApiModule`. */
@Module({
  imports: [HealthModule, MailModule],
})
export class AppModule {}
