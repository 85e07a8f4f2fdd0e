import { Link, useParams } from 'react-router';
import { PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel, PRACTICE_FORMS } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { RECORDS_PAGE_SIZE, useRegionPractices, type PracticeListQuery } from './api/records';
import { CoordinatorNav } from './coordinator-nav';
import { FilterSelect, ListResult, oneOf, SearchBox, useUrlFilters } from './records-ui';

const STATUSES = ['draft', 'published', 'in_talks', 'transferred', 'withdrawn'] as const;
const BOOLS = ['true', 'false'] as const;
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 11 }, (_, i) => String(THIS_YEAR + i));

/** The region's practices: searched by name, place or postcode, filtered, 20 a page; all kept in the URL. */
function PracticeList({ regionId }: { regionId: string }) {
  const { t, number, date } = useI18n();
  const f = useUrlFilters();
  const year = oneOf(f.get('handoverYear'), YEARS);
  const query: PracticeListQuery = {
    regionId,
    q: f.get('q')?.trim() || undefined,
    status: oneOf(f.get('status'), STATUSES),
    practiceForm: oneOf(f.get('practiceForm'), PRACTICE_FORMS),
    handoverYear: year ? Number(year) : undefined,
    krimp: oneOf(f.get('krimp'), BOOLS),
    page: f.page,
    pageSize: RECORDS_PAGE_SIZE,
  };
  const list = useRegionPractices(query);
  return (
    <>
      <SearchBox
        key={query.q ?? ''}
        label={t('coord.records.searchPractices')}
        value={query.q ?? ''}
        onSearch={(q) => f.set('q', q)}
      />
      <form
        className="queue-filters"
        aria-label={t('coord.queue.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <FilterSelect
          name="status"
          label={t('coord.fact.status')}
          value={query.status}
          options={[
            ['', t('coord.queue.anyStatus')],
            ...STATUSES.map((s): [string, string] => [s, enumLabel(t, 'status', s)]),
          ]}
          onChange={(v) => f.set('status', v)}
        />
        <FilterSelect
          name="practiceForm"
          label={t('coord.fact.form')}
          value={query.practiceForm}
          options={[
            ['', t('coord.records.anyForm')],
            ...PRACTICE_FORMS.map((s): [string, string] => [s, enumLabel(t, 'practiceForm', s)]),
          ]}
          onChange={(v) => f.set('practiceForm', v)}
        />
        <FilterSelect
          name="handoverYear"
          label={t('coord.records.handoverYear')}
          value={year}
          options={[['', t('coord.records.anyYear')], ...YEARS.map((y): [string, string] => [y, y])]}
          onChange={(v) => f.set('handoverYear', v)}
        />
        <FilterSelect
          name="krimp"
          label={t('coord.records.krimp')}
          value={query.krimp}
          options={[
            ['', t('coord.records.krimp.any')],
            ['true', t('coord.records.krimp.true')],
            ['false', t('coord.records.krimp.false')],
          ]}
          onChange={(v) => f.set('krimp', v)}
        />
      </form>
      <ListResult list={list} empty={t('coord.records.noPractices')} page={f.page} onPage={f.setPage}>
        {(items) => (
          <table className="table" data-testid="practices">
            <caption className="visually-hidden">{t('coord.records.practicesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coord.queue.practice')}</th>
                <th scope="col">{t('coord.fact.place')}</th>
                <th scope="col">{t('coord.fact.listSize')}</th>
                <th scope="col">{t('coord.fact.form')}</th>
                <th scope="col">{t('coord.fact.handover')}</th>
                <th scope="col">{t('coord.fact.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-testid="practice-row">
                  <th scope="row">
                    <Link to={`/coordinator/practices/${p.id}`}>{p.name}</Link>
                  </th>
                  <td data-label={t('coord.fact.place')}>
                    {p.place} ({p.postcode})
                  </td>
                  <td data-label={t('coord.fact.listSize')}>{number(p.listSize)}</td>
                  <td data-label={t('coord.fact.form')}>{enumLabel(t, 'practiceForm', p.practiceForm)}</td>
                  <td data-label={t('coord.fact.handover')}>
                    {t('coord.fact.handoverRange', { from: date(p.handoverFrom), to: date(p.handoverTo) })}
                  </td>
                  <td data-label={t('coord.fact.status')}>{enumLabel(t, 'status', p.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListResult>
    </>
  );
}

export function PracticesPage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {() => (
        <>
          <PageTitle title={t('coord.records.practicesTitle')}>{t('coord.records.practicesTitle')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <p className="lead">{t('coord.records.practicesLead')}</p>
          <PracticeList regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
