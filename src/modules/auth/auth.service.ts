import { HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Env } from '../../core/config/env';
import { conflict, DomainError } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { RegisterDto, TokenPairDto } from './auth.dto';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy';
import { hashToken, newToken, OneTimeTokenService } from './one-time-token.service';
import { RefreshToken } from './refresh-token.entity';

const VERIFY_TTL_SECONDS = 48 * 3600;
const RESET_TTL_SECONDS = 3600;

/** argon2id with the library's defaults (OWASP-grade memory cost). */
export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id });

// A real hash to verify against when the email is unknown, so timing does not reveal which addresses exist.
const DUMMY_HASH = argon2.hash('not-a-real-password', { type: argon2.argon2id });

const invalidToken = (): DomainError =>
  new DomainError(HttpStatus.BAD_REQUEST, 'AUTH.INVALID_TOKEN', 'Invalid or expired token');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: Env,
    private readonly mail: MailService,
    private readonly tokens: OneTimeTokenService,
    private readonly audit: AuditService,
  ) {}

  async register(dto: RegisterDto): Promise<Pick<User, 'id' | 'email' | 'role'>> {
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (m) => {
      const taken = await m.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [
        dto.email,
      ]);
      if (taken.length > 0) throw conflict('AUTH.EMAIL_TAKEN', 'This email address is already registered');
      const user = m.create(User, {
        email: dto.email,
        passwordHash,
        displayName: dto.displayName,
        role: dto.role,
        locale: dto.locale ?? 'nl',
      });
      try {
        await m.save(user);
      } catch (err) {
        // The unique index on lower(email) decides a race between two registrations.
        if ((err as { code?: string }).code === '23505')
          throw conflict('AUTH.EMAIL_TAKEN', 'This email address is already registered');
        throw err;
      }
      await this.sendVerification(m, user);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'account.registered',
        targetType: 'user',
        targetId: user.id,
        details: { role: user.role },
      });
      return { id: user.id, email: user.email, role: user.role };
    });
  }

  async sendVerification(m: EntityManager, user: User): Promise<void> {
    const token = await this.tokens.issue(m, 'verify_email', user.id, VERIFY_TTL_SECONDS);
    await this.mail.queue(m, {
      to: user.email,
      template: 'verify-email',
      locale: user.locale,
      data: { displayName: user.displayName, token },
      userId: user.id,
    });
  }

  async verifyEmail(token: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const consumed = await this.tokens.consume(m, 'verify_email', token);
      if (!consumed?.userId) throw invalidToken();
      await m.update(
        User,
        { id: consumed.userId, emailVerifiedAt: IsNull() },
        { emailVerifiedAt: new Date() },
      );
      await this.audit.record(m, {
        actorId: consumed.userId,
        action: 'account.email_verified',
        targetType: 'user',
        targetId: consumed.userId,
      });
    });
  }

  /** Returns the user when the password matches; the same 401 for unknown email and wrong password. */
  async validateCredentials(email: string, password: string): Promise<User> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .andWhere('u.erased_at IS NULL')
      .getOne();
    const ok = user?.passwordHash
      ? await argon2.verify(user.passwordHash, password)
      : (await argon2.verify(await DUMMY_HASH, password), false);
    if (!user || !ok) throw new UnauthorizedException('Wrong email or password');
    return user;
  }

  async login(user: User): Promise<TokenPairDto> {
    return this.dataSource.transaction(async (m) => {
      const pair = await this.issuePair(m, user, randomUUID());
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
      });
      return pair;
    });
  }

  private async issuePair(
    m: EntityManager,
    user: Pick<User, 'id' | 'role'>,
    familyId: string,
  ): Promise<TokenPairDto> {
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      {
        algorithm: 'HS256',
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: this.env.JWT_ACCESS_TTL_SECONDS,
        secret: this.env.JWT_SECRET,
      },
    );
    const refreshToken = newToken();
    await m.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.env.REFRESH_TTL_DAYS * 86400_000),
    });
    return { accessToken, refreshToken, expiresIn: this.env.JWT_ACCESS_TTL_SECONDS };
  }

  /**
   * Rotates a refresh token. A token that was already used (or revoked) means it leaked: the whole family is
   * revoked, so the thief's and the owner's sessions both end.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(RefreshToken).findOne({
        where: { tokenHash: hashToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) return { error: 'unknown' as const };
      if (row.usedAt || row.revokedAt || row.expiresAt <= new Date()) {
        if (row.usedAt || row.revokedAt) {
          await m.query(
            `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
            [row.familyId],
          );
          await this.audit.record(m, {
            actorId: row.userId,
            action: 'auth.refresh_reuse_detected',
            targetType: 'user',
            targetId: row.userId,
          });
        }
        return { error: 'spent' as const };
      }
      const user = await m.getRepository(User).findOne({ where: { id: row.userId, erasedAt: IsNull() } });
      if (!user) return { error: 'unknown' as const };
      await m.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
      return { pair: await this.issuePair(m, user, row.familyId) };
    });
    if ('pair' in outcome && outcome.pair) return outcome.pair;
    throw new UnauthorizedException('Invalid or expired refresh token');
  }

  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows = await m.query<[Array<{ user_id: string }>, number]>(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
          RETURNING user_id`,
        [hashToken(refreshToken)],
      );
      const userId = rows[0][0]?.user_id;
      if (userId)
        await this.audit.record(m, {
          actorId: userId,
          action: 'auth.logout',
          targetType: 'user',
          targetId: userId,
        });
    });
  }

  /** Always succeeds from the caller's view; mails only addresses that exist. */
  async forgotPassword(email: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await m
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .andWhere('u.erased_at IS NULL')
        .getOne();
      if (!user) return;
      const token = await this.tokens.issue(m, 'reset_password', user.id, RESET_TTL_SECONDS);
      await this.mail.queue(m, {
        to: user.email,
        template: 'reset-password',
        locale: user.locale,
        data: { displayName: user.displayName, token },
        userId: user.id,
      });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.password_reset_requested',
        targetType: 'user',
        targetId: user.id,
      });
    });
  }

  /** Sets a new password from a reset or invitation token; every session of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      const consumed =
        (await this.tokens.consume(m, 'reset_password', token)) ??
        (await this.tokens.consume(m, 'invitation', token));
      if (!consumed?.userId) throw invalidToken();
      // Following a mailed link proves the address, so an invitation or reset also verifies it.
      await m.query(
        `UPDATE users SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
          WHERE id = $1 AND erased_at IS NULL`,
        [consumed.userId, passwordHash],
      );
      await m.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
        [consumed.userId],
      );
      await this.audit.record(m, {
        actorId: consumed.userId,
        action: 'auth.password_reset',
        targetType: 'user',
        targetId: consumed.userId,
      });
    });
  }
}
