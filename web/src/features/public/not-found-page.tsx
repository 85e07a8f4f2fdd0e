import { Link } from 'react-router';
import { PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('notFound.title')}>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
