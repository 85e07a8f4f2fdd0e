import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/auth.service';

let counter = 0;
/** A unique email per call, so tests never collide. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.test`;
}

export const PASSWORD = 'correct-horse-battery';
// Hashed once per test process: argon2 is slow by design, and every test creates several accounts.
let passwordHash: Promise<string> | undefined;
const hashedPassword = (): Promise<string> => (passwordHash ??= hashPassword(PASSWORD));

export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** Creates an account directly in the database (verified unless told otherwise) and logs it in over HTTP. */
export async function createUser(
  app: NestFastifyApplication,
  ds: DataSource,
  role: 'starter' | 'stopper' | 'coordinator' | 'admin',
  opts: {
    verified?: boolean;
    regionIds?: string[];
    locale?: 'nl' | 'en';
    displayName?: string;
    phone?: string;
  } = {},
): Promise<TestUser> {
  const email = uniqueEmail(role);
  const rows = await ds.query<Array<{ id: string }>>(
    `INSERT INTO users (email, password_hash, display_name, role, locale, phone, email_verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() ELSE NULL END) RETURNING id`,
    [
      email,
      await hashedPassword(),
      opts.displayName ?? `Test ${role}`,
      role,
      opts.locale ?? 'nl',
      opts.phone ?? null,
      opts.verified ?? true,
    ],
  );
  const id = rows[0].id;
  for (const regionId of opts.regionIds ?? []) {
    await ds.query(`INSERT INTO coordinator_regions (user_id, region_id) VALUES ($1, $2)`, [id, regionId]);
  }
  const res = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ email, password: PASSWORD })
    .expect(200);
  return { id, email, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

export async function regionId(ds: DataSource, code: string): Promise<string> {
  const rows = await ds.query<Array<{ id: string }>>(`SELECT id FROM regions WHERE code = $1`, [code]);
  if (!rows[0]) throw new Error(`no region ${code}`);
  return rows[0].id;
}

export const bearer = (u: { accessToken: string }): [string, string] => [
  'Authorization',
  `Bearer ${u.accessToken}`,
];
