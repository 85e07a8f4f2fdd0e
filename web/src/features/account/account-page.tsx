import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/ui/field';
import { FormError, PageTitle, Saved } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import type { Me } from '../../lib/auth/auth';
import { RequireRole } from '../../lib/auth/require-role';
import { forgetSession } from '../../lib/auth/session';
import { useI18n } from '../../lib/i18n/i18n';
import type { Locale } from '../../lib/i18n/locale';
import { formText } from '../../lib/forms/form-data';

function Account({ me }: { me: Me }) {
  const { t, setLocale } = useI18n();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (body: { displayName: string; phone: string | null; locale: Locale }) =>
      data(api.PATCH('/api/me', { body })),
    onSuccess: (next) => {
      client.setQueryData(['me'], next);
      setLocale(next.locale);
    },
  });
  const exportData = useMutation({
    mutationFn: async () => {
      const body = await data(api.GET('/api/me/export'));
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = 'praktijkmatch-export.json';
      a.click();
      URL.revokeObjectURL(url);
    },
  });
  const erase = useMutation({
    mutationFn: () => data(api.DELETE('/api/me')),
    // The account is gone, and so is its session on the server: start afresh on the home page as a visitor
    // (a full load, so nothing of the account stays in memory, and no signed-in page sends them to log in).
    onSuccess: () => {
      forgetSession();
      window.location.replace('/');
    },
  });
  return (
    <>
      <section className="card" aria-labelledby="details">
        <h2 id="details">{t('account.details')}</h2>
        <p>{t('account.email', { email: me.email })}</p>
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const phone = formText(f, 'phone').trim();
            save.mutate({
              displayName: formText(f, 'displayName'),
              phone: phone === '' ? null : phone,
              locale: f.get('locale') === 'en' ? 'en' : 'nl',
            });
          }}
        >
          <Field name="displayName" label={t('register.name')} error={save.error}>
            {(p) => <input {...p} defaultValue={me.displayName} autoComplete="name" />}
          </Field>
          <Field name="phone" label={t('account.phone')} hint={t('account.phoneHint')} error={save.error}>
            {(p) => <input {...p} type="tel" defaultValue={me.phone ?? ''} autoComplete="tel" />}
          </Field>
          <Field name="locale" label={t('account.language')} error={save.error}>
            {(p) => (
              <select {...p} defaultValue={me.locale}>
                <option value="nl">{t('account.nl')}</option>
                <option value="en">{t('account.en')}</option>
              </select>
            )}
          </Field>
          <FormError error={save.error} />
          <p className="actions">
            <button type="submit" className="button" disabled={save.isPending}>
              {t('form.save')}
            </button>
            <Saved show={save.isSuccess} />
          </p>
        </form>
      </section>
      <section className="card" aria-labelledby="data">
        <h2 id="data">{t('account.data')}</h2>
        <p>{t('account.exportText')}</p>
        <button type="button" className="button button--secondary" onClick={() => exportData.mutate()}>
          {t('account.export')}
        </button>
        <FormError error={exportData.error} />
        <h3>{t('account.erase')}</h3>
        <p>{t('account.eraseText')}</p>
        {confirming ? (
          <div className="callout callout--warning" role="alertdialog" aria-labelledby="erase-q">
            <p id="erase-q">{t('account.eraseConfirm')}</p>
            <p className="actions">
              <button
                type="button"
                className="button button--danger"
                disabled={erase.isPending}
                onClick={() => erase.mutate()}
              >
                {t('account.eraseYes')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t('account.eraseNo')}
              </button>
            </p>
            <FormError error={erase.error} />
          </div>
        ) : (
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            {t('account.erase')}
          </button>
        )}
      </section>
    </>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('account.title')}>{t('account.title')}</PageTitle>
      <RequireRole roles={['starter', 'stopper', 'coordinator', 'admin']}>
        {(me) => <Account me={me} />}
      </RequireRole>
    </>
  );
}
