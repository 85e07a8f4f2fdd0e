import { useSearchParams } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { enumLabel } from '../../lib/format/labels';
import { useUnsubscribe } from './api/links';

export function UnsubscribePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const done = useUnsubscribe(token);
  return (
    <>
      <PageTitle title={t('unsubscribe.title')}>{t('unsubscribe.title')}</PageTitle>
      {!token ? (
        <p>{t('link.noToken')}</p>
      ) : done.isPending ? (
        <Loading />
      ) : done.isError ? (
        <ErrorState error={done.error} />
      ) : (
        <p role="status">{t('unsubscribe.done', { kind: enumLabel(t, 'mailKind', done.data.kind) })}</p>
      )}
    </>
  );
}
