import { applyDecorators, HttpStatus } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiSecurity,
  ApiUnauthorizedResponse,
  HeadersObject,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Env } from '../../core/config/env';
import { DomainError } from '../../core/errors/domain-error';

/**
 * The browser's session (DESIGN.md "Session in the browser"): the refresh token lives in an HttpOnly cookie
 * the app's JavaScript cannot read, scoped to the auth routes. The access token stays in memory.
 */
export const REFRESH_COOKIE = 'pm_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
/** A form or image on another site cannot set a custom header; the cookie path requires this one. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'praktijkmatch';

// Refresh tokens are base64url (newToken()); anything else in the cookie is not ours.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{10,200}$/;

function cookieAttributes(env: Env, maxAgeSeconds: number): string {
  const secure = new URL(env.PUBLIC_URL).protocol === 'https:' ? '; Secure' : '';
  return `Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

export function setRefreshCookie(reply: FastifyReply, refreshToken: string, env: Env): void {
  const maxAge = env.REFRESH_TTL_DAYS * 86400;
  void reply.header('set-cookie', `${REFRESH_COOKIE}=${refreshToken}; ${cookieAttributes(env, maxAge)}`);
}

export function clearRefreshCookie(reply: FastifyReply, env: Env): void {
  void reply.header('set-cookie', `${REFRESH_COOKIE}=; ${cookieAttributes(env, 0)}`);
}

/** The value of `pm_refresh` in the request's Cookie header, if it holds one of the right shape. */
export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN_SHAPE.test(value)) return value;
  }
  return undefined;
}

export type RefreshTokenSource = { token: string; from: 'body' | 'cookie' };

/**
 * Where a refresh or logout finds its token: the body first (API clients, unchanged), else the cookie, which
 * counts only with `X-Requested-With: praktijkmatch` so another site cannot ride on the browser's cookie.
 */
export function refreshTokenSource(
  request: FastifyRequest,
  bodyToken: string | undefined,
): RefreshTokenSource {
  if (bodyToken !== undefined) return { token: bodyToken, from: 'body' };
  const cookie = refreshCookieOf(request);
  if (!cookie)
    throw new DomainError(
      HttpStatus.UNAUTHORIZED,
      'AUTH.REFRESH_TOKEN_MISSING',
      'No refresh token: send refreshToken in the body or the pm_refresh cookie',
    );
  if (request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE)
    throw new DomainError(
      HttpStatus.FORBIDDEN,
      'AUTH.CSRF_HEADER_REQUIRED',
      `The pm_refresh cookie is accepted only with the header X-Requested-With: ${CSRF_HEADER_VALUE}`,
    );
  return { token: cookie, from: 'cookie' };
}

/** The Set-Cookie a login, refresh or logout answers with, for the OpenAPI document. */
export const ApiSetsRefreshCookie: HeadersObject = {
  'Set-Cookie': {
    description:
      `${REFRESH_COOKIE}=<refresh token>; Path=${REFRESH_COOKIE_PATH}; Max-Age=<REFRESH_TTL_DAYS in seconds>; ` +
      'HttpOnly; SameSite=Strict; Secure when PUBLIC_URL is https. Logout answers it emptied with Max-Age=0.',
    schema: { type: 'string' },
  },
};

/** OpenAPI for a route that takes the refresh token from the body or, failing that, the cookie. */
export const ApiRefreshCookie = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    // Either the cookie or nothing (the token in the body): the empty requirement makes the cookie optional.
    ApiCookieAuth(REFRESH_COOKIE),
    ApiSecurity({}),
    ApiHeader({
      name: 'X-Requested-With',
      required: false,
      description: `Required (value \`${CSRF_HEADER_VALUE}\`) when the token comes from the ${REFRESH_COOKIE} cookie`,
      schema: { type: 'string', enum: [CSRF_HEADER_VALUE] },
    }),
    ApiUnauthorizedResponse({
      description:
        'AUTH.REFRESH_TOKEN_MISSING (neither body token nor cookie), or an unknown, spent or expired token',
    }),
    ApiForbiddenResponse({
      description: 'AUTH.CSRF_HEADER_REQUIRED: the cookie was sent without X-Requested-With: praktijkmatch',
    }),
  );
