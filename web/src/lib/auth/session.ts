import { api, setAccessToken } from '../api/client';
import { ApiError } from '../api/errors';
import type { components } from '../api/schema';

/** Marks a call as the app's own: the API refuses refresh and logout by cookie without it (CSRF). */
const SAME_APP = { 'X-Requested-With': 'praktijkmatch' } as const;

type TokenPair = components['schemas']['TokenPairDto'];

type Listener = (signedIn: boolean) => void;
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function accept(pair: TokenPair | null): boolean {
  clearTimeout(timer);
  setAccessToken(pair?.accessToken ?? null);
  if (pair) {
    // Renew a minute before the access token expires (at least after 10 s), by the refresh cookie.
    const inMs = Math.max(10, pair.expiresIn - 60) * 1000;
    timer = setTimeout(() => void refreshSession(), inMs);
  }
  for (const l of listeners) l(pair !== null);
  return pair !== null;
}

/** A new access token from the pm_refresh cookie; false when there is no session (or it ended). */
export function refreshSession(): Promise<boolean> {
  inFlight ??= (async () => {
    try {
      // An empty body: the token comes from the pm_refresh cookie, which needs the header.
      const { data } = await api.POST('/api/auth/refresh', { params: { header: SAME_APP }, body: {} });
      return accept(data ?? null);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return accept(null);
      throw err;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

export async function login(email: string, password: string): Promise<void> {
  const { data } = await api.POST('/api/auth/login', { body: { email, password } });
  accept(data ?? null);
}

export async function logout(): Promise<void> {
  try {
    await api.POST('/api/auth/logout', { params: { header: SAME_APP }, body: {} });
  } finally {
    accept(null);
  }
}

/** After erasure the session is gone on the server too. */
export function forgetSession(): void {
  accept(null);
}
