import { Link } from 'react-router';
import { Empty, ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { usePracticeAction, usePractices, type Practice } from './api/practices';

function PracticeRow({ practice }: { practice: Practice }) {
  const { t, date } = useI18n();
  const action = usePracticeAction(practice.id);
  return (
    <li className="card">
      <h2 className="card__title">
        <Link to={`/stopper/practices/${practice.id}`}>{practice.name}</Link>
      </h2>
      <p>
        <span className={`badge badge--${practice.status}`}>{enumLabel(t, 'status', practice.status)}</span>{' '}
        {t('stopper.placeHandover', { place: practice.place, date: date(practice.handoverFrom) })}
      </p>
      <p className="actions">
        {practice.status === 'draft' || practice.status === 'withdrawn' ? (
          <button
            type="button"
            className="button"
            disabled={action.isPending}
            onClick={() => action.mutate('publish')}
          >
            {t('stopper.publish')}
          </button>
        ) : null}
        {practice.status === 'published' ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={action.isPending}
            onClick={() => action.mutate('withdraw')}
          >
            {t('stopper.withdraw')}
          </button>
        ) : null}
        {practice.status === 'draft' ? (
          <button
            type="button"
            className="button button--danger"
            disabled={action.isPending}
            onClick={() => action.mutate('delete')}
          >
            {t('stopper.deleteDraft')}
          </button>
        ) : null}
      </p>
      <FormError error={action.error} />
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
