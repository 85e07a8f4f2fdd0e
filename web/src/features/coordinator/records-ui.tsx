import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../components/ui/states';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import { RECORDS_PAGE_SIZE, useCandidates } from './api/records';
import { matchTitle } from './match-names';

/** Previous / page n of m / next, as the queue and the plan show it. */
export function Pager({
  page,
  total,
  pageSize,
  onPage,
}: {
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('coord.queue.pages')}>
      <button
        type="button"
        className="button button--secondary"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('coord.queue.previous')}
      </button>
      <span>{t('coord.queue.pageOf', { page, pages })}</span>
      <button
        type="button"
        className="button button--secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('coord.queue.next')}
      </button>
    </nav>
  );
}

/** The URL's search parameters as a list's filters: reading one, setting one (back to page 1), the page. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1');
  return {
    get: (name: string): string | undefined => params.get(name) ?? undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    set: (name: string, value: string | undefined) => {
      const next = new URLSearchParams(params);
      if (value) next.set(name, value);
      else next.delete(name);
      next.delete('page');
      setParams(next);
    },
    setPage: (p: number) => {
      const next = new URLSearchParams(params);
      next.set('page', String(p));
      setParams(next);
    },
  };
}

/** Only the URL values a filter allows (a hand-edited URL cannot send the API a 400). */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The list's search box: what is typed stays in the box; searching puts it in the URL (`q`). */
export function SearchBox({
  label,
  value,
  onSearch,
}: {
  label: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <div className="field">
        <label htmlFor="records-q">{label}</label>
        <input
          id="records-q"
          name="q"
          type="search"
          maxLength={100}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            // Clearing the box (its × button included) clears the search.
            if (e.target.value === '' && value !== '') onSearch('');
          }}
        />
      </div>
      <button type="submit" className="button">
        {t('coord.records.search')}
      </button>
    </form>
  );
}

/** One select of a list's filters, kept in the URL under `name`. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: Array<[string, string]>;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select
        id={`filter-${name}`}
        name={name}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A practice's or starter's candidates: the matches filtered by it, every status, the most urgent first,
 * each with its score, urgency and status and a link to the match's page.
 */
export function Candidates({ of }: { of: { practiceId: string } | { starterProfileId: string } }) {
  const { t, number } = useI18n();
  const [page, setPage] = useState(1);
  const candidates = useCandidates(of, page);
  let body;
  if (candidates.isPending) body = <Loading />;
  else if (candidates.isError)
    body = <ErrorState error={candidates.error} retry={() => void candidates.refetch()} />;
  else if (candidates.data.items.length === 0) body = <Empty>{t('coord.records.noCandidates')}</Empty>;
  else
    body = (
      <>
        <table className="table" data-testid="candidates">
          <caption className="visually-hidden">
            {t('coord.records.candidatesCaption', { total: candidates.data.total })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('coord.queue.parties')}</th>
              <th scope="col">{t('coord.queue.score')}</th>
              <th scope="col">{t('coord.queue.urgency')}</th>
              <th scope="col">{t('coord.queue.status')}</th>
            </tr>
          </thead>
          <tbody>
            {candidates.data.items.map((m) => (
              <tr key={m.id} data-testid="candidate-row">
                <th scope="row">
                  <Link to={`/coordinator/matches/${m.id}`}>{matchTitle(t, m)}</Link>
                  {m.inRegionalPlan ? <span className="badge">{t('coord.queue.inPlan')}</span> : null}
                </th>
                <td data-label={t('coord.queue.score')}>{number(m.score, 1)}</td>
                <td data-label={t('coord.queue.urgency')}>{number(m.urgency, 1)}</td>
                <td data-label={t('coord.queue.status')}>{t(`coord.status.${m.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={page} total={candidates.data.total} pageSize={RECORDS_PAGE_SIZE} onPage={setPage} />
      </>
    );
  return (
    <section className="records-candidates" aria-labelledby="candidates">
      <h2 id="candidates">{t('coord.records.candidates')}</h2>
      {body}
    </section>
  );
}

/** A record's facts as label and value pairs. */
export function FactList({ rows, testId }: { rows: Array<[string, string]>; testId: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

interface PageOf<T> {
  items: T[];
  total: number;
}

/** A list's loading, error and empty states, how many were found, the table and the pager. */
export function ListResult<T>({
  list,
  empty,
  page,
  onPage,
  children,
}: {
  list: UseQueryResult<PageOf<T>>;
  empty: string;
  page: number;
  onPage: (page: number) => void;
  children: (items: T[]) => ReactNode;
}) {
  const { t } = useI18n();
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <p className="muted" role="status">
        {t('coord.records.found', { total: list.data.total })}
      </p>
      {children(list.data.items)}
      <Pager page={page} total={list.data.total} pageSize={RECORDS_PAGE_SIZE} onPage={onPage} />
    </>
  );
}
