import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useRegister } from './api/auth';
import { formText } from '../../lib/forms/form-data';

export function RegisterPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const register = useRegister();
  const [role, setRole] = useState<'starter' | 'stopper'>(
    params.get('role') === 'stopper' ? 'stopper' : 'starter',
  );
  const next = params.get('next');

  if (register.isSuccess) {
    return (
      <>
        <PageTitle title={t('register.doneTitle')}>{t('register.doneTitle')}</PageTitle>
        <p role="status">{t('register.done', { email: register.data.email })}</p>
        <p>
          <Link to={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>{t('nav.login')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle title={t('register.title')}>{t('register.title')}</PageTitle>
      <form
        className="form narrow"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          register.mutate({
            displayName: formText(f, 'displayName'),
            email: formText(f, 'email'),
            password: formText(f, 'password'),
            role,
            locale,
          });
        }}
      >
        <fieldset className="field">
          <legend>{t('register.role')}</legend>
          <label className="choice">
            <input
              type="radio"
              name="role"
              value="starter"
              checked={role === 'starter'}
              onChange={() => setRole('starter')}
            />
            {t('register.roleStarter')}
          </label>
          <label className="choice">
            <input
              type="radio"
              name="role"
              value="stopper"
              checked={role === 'stopper'}
              onChange={() => setRole('stopper')}
            />
            {t('register.roleStopper')}
          </label>
        </fieldset>
        <Field name="displayName" label={t('register.name')} error={register.error}>
          {(p) => <input {...p} autoComplete="name" required />}
        </Field>
        <Field name="email" label={t('register.email')} error={register.error}>
          {(p) => <input {...p} type="email" autoComplete="email" required />}
        </Field>
        <Field
          name="password"
          label={t('register.password')}
          hint={t('register.passwordHint')}
          error={register.error}
        >
          {(p) => <input {...p} type="password" autoComplete="new-password" minLength={10} required />}
        </Field>
        <FormError error={register.error} />
        <button type="submit" className="button" disabled={register.isPending}>
          {t('register.submit')}
        </button>
        <p>
          {t('register.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
        </p>
      </form>
    </>
  );
}
