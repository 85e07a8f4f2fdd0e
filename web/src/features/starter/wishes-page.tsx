import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import {
  Choices,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
  Toggle,
} from '../../components/ui/field';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { useUnsavedChanges, UnsavedDialog } from '../../lib/forms/unsaved';
import { CAREER_STAGES, PRACTICE_FORMS, SETTINGS, SUCCESSOR_ROLES, options } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { useRegions } from '../../lib/regions';
import { startingBody, toBody, usePlace, useProfile, type ProfileBody } from './api/profile';
import { WishesSection } from './wishes-section';

function PlaceHint({ pc4 }: { pc4: string }) {
  const { t } = useI18n();
  const place = usePlace(pc4);
  if (!/^\d{4}$/.test(pc4)) return <>{t('wishes.postcodeHint')}</>;
  if (place.isPending) return <>{t('state.loading')}</>;
  if (!place.data) return <>{t('wishes.postcodeUnknown')}</>;
  return <>{t('wishes.postcodePlace', { place: place.data.place, province: place.data.province })}</>;
}

function Wishes({ verified }: { verified: boolean }) {
  const { t } = useI18n();
  const profile = useProfile();
  const regions = useRegions();
  const [dirty, setDirty] = useState<Record<string, boolean>>({});
  const onDirty = useCallback(
    (id: string, d: boolean) => setDirty((all) => (all[id] === d ? all : { ...all, [id]: d })),
    [],
  );
  const blocker = useUnsavedChanges(Object.values(dirty).some(Boolean));

  if (profile.isPending) return <Loading />;
  if (profile.isError) return <ErrorState error={profile.error} retry={() => void profile.refetch()} />;
  const saved: ProfileBody = profile.data ? toBody(profile.data) : startingBody(verified);
  const regionOptions = (regions.data ?? []).map((r) => ({ value: r.id, label: r.name }));
  const common = { saved, onDirty };

  return (
    <>
      <UnsavedDialog blocker={blocker} />
      {!profile.data ? <p className="callout">{t('wishes.firstTime')}</p> : null}
      <WishesSection
        id="where"
        title={t('wishes.where')}
        keys={['homePostcode', 'maxTravelKm', 'preferredRegionIds']}
        {...common}
      >
        {(d, set, error) => (
          <>
            <TextField
              name="homePostcode"
              label={t('wishes.homePostcode')}
              hint={<PlaceHint pc4={d.homePostcode} />}
              error={error}
              inputMode="numeric"
              maxLength={4}
              autoComplete="postal-code"
              value={d.homePostcode}
              onChange={(v) => set('homePostcode', v.trim())}
            />
            <NumberField
              name="maxTravelKm"
              label={t('wishes.maxTravelKm')}
              error={error}
              min={0}
              max={300}
              value={d.maxTravelKm}
              onChange={(v) => set('maxTravelKm', v)}
            />
            <Choices
              name="preferredRegionIds"
              legend={t('wishes.preferredRegions')}
              options={regionOptions}
              value={d.preferredRegionIds}
              onChange={(v) => set('preferredRegionIds', v)}
              error={error}
            />
          </>
        )}
      </WishesSection>
      <WishesSection
        id="when"
        title={t('wishes.when')}
        keys={['availableFrom', 'daysPerWeekMin', 'daysPerWeekMax', 'transitionMonthsWanted']}
        {...common}
      >
        {(d, set, error) => (
          <>
            <TextField
              name="availableFrom"
              label={t('wishes.availableFrom')}
              error={error}
              type="date"
              value={d.availableFrom}
              onChange={(v) => set('availableFrom', v)}
            />
            <NumberField
              name="daysPerWeekMin"
              label={t('wishes.daysMin')}
              error={error}
              step={0.5}
              min={0.5}
              max={5}
              value={d.daysPerWeekMin}
              onChange={(v) => set('daysPerWeekMin', v)}
            />
            <NumberField
              name="daysPerWeekMax"
              label={t('wishes.daysMax')}
              error={error}
              step={0.5}
              min={0.5}
              max={5}
              value={d.daysPerWeekMax}
              onChange={(v) => set('daysPerWeekMax', v)}
            />
            <NumberField
              name="transitionMonthsWanted"
              label={t('wishes.transition')}
              error={error}
              min={0}
              max={24}
              value={d.transitionMonthsWanted}
              onChange={(v) => set('transitionMonthsWanted', v)}
            />
          </>
        )}
      </WishesSection>
      <WishesSection
        id="what"
        title={t('wishes.what')}
        keys={[
          'practiceForms',
          'roles',
          'setting',
          'dispensingOk',
          'wantsTrainingPractice',
          'anwHoursPerMonthMax',
        ]}
        {...common}
      >
        {(d, set, error) => (
          <>
            <Choices
              name="practiceForms"
              legend={t('wishes.forms')}
              options={options(t, 'practiceForm', PRACTICE_FORMS)}
              value={d.practiceForms}
              onChange={(v) => set('practiceForms', v)}
              error={error}
            />
            <Choices
              name="roles"
              legend={t('wishes.roles')}
              options={options(t, 'successorRole', SUCCESSOR_ROLES)}
              value={d.roles}
              onChange={(v) => set('roles', v)}
              error={error}
            />
            <SelectField
              name="setting"
              label={t('wishes.setting')}
              error={error}
              value={d.setting}
              options={options(t, 'setting', SETTINGS)}
              onChange={(v) => set('setting', v)}
            />
            <Toggle
              name="dispensingOk"
              label={t('wishes.dispensing')}
              checked={d.dispensingOk}
              onChange={(v) => set('dispensingOk', v)}
            />
            <Toggle
              name="wantsTrainingPractice"
              label={t('wishes.training')}
              checked={d.wantsTrainingPractice}
              onChange={(v) => set('wantsTrainingPractice', v)}
            />
            <NumberField
              name="anwHoursPerMonthMax"
              label={t('wishes.anw')}
              hint={t('wishes.anwHint')}
              error={error}
              min={0}
              max={200}
              value={d.anwHoursPerMonthMax}
              // An empty box means no limit.
              onChange={(v) => set('anwHoursPerMonthMax', Number.isNaN(v) ? null : v)}
            />
          </>
        )}
      </WishesSection>
      <WishesSection
        id="about"
        title={t('wishes.about')}
        keys={[
          'careerStage',
          'trainingRegionId',
          'partnerNeedsWork',
          'lookingForDuoPartner',
          'about',
          'active',
        ]}
        {...common}
      >
        {(d, set, error) => (
          <>
            <SelectField
              name="careerStage"
              label={t('wishes.careerStage')}
              error={error}
              value={d.careerStage}
              options={options(t, 'careerStage', CAREER_STAGES)}
              onChange={(v) => set('careerStage', v)}
            />
            <SelectField
              name="trainingRegionId"
              label={t('wishes.trainingRegion')}
              error={error}
              value={d.trainingRegionId ?? ''}
              options={regionOptions}
              none={t('wishes.none')}
              onChange={(v) => set('trainingRegionId', v || null)}
            />
            <Toggle
              name="partnerNeedsWork"
              label={t('wishes.partner')}
              checked={d.partnerNeedsWork}
              onChange={(v) => set('partnerNeedsWork', v)}
            />
            <Toggle
              name="lookingForDuoPartner"
              label={t('wishes.duo')}
              checked={d.lookingForDuoPartner}
              onChange={(v) => set('lookingForDuoPartner', v)}
            />
            <TextAreaField
              name="about"
              label={t('wishes.aboutText')}
              hint={t('wishes.aboutHint')}
              error={error}
              rows={5}
              maxLength={2000}
              value={d.about}
              onChange={(v) => set('about', v)}
            />
            <Toggle
              name="active"
              label={t('wishes.active')}
              checked={d.active}
              onChange={(v) => set('active', v)}
            />
          </>
        )}
      </WishesSection>
      <WishesSection id="alerts" title={t('wishes.alerts')} keys={['alerts']} {...common}>
        {(d, set, error) => (
          <>
            <Toggle
              name="alerts.enabled"
              label={t('wishes.alertsOn')}
              checked={d.alerts.enabled}
              onChange={(v) => set('alerts', { ...d.alerts, enabled: v })}
            />
            <NumberField
              name="alerts.minScore"
              label={t('wishes.alertsMin')}
              hint={t('wishes.alertsHint')}
              error={error}
              min={0}
              max={100}
              value={d.alerts.minScore}
              onChange={(v) => set('alerts', { ...d.alerts, minScore: v })}
            />
          </>
        )}
      </WishesSection>
      <p>
        <Link to="/starter">{t('wishes.back')}</Link>
      </p>
    </>
  );
}

export function WishesPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('wishes.title')}>{t('wishes.title')}</PageTitle>
      <RequireRole roles={['starter']}>{(me) => <Wishes verified={me.emailVerified} />}</RequireRole>
    </>
  );
}
