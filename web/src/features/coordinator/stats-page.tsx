import { useState } from 'react';
import { useParams } from 'react-router';
import { BarChart } from '../../components/ui/bar-chart';
import { DotMap } from '../../components/ui/dot-map';
import { Empty, ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel, PRACTICE_FORMS, SUCCESSOR_ROLES } from '../../lib/format/labels';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import { downloadStatsCsv, useAtRisk, useStats, type RegionStats } from './api/coordinator';
import { CoordinatorNav } from './coordinator-nav';

function Charts({ s }: { s: RegionStats }) {
  const { t, number } = useI18n();
  const n = (v: number) => number(v);
  const steps = ['suggested', 'approved', 'introduced', 'agreements'] as const;
  const medians = [
    null,
    s.funnel.medianDays.suggestedToApproved,
    s.funnel.medianDays.approvedToIntroduced,
    s.funnel.medianDays.introducedToAgreement,
  ];
  return (
    <>
      <p className="callout" data-testid="at-risk-summary">
        {t('coord.stats.atRisk', {
          patients: number(s.atRisk.patients),
          practices: number(s.atRisk.practices),
        })}
      </p>
      <BarChart
        id="chart-handover"
        title={t('coord.stats.byYear')}
        columns={[t('coord.stats.year'), t('coord.stats.practices'), t('coord.stats.patients')]}
        data={s.handover.byYear.map((y) => ({
          label: String(y.year),
          value: y.practices,
          extra: number(y.patients),
        }))}
        format={n}
      />
      <BarChart
        id="chart-days"
        title={t('coord.stats.days')}
        columns={[t('coord.fact.days'), t('coord.stats.starters')]}
        data={s.starters.daysPerWeek.map((d) => ({
          label: t('coord.stats.daysBucket', { min: number(d.min, 1), max: number(d.max, 1) }),
          value: d.starters,
        }))}
        format={n}
      />
      <BarChart
        id="chart-forms"
        title={t('coord.stats.forms')}
        columns={[t('coord.fact.form'), t('coord.stats.starters')]}
        data={PRACTICE_FORMS.map((f) => ({
          label: enumLabel(t, 'practiceForm', f),
          value: s.starters.practiceForms[f] ?? 0,
        }))}
        format={n}
      />
      <BarChart
        id="chart-roles"
        title={t('coord.stats.roles')}
        columns={[t('coord.fact.roles'), t('coord.stats.starters')]}
        data={SUCCESSOR_ROLES.map((r) => ({
          label: enumLabel(t, 'successorRole', r),
          value: s.starters.roles[r] ?? 0,
        }))}
        format={n}
      />
      <BarChart
        id="chart-funnel"
        title={t('coord.stats.funnel')}
        columns={[t('coord.stats.step'), t('coord.stats.count'), t('coord.stats.medianDays')]}
        data={steps.map((step, i) => ({
          label: t(`coord.stats.step.${step}` as MessageKey),
          value: s.funnel[step],
          extra: medians[i] === null || medians[i] === undefined ? '–' : number(medians[i], 1),
        }))}
        format={n}
      />
    </>
  );
}

function AtRiskMap({ regionId }: { regionId: string }) {
  const { t, number, date } = useI18n();
  const atRisk = useAtRisk(regionId);
  if (atRisk.isPending) return <Loading />;
  if (atRisk.isError) return <ErrorState error={atRisk.error} retry={() => void atRisk.refetch()} />;
  const items = atRisk.data;
  return (
    <section aria-labelledby="map">
      <h2 id="map">{t('coord.stats.map')}</h2>
      {items.length === 0 ? (
        <Empty>{t('coord.stats.noneAtRisk')}</Empty>
      ) : (
        <>
          <p className="muted">{t('coord.stats.mapLegend')}</p>
          <DotMap
            title={t('coord.stats.map')}
            points={items.map((p) => ({
              id: p.id,
              latitude: p.latitude,
              longitude: p.longitude,
              intensity: p.urgency / 100,
              label: t('coord.stats.mapPoint', { place: p.place, urgency: number(p.urgency, 1) }),
            }))}
          />
          <table className="table" data-testid="at-risk-table">
            <caption className="visually-hidden">{t('coord.stats.mapCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coord.queue.practice')}</th>
                <th scope="col">{t('coord.queue.urgency')}</th>
                <th scope="col">{t('coord.fact.listSize')}</th>
                <th scope="col">{t('coord.stats.handoverFrom')}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 50).map((p) => (
                <tr key={p.id}>
                  <th scope="row">{`${p.name}, ${p.place}`}</th>
                  <td>{number(p.urgency, 1)}</td>
                  <td>{number(p.listSize)}</td>
                  <td>{date(p.handoverFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function StatsView({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const stats = useStats(regionId);
  const [csvError, setCsvError] = useState<unknown>(null);
  if (stats.isPending) return <Loading />;
  if (stats.isError) return <ErrorState error={stats.error} retry={() => void stats.refetch()} />;
  return (
    <>
      <p className="actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setCsvError(null);
            downloadStatsCsv(regionId).catch(setCsvError);
          }}
        >
          {t('coord.stats.csv')}
        </button>
      </p>
      <FormError error={csvError} />
      <Charts s={stats.data} />
      <AtRiskMap regionId={regionId} />
    </>
  );
}

export function StatsPage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {() => (
        <>
          <PageTitle title={t('coord.stats.title')}>{t('coord.stats.title')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <StatsView regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
