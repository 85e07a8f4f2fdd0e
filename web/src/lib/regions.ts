import { useQuery } from '@tanstack/react-query';
import { api, data } from './api/client';

/** The regions (public, rarely changing): filters, wishes and practice forms all name them. */
export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => data(api.GET('/api/regions')),
    staleTime: 3_600_000,
  });
}
