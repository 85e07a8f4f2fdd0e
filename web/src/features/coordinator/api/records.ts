import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components, operations } from '../../../lib/api/schema';

export type RegionPractice = components['schemas']['PracticeView'];
export type PracticeCorrection = components['schemas']['UpdatePracticeDto'];
export type RegionStarter = components['schemas']['CoordinatorStarterProfileView'];
export type PracticeListQuery = NonNullable<operations['listPractices']['parameters']['query']>;
export type StarterListQuery = NonNullable<operations['listStarterProfiles']['parameters']['query']>;

export const RECORDS_PAGE_SIZE = 20;

/** The region's practices as GET /api/practices filters them (the list page's URL holds the same names). */
export function useRegionPractices(query: PracticeListQuery, enabled = true) {
  return useQuery({
    queryKey: ['coordinator', 'practices', query],
    queryFn: () => data(api.GET('/api/practices', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRegionStarters(query: StarterListQuery, enabled = true) {
  return useQuery({
    queryKey: ['coordinator', 'starters', query],
    queryFn: () => data(api.GET('/api/starter-profiles', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePracticeRecord(id: string) {
  return useQuery({
    queryKey: ['coordinator', 'practice', id],
    queryFn: () => data(api.GET('/api/practices/{id}', { params: { path: { id } } })),
  });
}

export function useStarterRecord(id: string) {
  return useQuery({
    queryKey: ['coordinator', 'starter', id],
    queryFn: () => data(api.GET('/api/starter-profiles/{id}', { params: { path: { id } } })),
  });
}

/**
 * A coordinator's correction (PATCH with only the changed fields). The API audits it and rescores the
 * practice in the worker, so the candidates are read again a little later as well as at once.
 */
export function useCorrectPractice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PracticeCorrection) =>
      data(api.PATCH('/api/practices/{id}', { params: { path: { id } }, body })),
    onSuccess: (practice) => {
      client.setQueryData(['coordinator', 'practice', id], practice);
      const again = () => client.invalidateQueries({ queryKey: ['coordinator', 'candidates'] });
      void again();
      setTimeout(() => void again(), 3000);
      void client.invalidateQueries({ queryKey: ['coordinator', 'practices'] });
      void client.invalidateQueries({ queryKey: ['coordinator', 'queue'] });
    },
  });
}

/** A practice's or starter's candidates: its matches of every status, the most urgent first. */
export function useCandidates(of: { practiceId: string } | { starterProfileId: string }, page: number) {
  return useQuery({
    queryKey: ['coordinator', 'candidates', of, page],
    queryFn: () =>
      data(
        api.GET('/api/matches', {
          params: { query: { ...of, sort: 'urgency', page, pageSize: RECORDS_PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
