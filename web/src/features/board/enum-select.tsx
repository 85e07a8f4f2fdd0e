import { useI18n } from '../../lib/i18n/i18n';
import type { BoardQuery } from './api/vacancies';

/**
 * One of the board's choice filters: a labelled select named after its query parameter, "any" first,
 * starting at the value in the URL.
 */
export function EnumSelect({
  name,
  label,
  query,
  choices,
}: {
  name: keyof BoardQuery;
  label: string;
  query: BoardQuery;
  choices: ReadonlyArray<{ value: string; label: string }>;
}) {
  const { t } = useI18n();
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={query[name] ?? ''}>
        <option value="">{t('board.any')}</option>
        {choices.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
