import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Choices, Field, Toggle } from '../../components/ui/field';
import { ErrorState, FormError, Loading, PageTitle, Saved } from '../../components/ui/states';
import { VacancyCard, type Vacancy } from '../../components/vacancy/vacancy-card';
import { RequireRole } from '../../lib/auth/require-role';
import { useUnsavedChanges, UnsavedDialog } from '../../lib/forms/unsaved';
import { BUILDINGS, PRACTICE_FORMS, SUCCESSOR_ROLES, enumLabel, options } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import {
  usePlaceName,
  usePractice,
  usePracticeAction,
  useSavePractice,
  type Practice,
  type PracticeBody,
} from './api/practices';

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

const num = (v: string): number => (v === '' ? Number.NaN : Number(v));

function PracticeForm({ saved }: { saved: Practice | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const initial = saved ? toBody(saved) : EMPTY;
  const [draft, setDraft] = useState<PracticeBody>(initial);
  const save = useSavePractice(saved?.id);
  const action = usePracticeAction(saved?.id ?? '');
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
          <Field name="name" label={t('practice.name')} error={error}>
            {(p) => <input {...p} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Toggle
            name="showNamePublicly"
            label={t('practice.showName')}
            checked={draft.showNamePublicly}
            onChange={(v) => set('showNamePublicly', v)}
          />
          <Field
            name="postcode"
            label={t('practice.postcode')}
            hint={
              place.data
                ? t('wishes.postcodePlace', { place: place.data.place, province: place.data.province })
                : t('wishes.postcodeHint')
            }
            error={error}
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                maxLength={4}
                value={draft.postcode}
                onChange={(e) => set('postcode', e.target.value.trim())}
              />
            )}
          </Field>
          <Field name="address" label={t('practice.address')} hint={t('practice.addressHint')} error={error}>
            {(p) => (
              <input
                {...p}
                value={draft.address ?? ''}
                onChange={(e) => set('address', e.target.value)}
                autoComplete="street-address"
              />
            )}
          </Field>
          <Field name="practiceForm" label={t('board.form')} error={error}>
            {(p) => (
              <select
                {...p}
                value={draft.practiceForm}
                onChange={(e) => set('practiceForm', e.target.value as PracticeBody['practiceForm'])}
              >
                {options(t, 'practiceForm', PRACTICE_FORMS).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="listSize" label={t('practice.listSize')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={20000}
                value={draft.listSize}
                onChange={(e) => set('listSize', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="gpCount" label={t('practice.gpCount')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={30}
                value={draft.gpCount}
                onChange={(e) => set('gpCount', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="setting" label={t('wishes.setting')} error={error}>
            {(p) => (
              <select
                {...p}
                value={draft.setting}
                onChange={(e) => set('setting', e.target.value as PracticeBody['setting'])}
              >
                <option value="urban">{enumLabel(t, 'setting', 'urban')}</option>
                <option value="rural">{enumLabel(t, 'setting', 'rural')}</option>
              </select>
            )}
          </Field>
          <Field name="building" label={t('practice.building')} error={error}>
            {(p) => (
              <select
                {...p}
                value={draft.building}
                onChange={(e) => set('building', e.target.value as PracticeBody['building'])}
              >
                {options(t, 'building', BUILDINGS).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="his" label={t('practice.his')} error={error}>
            {(p) => <input {...p} value={draft.his ?? ''} onChange={(e) => set('his', e.target.value)} />}
          </Field>
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
          <Field name="handoverFrom" label={t('practice.handoverFrom')} error={error}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={draft.handoverFrom}
                onChange={(e) => set('handoverFrom', e.target.value)}
              />
            )}
          </Field>
          <Field name="handoverTo" label={t('practice.handoverTo')} error={error}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={draft.handoverTo}
                onChange={(e) => set('handoverTo', e.target.value)}
              />
            )}
          </Field>
          <Field name="transitionMonthsOffered" label={t('practice.transition')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={24}
                value={draft.transitionMonthsOffered}
                onChange={(e) => set('transitionMonthsOffered', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="daysPerWeekNeeded" label={t('practice.days')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={0.5}
                min={0.5}
                max={10}
                value={draft.daysPerWeekNeeded}
                onChange={(e) => set('daysPerWeekNeeded', num(e.target.value))}
              />
            )}
          </Field>
        </fieldset>
        <fieldset className="card section">
          <legend>{t('practice.sectionWork')}</legend>
          <Field name="staff.pohSomaticFte" label={t('practice.pohS')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={0.1}
                min={0}
                max={20}
                value={draft.staff.pohSomaticFte}
                onChange={(e) => staff('pohSomaticFte', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="staff.pohMentalHealthFte" label={t('practice.pohGgz')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={0.1}
                min={0}
                max={20}
                value={draft.staff.pohMentalHealthFte}
                onChange={(e) => staff('pohMentalHealthFte', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="staff.assistantsFte" label={t('practice.assistants')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={0.1}
                min={0}
                max={20}
                value={draft.staff.assistantsFte}
                onChange={(e) => staff('assistantsFte', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="staff.paOrNpFte" label={t('practice.paNp')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={0.1}
                min={0}
                max={20}
                value={draft.staff.paOrNpFte}
                onChange={(e) => staff('paOrNpFte', num(e.target.value))}
              />
            )}
          </Field>
          <Field name="anwHoursPerMonth" label={t('practice.anw')} error={error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={200}
                value={draft.anwHoursPerMonth}
                onChange={(e) => set('anwHoursPerMonth', num(e.target.value))}
              />
            )}
          </Field>
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
          <Field
            name="description"
            label={t('practice.description')}
            hint={t('practice.descriptionHint')}
            error={error}
          >
            {(p) => (
              <textarea
                {...p}
                rows={6}
                maxLength={4000}
                value={draft.description}
                onChange={(e) => set('description', e.target.value)}
              />
            )}
          </Field>
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
            <p className="actions">
              {saved.status === 'draft' || saved.status === 'withdrawn' ? (
                <button
                  type="button"
                  className="button"
                  disabled={action.isPending || dirty}
                  onClick={() => action.mutate('publish')}
                >
                  {t('stopper.publish')}
                </button>
              ) : null}
              {saved.status === 'published' ? (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={action.isPending}
                  onClick={() => action.mutate('withdraw')}
                >
                  {t('stopper.withdraw')}
                </button>
              ) : null}
              {saved.status === 'draft' ? (
                <button
                  type="button"
                  className="button button--danger"
                  disabled={action.isPending}
                  onClick={() => action.mutate('delete', { onSuccess: () => void navigate('/stopper') })}
                >
                  {t('stopper.deleteDraft')}
                </button>
              ) : null}
            </p>
            {saved.status === 'published' ? (
              <p>
                <Link to={`/vacancies/${saved.id}`}>{t('practice.onBoard')}</Link>
              </p>
            ) : null}
            <FormError error={action.error} />
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
