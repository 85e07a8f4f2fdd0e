import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export interface ConsumedToken {
  userId: string | null;
  subjectId: string | null;
}

/** Issues and consumes single-use tokens; consumption is one conditional UPDATE, so a token works once. */
@Injectable()
export class OneTimeTokenService {
  async issue(
    manager: EntityManager,
    purpose: TokenPurpose,
    userId: string | null,
    ttlSeconds: number,
    subjectId: string | null = null,
  ): Promise<string> {
    const token = newToken();
    await manager.insert(OneTimeToken, {
      userId,
      purpose,
      subjectId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return token;
  }

  /** Whom a token is for, without using it: null when unknown, used, expired or of another purpose. */
  async peek(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<ConsumedToken | null> {
    const rows = await manager.query<Array<{ user_id: string | null; subject_id: string | null }>>(
      `SELECT user_id, subject_id FROM one_time_tokens
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [hashToken(token), purpose],
    );
    return rows[0] ? { userId: rows[0].user_id, subjectId: rows[0].subject_id } : null;
  }

  /** Marks the token used and returns whom it was for, or null when unknown, used, expired or of another purpose. */
  async consume(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<ConsumedToken | null> {
    const rows = await manager.query<[Array<{ user_id: string | null; subject_id: string | null }>, number]>(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, subject_id`,
      [hashToken(token), purpose],
    );
    const row = rows[0][0];
    return row ? { userId: row.user_id, subjectId: row.subject_id } : null;
  }
}
