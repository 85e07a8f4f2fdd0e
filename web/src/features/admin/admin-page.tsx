import './admin.css';
import { useState } from 'react';
import { Field } from '../../components/ui/field';
import { Empty, ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { useI18n } from '../../lib/i18n/i18n';
import { AdminNav } from './admin-nav';
import { Weights } from './weights-section';
import {
  useAudit,
  useChangeRegions,
  useCoordinators,
  useFailedMail,
  useInvite,
  useRegions,
  useRetryMail,
  useQueueDashboardTicket,
  type AuditFilters,
} from './api/admin';

function RegionChoices({
  name,
  value,
  onChange,
  legend,
}: {
  name: string;
  value: string[];
  onChange: (v: string[]) => void;
  legend: string;
}) {
  const regions = useRegions();
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {(regions.data ?? []).map((r) => (
        <label key={r.id} className="choice">
          <input
            type="checkbox"
            name={name}
            checked={value.includes(r.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, r.id] : value.filter((x) => x !== r.id))}
          />{' '}
          {r.name}
        </label>
      ))}
    </fieldset>
  );
}

function Coordinators() {
  const { t } = useI18n();
  const list = useCoordinators(1);
  const invite = useInvite();
  const change = useChangeRegions();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [regionIds, setRegionIds] = useState<string[]>([]);
  const [editing, setEditing] = useState<{ id: string; regionIds: string[] } | null>(null);
  return (
    <section aria-labelledby="coordinators" className="section">
      <h2 id="coordinators">{t('admin.coordinators')}</h2>
      <form
        className="form narrow"
        aria-labelledby="invite"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ email, displayName, regionIds });
        }}
      >
        <h3 id="invite">{t('admin.invite')}</h3>
        <Field name="email" label={t('admin.email')} error={invite.error}>
          {(c) => <input {...c} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field name="displayName" label={t('admin.displayName')} error={invite.error}>
          {(c) => <input {...c} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <RegionChoices
          name="regionIds"
          legend={t('admin.regions')}
          value={regionIds}
          onChange={setRegionIds}
        />
        <FormError error={invite.error} />
        <button type="submit" className="button" disabled={invite.isPending}>
          {t('admin.sendInvite')}
        </button>
        {invite.isSuccess ? <p role="status">{t('admin.invited', { email: invite.data.email })}</p> : null}
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('admin.noCoordinators')}</Empty>
      ) : (
        <ul className="card-list" data-testid="coordinators">
          {list.data.items.map((c) => (
            <li key={c.id} className="card">
              <p>
                <strong>{c.displayName}</strong> ({c.email})
                {c.invitationPending ? ` · ${t('admin.pending')}` : ''}
              </p>
              {editing?.id === c.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    change.mutate(editing, { onSuccess: () => setEditing(null) });
                  }}
                >
                  <RegionChoices
                    name={`regions-${c.id}`}
                    legend={t('admin.regionsOf', { name: c.displayName })}
                    value={editing.regionIds}
                    onChange={(v) => setEditing({ id: c.id, regionIds: v })}
                  />
                  <FormError error={change.error} />
                  <button type="submit" className="button">
                    {t('admin.saveRegions')}
                  </button>
                </form>
              ) : (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setEditing({ id: c.id, regionIds: c.regionIds })}
                >
                  {t('admin.regionsOf', { name: c.displayName })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FailedMail() {
  const { t, date } = useI18n();
  const mail = useFailedMail(1);
  const retry = useRetryMail();
  return (
    <section aria-labelledby="failed-mail" className="section">
      <h2 id="failed-mail">{t('admin.failedMail')}</h2>
      {retry.isSuccess ? <p role="status">{t('admin.retried')}</p> : null}
      <FormError error={retry.error} />
      {mail.isPending ? (
        <Loading />
      ) : mail.isError ? (
        <ErrorState error={mail.error} />
      ) : mail.data.items.length === 0 ? (
        <Empty>{t('admin.noFailedMail')}</Empty>
      ) : (
        <table className="table" data-testid="failed-mail">
          <thead>
            <tr>
              <th scope="col">{t('admin.template')}</th>
              <th scope="col">{t('admin.attempts')}</th>
              <th scope="col">{t('admin.lastError')}</th>
              <th scope="col">{t('admin.created')}</th>
              <th scope="col">{t('admin.retry')}</th>
            </tr>
          </thead>
          <tbody>
            {mail.data.items.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.template}</th>
                <td>{m.attempts}</td>
                <td>{m.lastError ?? '–'}</td>
                <td>{date(m.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate(m.id)}
                  >
                    {t('admin.retry')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The queue dashboard (bull-board) is a page of the API, not of this app, and the access token is in
 * memory only: the console asks for a single-use ticket and opens the dashboard with it in a new tab.
 */
function QueueDashboard() {
  const { t } = useI18n();
  const ticket = useQueueDashboardTicket();
  return (
    <section aria-labelledby="queues" className="section">
      <h2 id="queues">{t('admin.queues')}</h2>
      <p>{t('admin.queuesIntro')}</p>
      <FormError error={ticket.error} />
      <p className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={ticket.isPending}
          onClick={() => {
            // Opened now, while the click still counts as the user's: a tab opened after the request would be
            // stopped by the popup blocker.
            const tab = window.open('', '_blank');
            ticket.mutate(undefined, {
              onSuccess: ({ url }) => {
                if (tab) tab.location.href = url;
                else window.location.assign(url);
              },
              onError: () => tab?.close(),
            });
          }}
        >
          {t('admin.openQueues')}
        </button>
      </p>
    </section>
  );
}

function Audit() {
  const { t, date } = useI18n();
  const [draft, setDraft] = useState({ action: '', actorId: '', targetId: '' });
  const [filters, setFilters] = useState<AuditFilters>({ page: 1 });
  const audit = useAudit(filters);
  return (
    <section aria-labelledby="audit" className="section">
      <h2 id="audit">{t('admin.audit')}</h2>
      <form
        className="queue-filters"
        aria-label={t('admin.auditFilters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({
            page: 1,
            action: draft.action.trim() || undefined,
            actorId: draft.actorId.trim() || undefined,
            targetId: draft.targetId.trim() || undefined,
          });
        }}
      >
        {(['action', 'actorId', 'targetId'] as const).map((name) => (
          <Field key={name} name={name} label={t(`admin.${name}`)} error={audit.error}>
            {(c) => (
              <input
                {...c}
                value={draft[name]}
                onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <button type="submit" className="button">
          {t('admin.filter')}
        </button>
      </form>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <ErrorState error={audit.error} />
      ) : audit.data.items.length === 0 ? (
        <Empty>{t('admin.noAudit')}</Empty>
      ) : (
        <table className="table" data-testid="audit">
          <caption className="visually-hidden">
            {t('admin.auditCaption', { total: audit.data.total })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.action')}</th>
              <th scope="col">{t('admin.when')}</th>
              <th scope="col">{t('admin.target')}</th>
              <th scope="col">{t('admin.note')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.action}</th>
                <td>{date(a.createdAt)}</td>
                <td>{a.targetType ? `${a.targetType} ${a.targetId ?? ''}` : '–'}</td>
                <td>{a.note ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AdminPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['admin']}>
      {() => (
        <>
          <AdminNav />
          <PageTitle title={t('admin.title')}>{t('admin.title')}</PageTitle>
          <Coordinators />
          <Weights />
          <FailedMail />
          <QueueDashboard />
          <Audit />
        </>
      )}
    </RequireRole>
  );
}
