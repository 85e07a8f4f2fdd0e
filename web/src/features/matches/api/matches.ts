import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type Match = components['schemas']['MatchDto'];
export type RevealedPractice = components['schemas']['MatchPracticeDto'];
export type RevealedStarter = components['schemas']['MatchStarterDto'];

/** After introduction the other side comes with name and contact; before, anonymously. */
export function isRevealedPractice(p: Match['practice']): p is RevealedPractice {
  return 'ownerName' in p;
}
export function isRevealedStarter(s: Match['starter']): s is RevealedStarter {
  return 'displayName' in s;
}

export function useMatches(page: number) {
  return useQuery({
    queryKey: ['matches', page],
    queryFn: () => data(api.GET('/api/matches', { params: { query: { page, pageSize: 20 } } })),
  });
}

export function useMatch(id: string) {
  return useQuery({
    queryKey: ['matches', 'one', id],
    queryFn: () => data(api.GET('/api/matches/{id}', { params: { path: { id } } })),
  });
}

export function useRespond(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accept: boolean) =>
      data(api.POST('/api/matches/{id}/respond', { params: { path: { id } }, body: { accept } })),
    onSuccess: (match) => {
      client.setQueryData(['matches', 'one', id], match);
      void client.invalidateQueries({ queryKey: ['matches'] });
    },
  });
}

export function requestedByStarter(m: Match): boolean {
  return m.requestedBy === 'starter';
}
