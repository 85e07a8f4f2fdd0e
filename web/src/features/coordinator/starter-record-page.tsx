import { Link, useParams } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { useRegions } from './api/coordinator';
import { useStarterRecord, type RegionStarter } from './api/records';
import { CoordinatorNav } from './coordinator-nav';
import { Candidates, FactList } from './records-ui';

/** The starter's whole record as their coordinator reads it (read-only: the starter alone changes wishes). */
function Facts({ s }: { s: RegionStarter }) {
  const { t, date, number } = useI18n();
  const regions = useRegions();
  const regionName = (id: string | null) =>
    id === null ? '–' : (regions.data?.find((r) => r.id === id)?.name ?? '…');
  const yes = (v: boolean) => (v ? t('coord.records.yes') : t('coord.records.no'));
  const rows: Array<[string, string]> = [
    [t('coord.records.active'), s.active ? t('coord.records.active.true') : t('coord.records.active.false')],
    [t('coord.fact.email'), `${s.email}${s.emailVerified ? '' : ` (${t('coord.records.unverified')})`}`],
    [t('coord.fact.phone'), s.phone ?? '–'],
    [t('coord.records.careerStage'), enumLabel(t, 'careerStage', s.careerStage)],
    [t('coord.fact.home'), `${s.homePlace} (${s.homePostcode}), ${regionName(s.homeRegionId)}`],
    [t('coord.records.travel'), t('coord.records.km', { km: number(s.maxTravelKm) })],
    [t('coord.records.preferred'), s.preferredRegionIds.map(regionName).join(', ') || '–'],
    [t('coord.fact.days'), t('coord.fact.daysRange', { min: s.daysPerWeekMin, max: s.daysPerWeekMax })],
    [t('coord.fact.forms'), s.practiceForms.map((f) => enumLabel(t, 'practiceForm', f)).join(', ')],
    [t('coord.fact.roles'), s.roles.map((r) => enumLabel(t, 'successorRole', r)).join(', ')],
    [t('coord.fact.available'), date(s.availableFrom)],
    [t('practice.transition'), number(s.transitionMonthsWanted)],
    [t('wishes.setting'), enumLabel(t, 'setting', s.setting)],
    [t('coord.records.dispensingOk'), yes(s.dispensingOk)],
    [
      t('coord.records.anwMax'),
      s.anwHoursPerMonthMax === null ? t('coord.records.noLimit') : number(s.anwHoursPerMonthMax),
    ],
    [t('coord.records.wantsTraining'), yes(s.wantsTrainingPractice)],
    [t('coord.records.duo'), yes(s.lookingForDuoPartner)],
    [t('coord.records.partnerNeedsWork'), yes(s.partnerNeedsWork)],
  ];
  return (
    <section className="card" aria-labelledby="facts">
      <h2 id="facts">{t('coord.records.record')}</h2>
      <FactList rows={rows} testId="starter-facts" />
      {s.about ? <p>{s.about}</p> : null}
    </section>
  );
}

function StarterRecord({ id, mine }: { id: string; mine: string[] }) {
  const { t } = useI18n();
  const starter = useStarterRecord(id);
  if (starter.isPending) return <Loading />;
  if (starter.isError)
    return (
      <>
        <PageTitle title={t('coord.records.starterTitle')}>{t('coord.records.starterTitle')}</PageTitle>
        <ErrorState error={starter.error} retry={() => void starter.refetch()} />
      </>
    );
  const s = starter.data;
  // The menu and the way back go to the starter's home region when it is the coordinator's, else to the
  // first of the coordinator's regions the starter prefers.
  const regionId = [s.homeRegionId, ...s.preferredRegionIds].find((r) => mine.includes(r)) ?? mine[0];
  return (
    <>
      <PageTitle title={s.displayName}>{s.displayName}</PageTitle>
      <CoordinatorNav regionId={regionId} />
      {regionId ? (
        <p>
          <Link to={`/coordinator/regions/${regionId}/starters`}>{t('coord.records.backToStarters')}</Link>
        </p>
      ) : null}
      <Facts s={s} />
      <Candidates of={{ starterProfileId: s.id }} />
    </>
  );
}

export function StarterRecordPage() {
  const { id = '' } = useParams();
  return (
    <RequireRole roles={['coordinator']}>{(me) => <StarterRecord id={id} mine={me.regionIds} />}</RequireRole>
  );
}
