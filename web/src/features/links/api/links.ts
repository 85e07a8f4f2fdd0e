import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';

const once = { staleTime: Infinity, gcTime: Infinity, retry: false } as const;

export function useUnsubscribe(token: string) {
  return useQuery({
    queryKey: ['unsubscribe', token],
    queryFn: () => data(api.POST('/api/unsubscribe', { body: { token } })),
    enabled: token !== '',
    ...once,
  });
}

export function useStillLooking(token: string) {
  return useQuery({
    queryKey: ['still-looking', token],
    queryFn: () => data(api.POST('/api/still-looking', { body: { token } })),
    enabled: token !== '',
    ...once,
  });
}

export type FollowUpAnswer = 'in_talks' | 'agreement' | 'no_fit' | 'no_contact';
export const FOLLOW_UP_ANSWERS: FollowUpAnswer[] = ['in_talks', 'agreement', 'no_fit', 'no_contact'];

export function useFollowUp() {
  return useMutation({
    mutationFn: (body: { token: string; answer: FollowUpAnswer }) =>
      data(api.POST('/api/follow-ups/answer', { body })),
  });
}

export function useConsent() {
  return useMutation({
    mutationFn: (body: { token: string; accept: boolean }) =>
      data(api.POST('/api/matches/consent', { body })),
  });
}

/** The match as the link's party sees it (the other side anonymous); reading it leaves the link usable. */
export function useConsentSummary(token: string) {
  return useQuery({
    queryKey: ['consent-summary', token],
    queryFn: () => data(api.GET('/api/matches/consent', { params: { query: { token } } })),
    enabled: token !== '',
    ...once,
  });
}
