import { useSearchParams } from 'react-router';
import { FormError, PageTitle } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { enumLabel } from '../../lib/format/labels';
import { FOLLOW_UP_ANSWERS, useFollowUp, type FollowUpAnswer } from './api/links';

/** How did the introduction go: the mail's links carry an answer, which the user confirms here. */
export function FollowUpPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const given = params.get('answer') as FollowUpAnswer | null;
  const answer = useFollowUp();
  return (
    <>
      <PageTitle title={t('followUp.title')}>{t('followUp.title')}</PageTitle>
      {!token ? (
        <p>{t('link.noToken')}</p>
      ) : answer.isSuccess ? (
        <p role="status">{t('followUp.done')}</p>
      ) : (
        <>
          <p>{t('followUp.question')}</p>
          <ul className="actions actions--stack">
            {FOLLOW_UP_ANSWERS.map((a) => (
              <li key={a}>
                <button
                  type="button"
                  className={a === given ? 'button' : 'button button--secondary'}
                  disabled={answer.isPending}
                  onClick={() => answer.mutate({ token, answer: a })}
                >
                  {enumLabel(t, 'followUp', a)}
                </button>
              </li>
            ))}
          </ul>
          <FormError error={answer.error} />
        </>
      )}
    </>
  );
}
