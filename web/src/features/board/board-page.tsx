import { useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { VacancyCard } from '../../components/vacancy/vacancy-card';
import { useI18n } from '../../lib/i18n/i18n';
import { LIST_SIZE_BANDS, PRACTICE_FORMS, SUCCESSOR_ROLES, options } from '../../lib/format/labels';
import { useRegions } from '../../lib/regions';
import { BOARD_FILTERS, PAGE_SIZE, useBoard, type BoardQuery } from './api/vacancies';
import { EnumSelect } from './enum-select';

function readQuery(params: URLSearchParams): BoardQuery {
  const query: BoardQuery = {};
  for (const name of BOARD_FILTERS) {
    const value = params.get(name);
    if (value) query[name] = value;
  }
  return query;
}

/** The public board: every filter lives in the URL, so a filtered board can be shared and reloaded. */
export function BoardPage() {
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const board = useBoard(query);
  const regions = useRegions();

  const apply = (form: HTMLFormElement) => {
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') next.set(name, value.trim());
    }
    if (!next.get('near')) next.delete('withinKm');
    setParams(next);
  };
  const goTo = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    setParams(next);
  };
  const page = Number(query.page ?? '1');
  const pages = board.data ? Math.max(1, Math.ceil(board.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageTitle title={t('board.title')}>{t('board.title')}</PageTitle>
      <p className="lead">{t('board.intro')}</p>
      <form
        className="filters"
        aria-label={t('board.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
        key={params.toString()}
      >
        <EnumSelect
          name="regionId"
          label={t('board.region')}
          query={query}
          choices={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
        />
        <EnumSelect
          name="practiceForm"
          label={t('board.form')}
          query={query}
          choices={options(t, 'practiceForm', PRACTICE_FORMS)}
        />
        <EnumSelect
          name="successorRole"
          label={t('board.role')}
          query={query}
          choices={options(t, 'successorRole', SUCCESSOR_ROLES)}
        />
        <EnumSelect
          name="listSizeBand"
          label={t('board.listSize')}
          query={query}
          choices={options(t, 'listSizeBand', LIST_SIZE_BANDS)}
        />
        <div className="field">
          <label htmlFor="f-after">{t('board.handoverAfter')}</label>
          <input id="f-after" name="handoverAfter" type="date" defaultValue={query.handoverAfter ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-before">{t('board.handoverBefore')}</label>
          <input id="f-before" name="handoverBefore" type="date" defaultValue={query.handoverBefore ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-near">{t('board.near')}</label>
          <input
            id="f-near"
            name="near"
            inputMode="numeric"
            pattern="[0-9]{4}"
            maxLength={4}
            autoComplete="postal-code"
            defaultValue={query.near ?? ''}
          />
        </div>
        <div className="field">
          <label htmlFor="f-km">{t('board.withinKm')}</label>
          <input
            id="f-km"
            name="withinKm"
            type="number"
            min={1}
            max={300}
            defaultValue={query.withinKm ?? '30'}
          />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('board.apply')}
          </button>
        </div>
      </form>

      <section aria-labelledby="results-title" aria-busy={board.isFetching}>
        <h2 id="results-title">
          {board.data ? t('board.count', { n: number(board.data.total) }) : t('board.results')}
        </h2>
        {board.isPending ? (
          <Loading />
        ) : board.isError ? (
          <ErrorState error={board.error} retry={() => void board.refetch()} />
        ) : board.data.items.length === 0 ? (
          <Empty>{t('board.empty')}</Empty>
        ) : (
          <ul className="card-list" data-testid="vacancy-list">
            {board.data.items.map((v) => (
              <li key={v.id}>
                <VacancyCard vacancy={v} />
              </li>
            ))}
          </ul>
        )}
        {board.data && pages > 1 ? (
          <nav className="pager" aria-label={t('board.pages')}>
            <button
              type="button"
              className="button button--secondary"
              disabled={page <= 1}
              onClick={() => goTo(page - 1)}
            >
              {t('board.previous')}
            </button>
            <span>{t('board.pageOf', { page, pages })}</span>
            <button
              type="button"
              className="button button--secondary"
              disabled={page >= pages}
              onClick={() => goTo(page + 1)}
            >
              {t('board.next')}
            </button>
          </nav>
        ) : null}
      </section>
    </>
  );
}
