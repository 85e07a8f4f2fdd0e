import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { requestedByStarter, useMatches, type Match } from './api/matches';

export function matchTitle(t: ReturnType<typeof useI18n>['t'], m: Match, role: string): string {
  if (role === 'stopper')
    return t('matches.withStarter', { stage: enumLabel(t, 'careerStage', m.starter?.careerStage ?? 'gp') });
  return t('vacancy.cardTitle', {
    form: enumLabel(t, 'practiceForm', m.practice.practiceForm),
    place: m.practice.place,
  });
}

function MatchList({ role }: { role: string }) {
  const { t, date } = useI18n();
  const [page, setPage] = useState(1);
  const matches = useMatches(page);
  if (matches.isPending) return <Loading />;
  if (matches.isError) return <ErrorState error={matches.error} retry={() => void matches.refetch()} />;
  if (matches.data.items.length === 0) return <Empty>{t('matches.empty')}</Empty>;
  const pages = Math.max(1, Math.ceil(matches.data.total / matches.data.pageSize));
  return (
    <>
      <ul className="card-list" data-testid="match-list">
        {matches.data.items.map((m) => (
          <li key={m.id} className="card">
            <h2 className="card__title">
              <Link to={`/matches/${m.id}`}>{matchTitle(t, m, role)}</Link>
            </h2>
            <p>
              <span className={`badge badge--${m.status}`}>{enumLabel(t, 'matchStatus', m.status)}</span>{' '}
              {requestedByStarter(m) ? <span className="badge">{t('matches.requested')}</span> : null}
            </p>
            <p className="muted">{t('matches.since', { date: date(m.createdAt) })}</p>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="pager" aria-label={t('board.pages')}>
          <button
            type="button"
            className="button button--secondary"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            {t('board.previous')}
          </button>
          <span>{t('board.pageOf', { page, pages })}</span>
          <button
            type="button"
            className="button button--secondary"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            {t('board.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}

export function MatchesPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('matches.title')}>{t('matches.title')}</PageTitle>
      <RequireRole roles={['starter', 'stopper']}>{(me) => <MatchList role={me.role} />}</RequireRole>
    </>
  );
}
