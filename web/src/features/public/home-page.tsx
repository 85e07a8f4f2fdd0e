import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import { useI18n } from '../../lib/i18n/i18n';

export function HomePage() {
  const { t } = useI18n();
  const regions = useQuery({
    queryKey: ['regions'],
    queryFn: () => data(api.GET('/api/regions')),
    staleTime: 3_600_000,
  });
  return (
    <>
      <section className="hero">
        <PageTitle title={t('home.title')}>{t('home.title')}</PageTitle>
        <p className="lead">{t('home.lead')}</p>
        <p className="actions">
          <Link className="button" to="/vacancies">
            {t('home.toBoard')}
          </Link>
          <Link className="button button--secondary" to="/register">
            {t('home.toRegister')}
          </Link>
        </p>
      </section>
      <div className="columns">
        <section className="card">
          <h2>{t('home.startersTitle')}</h2>
          <p>{t('home.startersText')}</p>
        </section>
        <section className="card">
          <h2>{t('home.holdersTitle')}</h2>
          <p>{t('home.holdersText')}</p>
        </section>
        <section className="card">
          <h2>{t('home.regionsTitle')}</h2>
          <p>{t('home.regionsText')}</p>
        </section>
      </div>
      <section aria-labelledby="regions-title">
        <h2 id="regions-title">{t('home.regionList')}</h2>
        {regions.isPending ? (
          <Loading />
        ) : regions.isError ? (
          <ErrorState error={regions.error} retry={() => void regions.refetch()} />
        ) : (
          <ul className="region-list">
            {regions.data.map((r) => (
              <li key={r.id}>
                <Link to={`/regions/${r.id}`}>{r.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
