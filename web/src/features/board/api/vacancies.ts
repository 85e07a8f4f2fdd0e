import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { Vacancy } from '../../../components/vacancy/vacancy-card';
import type { paths } from '../../../lib/api/schema';

export const BOARD_FILTERS = [
  'regionId',
  'practiceForm',
  'successorRole',
  'handoverAfter',
  'handoverBefore',
  'listSizeBand',
  'near',
  'withinKm',
  'page',
] as const;
export type BoardQuery = Partial<Record<(typeof BOARD_FILTERS)[number], string>>;
type BoardParams = NonNullable<paths['/api/vacancies']['get']['parameters']['query']>;

/**
 * The URL's filters as the API's query. The URL holds strings; the API validates them and answers 400
 * with details for a bad one, so the page never keeps a second copy of the rules.
 */
function boardParams(q: BoardQuery): BoardParams {
  return {
    ...q,
    page: q.page ? Number(q.page) : undefined,
    withinKm: q.withinKm ? Number(q.withinKm) : undefined,
    pageSize: PAGE_SIZE,
  } as BoardParams;
}

export const PAGE_SIZE = 20;

export function useBoard(query: BoardQuery) {
  return useQuery({
    queryKey: ['vacancies', query],
    queryFn: () => data(api.GET('/api/vacancies', { params: { query: boardParams(query) } })),
    placeholderData: keepPreviousData,
  });
}

export function useVacancy(id: string) {
  return useQuery({
    queryKey: ['vacancy', id],
    queryFn: (): Promise<Vacancy> => data(api.GET('/api/vacancies/{id}', { params: { path: { id } } })),
  });
}

export function useAskIntroduction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const res = await api.POST('/api/vacancies/{id}/interest', { params: { path: { id } } });
      // 201: a new request; 200: the pair already had a live match, which is answered instead.
      return { match: res.data, existing: res.response.status === 200 };
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['matches'] }),
  });
}
