import { useSearchParams } from 'react-router';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useConsent } from './api/links';

/** The consent link of the mail: accept or decline by its token, without logging in. */
export function ConsentPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const consent = useConsent();
  return (
    <>
      <PageTitle title={t('consent.title')}>{t('consent.title')}</PageTitle>
      {!token ? (
        <p>{t('link.noToken')}</p>
      ) : consent.isSuccess ? (
        <p role="status">
          {consent.data.answer === 'declined'
            ? t('consent.declined')
            : consent.data.matchStatus === 'introduced'
              ? t('consent.introduced')
              : t('consent.accepted')}
        </p>
      ) : (
        <>
          <p className="lead">{t('consent.lead')}</p>
          <p>{t('consent.anonymous')}</p>
          <p className="actions">
            <button
              type="button"
              className="button"
              disabled={consent.isPending}
              onClick={() => consent.mutate({ token, accept: true })}
            >
              {t('consent.accept')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={consent.isPending}
              onClick={() => consent.mutate({ token, accept: false })}
            >
              {t('consent.decline')}
            </button>
          </p>
          <FormError error={consent.error} />
        </>
      )}
    </>
  );
}
