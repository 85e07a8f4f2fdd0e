import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, data } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { components } from '../api/schema';
import { onSessionChange, refreshSession } from './session';

export type Me = components['schemas']['MeDto'];

interface Session {
  status: 'loading' | 'anonymous' | 'signed-in';
  me: Me | undefined;
}

const SessionContext = createContext<Session>({ status: 'loading', me: undefined });

/** Asks for an access token by cookie on load, then keeps the account (GET /api/me) in the query cache. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    let was = false;
    const off = onSessionChange((on) => {
      setSignedIn(on);
      // Leaving a session drops what belonged to it; a visitor's first answer (no session) drops nothing,
      // so the public queries already under way are left alone.
      if (was && !on) void queryClient.resetQueries();
      was = on;
    });
    refreshSession().catch(() => setSignedIn(false));
    return off;
  }, [queryClient]);

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => data(api.GET('/api/me')),
    enabled: signedIn === true,
    staleTime: 60_000,
  });

  // The account remembers its language: signing in (on any browser) switches the page to it once.
  const { setLocale } = useI18n();
  const accountId = me.data?.id;
  const accountLocale = me.data?.locale;
  useEffect(() => {
    if (accountId && accountLocale) setLocale(accountLocale);
    // Only when another account signs in: a later change of language on this page is the user's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId]);

  const status: Session['status'] =
    signedIn === null || (signedIn && me.isPending)
      ? 'loading'
      : signedIn && me.data
        ? 'signed-in'
        : 'anonymous';
  return <SessionContext.Provider value={{ status, me: me.data }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
