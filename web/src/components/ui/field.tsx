import { useId, type ReactNode } from 'react';
import { ApiError, detailMessage } from '../../lib/api/errors';
import { useI18n } from '../../lib/i18n/i18n';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** The API's messages for one field, in the user's language. */
export function useFieldErrors(error: unknown, name: string): string[] {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) return [];
  return error.detailsFor(name).map((m) => {
    const { key, values } = detailMessage(m);
    return t(key, values);
  });
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  /** The error of the last save: its details[].field names this field's `name`. */
  error: unknown;
  children: (control: ControlProps) => ReactNode;
}

/** Label, hint and the API's error for one field, wired with aria-invalid and aria-describedby. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  const id = useId();
  const messages = useFieldErrors(error, name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={messages.length > 0 ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, name, 'aria-invalid': messages.length > 0, 'aria-describedby': describedBy })}
      {errorId ? (
        <p className="field__error" id={errorId}>
          {messages.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

interface ControlFieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  error: unknown;
}

/** A line of text (or a date) in a Field. */
export function TextField({
  value,
  onChange,
  type = 'text',
  inputMode,
  maxLength,
  autoComplete,
  ...field
}: ControlFieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date';
  inputMode?: 'numeric';
  maxLength?: number;
  autoComplete?: string;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <input
          {...p}
          type={type}
          inputMode={inputMode}
          maxLength={maxLength}
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A longer text in a Field. */
export function TextAreaField({
  value,
  onChange,
  rows,
  maxLength,
  ...field
}: ControlFieldProps & {
  value: string;
  onChange: (value: string) => void;
  rows: number;
  maxLength: number;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          maxLength={maxLength}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A number in a Field. An emptied box gives NaN, which the API refuses by the field's name. */
export function NumberField({
  value,
  onChange,
  min,
  max,
  step,
  ...field
}: ControlFieldProps & {
  value: number | null;
  onChange: (value: number) => void;
  min: number;
  max: number;
  step?: number;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <input
          {...p}
          type="number"
          step={step}
          min={min}
          max={max}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

/** One choice of a list in a Field; `none` adds a first option with the empty value. */
export function SelectField<T extends string>({
  value,
  options,
  onChange,
  none,
  ...field
}: ControlFieldProps & {
  value: T | '';
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  none?: string;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {none !== undefined ? <option value="">{none}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface ChoicesProps<T extends string> {
  name: string;
  legend: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T[];
  onChange: (next: T[]) => void;
  error: unknown;
  hint?: string;
}

/** A group of checkboxes (a list of enums) in a fieldset, with the API's error for the list. */
export function Choices<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  hint,
}: ChoicesProps<T>) {
  const id = useId();
  const messages = useFieldErrors(error, name);
  const describedBy = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      className={messages.length > 0 ? 'field field--invalid' : 'field'}
      aria-describedby={describedBy || undefined}
      aria-invalid={messages.length > 0 || undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="choices">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
      </div>
      {messages.length ? (
        <p className="field__error" id={`${id}-error`}>
          {messages.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** One yes/no question as a checkbox with its label. */
export function Toggle({
  label,
  checked,
  onChange,
  name,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  name: string;
}) {
  return (
    <div className="field">
      <label className="choice">
        <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
    </div>
  );
}
