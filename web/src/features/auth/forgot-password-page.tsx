import { Field } from '../../components/ui/field';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useForgotPassword } from './api/auth';
import { formText } from '../../lib/forms/form-data';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const forgot = useForgotPassword();
  return (
    <>
      <PageTitle title={t('forgot.title')}>{t('forgot.title')}</PageTitle>
      {forgot.isSuccess ? (
        <p role="status">{t('forgot.sent')}</p>
      ) : (
        <form
          className="form narrow"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            forgot.mutate(formText(new FormData(e.currentTarget), 'email'));
          }}
        >
          <p>{t('forgot.intro')}</p>
          <Field name="email" label={t('login.email')} error={forgot.error}>
            {(p) => <input {...p} type="email" autoComplete="email" required />}
          </Field>
          <FormError error={forgot.error} />
          <button type="submit" className="button" disabled={forgot.isPending}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
    </>
  );
}
