import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { Vacancy } from '../../../components/vacancy/vacancy-card';

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
export interface VacancyPage {
  items: Vacancy[];
  total: number;
  page: number;
  pageSize: number;
}
export type MatchSummary = { id: string; status: string };

// The casts of this feature, in one place: the provisional contract types no query of the board and has
// no interest operation yet (issue 12 and the session branch bring both).
const getBoard = api.GET as unknown as (
  path: '/api/vacancies',
  init: { params: { query: BoardQuery & { pageSize: number } } },
) => Promise<{ data?: VacancyPage }>;
const postInterest = api.POST as unknown as (
  path: '/api/vacancies/{id}/interest',
  init: { params: { path: { id: string } } },
) => Promise<{ data?: MatchSummary; response: Response }>;

export const PAGE_SIZE = 20;

export function useBoard(query: BoardQuery) {
  return useQuery({
    queryKey: ['vacancies', query],
    queryFn: () => data(getBoard('/api/vacancies', { params: { query: { ...query, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useVacancy(id: string) {
  return useQuery({
    queryKey: ['vacancy', id],
    queryFn: () => data(api.GET('/api/vacancies/{id}', { params: { path: { id } } })) as Promise<Vacancy>,
  });
}

export function useAskIntroduction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const res = await postInterest('/api/vacancies/{id}/interest', { params: { path: { id } } });
      return { match: res.data as MatchSummary, existing: res.response.status === 200 };
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['matches'] }),
  });
}
