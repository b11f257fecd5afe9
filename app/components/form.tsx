// A small kit of accessible form controls on native elements: labels, hints and errors tied by aria attributes.
import type { ReactNode } from 'react';

interface FieldProps {
  name: string;
  /** The element id, when one page has two forms with the same field names. */
  id?: string;
  label: string;
  errors?: string[] | undefined;
  hint?: string;
}

const describedBy = (name: string, hint?: string, errors?: string[]) =>
  [hint ? `${name}-hint` : null, errors?.length ? `${name}-error` : null].filter(Boolean).join(' ') ||
  undefined;

function FieldMessages({ name, hint, errors }: { name: string; hint?: string; errors?: string[] }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field-error" id={`${name}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  );
}

/** A field's label (with the required mark), hint and errors around its control. */
function FieldFrame({
  id,
  label,
  hint,
  errors,
  required,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <FieldMessages name={id} hint={hint} errors={errors} />
      {children}
    </div>
  );
}

/** The GET search form of a list page (works without JavaScript; the query stays in the address bar). */
export function SearchForm({
  label,
  hint,
  query,
  button,
}: {
  label: string;
  hint: string;
  query: string;
  button: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is unknown to the older browsers residents use; the role works everywhere.
    <form method="get" role="search" className="search">
      <label htmlFor="q">{label}</label>
      <p className="hint" id="q-hint">
        {hint}
      </p>
      <input id="q" name="q" type="search" defaultValue={query} aria-describedby="q-hint" />
      <button type="submit">{button}</button>
    </form>
  );
}

export function TextField({
  name,
  id = name,
  label,
  errors,
  hint,
  defaultValue,
  type = 'text',
  required,
  autoComplete,
  inputMode,
}: FieldProps & {
  defaultValue?: string | number | null;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text';
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} required={required}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  name,
  id = name,
  label,
  errors,
  hint,
  options,
  defaultValue,
  required,
}: FieldProps & {
  options: { value: string; label: string }[];
  defaultValue?: string | number | null;
  required?: boolean;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} required={required}>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue == null ? '' : String(defaultValue)}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
      >
        {required ? null : <option value="">—</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxGroup({
  name,
  label,
  errors,
  hint,
  options,
  defaultValues = [],
}: FieldProps & { options: { value: string; label: string }[]; defaultValues?: string[] }) {
  return (
    <fieldset
      className={`field${errors?.length ? ' has-error' : ''}`}
      aria-describedby={describedBy(name, hint, errors)}
    >
      <legend>{label}</legend>
      <FieldMessages name={name} hint={hint} errors={errors} />
      {options.map((o) => (
        <div className="check" key={o.value}>
          <input
            type="checkbox"
            id={`${name}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValues.includes(o.value)}
          />
          <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** The errors of one field, next to it (`id` for the field's aria-describedby), read out at once. */
export function FieldAlert({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(' ')}
    </p>
  );
}
