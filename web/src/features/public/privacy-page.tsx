import { PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';

export function PrivacyPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('privacy.title')}>{t('privacy.title')}</PageTitle>
      <p className="lead">{t('privacy.lead')}</p>
      <h2>{t('privacy.whatTitle')}</h2>
      <p>{t('privacy.what')}</p>
      <h2>{t('privacy.anonymityTitle')}</h2>
      <p>{t('privacy.anonymity')}</p>
      <h2>{t('privacy.rightsTitle')}</h2>
      <p>{t('privacy.rights')}</p>
      <h2>{t('privacy.cookiesTitle')}</h2>
      <p>{t('privacy.cookies')}</p>
    </>
  );
}
