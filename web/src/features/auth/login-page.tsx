import { Link, useNavigate, useSearchParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useLogin } from './api/auth';
import { formText } from '../../lib/forms/form-data';

/** Only a path of this app: `next` never sends the user to another site. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const next = safeNext(params.get('next'));
  return (
    <>
      <PageTitle title={t('login.title')}>{t('login.title')}</PageTitle>
      <form
        className="form narrow"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          login.mutate(
            { email: formText(f, 'email'), password: formText(f, 'password') },
            { onSuccess: () => void navigate(next ?? '/dashboard', { replace: true }) },
          );
        }}
      >
        <Field name="email" label={t('login.email')} error={login.error}>
          {(p) => <input {...p} type="email" autoComplete="email" required />}
        </Field>
        <Field name="password" label={t('login.password')} error={login.error}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required />}
        </Field>
        <FormError error={login.error} />
        <button type="submit" className="button" disabled={login.isPending}>
          {t('login.submit')}
        </button>
        <p>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </p>
        <p>
          {t('login.noAccount')} <Link to="/register">{t('nav.register')}</Link>
        </p>
      </form>
    </>
  );
}
