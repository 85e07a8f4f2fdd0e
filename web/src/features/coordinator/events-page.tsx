import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { Empty, ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import type { components } from '../../lib/api/schema';
import { RequireRole } from '../../lib/auth/require-role';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import { CoordinatorNav } from './coordinator-nav';

type EventView = components['schemas']['EventDto'];

function useRegionEvents(regionId: string) {
  return useQuery({
    queryKey: ['coordinator', 'events', regionId],
    queryFn: () => data(api.GET('/api/events', { params: { query: { regionId, pageSize: 100 } } })),
  });
}

function CreateEvent({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({
    title: '',
    startsAt: '',
    location: '',
    capacity: '20',
    description: '',
  });
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/events', {
          body: {
            regionId,
            title: form.title,
            // The datetime-local value in the browser's zone, sent with its offset.
            startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : '',
            location: form.location,
            capacity: Number(form.capacity),
            description: form.description,
          },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['coordinator', 'events', regionId] }),
  });
  const input = (name: keyof typeof form, type = 'text') => (
    <Field name={name} label={t(`events.field.${name}` as MessageKey)} error={create.error}>
      {(c) =>
        name === 'description' ? (
          <textarea
            {...c}
            rows={3}
            value={form[name]}
            onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          />
        ) : (
          <input
            {...c}
            type={type}
            value={form[name]}
            onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          />
        )
      }
    </Field>
  );
  return (
    <form
      className="form narrow"
      aria-labelledby="create-event"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="create-event">{t('events.create')}</h2>
      {input('title')}
      {input('startsAt', 'datetime-local')}
      {input('location')}
      {input('capacity', 'number')}
      {input('description')}
      <FormError error={create.error} />
      <button type="submit" className="button" disabled={create.isPending}>
        {t('events.save')}
      </button>
      {create.isSuccess ? <p role="status">{t('events.created', { invited: create.data.invited })}</p> : null}
    </form>
  );
}

function Rsvps({ event }: { event: EventView }) {
  const { t } = useI18n();
  const rsvps = useQuery({
    queryKey: ['coordinator', 'rsvps', event.id, event.attending, event.waitlisted],
    queryFn: () =>
      data(
        api.GET('/api/events/{id}/rsvps', { params: { path: { id: event.id }, query: { pageSize: 100 } } }),
      ),
  });
  if (rsvps.isPending) return <Loading />;
  if (rsvps.isError) return <ErrorState error={rsvps.error} />;
  if (rsvps.data.items.length === 0) return <Empty>{t('events.noRsvps')}</Empty>;
  return (
    <table className="table" data-testid="rsvps">
      <caption className="visually-hidden">{t('events.rsvps', { title: event.title })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('events.name')}</th>
          <th scope="col">{t('events.status')}</th>
          <th scope="col">{t('events.position')}</th>
        </tr>
      </thead>
      <tbody>
        {rsvps.data.items.map((r) => (
          <tr key={r.userId}>
            <th scope="row">{`${r.displayName} (${r.email})`}</th>
            <td>{t(`events.rsvp.${r.status}` as MessageKey)}</td>
            <td>{r.waitlistPosition ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventItem({ event, regionId }: { event: EventView; regionId: string }) {
  const { t, date } = useI18n();
  const client = useQueryClient();
  const [capacity, setCapacity] = useState(String(event.capacity));
  const [open, setOpen] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ['coordinator', 'events', regionId] });
  const update = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/api/events/{id}', {
          params: { path: { id: event.id } },
          body: { capacity: Number(capacity) },
        }),
      ),
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: () => data(api.POST('/api/events/{id}/cancel', { params: { path: { id: event.id } } })),
    onSuccess: refresh,
  });
  return (
    <li className="card" data-testid="event">
      <h3 className="card__title">{event.title}</h3>
      <p>{`${date(event.startsAt)} · ${event.location}`}</p>
      <p data-testid="event-places">
        {t('events.places', {
          attending: event.attending,
          capacity: event.capacity,
          waitlisted: event.waitlisted,
        })}
      </p>
      {event.status === 'cancelled' ? (
        <p className="badge badge--withdrawn">{t('events.cancelled')}</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate();
          }}
        >
          <Field name="capacity" label={t('events.field.capacity')} error={update.error}>
            {(c) => (
              <input
                {...c}
                type="number"
                min={1}
                value={capacity}
                onChange={(e) => setCapacity(e.target.value)}
              />
            )}
          </Field>
          <FormError error={update.error ?? cancel.error} />
          <p className="actions">
            <button type="submit" className="button button--secondary">
              {t('events.saveCapacity')}
            </button>
            <button type="button" className="button button--danger" onClick={() => cancel.mutate()}>
              {t('events.cancel')}
            </button>
          </p>
        </form>
      )}
      <button
        type="button"
        className="button button--link"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('events.show')}
      </button>
      {open ? <Rsvps event={event} /> : null}
    </li>
  );
}

function EventsView({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const events = useRegionEvents(regionId);
  return (
    <>
      <CreateEvent regionId={regionId} />
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorState error={events.error} />
      ) : events.data.items.length === 0 ? (
        <Empty>{t('events.none')}</Empty>
      ) : (
        <ul className="card-list">
          {events.data.items.map((e) => (
            <EventItem key={e.id} event={e} regionId={regionId} />
          ))}
        </ul>
      )}
    </>
  );
}

export function EventsPage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {() => (
        <>
          <PageTitle title={t('events.title')}>{t('events.title')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <EventsView regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
