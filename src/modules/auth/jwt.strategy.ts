import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { Env } from '../../core/config/env';
import type { AuthUser } from './auth-user';
import type { Role } from '../users/user.entity';

export const JWT_ISSUER = 'praktijkmatch';
export const JWT_AUDIENCE = 'praktijkmatch-api';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
}

/**
 * Bearer access tokens: HS256 only (pinned, so `alg: none` and algorithm swaps fail), issuer and audience
 * checked, expiry enforced. The account is read on every request so an erased account or changed regions
 * take effect at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: env.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    const rows = await this.dataSource.query<
      Array<{ id: string; role: Role; verified: boolean; regions: string[] }>
    >(
      `SELECT u.id, u.role, u.email_verified_at IS NOT NULL AS verified,
              COALESCE(array_agg(cr.region_id) FILTER (WHERE cr.region_id IS NOT NULL), '{}') AS regions
         FROM users u LEFT JOIN coordinator_regions cr ON cr.user_id = u.id
        WHERE u.id = $1 AND u.erased_at IS NULL
        GROUP BY u.id`,
      [payload.sub],
    );
    const row = rows[0];
    if (!row || row.role !== payload.role) throw new UnauthorizedException('Invalid or expired token');
    return { id: row.id, role: row.role, emailVerified: row.verified, regionIds: row.regions };
  }
}
