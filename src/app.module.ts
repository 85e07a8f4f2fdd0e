import { Module } from '@nestjs/common';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';
import { PlacesModule } from './modules/places/places.module';

/** The HTTP API's feature modules. CoreModule is added by `createApiModule`. */
@Module({
  imports: [
    AuditModule,
    HealthModule,
    MailModule,
    AuthModule,
    PlacesModule,
    // feature modules below
  ],
})
export class AppModule {}
