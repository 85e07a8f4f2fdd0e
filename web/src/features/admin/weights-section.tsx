import { useState } from 'react';
import { Field } from '../../components/ui/field';
import { ErrorState, FormError, Loading } from '../../components/ui/states';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import {
  useRescore,
  useRescoreStatus,
  useSetWeights,
  useWeights,
  useWeightVersions,
  type Criterion,
  type ScoringWeights,
} from './api/admin';

function WeightsForm({ initial, version }: { initial: ScoringWeights; version: number }) {
  const { t } = useI18n();
  const [weights, setWeights] = useState(initial);
  const save = useSetWeights();
  const rescore = useRescore();
  const criteria = Object.keys(initial) as Criterion[];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(weights);
      }}
    >
      <p data-testid="weights-version">
        {t('admin.weightsVersion', { version: save.data?.version ?? version })}
      </p>
      <div className="number-cards">
        {criteria.map((c) => (
          <Field key={c} name={c} label={enumLabel(t, 'criterion', c)} error={save.error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={100}
                value={weights[c]}
                onChange={(e) => setWeights({ ...weights, [c]: Number(e.target.value) })}
              />
            )}
          </Field>
        ))}
      </div>
      <FormError error={save.error} />
      <p className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('admin.saveWeights')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => rescore.mutate()}>
          {t('admin.rescoreStart')}
        </button>
      </p>
      {save.isSuccess ? <p role="status">{t('admin.weightsSaved', { version: save.data.version })}</p> : null}
      {rescore.isSuccess ? <RescoreProgress jobId={rescore.data.jobId} /> : null}
      <FormError error={rescore.error} />
    </form>
  );
}

/** Where the requested full rescoring stands: queued, running (with its percentage), done or failed. */
function RescoreProgress({ jobId }: { jobId: string }) {
  const { t, number } = useI18n();
  const status = useRescoreStatus(jobId);
  const s = status.data;
  const percent = s?.state === 'active' || s?.state === 'completed' ? s.progress?.percent : undefined;
  return (
    <div data-testid="rescore-status">
      {percent !== undefined ? (
        <p className="rescore-progress">
          <progress max={100} value={percent} aria-label={t('admin.rescoreProgressLabel')}>
            {t('admin.rescorePercent', { percent: number(percent) })}
          </progress>
          <span data-testid="rescore-percent">{t('admin.rescorePercent', { percent: number(percent) })}</span>
        </p>
      ) : null}
      <p role="status">
        {!s
          ? t('admin.rescoreQueued', { jobId })
          : s.state === 'completed' && s.result
            ? t('admin.rescoreDone', {
                starters: number(s.result.starters),
                suggested: number(s.result.suggested),
                withdrawn: number(s.result.withdrawn),
              })
            : s.state === 'failed'
              ? t('admin.rescoreFailed', { reason: s.failedReason ?? '' })
              : s.state === 'active'
                ? t('admin.rescoreActive')
                : t('admin.rescoreQueued', { jobId })}
      </p>
    </div>
  );
}

/** The versions saved so far, each with what it changed from the one before. */
function WeightVersions() {
  const { t, date } = useI18n();
  const versions = useWeightVersions();
  if (versions.isPending) return <Loading />;
  if (versions.isError) return <ErrorState error={versions.error} />;
  const items = versions.data.items;
  return (
    <table className="table" data-testid="weight-versions">
      <caption>{t('admin.versions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('admin.version')}</th>
          <th scope="col">{t('admin.created')}</th>
          <th scope="col">{t('admin.savedBy')}</th>
          <th scope="col">{t('admin.changes')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((v, i) => {
          const before = items[i + 1]?.weights;
          const changed = before
            ? (Object.keys(v.weights) as Array<keyof typeof v.weights>).filter(
                (c) => v.weights[c] !== before[c],
              )
            : [];
          return (
            <tr key={v.version}>
              <th scope="row">{v.version}</th>
              <td>{date(v.createdAt)}</td>
              <td>{v.createdByName ?? t('admin.system')}</td>
              <td>
                {changed.length
                  ? changed
                      .map((c) => `${enumLabel(t, 'criterion', c)} ${before?.[c] ?? ''} → ${v.weights[c]}`)
                      .join(', ')
                  : '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The console's scoring weights: the form, a full rescoring with its progress, and the versions. */
export function Weights() {
  const { t } = useI18n();
  const weights = useWeights();
  return (
    <section aria-labelledby="weights" className="section">
      <h2 id="weights">{t('admin.weights')}</h2>
      {weights.isPending ? (
        <Loading />
      ) : weights.isError ? (
        <ErrorState error={weights.error} />
      ) : (
        <WeightsForm initial={weights.data.weights} version={weights.data.version} />
      )}
      <WeightVersions />
    </section>
  );
}
