import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { MeController } from '../users/me.controller';
import { User } from '../users/user.entity';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { JwtAuthGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { OneTimeTokenService } from './one-time-token.service';
import { LoginRateLimitGuard, RateLimitService } from './rate-limit.guard';
import { OneTimeToken } from './one-time-token.entity';
import { RefreshToken } from './refresh-token.entity';

@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    MailModule,
    TypeOrmModule.forFeature([User, RefreshToken, OneTimeToken]),
  ],
  controllers: [AuthController, MeController],
  providers: [
    AuthService,
    JwtStrategy,
    LocalStrategy,
    OneTimeTokenService,
    RateLimitService,
    LoginRateLimitGuard,
    AdminBootstrapService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, OneTimeTokenService],
})
export class AuthModule {}
