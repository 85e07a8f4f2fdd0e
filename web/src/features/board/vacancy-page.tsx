import { Link, useLocation, useParams } from 'react-router';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { VacancyCard } from '../../components/vacancy/vacancy-card';
import { useSession } from '../../lib/auth/auth';
import { useI18n } from '../../lib/i18n/i18n';
import { useAskIntroduction, useVacancy } from './api/vacancies';

function AskIntroduction({ id }: { id: string }) {
  const { t } = useI18n();
  const { status, me } = useSession();
  const location = useLocation();
  const ask = useAskIntroduction(id);
  if (status === 'loading') return null;
  if (status !== 'signed-in') {
    const back = encodeURIComponent(location.pathname);
    return (
      <div className="callout">
        <p>{t('vacancy.askVisitor')}</p>
        <p className="actions">
          <Link className="button" to={`/register?role=starter&next=${back}`}>
            {t('vacancy.registerToAsk')}
          </Link>
          <Link className="button button--secondary" to={`/login?next=${back}`}>
            {t('nav.login')}
          </Link>
        </p>
      </div>
    );
  }
  if (me?.role !== 'starter') return null;
  if (ask.isSuccess) {
    return (
      <div className="callout" role="status">
        <p>{ask.data.existing ? t('vacancy.askedBefore') : t('vacancy.asked')}</p>
        <p>
          <Link to="/matches">{t('vacancy.seeIntroductions')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="callout">
      <p>{t('vacancy.askExplain')}</p>
      <button type="button" className="button" disabled={ask.isPending} onClick={() => ask.mutate()}>
        {t('vacancy.ask')}
      </button>
      <FormError error={ask.error} />
    </div>
  );
}

export function VacancyPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const vacancy = useVacancy(id);
  return (
    <>
      <p>
        <Link to="/vacancies">{t('vacancy.back')}</Link>
      </p>
      <PageTitle title={t('vacancy.title')}>{t('vacancy.title')}</PageTitle>
      {vacancy.isPending ? (
        <Loading />
      ) : vacancy.isError ? (
        <ErrorState error={vacancy.error} />
      ) : (
        <>
          <VacancyCard vacancy={vacancy.data} link={false} />
          <AskIntroduction id={id} />
        </>
      )}
    </>
  );
}
