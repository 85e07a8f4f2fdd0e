import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Choices,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
  Toggle,
} from '../../components/ui/field';
import { ErrorState, FormError, Loading, PageTitle, Saved } from '../../components/ui/states';
import { VacancyCard, type Vacancy } from '../../components/vacancy/vacancy-card';
import { RequireRole } from '../../lib/auth/require-role';
import { useUnsavedChanges, UnsavedDialog } from '../../lib/forms/unsaved';
import {
  BUILDINGS,
  PRACTICE_FORMS,
  PRACTICE_SETTINGS,
  SUCCESSOR_ROLES,
  enumLabel,
  options,
} from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import {
  usePlaceName,
  usePractice,
  useSavePractice,
  type Practice,
  type PracticeBody,
} from './api/practices';
import { PracticeActions } from './practice-actions';

const nextYear = new Date().getUTCFullYear() + 1;
const EMPTY: PracticeBody = {
  name: '',
  showNamePublicly: false,
  postcode: '',
  address: '',
  listSize: 2095,
  practiceForm: 'solo',
  gpCount: 1,
  daysPerWeekNeeded: 5,
  setting: 'urban',
  successorRoles: ['holder'],
  handoverFrom: `${nextYear}-01-01`,
  handoverTo: `${nextYear}-12-31`,
  transitionMonthsOffered: 3,
  dispensing: false,
  isTrainingPractice: false,
  anwHoursPerMonth: 20,
  staff: { pohSomaticFte: 0, pohMentalHealthFte: 0, assistantsFte: 1, paOrNpFte: 0 },
  building: 'rented',
  his: '',
  description: '',
};

