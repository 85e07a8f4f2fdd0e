import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Field, Toggle } from '../../components/ui/field';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel, options, PRACTICE_FORMS } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import {
  useCorrectPractice,
  usePracticeRecord,
  type PracticeCorrection,
  type RegionPractice,
} from './api/records';
import { CoordinatorNav } from './coordinator-nav';
import { Candidates, FactList } from './records-ui';

/**
 * The facts a coordinator corrects. The holder's own choices (showing the name publicly, the roles
 * sought, the staff, the building) stay theirs; the API would take them, the page does not offer them.
 */
interface Draft {
  name: string;
  postcode: string;
  address: string;
  listSize: string;
  practiceForm: RegionPractice['practiceForm'];
  gpCount: string;
  daysPerWeekNeeded: string;
  setting: RegionPractice['setting'];
  handoverFrom: string;
  handoverTo: string;
  transitionMonthsOffered: string;
  anwHoursPerMonth: string;
  dispensing: boolean;
  isTrainingPractice: boolean;
  his: string;
  description: string;
}

const NUMBERS = [
  'listSize',
  'gpCount',
  'daysPerWeekNeeded',
  'transitionMonthsOffered',
  'anwHoursPerMonth',
] as const;

function draftOf(p: RegionPractice): Draft {
  return {
    name: p.name,
    postcode: p.postcode,
    address: p.address ?? '',
    listSize: String(p.listSize),
    practiceForm: p.practiceForm,
    gpCount: String(p.gpCount),
    daysPerWeekNeeded: String(p.daysPerWeekNeeded),
    setting: p.setting,
    handoverFrom: p.handoverFrom,
    handoverTo: p.handoverTo,
    transitionMonthsOffered: String(p.transitionMonthsOffered),
    anwHoursPerMonth: String(p.anwHoursPerMonth),
    dispensing: p.dispensing,
    isTrainingPractice: p.isTrainingPractice,
    his: p.his ?? '',
    description: p.description,
  };
}

/** Only what changed, in the API types: an emptied address or HIS is cleared, an emptied number sent as null for the API to name. */
function correctionOf(before: Draft, after: Draft): PracticeCorrection {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof Draft>) {
    if (after[key] === before[key]) continue;
    const value = after[key];
    if ((NUMBERS as readonly string[]).includes(key)) {
      const text = String(value).trim().replace(',', '.');
      body[key] = text === '' ? null : Number(text);
    } else if (key === 'address' || key === 'his') body[key] = String(value).trim() || null;
    else body[key] = value;
  }
  return body;
}

