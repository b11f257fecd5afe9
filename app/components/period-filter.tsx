import { Form } from 'react-router';

/** The « Du … Au … » form of a figures page (GET, no script), with each date's error next to it. */
export function PeriodFilter({
  typed,
  errors,
}: {
  typed: { from: string; to: string };
  errors: { from: string | null; to: string | null };
}) {
  return (
    <Form method="get" className="filters">
      {(['from', 'to'] as const).map((key) => (
        <div className={`field${errors[key] ? ' has-error' : ''}`} key={key}>
          <label htmlFor={key === 'from' ? 'du' : 'au'}>{key === 'from' ? 'Du' : 'Au'}</label>
          {errors[key] ? (
            <p className="field-error" id={`${key}-error`} role="alert">
              {errors[key]}
            </p>
          ) : null}
          <input
            id={key === 'from' ? 'du' : 'au'}
            name={key === 'from' ? 'du' : 'au'}
            type="date"
            defaultValue={typed[key]}
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `${key}-error` : undefined}
          />
        </div>
      ))}
      <div className="field">
        <button type="submit">Voir le bilan</button>
      </div>
    </Form>
  );
}
