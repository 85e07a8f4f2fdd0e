import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type AdminRegion = components['schemas']['AdminRegionDto'];
export type RegionChanges = components['schemas']['UpdateRegionDto'];
export type KrimpRange = components['schemas']['KrimpRangeDto'];

/** A region's texts and PC4 ranges, as the admin edits them. */
export function useAdminRegion(id: string) {
  return useQuery({
    queryKey: ['admin', 'region', id],
    queryFn: () => data(api.GET('/api/admin/regions/{id}', { params: { path: { id } } })),
  });
}

export function useUpdateRegion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RegionChanges) =>
      data(api.PATCH('/api/admin/regions/{id}', { params: { path: { id } }, body })),
    onSuccess: (region) => {
      client.setQueryData(['admin', 'region', id], region);
      void client.invalidateQueries({ queryKey: ['regions'] });
    },
  });
}

export function useKrimpRanges() {
  return useQuery({
    queryKey: ['admin', 'krimp-ranges'],
    queryFn: () => data(api.GET('/api/admin/krimp-ranges')),
  });
}

export function useReplaceKrimpRanges() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: KrimpRange[]) => data(api.PUT('/api/admin/krimp-ranges', { body })),
    onSuccess: (ranges) => client.setQueryData(['admin', 'krimp-ranges'], ranges),
  });
}

const PC4 = /^[1-9]\d{3}$/;

/** Two well-formed PC4 codes, the first not after the second. */
export const isPc4Range = (from: string, to: string): boolean =>
  PC4.test(from) && PC4.test(to) && Number(from) <= Number(to);

/**
 * The places a PC4 range covers (count, first and last postcode with addresses), asked only for two
 * well-formed codes in order; while the admin types, the last answer stays shown.
 */
export function usePlacesInRange(from: string, to: string) {
  const valid = isPc4Range(from, to);
  return useQuery({
    queryKey: ['admin', 'places', from, to],
    queryFn: () =>
      data(
        api.GET('/api/admin/places', {
          params: { query: { from: Number(from), to: Number(to), page: 1, pageSize: 1 } },
        }),
      ),
    enabled: valid,
    staleTime: 300_000,
    placeholderData: keepPreviousData,
  });
}
