import { useSearchParams } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useStillLooking } from './api/links';

export function StillLookingPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const answer = useStillLooking(token);
  return (
    <>
      <PageTitle title={t('stillLooking.title')}>{t('stillLooking.title')}</PageTitle>
      {!token ? (
        <p>{t('link.noToken')}</p>
      ) : answer.isPending ? (
        <Loading />
      ) : answer.isError ? (
        <ErrorState error={answer.error} />
      ) : (
        <p role="status">
          {answer.data.reactivated ? t('stillLooking.reactivated') : t('stillLooking.done')}
        </p>
      )}
    </>
  );
}
