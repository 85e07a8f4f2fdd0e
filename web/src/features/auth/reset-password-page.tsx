import { Link, useSearchParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useResetPassword } from './api/auth';
import { formText } from '../../lib/forms/form-data';

export function ResetPasswordPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  return (
    <>
      <PageTitle title={t('reset.title')}>{t('reset.title')}</PageTitle>
      {reset.isSuccess ? (
        <>
          <p role="status">{t('reset.done')}</p>
          <p>
            <Link to="/login">{t('nav.login')}</Link>
          </p>
        </>
      ) : (
        <form
          className="form narrow"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            reset.mutate({ token, password: formText(new FormData(e.currentTarget), 'password') });
          }}
        >
          <Field
            name="password"
            label={t('reset.password')}
            hint={t('register.passwordHint')}
            error={reset.error}
          >
            {(p) => <input {...p} type="password" autoComplete="new-password" minLength={10} required />}
          </Field>
          <FormError error={reset.error} />
          <button type="submit" className="button" disabled={reset.isPending}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </>
  );
}
