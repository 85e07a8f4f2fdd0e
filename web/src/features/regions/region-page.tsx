import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PlaceMap } from '../../components/ui/place-map';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import { useI18n } from '../../lib/i18n/i18n';

export function RegionPage() {
  const { id = '' } = useParams();
  const { t, number, date } = useI18n();
  const region = useQuery({
    queryKey: ['region', id],
    queryFn: () => data(api.GET('/api/regions/{id}', { params: { path: { id } } })),
  });
  const events = useQuery({
    queryKey: ['events', id],
    queryFn: () => data(api.GET('/api/events', { params: { query: { regionId: id } } })),
    retry: false,
  });
  if (region.isPending) return <Loading />;
  if (region.isError) return <ErrorState error={region.error} />;
  const r = region.data;
  return (
    <>
      <PageTitle title={r.name}>{r.name}</PageTitle>
      <p className="lead">{r.description}</p>
      {r.promotion ? <p>{r.promotion}</p> : null}
      <section aria-labelledby="numbers">
        <h2 id="numbers">{t('region.numbers')}</h2>
        <dl className="facts facts--big">
          <div>
            <dt>{t('region.practices')}</dt>
            <dd>{number(r.publicNumbers.practicesSeekingSuccessor)}</dd>
          </div>
          <div>
            <dt>{t('region.patients')}</dt>
            <dd>{number(r.publicNumbers.patientsConcerned)}</dd>
          </div>
        </dl>
        <p>
          <Link to={`/vacancies?regionId=${r.id}`}>{t('region.toBoard')}</Link>
        </p>
      </section>
      <section aria-labelledby="map">
        <h2 id="map">{t('region.map')}</h2>
        {r.mapPlaces.length === 0 ? (
          <Empty>{t('region.noVacancies')}</Empty>
        ) : (
          <PlaceMap places={r.mapPlaces} title={t('region.mapTitle', { region: r.name })} />
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">{t('region.events')}</h2>
        {events.isPending ? (
          <Loading />
        ) : events.isError || !events.data.items?.length ? (
          <Empty>{t('region.noEvents')}</Empty>
        ) : (
          <ul>
            {events.data.items.map((e) => (
              <li key={e.id}>
                {t('region.event', { title: e.title, date: date(e.startsAt), location: e.location })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