function toBody(p: Practice): PracticeBody {
  const {
    id: _id,
    status: _s,
    regionId: _r,
    place: _p,
    krimp: _k,
    publishedAt: _pa,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = p;
  return { ...rest, address: rest.address ?? '', his: rest.his ?? '' };
}

/** The board's list size band, for the preview only; the board itself computes it in the API. */
function band(listSize: number): Vacancy['listSizeBand'] {
  return listSize < 1500 ? '<1500' : listSize < 2500 ? '1500-2500' : listSize < 3500 ? '2500-3500' : '3500+';
}

function PracticeForm({ saved }: { saved: Practice | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const initial = saved ? toBody(saved) : EMPTY;
  const [draft, setDraft] = useState<PracticeBody>(initial);
  const save = useSavePractice(saved?.id);
  const place = usePlaceName(draft.postcode);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const blocker = useUnsavedChanges(dirty && !save.isPending);
  const set = <K extends keyof PracticeBody>(key: K, value: PracticeBody[K]) => {
    save.reset();
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const staff = (key: keyof PracticeBody['staff'], value: number) =>
    set('staff', { ...draft.staff, [key]: value });
  const error = save.error;

  const preview: Vacancy = {
    id: saved?.id ?? 'preview',
    regionId: saved?.regionId ?? '',
    place: place.data?.place ?? saved?.place ?? t('practice.placeUnknown'),
    listSizeBand: band(draft.listSize),
    practiceForm: draft.practiceForm,
    gpCount: draft.gpCount,
    daysPerWeekNeeded: draft.daysPerWeekNeeded,
    staff: draft.staff,
    handoverFrom: draft.handoverFrom,
    handoverTo: draft.handoverTo,
    transitionMonthsOffered: draft.transitionMonthsOffered,
    successorRoles: draft.successorRoles,
    dispensing: draft.dispensing,
    isTrainingPractice: draft.isTrainingPractice,
    setting: draft.setting,
    description: draft.description,
    practiceName: draft.showNamePublicly ? draft.name : null,
  };

  return (
    <div className="with-preview">
      <UnsavedDialog blocker={blocker} />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const body = { ...draft, address: draft.address || undefined, his: draft.his || undefined };
          save.mutate(body, {
            onSuccess: (p) => {
              setDraft(toBody(p));
              if (!saved) void navigate(`/stopper/practices/${p.id}`, { replace: true });
            },
          });
        }}
      >
        <fieldset className="card section">
          <legend>{t('practice.sectionPractice')}</legend>
          <TextField
            name="name"
            label={t('practice.name')}
            error={error}
            value={draft.name}
            onChange={(v) => set('name', v)}
          />
          <Toggle
            name="showNamePublicly"
            label={t('practice.showName')}
            checked={draft.showNamePublicly}
            onChange={(v) => set('showNamePublicly', v)}
          />
          <TextField
            name="postcode"
            label={t('practice.postcode')}
            hint={
              place.data
                ? t('wishes.postcodePlace', { place: place.data.place, province: place.data.province })
                : t('wishes.postcodeHint')
            }
            error={error}
            inputMode="numeric"
            maxLength={4}
            value={draft.postcode}
            onChange={(v) => set('postcode', v.trim())}
          />
          <TextField
            name="address"
            label={t('practice.address')}
            hint={t('practice.addressHint')}
            error={error}
            autoComplete="street-address"
            value={draft.address ?? ''}
            onChange={(v) => set('address', v)}
          />
          <SelectField
            name="practiceForm"
            label={t('board.form')}
            error={error}
            value={draft.practiceForm}
            options={options(t, 'practiceForm', PRACTICE_FORMS)}
            onChange={(v) => set('practiceForm', v)}
          />
          <NumberField
            name="listSize"
            label={t('practice.listSize')}
            error={error}
            min={1}
            max={20000}
            value={draft.listSize}
            onChange={(v) => set('listSize', v)}
          />
          <NumberField
            name="gpCount"
            label={t('practice.gpCount')}
            error={error}
            min={1}
            max={30}
            value={draft.gpCount}
            onChange={(v) => set('gpCount', v)}
          />
          <SelectField
            name="setting"
            label={t('wishes.setting')}
            error={error}
            value={draft.setting}
            options={options(t, 'setting', PRACTICE_SETTINGS)}
            onChange={(v) => set('setting', v)}
          />
          <SelectField
            name="building"
            label={t('practice.building')}
            error={error}
            value={draft.building}
            options={options(t, 'building', BUILDINGS)}
            onChange={(v) => set('building', v)}
          />
          <TextField
            name="his"
            label={t('practice.his')}
            error={error}
            value={draft.his ?? ''}
            onChange={(v) => set('his', v)}
          />
        </fieldset>
        <fieldset className="card section">
          <legend>{t('practice.sectionHandover')}</legend>
          <Choices
            name="successorRoles"
            legend={t('vacancy.roles')}
            options={options(t, 'successorRole', SUCCESSOR_ROLES)}
            value={draft.successorRoles}
            onChange={(v) => set('successorRoles', v)}
            error={error}
          />
          <TextField
            name="handoverFrom"
            label={t('practice.handoverFrom')}
            error={error}
            type="date"
            value={draft.handoverFrom}
            onChange={(v) => set('handoverFrom', v)}
          />
          <TextField
            name="handoverTo"
            label={t('practice.handoverTo')}
            error={error}
            type="date"
            value={draft.handoverTo}
            onChange={(v) => set('handoverTo', v)}
          />
          <NumberField
            name="transitionMonthsOffered"
            label={t('practice.transition')}
            error={error}
            min={0}
            max={24}
            value={draft.transitionMonthsOffered}
            onChange={(v) => set('transitionMonthsOffered', v)}
          />
          <NumberField
            name="daysPerWeekNeeded"
            label={t('practice.days')}
            error={error}
            step={0.5}
            min={0.5}
            max={10}
            value={draft.daysPerWeekNeeded}
            onChange={(v) => set('daysPerWeekNeeded', v)}
          />
        </fieldset>
        <fieldset className="card section">
          <legend>{t('practice.sectionWork')}</legend>
          <NumberField
            name="staff.pohSomaticFte"
            label={t('practice.pohS')}
            error={error}
            step={0.1}
            min={0}
            max={20}
            value={draft.staff.pohSomaticFte}
            onChange={(v) => staff('pohSomaticFte', v)}
          />
          <NumberField
            name="staff.pohMentalHealthFte"
            label={t('practice.pohGgz')}
            error={error}
            step={0.1}
            min={0}
            max={20}
            value={draft.staff.pohMentalHealthFte}
            onChange={(v) => staff('pohMentalHealthFte', v)}
          />
          <NumberField
            name="staff.assistantsFte"
            label={t('practice.assistants')}
            error={error}
            step={0.1}
            min={0}
            max={20}
            value={draft.staff.assistantsFte}
            onChange={(v) => staff('assistantsFte', v)}
          />
          <NumberField
            name="staff.paOrNpFte"
            label={t('practice.paNp')}
            error={error}
            step={0.1}
            min={0}
            max={20}
            value={draft.staff.paOrNpFte}
            onChange={(v) => staff('paOrNpFte', v)}
          />
          <NumberField
            name="anwHoursPerMonth"
            label={t('practice.anw')}
            error={error}
            min={0}
            max={200}
            value={draft.anwHoursPerMonth}
            onChange={(v) => set('anwHoursPerMonth', v)}
          />
          <Toggle
            name="dispensing"
            label={t('practice.dispensing')}
            checked={draft.dispensing}
            onChange={(v) => set('dispensing', v)}
          />
          <Toggle
            name="isTrainingPractice"
            label={t('practice.training')}
            checked={draft.isTrainingPractice}
            onChange={(v) => set('isTrainingPractice', v)}
          />
        </fieldset>
        <fieldset className="card section">
          <legend>{t('practice.sectionDescription')}</legend>
          <TextAreaField
            name="description"
            label={t('practice.description')}
            hint={t('practice.descriptionHint')}
            error={error}
            rows={6}
            maxLength={4000}
            value={draft.description}
            onChange={(v) => set('description', v)}
          />
        </fieldset>
        <FormError error={error} />
        <p className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {saved ? t('form.save') : t('practice.saveDraft')}
          </button>
          <Saved show={save.isSuccess && !dirty} />
        </p>
      </form>
      <aside className="preview" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('practice.preview')}</h2>
        <p className="muted">{t('practice.previewHint')}</p>
        <div data-testid="preview">
          <VacancyCard vacancy={preview} link={false} />
        </div>
        {saved ? (
          <div className="card">
            <p>
              <span className={`badge badge--${saved.status}`}>{enumLabel(t, 'status', saved.status)}</span>
            </p>
            <PracticeActions
              practice={saved}
              publishBlocked={dirty}
              onDeleted={() => void navigate('/stopper')}
            />
            {saved.status === 'published' ? (
              <p>
                <Link to={`/vacancies/${saved.id}`}>{t('practice.onBoard')}</Link>
              </p>
            ) : null}
          </div>
        ) : null}
      </aside>
    </div>
  );
}

function EditPractice({ id }: { id: string }) {
  const practice = usePractice(id);
  if (practice.isPending) return <Loading />;
  if (practice.isError) return <ErrorState error={practice.error} />;
  return <PracticeForm key={`${practice.data.id}-${practice.data.status}`} saved={practice.data} />;
}

export function PracticeFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={id ? t('practice.editTitle') : t('practice.newTitle')}>
        {id ? t('practice.editTitle') : t('practice.newTitle')}
      </PageTitle>
      <p>
        <Link to="/stopper">{t('practice.back')}</Link>
      </p>
      <RequireRole roles={['stopper']}>
        {() => (id ? <EditPractice id={id} /> : <PracticeForm saved={null} />)}
      </RequireRole>
    </>
  );
}
