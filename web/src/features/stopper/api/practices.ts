import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import { ApiError } from '../../../lib/api/errors';
import type { components } from '../../../lib/api/schema';

export type Practice = components['schemas']['PracticeView'];
export type PracticeBody = components['schemas']['CreatePracticeDto'];
export function usePractices() {
  return useQuery({
    queryKey: ['practices'],
    queryFn: () => data(api.GET('/api/practices', { params: { query: { page: 1, pageSize: 100 } } })),
  });
}

export function usePractice(id: string | undefined) {
  return useQuery({
    queryKey: ['practices', id],
    queryFn: () => data(api.GET('/api/practices/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== undefined,
  });
}

export function useSavePractice(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PracticeBody) =>
      id
        ? data(api.PATCH('/api/practices/{id}', { params: { path: { id } }, body }))
        : data(api.POST('/api/practices', { body })),
    onSuccess: (p) => {
      client.setQueryData(['practices', p.id], p);
      void client.invalidateQueries({ queryKey: ['practices'], exact: true });
    },
  });
}

export type PracticeAction = 'publish' | 'withdraw' | 'delete';

export function usePracticeAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: PracticeAction) => {
      if (action === 'delete') await api.DELETE('/api/practices/{id}', { params: { path: { id } } });
      else if (action === 'publish')
        await api.POST('/api/practices/{id}/publish', { params: { path: { id } } });
      else await api.POST('/api/practices/{id}/withdraw', { params: { path: { id } } });
      return action;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['practices'] }),
  });
}

/** The place of the practice's PC4, for the preview (the board shows the place, never the address). */
export function usePlaceName(pc4: string) {
  return useQuery({
    queryKey: ['place', pc4],
    queryFn: async () => {
      try {
        return await data(api.GET('/api/places/{pc4}', { params: { path: { pc4 } } }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }
    },
    enabled: /^\d{4}$/.test(pc4),
    staleTime: Infinity,
  });
}