function Correction({ practice }: { practice: RegionPractice }) {
  const { t } = useI18n();
  const saved = draftOf(practice);
  const [draft, setDraft] = useState<Draft>(saved);
  const [done, setDone] = useState(false);
  const correct = useCorrectPractice(practice.id);
  const body = correctionOf(saved, draft);
  const changed = Object.keys(body).length > 0;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDone(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const error = correct.error;
  const text = (key: keyof Draft, label: string, extra: Record<string, unknown> = {}) => (
    <Field name={key} label={label} error={error}>
      {(c) => (
        <input {...c} {...extra} value={String(draft[key])} onChange={(e) => set(key, e.target.value)} />
      )}
    </Field>
  );
  const numeric = (key: (typeof NUMBERS)[number], label: string) =>
    text(key, label, { inputMode: key === 'daysPerWeekNeeded' ? 'decimal' : 'numeric' });
  return (
    <section className="card" aria-labelledby="correct">
      <h2 id="correct">{t('coord.records.correct')}</h2>
      <p className="muted">{t('coord.records.correctLead')}</p>
      <form
        className="form correction"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!changed) return;
          correct.mutate(body, {
            // The saved record is the new starting point; on an error the draft stays as typed.
            onSuccess: (p) => {
              setDraft(draftOf(p));
              setDone(true);
            },
          });
        }}
      >
        {text('name', t('practice.name'), { maxLength: 200 })}
        {text('postcode', t('practice.postcode'), { inputMode: 'numeric', maxLength: 4 })}
        {text('address', t('practice.address'), { maxLength: 300 })}
        {numeric('listSize', t('practice.listSize'))}
        <Field name="practiceForm" label={t('board.form')} error={error}>
          {(c) => (
            <select
              {...c}
              value={draft.practiceForm}
              onChange={(e) => set('practiceForm', e.target.value as Draft['practiceForm'])}
            >
              {options(t, 'practiceForm', PRACTICE_FORMS).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {numeric('gpCount', t('practice.gpCount'))}
        {numeric('daysPerWeekNeeded', t('practice.days'))}
        <Field name="setting" label={t('wishes.setting')} error={error}>
          {(c) => (
            <select
              {...c}
              value={draft.setting}
              onChange={(e) => set('setting', e.target.value as Draft['setting'])}
            >
              {(['urban', 'rural'] as const).map((s) => (
                <option key={s} value={s}>
                  {enumLabel(t, 'setting', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('handoverFrom', t('practice.handoverFrom'), { type: 'date' })}
        {text('handoverTo', t('practice.handoverTo'), { type: 'date' })}
        {numeric('transitionMonthsOffered', t('practice.transition'))}
        {numeric('anwHoursPerMonth', t('practice.anw'))}
        {text('his', t('practice.his'), { maxLength: 100 })}
        <div className="span-all">
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
          <Field name="description" label={t('practice.description')} error={error}>
            {(c) => (
              <textarea
                {...c}
                rows={5}
                maxLength={4000}
                value={draft.description}
                onChange={(e) => set('description', e.target.value)}
              />
            )}
          </Field>
        </div>
        <p className="actions span-all">
          <button type="submit" className="button" disabled={!changed || correct.isPending}>
            {t('coord.records.saveCorrection')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={!changed || correct.isPending}
            onClick={() => {
              correct.reset();
              setDraft(saved);
            }}
          >
            {t('coord.records.undo')}
          </button>
        </p>
        <p role="status" className="span-all" data-testid="correction-status">
          {done ? t('coord.records.corrected') : ''}
        </p>
        <div className="span-all">
          <FormError error={error} />
        </div>
      </form>
    </section>
  );
}

function Facts({ p }: { p: RegionPractice }) {
  const { t, number, date } = useI18n();
  const yes = (v: boolean) => (v ? t('coord.records.yes') : t('coord.records.no'));
  const holder: Array<[string, string]> = p.ownerName
    ? [
        [t('coord.fact.owner'), `${p.ownerName} (${p.ownerEmail ?? ''})`],
        [t('coord.fact.phone'), p.ownerPhone ?? '–'],
      ]
    : [];
  const rows: Array<[string, string]> = [
    [t('coord.fact.status'), enumLabel(t, 'status', p.status)],
    ...holder,
    [
      t('coord.fact.place'),
      `${p.place} (${p.postcode})${p.krimp ? ` · ${t('coord.records.krimp.true')}` : ''}`,
    ],
    [t('practice.address'), p.address ?? '–'],
    [t('coord.fact.listSize'), number(p.listSize)],
    [t('coord.fact.form'), enumLabel(t, 'practiceForm', p.practiceForm)],
    [t('practice.gpCount'), number(p.gpCount)],
    [t('coord.fact.days'), number(p.daysPerWeekNeeded, 1)],
    [t('wishes.setting'), enumLabel(t, 'setting', p.setting)],
    [t('coord.fact.roles'), p.successorRoles.map((r) => enumLabel(t, 'successorRole', r)).join(', ')],
    [
      t('coord.fact.handover'),
      t('coord.fact.handoverRange', { from: date(p.handoverFrom), to: date(p.handoverTo) }),
    ],
    [t('practice.transition'), number(p.transitionMonthsOffered)],
    [t('practice.anw'), number(p.anwHoursPerMonth)],
    [t('practice.dispensing'), yes(p.dispensing)],
    [t('practice.training'), yes(p.isTrainingPractice)],
    [
      t('coord.records.staff'),
      t('coord.records.staffLine', {
        s: number(p.staff.pohSomaticFte, 1),
        g: number(p.staff.pohMentalHealthFte, 1),
        a: number(p.staff.assistantsFte, 1),
        n: number(p.staff.paOrNpFte, 1),
      }),
    ],
    [t('practice.building'), enumLabel(t, 'building', p.building)],
    [t('practice.his'), p.his ?? '–'],
    [t('coord.records.namePublic'), yes(p.showNamePublicly)],
  ];
  return (
    <section className="card" aria-labelledby="facts">
      <h2 id="facts">{t('coord.records.record')}</h2>
      <FactList rows={rows} testId="practice-facts" />
      {p.description ? <p>{p.description}</p> : null}
    </section>
  );
}

function PracticeRecord({ id, canCorrect }: { id: string; canCorrect: boolean }) {
  const { t } = useI18n();
  const practice = usePracticeRecord(id);
  if (practice.isPending) return <Loading />;
  if (practice.isError)
    return (
      <>
        <PageTitle title={t('coord.records.practiceTitle')}>{t('coord.records.practiceTitle')}</PageTitle>
        <ErrorState error={practice.error} retry={() => void practice.refetch()} />
      </>
    );
  const p = practice.data;
  return (
    <>
      <PageTitle title={p.name}>{p.name}</PageTitle>
      <CoordinatorNav regionId={p.regionId} />
      <p>
        <Link to={`/coordinator/regions/${p.regionId}/practices`}>{t('coord.records.backToPractices')}</Link>
      </p>
      <Facts p={p} />
      <Candidates of={{ practiceId: p.id }} />
      {/* Admins read practices; correcting them is the region's coordinators' work (the API's rule). */}
      {canCorrect ? <Correction practice={p} /> : null}
    </>
  );
}

export function PracticeRecordPage() {
  const { id = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {(me) => <PracticeRecord id={id} canCorrect={me.role === 'coordinator'} />}
    </RequireRole>
  );
}
