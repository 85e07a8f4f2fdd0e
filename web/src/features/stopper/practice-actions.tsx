import { FormError } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { usePracticeAction, type Practice } from './api/practices';

/**
 * Publish (a draft or withdrawn practice), withdraw (a published one) and delete (a draft), with the
 * action's error: the same buttons on the dashboard's rows and on the practice's own page.
 * `publishBlocked`: the page's form has unsaved changes, which publishing would leave out.
 */
export function PracticeActions({
  practice,
  publishBlocked = false,
  onDeleted,
}: {
  practice: Pick<Practice, 'id' | 'status'>;
  publishBlocked?: boolean;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const action = usePracticeAction(practice.id);
  return (
    <>
      <p className="actions">
        {practice.status === 'draft' || practice.status === 'withdrawn' ? (
          <button
            type="button"
            className="button"
            disabled={action.isPending || publishBlocked}
            onClick={() => action.mutate('publish')}
          >
            {t('stopper.publish')}
          </button>
        ) : null}
        {practice.status === 'published' ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={action.isPending}
            onClick={() => action.mutate('withdraw')}
          >
            {t('stopper.withdraw')}
          </button>
        ) : null}
        {practice.status === 'draft' ? (
          <button
            type="button"
            className="button button--danger"
            disabled={action.isPending}
            onClick={() => action.mutate('delete', { onSuccess: onDeleted })}
          >
            {t('stopper.deleteDraft')}
          </button>
        ) : null}
      </p>
      <FormError error={action.error} />
    </>
  );
}
