import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type ScoringWeights = components['schemas']['ScoringWeightsDto'];
export type Criterion = keyof ScoringWeights;

export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => data(api.GET('/api/regions')),
    staleTime: 300_000,
  });
}

export function useCoordinators(page: number) {
  return useQuery({
    queryKey: ['admin', 'coordinators', page],
    queryFn: () => data(api.GET('/api/admin/coordinators', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['InviteCoordinatorDto']) =>
      data(api.POST('/api/admin/coordinators', { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'coordinators'] }),
  });
}

export function useChangeRegions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, regionIds }: { id: string; regionIds: string[] }) =>
      data(
        api.PUT('/api/admin/coordinators/{id}/regions', { params: { path: { id } }, body: { regionIds } }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'coordinators'] }),
  });
}

export function useWeights() {
  return useQuery({
    queryKey: ['admin', 'weights'],
    queryFn: () => data(api.GET('/api/admin/scoring-weights')),
  });
}

/** A full rescoring's state, asked every two seconds until it has ended. */
export function useRescoreStatus(jobId: string | undefined) {
  return useQuery({
    queryKey: ['admin', 'rescore', jobId],
    queryFn: () => data(api.GET('/api/admin/rescore/{jobId}', { params: { path: { jobId: jobId ?? '' } } })),
    enabled: jobId !== undefined,
    refetchInterval: (query) =>
      query.state.data?.state === 'completed' || query.state.data?.state === 'failed' ? false : 2000,
  });
}

/** The saved versions, newest first (the last ten). */
export function useWeightVersions() {
  return useQuery({
    queryKey: ['admin', 'weights', 'versions'],
    queryFn: () =>
      data(api.GET('/api/admin/scoring-weights/versions', { params: { query: { page: 1, pageSize: 10 } } })),
  });
}

export function useSetWeights() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ScoringWeights) => data(api.PUT('/api/admin/scoring-weights', { body })),
    onSuccess: (v) => {
      client.setQueryData(['admin', 'weights'], v);
      void client.invalidateQueries({ queryKey: ['admin', 'weights', 'versions'] });
    },
  });
}

export function useRescore() {
  return useMutation({ mutationFn: () => data(api.POST('/api/admin/rescore')) });
}

export function useFailedMail(page: number) {
  return useQuery({
    queryKey: ['admin', 'outbox', page],
    queryFn: () =>
      data(api.GET('/api/admin/outbox', { params: { query: { status: 'failed', page, pageSize: 20 } } })),
  });
}

export function useRetryMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data(api.POST('/api/admin/outbox/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', 'outbox'] }),
  });
}

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetId?: string;
  page: number;
}

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: () => data(api.GET('/api/admin/audit', { params: { query: { ...filters, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** A single-use ticket that opens the queue dashboard (bull-board) for this admin. */
export function useQueueDashboardTicket() {
  return useMutation({ mutationFn: () => data(api.POST('/api/admin/queue-dashboard/ticket')) });
}
