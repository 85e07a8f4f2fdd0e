import './admin.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { Empty, ErrorState, FormError, Loading, PageTitle, Saved } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { UnsavedDialog, useUnsavedChanges } from '../../lib/forms/unsaved';
import { useI18n } from '../../lib/i18n/i18n';
import { AdminNav } from './admin-nav';
import { useRegions } from './api/admin';
import {
  useAdminRegion,
  useKrimpRanges,
  useReplaceKrimpRanges,
  useUpdateRegion,
  type AdminRegion,
  type KrimpRange,
} from './api/regions';
import { newRange, Pc4RangesEditor, pc4Value, type RangeDraft } from './pc4-ranges-editor';

const sameRanges = (a: RangeDraft[], b: RangeDraft[]): boolean =>
  a.length === b.length &&
  a.every((r, i) => r.from === b[i].from && r.to === b[i].to && r.label === b[i].label);

function RegionList() {
  const { t } = useI18n();
  const regions = useRegions();
  return (
    <section aria-labelledby="region-list" className="section">
      <h2 id="region-list">{t('regions.list')}</h2>
      {regions.isPending ? (
        <Loading />
      ) : regions.isError ? (
        <ErrorState error={regions.error} retry={() => void regions.refetch()} />
      ) : regions.data.length === 0 ? (
        <Empty>{t('regions.none')}</Empty>
      ) : (
        <table className="table" data-testid="regions">
          <thead>
            <tr>
              <th scope="col">{t('regions.name')}</th>
              <th scope="col">{t('regions.code')}</th>
              <th scope="col">{t('regions.description')}</th>
            </tr>
          </thead>
          <tbody>
            {regions.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/admin/regions/${r.id}`}>{r.name}</Link>
                </th>
                <td data-label={t('regions.code')}>{r.code}</td>
                <td data-label={t('regions.description')}>{r.description || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function KrimpForm({ initial }: { initial: KrimpRange[] }) {
  const { t } = useI18n();
  const fromApi = (list: KrimpRange[]) => list.map((k) => newRange(String(k.from), String(k.to), k.label));
  const [saved, setSaved] = useState(() => fromApi(initial));
  const [ranges, setRanges] = useState(saved);
  const replace = useReplaceKrimpRanges();
  const dirty = !sameRanges(ranges, saved);
  const blocker = useUnsavedChanges(dirty);
  return (
    <form
      noValidate
      aria-labelledby="krimp"
      onSubmit={(e) => {
        e.preventDefault();
        const body = ranges.map((r) => ({
          label: r.label ?? '',
          from: pc4Value(r.from),
          to: pc4Value(r.to),
        }));
        // On an error the drafts stay as typed; on success the page shows what the API stored.
        replace.mutate(body, {
          onSuccess: (stored) => {
            const next = fromApi(stored);
            setSaved(next);
            setRanges(next);
          },
        });
      }}
    >
      <UnsavedDialog blocker={blocker} />
      {ranges.length === 0 ? <Empty>{t('regions.noKrimp')}</Empty> : null}
      <Pc4RangesEditor
        ranges={ranges}
        onChange={(next) => {
          replace.reset();
          setRanges(next);
        }}
        field={(i) => String(i)}
        error={replace.error}
        withLabel
      />
      <FormError error={replace.error} />
      <p className="actions">
        <button type="submit" className="button" disabled={replace.isPending}>
          {t('regions.saveKrimp')}
        </button>
        <Saved show={replace.isSuccess} />
      </p>
    </form>
  );
}

function Krimp() {
  const { t } = useI18n();
  const krimp = useKrimpRanges();
  return (
    <section aria-labelledby="krimp" className="section">
      <h2 id="krimp">{t('regions.krimp')}</h2>
      <p className="muted">{t('regions.krimpIntro')}</p>
      {krimp.isPending ? (
        <Loading />
      ) : krimp.isError ? (
        <ErrorState error={krimp.error} retry={() => void krimp.refetch()} />
      ) : (
        <KrimpForm initial={krimp.data} />
      )}
    </section>
  );
}

/** /admin/regions: every region (each links to its edit page) and the krimp ranges. */
export function AdminRegionsPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['admin']}>
      {() => (
        <>
          <AdminNav />
          <PageTitle title={t('regions.title')}>{t('regions.title')}</PageTitle>
          <RegionList />
          <Krimp />
        </>
      )}
    </RequireRole>
  );
}

interface RegionDraft {
  name: string;
  description: string;
  promotion: string;
  ranges: RangeDraft[];
}

const draftOf = (r: AdminRegion): RegionDraft => ({
  name: r.name,
  description: r.description,
  promotion: r.promotion,
  ranges: r.pc4Ranges.map((p) => newRange(String(p.from), String(p.to))),
});

function RegionForm({ region }: { region: AdminRegion }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(() => draftOf(region));
  const [draft, setDraft] = useState(saved);
  const update = useUpdateRegion(region.id);
  const dirty =
    draft.name !== saved.name ||
    draft.description !== saved.description ||
    draft.promotion !== saved.promotion ||
    !sameRanges(draft.ranges, saved.ranges);
  const blocker = useUnsavedChanges(dirty);
  const change = (next: Partial<RegionDraft>) => {
    update.reset();
    setDraft({ ...draft, ...next });
  };
  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          {
            name: draft.name,
            description: draft.description,
            promotion: draft.promotion,
            pc4Ranges: draft.ranges.map((r) => ({ from: pc4Value(r.from), to: pc4Value(r.to) })),
          },
          {
            // On an error the draft stays exactly as typed, with the API's message at each field.
            onSuccess: (stored) => {
              const next = draftOf(stored);
              setSaved(next);
              setDraft(next);
            },
          },
        );
      }}
    >
      <UnsavedDialog blocker={blocker} />
      <p className="muted">{t('regions.codeIs', { code: region.code })}</p>
      <Field name="name" label={t('regions.name')} error={update.error}>
        {(c) => <input {...c} value={draft.name} onChange={(e) => change({ name: e.target.value })} />}
      </Field>
      <Field
        name="description"
        label={t('regions.description')}
        hint={t('regions.descriptionHint')}
        error={update.error}
      >
        {(c) => (
          <textarea
            {...c}
            rows={2}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value })}
          />
        )}
      </Field>
      <Field
        name="promotion"
        label={t('regions.promotion')}
        hint={t('regions.promotionHint')}
        error={update.error}
      >
        {(c) => (
          <textarea
            {...c}
            rows={6}
            value={draft.promotion}
            onChange={(e) => change({ promotion: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="section">
        <legend>{t('regions.ranges')}</legend>
        <p className="field__hint">{t('regions.rangesHint')}</p>
        <Pc4RangesEditor
          ranges={draft.ranges}
          onChange={(ranges) => change({ ranges })}
          field={(i) => `pc4Ranges.${i}`}
          error={update.error}
          minimum={1}
        />
      </fieldset>
      <FormError error={update.error} />
      <p className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {t('regions.save')}
        </button>
        <Saved show={update.isSuccess} />
      </p>
    </form>
  );
}

function RegionEditor({ id }: { id: string }) {
  const { t } = useI18n();
  const region = useAdminRegion(id);
  if (region.isPending) return <Loading />;
  if (region.isError) return <ErrorState error={region.error} retry={() => void region.refetch()} />;
  return (
    <>
      <PageTitle title={region.data.name}>{t('regions.edit', { name: region.data.name })}</PageTitle>
      <RegionForm key={region.data.id} region={region.data} />
    </>
  );
}

/** /admin/regions/:id: a region's name, texts and PC4 ranges. */
export function AdminRegionPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  return (
    <RequireRole roles={['admin']}>
      {() => (
        <>
          <AdminNav />
          <p>
            <Link to="/admin/regions">{t('regions.back')}</Link>
          </p>
          <RegionEditor id={id} />
        </>
      )}
    </RequireRole>
  );
}
