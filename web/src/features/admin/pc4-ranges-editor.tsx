import { Field, useFieldErrors } from '../../components/ui/field';
import { useI18n } from '../../lib/i18n/i18n';
import { isPc4Range, usePlacesInRange } from './api/regions';

/** One range as typed: text, so nothing the admin types is lost or reformatted before the API judges it. */
export interface RangeDraft {
  key: number;
  from: string;
  to: string;
  label?: string;
}

let nextKey = 1;
export const newRange = (from = '', to = '', label?: string): RangeDraft => ({
  key: nextKey++,
  from,
  to,
  ...(label === undefined ? {} : { label }),
});

/** A typed PC4 as the API takes it: a number when it is one, else the text (the API says what is wrong). */
export const pc4Value = (text: string): number =>
  /^\d+$/.test(text.trim()) ? Number(text.trim()) : (text as unknown as number);

/** Which places a range covers: its first and last postcode with addresses, and how many. */
function RangeLookup({ from, to }: { from: string; to: string }) {
  const { t, number } = useI18n();
  // Only two whole codes in order are looked up; a half-typed one shows the hint, not the last answer.
  const valid = isPc4Range(from.trim(), to.trim());
  const lookup = usePlacesInRange(from.trim(), to.trim());
  const found = valid ? lookup.data : undefined;
  const name = (p: { postcode: string; place: string } | null | undefined) =>
    p ? `${p.postcode} ${p.place}` : '';
  let text: string;
  if (lookup.isError) text = t('regions.lookupFailed');
  else if (!found) text = valid && lookup.isFetching ? t('state.loading') : t('regions.lookupHint');
  else if (found.total === 0) text = t('regions.lookupNone');
  else if (found.total === 1) text = t('regions.lookupOne', { first: name(found.first) });
  else
    text = t('regions.lookup', {
      first: name(found.first),
      last: name(found.last),
      postcodes: number(found.total),
      places: number(found.places),
    });
  return (
    <p className="field__hint range-lookup" aria-live="polite" data-testid="range-lookup">
      {text}
    </p>
  );
}

function RangeRow({
  range,
  index,
  field,
  error,
  onChange,
  onRemove,
  canRemove,
}: {
  range: RangeDraft;
  index: number;
  field: (i: number) => string;
  error: unknown;
  onChange: (r: RangeDraft) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const { t } = useI18n();
  // The API names a range as a whole (`pc4Ranges.1`: from after to) or one of its fields.
  const rowErrors = useFieldErrors(error, field(index));
  const legend = t('regions.rangeN', { n: index + 1 });
  return (
    <fieldset className="range-row" aria-invalid={rowErrors.length > 0 || undefined}>
      <legend>{legend}</legend>
      <div className="range-row__ends">
        {range.label !== undefined ? (
          <div className="range-row__label">
            <Field name={`${field(index)}.label`} label={t('regions.label')} error={error}>
              {(c) => (
                <input
                  {...c}
                  value={range.label}
                  onChange={(e) => onChange({ ...range, label: e.target.value })}
                />
              )}
            </Field>
          </div>
        ) : null}
        {(['from', 'to'] as const).map((end) => (
          <Field key={end} name={`${field(index)}.${end}`} label={t(`regions.${end}`)} error={error}>
            {(c) => (
              <input
                {...c}
                inputMode="numeric"
                autoComplete="off"
                size={6}
                value={range[end]}
                onChange={(e) => onChange({ ...range, [end]: e.target.value })}
              />
            )}
          </Field>
        ))}
        {canRemove ? (
          <button type="button" className="button button--secondary" onClick={onRemove}>
            {t('regions.removeRange', { n: index + 1 })}
          </button>
        ) : null}
      </div>
      {rowErrors.length > 0 ? <p className="field__error">{rowErrors.join(' ')}</p> : null}
      <RangeLookup from={range.from} to={range.to} />
    </fieldset>
  );
}

/**
 * A list of PC4 ranges to edit, each with the places it covers. `field(i)` is the API's name of range i in
 * its error details (`pc4Ranges.0` in a region, `0` in the krimp list), so each error shows at its field.
 */
export function Pc4RangesEditor({
  ranges,
  onChange,
  field,
  error,
  withLabel = false,
  minimum = 0,
}: {
  ranges: RangeDraft[];
  onChange: (next: RangeDraft[]) => void;
  field: (i: number) => string;
  error: unknown;
  withLabel?: boolean;
  minimum?: number;
}) {
  const { t } = useI18n();
  return (
    <div className="range-list">
      {ranges.map((r, i) => (
        <RangeRow
          key={r.key}
          range={r}
          index={i}
          field={field}
          error={error}
          canRemove={ranges.length > minimum}
          onChange={(next) => onChange(ranges.map((x) => (x.key === r.key ? next : x)))}
          onRemove={() => onChange(ranges.filter((x) => x.key !== r.key))}
        />
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => onChange([...ranges, newRange('', '', withLabel ? '' : undefined)])}
      >
        {t('regions.addRange')}
      </button>
    </div>
  );
}
