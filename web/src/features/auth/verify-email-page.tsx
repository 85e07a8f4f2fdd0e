import { Link, useSearchParams } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useVerifyEmail } from './api/auth';

export function VerifyEmailPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const verify = useVerifyEmail(params.get('token') ?? '');
  return (
    <>
      <PageTitle title={t('verify.title')}>{t('verify.title')}</PageTitle>
      {verify.isSuccess ? (
        <>
          <p role="status">{t('verify.done')}</p>
          <p>
            <Link className="button" to="/login">
              {t('nav.login')}
            </Link>
          </p>
        </>
      ) : verify.isError ? (
        <>
          <ErrorState error={verify.error} />
          <p>{t('verify.failed')}</p>
        </>
      ) : params.get('token') ? (
        <Loading />
      ) : (
        <p>{t('link.noToken')}</p>
      )}
    </>
  );
}
