import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import type { Me } from '../../lib/auth/auth';
import { enumLabel } from '../../lib/format/labels';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import {
  QUEUE_PAGE_SIZE,
  useQueue,
  useRegions,
  type MatchStatus,
  type QueueFilters,
} from './api/coordinator';
import { CoordinatorNav } from './coordinator-nav';
import { matchTitle, strongestWeakest } from './match-names';
import { FilterSelect, Pager, useUrlFilters } from './records-ui';

const STATUSES: MatchStatus[] = [
  'suggested',
  'awaiting_consent',
  'introduced',
  'closed',
  'rejected',
  'declined',
  'expired',
  'withdrawn',
];
const UUID = /^[0-9a-f-]{36}$/i;

/** The filters from the URL (so a filtered queue can be linked and the back button keeps it). */
export function queueFilters(params: URLSearchParams): QueueFilters {
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = params.get(name);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  const id = (name: string) => {
    const v = params.get(name);
    return v && UUID.test(v) ? v : undefined;
  };
  const page = Number(params.get('page') ?? '1');
  return {
    sort: pick('sort', ['urgency', 'fit'] as const) ?? 'urgency',
    // Suggestions are the work; "any status" is asked for explicitly with status=all.
    status: params.get('status') === 'all' ? undefined : (pick('status', STATUSES) ?? 'suggested'),
    regionId: id('regionId'),
    kind: pick('kind', ['pair', 'duo'] as const),
    inRegionalPlan: pick('inRegionalPlan', ['true', 'false'] as const),
    practiceId: id('practiceId'),
    starterProfileId: id('starterProfileId'),
    requestedBy: pick('requestedBy', ['starter'] as const),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function Filters({ me }: { me: Me }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const url = useUrlFilters();
  const regions = useRegions();
  const mine = (regions.data ?? []).filter((r) => me.role === 'admin' || me.regionIds.includes(r.id));
  const f = queueFilters(params);
  const select = (
    name: string,
    value: string | undefined,
    options: Array<[string, string]>,
    label: string,
  ) => (
    <FilterSelect
      name={name}
      label={label}
      value={value}
      options={options}
      onChange={(v) => url.set(name, v)}
    />
  );
  return (
    <form
      className="queue-filters"
      aria-label={t('coord.queue.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      {select(
        'sort',
        f.sort,
        [
          ['urgency', t('coord.queue.sort.urgency')],
          ['fit', t('coord.queue.sort.fit')],
        ],
        t('coord.queue.sort'),
      )}
      {select(
        'status',
        f.status ?? 'all',
        [
          ['all', t('coord.queue.anyStatus')],
          ...STATUSES.map((s): [string, string] => [s, t(`coord.status.${s}` as MessageKey)]),
        ],
        t('coord.queue.status'),
      )}
      {mine.length > 1
        ? select(
            'regionId',
            f.regionId,
            [['', t('coord.allRegions')], ...mine.map((r): [string, string] => [r.id, r.name])],
            t('coord.region'),
          )
        : null}
      {select(
        'kind',
        f.kind,
        [
          ['', t('coord.queue.anyKind')],
          ['pair', t('coord.queue.kind.pair')],
          ['duo', t('coord.queue.kind.duo')],
        ],
        t('coord.queue.kind'),
      )}
      {select(
        'inRegionalPlan',
        f.inRegionalPlan,
        [
          ['', t('coord.queue.plan.any')],
          ['true', t('coord.queue.plan.true')],
          ['false', t('coord.queue.plan.false')],
        ],
        t('coord.queue.plan'),
      )}
      {select(
        'requestedBy',
        f.requestedBy,
        [
          ['', t('coord.queue.requested.any')],
          ['starter', t('coord.queue.requested.starter')],
        ],
        t('coord.queue.requested'),
      )}
    </form>
  );
}

function QueueTable() {
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = queueFilters(params);
  const queue = useQueue(filters);
  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorState error={queue.error} retry={() => void queue.refetch()} />;
  const { items, total, page } = queue.data;
  if (items.length === 0) return <Empty>{t('coord.queue.empty')}</Empty>;
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };
  const back = `?${params.toString()}`;
  return (
    <>
      <table className="table" data-testid="queue">
        <caption className="visually-hidden">{t('coord.queue.caption', { total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('coord.queue.parties')}</th>
            <th scope="col">{t('coord.queue.score')}</th>
            <th scope="col">{t('coord.queue.urgency')}</th>
            <th scope="col">{t('coord.queue.strongest')}</th>
            <th scope="col">{t('coord.queue.weakest')}</th>
            <th scope="col">{t('coord.queue.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => {
            const { strongest, weakest } = strongestWeakest(m);
            return (
              <tr key={m.id} data-testid="queue-row">
                <th scope="row">
                  <Link to={`/coordinator/matches/${m.id}`} state={{ back }}>
                    {matchTitle(t, m)}
                  </Link>
                  {m.inRegionalPlan ? <span className="badge">{t('coord.queue.inPlan')}</span> : null}
                  {m.requestedBy === 'starter' ? (
                    <span className="badge">{t('coord.queue.askedByStarter')}</span>
                  ) : null}
                </th>
                <td data-testid="row-score" data-label={t('coord.queue.score')}>
                  {number(m.score, 1)}
                </td>
                <td data-testid="row-urgency" data-label={t('coord.queue.urgency')}>
                  {number(m.urgency, 1)}
                </td>
                <td data-label={t('coord.queue.strongest')}>
                  {strongest ? enumLabel(t, 'criterion', strongest) : '–'}
                </td>
                <td data-label={t('coord.queue.weakest')}>
                  {weakest ? enumLabel(t, 'criterion', weakest) : '–'}
                </td>
                <td data-label={t('coord.queue.status')}>{t(`coord.status.${m.status}` as MessageKey)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pager page={page} total={total} pageSize={QUEUE_PAGE_SIZE} onPage={goTo} />
    </>
  );
}

export function QueuePage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {(me) => (
        <>
          <PageTitle title={t('coord.queue.title')}>{t('coord.queue.title')}</PageTitle>
          <CoordinatorNav regionId={me.regionIds[0]} />
          <p className="lead">{t('coord.queue.lead')}</p>
          <Filters me={me} />
          <QueueTable />
        </>
      )}
    </RequireRole>
  );
}
