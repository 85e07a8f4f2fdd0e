import { Link } from 'react-router';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { usePractices, type Practice } from './api/practices';
import { PracticeActions } from './practice-actions';

function PracticeRow({ practice }: { practice: Practice }) {
  const { t, date } = useI18n();
  return (
    <li className="card">
      <h2 className="card__title">
        <Link to={`/stopper/practices/${practice.id}`}>{practice.name}</Link>
      </h2>
      <p>
        <span className={`badge badge--${practice.status}`}>{enumLabel(t, 'status', practice.status)}</span>{' '}
        {t('stopper.placeHandover', { place: practice.place, date: date(practice.handoverFrom) })}
      </p>
      <PracticeActions practice={practice} />
    </li>
  );
}

function Dashboard() {
  const { t } = useI18n();
  const practices = usePractices();
  return (
    <>
      <p className="actions">
        <Link className="button" to="/stopper/practices/new">
          {t('stopper.new')}
        </Link>
        <Link className="button button--secondary" to="/matches">
          {t('stopper.intros')}
        </Link>
      </p>
      {practices.isPending ? (
        <Loading />
      ) : practices.isError ? (
        <ErrorState error={practices.error} retry={() => void practices.refetch()} />
      ) : practices.data.items.length === 0 ? (
        <Empty>{t('stopper.empty')}</Empty>
      ) : (
        <ul className="card-list" data-testid="practice-list">
          {practices.data.items.map((p) => (
            <PracticeRow key={p.id} practice={p} />
          ))}
        </ul>
      )}
    </>
  );
}

export function StopperDashboardPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('stopper.title')}>{t('stopper.title')}</PageTitle>
      <RequireRole roles={['stopper']}>{() => <Dashboard />}</RequireRole>
    </>
  );
}
