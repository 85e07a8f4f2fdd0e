import { Module } from '@nestjs/common';
import { AdminModule } from './modules/admin/admin.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { IntroductionsModule } from './modules/introductions/introductions.module';
import { MailModule } from './modules/mail/mail.module';
import { MatchingModule } from './modules/matching/matching.module';
import { PlacesModule } from './modules/places/places.module';
import { PracticesModule } from './modules/practices/practices.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
import { RegionsModule } from './modules/regions/regions.module';
import { VacanciesModule } from './modules/vacancies/vacancies.module';
import { InsightModule } from './modules/insight/insight.module';
import { EventsModule } from './modules/events/events.module';
import { OutreachModule } from './modules/outreach/outreach.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { MetricsModule } from './modules/metrics/metrics.module';

/** The HTTP API's feature modules. CoreModule is added by `createApiModule`. */
@Module({
  imports: [
    AuditModule,
    HealthModule,
    MailModule,
    AuthModule,
    PlacesModule,
    // feature modules below
    ProfilesModule,
    PracticesModule,
    VacanciesModule,
    MatchingModule,
    RegionsModule,
    AdminModule,
    InsightModule,
    EventsModule,
    OutreachModule,
    IntroductionsModule,
    PrivacyModule,
    MetricsModule,
  ],
})
export class AppModule {}
