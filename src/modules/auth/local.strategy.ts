import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { RateLimitService } from './rate-limit.guard';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimitService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: { ip: string }, email: string, password: string): Promise<User> {
    try {
      return await this.auth.validateCredentials(email, password);
    } catch (err) {
      // Only failures count towards the brute-force limit.
      if (err instanceof UnauthorizedException) await this.limiter.hit('login', email, req.ip);
      throw err;
    }
  }
}
