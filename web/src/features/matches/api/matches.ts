import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import { currentLocale } from '../../../lib/i18n/locale';

/** The explanations come in the page's language (the middleware sets the same header). */
const lang = () => ({ 'Accept-Language': currentLocale() });

/** A match as a party reads it (DESIGN.md "API contract"): the other side anonymous until introduced. */
export interface Match {
  id: string;
  kind: 'pair' | 'duo';
  status: string;
  score: number;
  breakdown: Array<{ criterion: string; points: number; maxPoints: number; explanation: string }>;
  regionId: string;
  distanceKm: number;
  requestedBy?: 'starter' | 'stopper' | null;
  createdAt: string;
  updatedAt: string;
  starter: {
    displayName?: string;
    email?: string;
    phone?: string | null;
    careerStage: string;
    daysPerWeekMin: number;
    daysPerWeekMax: number;
    about: string;
  } | null;
  practice: {
    id?: string;
    ownerName?: string;
    ownerEmail?: string;
    ownerPhone?: string | null;
    name?: string;
    practiceName?: string | null;
    place: string;
    practiceForm: string;
    handoverFrom: string;
    handoverTo: string;
  };
}
export interface MatchPage {
  items: Match[];
  total: number;
  page: number;
  pageSize: number;
}

// The casts of this feature, in one place: the provisional contract has no response schema for matches.
export function useMatches(page: number) {
  return useQuery({
    queryKey: ['matches', page],
    queryFn: async () =>
      (await data(
        api.GET('/api/matches', { params: { query: { page, pageSize: 20 }, header: lang() } }),
      )) as unknown as MatchPage,
  });
}

export function useMatch(id: string) {
  return useQuery({
    queryKey: ['matches', 'one', id],
    queryFn: async () =>
      (await data(
        api.GET('/api/matches/{id}', { params: { path: { id }, header: lang() } }),
      )) as unknown as Match,
  });
}

export function useRespond(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (accept: boolean) =>
      (await data(
        api.POST('/api/matches/{id}/respond', { params: { path: { id }, header: lang() }, body: { accept } }),
      )) as unknown as Match,
    onSuccess: (match) => {
      client.setQueryData(['matches', 'one', id], match);
      void client.invalidateQueries({ queryKey: ['matches'] });
    },
  });
}
