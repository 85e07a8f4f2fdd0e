import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { api, data } from '../../lib/api/client';
import { ApiError } from '../../lib/api/errors';
import { RequireRole } from '../../lib/auth/require-role';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import {
  useRegionPractices,
  useRegionStarters,
  type RegionPractice,
  type RegionStarter,
} from './api/records';
import { CoordinatorNav } from './coordinator-nav';

/** The hard constraints of matching (DESIGN.md "Matching"), each with its message. */
const CONSTRAINTS = ['place', 'time', 'role', 'form', 'dispensing', 'active'];

/** What is typed, once it has rested for a moment (one search a pause, not one a keystroke). */
function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The chosen one first when a later search no longer finds it, so the select keeps showing it. */
function withChosen<T extends { id: string }>(items: T[], chosen: T | undefined): T[] {
  return chosen && !items.some((i) => i.id === chosen.id) ? [chosen, ...items] : items;
}

/**
 * Propose a pair by hand: the region's active starters and published practices, searched by the API
 * (`q`: name, place or postcode) as the coordinator types, the first 100 found in each select.
 */
function ProposeForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [starterQ, setStarterQ] = useState('');
  const [practiceQ, setPracticeQ] = useState('');
  const [starter, setStarter] = useState<RegionStarter | undefined>();
  const [practice, setPractice] = useState<RegionPractice | undefined>();
  const starterProfileId = starter?.id ?? '';
  const practiceId = practice?.id ?? '';
  const [note, setNote] = useState('');
  // The constraints the chosen pair failed (a 422), kept while the note is asked for.
  const [failed, setFailed] = useState<Array<{ field: string; message: string }>>([]);
  const starterSearch = useSettled(starterQ.trim());
  const practiceSearch = useSettled(practiceQ.trim());
  const starters = useRegionStarters({
    regionId,
    active: 'true',
    q: starterSearch || undefined,
    pageSize: 100,
  });
  const practices = useRegionPractices({
    regionId,
    status: 'published',
    q: practiceSearch || undefined,
    pageSize: 100,
  });
  const propose = useMutation({
    mutationFn: (override: boolean) =>
      data(
        api.POST('/api/matches', {
          body: override
            ? { starterProfileId, practiceId, override, note }
            : { starterProfileId, practiceId },
        }),
      ),
    onSuccess: (m) => void navigate(`/coordinator/matches/${m.id}`),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 422) setFailed(e.body.details);
    },
  });
  if (starters.isPending || practices.isPending) return <Loading />;
  if (starters.isError) return <ErrorState error={starters.error} />;
  if (practices.isError) return <ErrorState error={practices.error} />;
  const err = propose.error instanceof ApiError ? propose.error : null;
  const live = err?.status === 409 ? err.body.details.find((d) => d.field === 'matchId')?.message : undefined;
  return (
    <form
      className="form narrow"
      onSubmit={(e) => {
        e.preventDefault();
        propose.mutate(failed.length > 0);
      }}
    >
      <Field name="starterSearch" label={t('propose.searchStarter')} error={null}>
        {(c) => <input {...c} type="search" value={starterQ} onChange={(e) => setStarterQ(e.target.value)} />}
      </Field>
      <Field name="starterProfileId" label={t('propose.starter')} error={propose.error}>
        {(c) => (
          <select
            {...c}
            value={starterProfileId}
            onChange={(e) => {
              setStarter(withChosen(starters.data.items, starter).find((x) => x.id === e.target.value));
              setFailed([]);
            }}
          >
            <option value="">{t('propose.choose')}</option>
            {withChosen(starters.data.items, starter).map((s) => (
              <option
                key={s.id}
                value={s.id}
              >{`${s.displayName}, ${s.homePlace} (${s.homePostcode})`}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name="practiceSearch" label={t('propose.searchPractice')} error={null}>
        {(c) => (
          <input {...c} type="search" value={practiceQ} onChange={(e) => setPracticeQ(e.target.value)} />
        )}
      </Field>
      <Field name="practiceId" label={t('propose.practice')} error={propose.error}>
        {(c) => (
          <select
            {...c}
            value={practiceId}
            onChange={(e) => {
              setPractice(withChosen(practices.data.items, practice).find((x) => x.id === e.target.value));
              setFailed([]);
            }}
          >
            <option value="">{t('propose.choose')}</option>
            {withChosen(practices.data.items, practice).map((p) => (
              <option key={p.id} value={p.id}>{`${p.name}, ${p.place} (${p.postcode})`}</option>
            ))}
          </select>
        )}
      </Field>
      {failed.length > 0 ? (
        <div className="callout callout--warning" role="alert" data-testid="failed-constraints">
          <p>{t('propose.failed')}</p>
          <ul>
            {failed.map((d) => (
              <li key={d.field}>
                {CONSTRAINTS.includes(d.field) ? t(`propose.constraint.${d.field}` as MessageKey) : d.message}
              </li>
            ))}
          </ul>
          <Field name="note" label={t('propose.overrideNote')} error={propose.error}>
            {(c) => <textarea {...c} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      {live ? (
        <p className="callout" role="alert">
          {t('propose.live')} <Link to={`/coordinator/matches/${live}`}>{t('propose.toLive')}</Link>
        </p>
      ) : (
        <FormError error={err && err.status !== 422 ? propose.error : null} />
      )}
      <button type="submit" className="button" disabled={propose.isPending}>
        {failed.length > 0 ? t('propose.override') : t('propose.submit')}
      </button>
    </form>
  );
}

export function ProposePage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {() => (
        <>
          <PageTitle title={t('propose.title')}>{t('propose.title')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <ProposeForm regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
