import { useSearchParams } from 'react-router';
import { Breakdown } from '../../components/ui/breakdown';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import type { components } from '../../lib/api/schema';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { useConsent, useConsentSummary } from './api/links';

type Match = components['schemas']['MatchDto'];

/** Who the introduction is with, without name or contact: the practice for a starter, the starter for a holder. */
function Summary({ match }: { match: Match }) {
  const { t, date, number } = useI18n();
  const p = match.practice;
  const s = match.starter;
  const holderReads = 'ownerName' in p;
  return (
    <section className="card" aria-labelledby="summary">
      <h2 id="summary">{t('consent.summary')}</h2>
      {holderReads ? (
        <dl className="facts">
          <div>
            <dt>{t('consent.careerStage')}</dt>
            <dd>{enumLabel(t, 'careerStage', s.careerStage)}</dd>
          </div>
          <div>
            <dt>{t('vacancy.days')}</dt>
            <dd>
              {t('consent.daysRange', { min: number(s.daysPerWeekMin, 1), max: number(s.daysPerWeekMax, 1) })}
            </dd>
          </div>
          <div>
            <dt>{t('consent.availableFrom')}</dt>
            <dd>{date(s.availableFrom)}</dd>
          </div>
        </dl>
      ) : (
        <dl className="facts">
          <div>
            <dt>{t('consent.practice')}</dt>
            <dd>
              {t('vacancy.cardTitle', { form: enumLabel(t, 'practiceForm', p.practiceForm), place: p.place })}
            </dd>
          </div>
          <div>
            <dt>{t('vacancy.handover')}</dt>
            <dd>{t('vacancy.window', { from: date(p.handoverFrom), to: date(p.handoverTo) })}</dd>
          </div>
        </dl>
      )}
      {s.about && holderReads ? <p>{s.about}</p> : null}
      {!holderReads && p.description ? <p>{p.description}</p> : null}
    </section>
  );
}

/** The consent link of the mail: accept or decline by its token, without logging in. */
export function ConsentPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const consent = useConsent();
  const summary = useConsentSummary(consent.isSuccess ? '' : token);
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
          {summary.isPending ? <Loading /> : null}
          {summary.isError ? <ErrorState error={summary.error} /> : null}
          {summary.isSuccess ? (
            <>
              <Summary match={summary.data} />
              {summary.data.breakdown.length > 0 ? (
                <Breakdown score={summary.data.score} items={summary.data.breakdown} />
              ) : null}
            </>
          ) : null}
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
