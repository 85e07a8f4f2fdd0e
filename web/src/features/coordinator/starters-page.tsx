import { Link, useParams } from 'react-router';
import { PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { CAREER_STAGES, enumLabel, PRACTICE_FORMS } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { RECORDS_PAGE_SIZE, useRegionStarters, type StarterListQuery } from './api/records';
import { CoordinatorNav } from './coordinator-nav';
import { FilterSelect, ListResult, oneOf, SearchBox, useUrlFilters } from './records-ui';

const BOOLS = ['true', 'false'] as const;

/** The region's starters (living there or preferring it): searched, filtered, 20 a page; all in the URL. */
function StarterList({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const f = useUrlFilters();
  const query: StarterListQuery = {
    regionId,
    q: f.get('q')?.trim() || undefined,
    active: oneOf(f.get('active'), BOOLS),
    practiceForm: oneOf(f.get('practiceForm'), PRACTICE_FORMS),
    careerStage: oneOf(f.get('careerStage'), CAREER_STAGES),
    lookingForDuoPartner: oneOf(f.get('lookingForDuoPartner'), BOOLS),
    page: f.page,
    pageSize: RECORDS_PAGE_SIZE,
  };
  const list = useRegionStarters(query);
  const yesNo = (name: keyof StarterListQuery, label: string, any: string, yes: string, no: string) => (
    <FilterSelect
      name={name}
      label={label}
      value={query[name] as string | undefined}
      options={[
        ['', any],
        ['true', yes],
        ['false', no],
      ]}
      onChange={(v) => f.set(name, v)}
    />
  );
  return (
    <>
      <SearchBox
        key={query.q ?? ''}
        label={t('coord.records.searchStarters')}
        value={query.q ?? ''}
        onSearch={(q) => f.set('q', q)}
      />
      <form
        className="queue-filters"
        aria-label={t('coord.queue.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        {yesNo(
          'active',
          t('coord.records.active'),
          t('coord.records.active.any'),
          t('coord.records.active.true'),
          t('coord.records.active.false'),
        )}
        <FilterSelect
          name="practiceForm"
          label={t('coord.records.wantsForm')}
          value={query.practiceForm}
          options={[
            ['', t('coord.records.anyForm')],
            ...PRACTICE_FORMS.map((s): [string, string] => [s, enumLabel(t, 'practiceForm', s)]),
          ]}
          onChange={(v) => f.set('practiceForm', v)}
        />
        <FilterSelect
          name="careerStage"
          label={t('coord.records.careerStage')}
          value={query.careerStage}
          options={[
            ['', t('coord.records.anyStage')],
            ...CAREER_STAGES.map((s): [string, string] => [s, enumLabel(t, 'careerStage', s)]),
          ]}
          onChange={(v) => f.set('careerStage', v)}
        />
        {yesNo(
          'lookingForDuoPartner',
          t('coord.records.duo'),
          t('coord.records.duo.any'),
          t('coord.records.duo.true'),
          t('coord.records.duo.false'),
        )}
      </form>
      <ListResult list={list} empty={t('coord.records.noStarters')} page={f.page} onPage={f.setPage}>
        {(items) => (
          <table className="table" data-testid="starters">
            <caption className="visually-hidden">{t('coord.records.startersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coord.queue.starter')}</th>
                <th scope="col">{t('coord.fact.home')}</th>
                <th scope="col">{t('coord.records.careerStage')}</th>
                <th scope="col">{t('coord.fact.forms')}</th>
                <th scope="col">{t('coord.records.active')}</th>
                <th scope="col">{t('coord.plan.candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-testid="starter-row">
                  <th scope="row">
                    <Link to={`/coordinator/starters/${s.id}`}>{s.displayName}</Link>
                  </th>
                  <td data-label={t('coord.fact.home')}>
                    {s.homePlace} ({s.homePostcode})
                  </td>
                  <td data-label={t('coord.records.careerStage')}>
                    {enumLabel(t, 'careerStage', s.careerStage)}
                  </td>
                  <td data-label={t('coord.fact.forms')}>
                    {s.practiceForms.map((x) => enumLabel(t, 'practiceForm', x)).join(', ')}
                  </td>
                  <td data-label={t('coord.records.active')}>
                    {s.active ? t('coord.records.active.true') : t('coord.records.active.false')}
                  </td>
                  <td data-label={t('coord.plan.candidates')}>{s.candidates}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListResult>
    </>
  );
}

export function StartersPage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    // The API lists starters to the coordinators of their regions only, so admins are not sent here.
    <RequireRole roles={['coordinator']}>
      {() => (
        <>
          <PageTitle title={t('coord.records.startersTitle')}>{t('coord.records.startersTitle')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <p className="lead">{t('coord.records.startersLead')}</p>
          <StarterList regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
