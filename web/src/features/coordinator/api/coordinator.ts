import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type CoordinatorMatch = components['schemas']['MatchDto'];
export type MatchStarter = components['schemas']['MatchStarterDto'];
export type MatchPractice = components['schemas']['MatchPracticeDto'];
export type RegionStats = components['schemas']['RegionStatsDto'];
export type RegionalPlan = components['schemas']['RegionalPlanDto'];
export type AtRiskPractice = components['schemas']['AtRiskPracticeDto'];
export type MatchStatus = CoordinatorMatch['status'];

/** The queue's filters, exactly as the URL and GET /api/matches name them. */
export interface QueueFilters {
  sort: 'urgency' | 'fit';
  status?: MatchStatus;
  regionId?: string;
  kind?: 'pair' | 'duo';
  inRegionalPlan?: 'true' | 'false';
  practiceId?: string;
  starterProfileId?: string;
  requestedBy?: 'starter';
  page: number;
}

export const QUEUE_PAGE_SIZE = 20;

export function useQueue(filters: QueueFilters) {
  return useQuery({
    queryKey: ['coordinator', 'queue', filters],
    queryFn: () =>
      data(api.GET('/api/matches', { params: { query: { ...filters, pageSize: QUEUE_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

/** A coordinator reads the full records: starter, duo partner and practice are never the anonymous forms. */
export function isFullStarter(s: CoordinatorMatch['starter'] | null): s is MatchStarter {
  return s !== null && 'displayName' in s;
}
export function isFullPractice(p: CoordinatorMatch['practice']): p is MatchPractice {
  return 'name' in p;
}

export function useCoordinatorMatch(id: string) {
  return useQuery({
    queryKey: ['coordinator', 'match', id],
    queryFn: () => data(api.GET('/api/matches/{id}', { params: { path: { id } } })),
  });
}

function useMatchAction<T>(id: string, call: (body: T) => Promise<CoordinatorMatch>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (match) => {
      client.setQueryData(['coordinator', 'match', id], match);
      void client.invalidateQueries({ queryKey: ['coordinator', 'queue'] });
    },
  });
}

export function useApprove(id: string) {
  return useMatchAction(id, (note: string) =>
    data(
      api.POST('/api/matches/{id}/approve', {
        params: { path: { id } },
        body: note.trim() ? { note: note.trim() } : {},
      }),
    ),
  );
}

export function useReject(id: string) {
  return useMatchAction(id, (note: string) =>
    data(api.POST('/api/matches/{id}/reject', { params: { path: { id } }, body: { note } })),
  );
}

export function useOutcome(id: string) {
  return useMatchAction(id, (body: components['schemas']['OutcomeDto']) =>
    data(api.POST('/api/matches/{id}/outcome', { params: { path: { id } }, body })),
  );
}

export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => data(api.GET('/api/regions')),
    staleTime: 5 * 60_000,
  });
}

export function usePlan(regionId: string, page: number) {
  return useQuery({
    queryKey: ['coordinator', 'plan', regionId, page],
    queryFn: () =>
      data(
        api.GET('/api/regions/{id}/plan', {
          params: { path: { id: regionId }, query: { page, pageSize: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useStats(regionId: string) {
  return useQuery({
    queryKey: ['coordinator', 'stats', regionId],
    queryFn: async () =>
      (await data(api.GET('/api/regions/{id}/stats', { params: { path: { id: regionId } } }))) as RegionStats,
  });
}

/** Every practice at risk of the region, for the map: the pages of 100 read one after the other. */
export function useAtRisk(regionId: string) {
  return useQuery({
    queryKey: ['coordinator', 'at-risk', regionId],
    queryFn: async () => {
      const items: AtRiskPractice[] = [];
      for (let page = 1; page <= 50; page++) {
        const res = await data(
          api.GET('/api/regions/{id}/at-risk-practices', {
            params: { path: { id: regionId }, query: { page, pageSize: 100 } },
          }),
        );
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return items;
    },
  });
}

/** The CSV through the API client (the access token is in memory, so a plain link could not carry it). */
export async function downloadStatsCsv(regionId: string): Promise<void> {
  const res = await api.GET('/api/regions/{id}/stats.csv', {
    params: { path: { id: regionId } },
    parseAs: 'blob',
  });
  const blob = res.data as unknown as Blob;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `stats-${regionId}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
