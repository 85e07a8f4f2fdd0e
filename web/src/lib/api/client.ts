import createClient, { type Middleware } from 'openapi-fetch';
import { currentLocale } from '../i18n/locale';
import { ApiError, toErrorBody } from './errors';
import type { paths } from './schema';

let accessToken: string | null = null;

/** The access token lives in this module's memory only: never in localStorage or sessionStorage. */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

function requestId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (accessToken && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${accessToken}`);
    }
    request.headers.set('accept-language', currentLocale());
    request.headers.set('x-request-id', requestId());
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    // The body is read from a clone, so the original stays readable for anyone else.
    const raw: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    throw new ApiError(response.status, toErrorBody(response.status, raw));
  },
};

/** The one API client of the app, generated from openapi.json (`npm run openapi`). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);

/** The data of a call that succeeded (the middleware throws on any error status). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const result = await call;
  return result.data as T;
}
