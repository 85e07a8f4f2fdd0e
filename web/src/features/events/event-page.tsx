import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import { useSession } from '../../lib/auth/auth';
import { useI18n } from '../../lib/i18n/i18n';

/** An event's page (the invitation mail links here): anyone reads it, starters and stoppers sign up. */
export function EventPage() {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const { me } = useSession();
  const client = useQueryClient();
  const event = useQuery({
    queryKey: ['event', id],
    queryFn: () => data(api.GET('/api/events/{id}', { params: { path: { id } } })),
  });
  const rsvp = useMutation({
    mutationFn: () => data(api.POST('/api/events/{id}/rsvp', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['event', id] }),
  });
  const signOff = useMutation({
    mutationFn: () => data(api.DELETE('/api/events/{id}/rsvp', { params: { path: { id } } })),
    onSuccess: () => {
      rsvp.reset();
      void client.invalidateQueries({ queryKey: ['event', id] });
    },
  });
  if (event.isPending) return <Loading />;
  if (event.isError) return <ErrorState error={event.error} />;
  const e = event.data;
  const canSignUp = me?.role === 'starter' || me?.role === 'stopper';
  return (
    <>
      <PageTitle title={e.title}>{e.title}</PageTitle>
      <dl className="facts">
        <div>
          <dt>{t('event.when')}</dt>
          <dd>{date(e.startsAt)}</dd>
        </div>
        <div>
          <dt>{t('event.where')}</dt>
          <dd>{e.location}</dd>
        </div>
      </dl>
      <p>{e.description}</p>
      <p data-testid="event-places">
        {t('events.places', { attending: e.attending, capacity: e.capacity, waitlisted: e.waitlisted })}
      </p>
      {e.status === 'cancelled' ? (
        <p className="callout callout--warning">{t('event.isCancelled')}</p>
      ) : canSignUp ? (
        <div className="callout">
          {rsvp.isSuccess ? (
            <p role="status">
              {rsvp.data.status === 'attending' ? t('event.attending') : t('event.waitlisted')}
            </p>
          ) : null}
          {signOff.isSuccess ? <p role="status">{t('event.signedOff')}</p> : null}
          <p className="actions">
            <button type="button" className="button" disabled={rsvp.isPending} onClick={() => rsvp.mutate()}>
              {t('event.signUp')}
            </button>
            {rsvp.isSuccess ? (
              <button type="button" className="button button--secondary" onClick={() => signOff.mutate()}>
                {t('event.signOff')}
              </button>
            ) : null}
          </p>
          <FormError error={rsvp.error ?? signOff.error} />
        </div>
      ) : (
        <p>{t('event.logInToSignUp')}</p>
      )}
    </>
  );
}
