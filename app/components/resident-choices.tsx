// Plain-French form pieces of the residents' pages (big radio buttons, an error read out with a phone to call).

/** Errors of one field, next to it, read out at once; the place's number when a person can help. */
export function Problem({ id, errors, phone }: { id: string; errors?: string[]; phone?: string | null }) {
  if (!errors?.length) return null;
  return (
    <div className="field-error" id={id} role="alert">
      <p>{errors.join(' ')}</p>
      {phone ? <p>Besoin d’aide ? Appelez le {phone}.</p> : null}
    </div>
  );
}

/** A question answered by one of a few big radio buttons. */
export function Radios({
  name,
  legend,
  prefix,
  options,
  defaultValue,
  errors,
  phone,
}: {
  name: string;
  legend: string;
  prefix: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  errors?: string[];
  phone?: string | null;
}) {
  return (
    <fieldset
      className={errors?.length ? 'has-error' : undefined}
      aria-describedby={errors?.length ? `${prefix}-${name}-error` : undefined}
    >
      <legend>{legend}</legend>
      <Problem id={`${prefix}-${name}-error`} errors={errors} phone={phone} />
      {options.map((o) => (
        <div className="big-radio" key={o.value}>
          <input
            type="radio"
            id={`${prefix}-${name}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValue === o.value}
            required
          />
          <label htmlFor={`${prefix}-${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
