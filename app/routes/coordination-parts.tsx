// Pieces the coordination pages share (not a route): labelled fields with their errors read out at once, the budget's
// bars (plain HTML and CSS, no script), and the follow-up actions' table with a status form per action.
import type { ReactNode } from 'react';
import { Form, Link } from 'react-router';
import type { ActionStatus, BudgetFigures, RenewalState } from '../../src/coordination/index.ts';
import { FieldAlert } from '../components/form.tsx';
import { useI18n } from '../lib/i18n.ts';

export { Section } from '../components/page.tsx';
export { FieldAlert };
export type Errors = Record<string, string[]>;

const describedBy = (...ids: (string | false | undefined | null)[]) =>
  ids.filter(Boolean).join(' ') || undefined;

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
}

function Frame({
  id,
  label,
  hint,
  errors,
  required,
  children,
}: Omit<FieldProps, 'name'> & { children: ReactNode }) {
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${id}-error`} errors={errors} />
      {children}
    </div>
  );
}

const aria = ({ id, hint, errors }: Pick<FieldProps, 'id' | 'hint' | 'errors'>) => ({
  'aria-invalid': errors?.length ? true : undefined,
  'aria-describedby': describedBy(hint && `${id}-hint`, errors?.length ? `${id}-error` : null),
});

export function Input({
  type = 'text',
  defaultValue,
  inputMode,
  list,
  ...field
}: FieldProps & {
  type?: string;
  defaultValue?: string | number | null;
  inputMode?: 'numeric' | 'decimal' | 'text';
  list?: string;
}) {
  return (
    <Frame {...field}>
      <input
        id={field.id}
        name={field.name}
        type={type}
        required={field.required}
        defaultValue={defaultValue ?? undefined}
        inputMode={inputMode}
        list={list}
        {...aria(field)}
      />
    </Frame>
  );
}

export function TextArea({
  defaultValue,
  rows = 3,
  ...field
}: FieldProps & { defaultValue?: string | null; rows?: number }) {
  return (
    <Frame {...field}>
      <textarea
        id={field.id}
        name={field.name}
        rows={rows}
        required={field.required}
        defaultValue={defaultValue ?? undefined}
        style={{ width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' }}
        {...aria(field)}
      />
    </Frame>
  );
}

export function Select({
  options,
  defaultValue,
  placeholder,
  ...field
}: FieldProps & {
  options: { value: string | number; label: string }[];
  defaultValue?: string | number | null;
  /** The first, empty choice: « Choisissez… » when required, « Aucun » otherwise. */
  placeholder: string;
}) {
  return (
    <Frame {...field}>
      <select
        id={field.id}
        name={field.name}
        required={field.required}
        defaultValue={defaultValue == null ? '' : String(defaultValue)}
        {...aria(field)}
      >
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A renewal state in words, with the day it matters. */
export function RenewalStateText({
  state,
  endsOn,
  alertFrom,
}: {
  state: RenewalState;
  endsOn: string;
  alertFrom: string;
}) {
  const { t, date } = useI18n();
  const label = t(`coordination.states.${state}`);
  if (state === 'expired')
    return (
      <strong style={{ color: 'var(--danger)' }}>
        {label} depuis le {date(endsOn)}
      </strong>
    );
  if (state === 'renewal_due')
    return (
      <strong>
        {label} (alerte depuis le {date(alertFrom)})
      </strong>
    );
  return <>{label}</>;
}

/** « 1,2 Mo », « 250 Ko » */
export function sizeText(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;
}

/** Cents as typed back in a form (« 1234,56 »). */
export const centsInput = (cents: number | null | undefined) =>
  cents == null ? '' : `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

const barColours = { planned: '#9aa4c7', committed: '#1d4ed8', paid: '#0f6b3a' } as const;

/**
 * Planned, voted and paid as three bars with their values written beside them: the figures are text (read by screen
 * readers and kept in print), the bars a picture of them, hidden from assistive technologies.
 */
export function BudgetBars({ figures, max }: { figures: BudgetFigures; max: number }) {
  const { cents } = useI18n();
  const rows = [
    ['planned', 'Prévu', figures.plannedCents],
    ['committed', 'Voté', figures.committedCents],
    ['paid', 'Versé', figures.paidCents],
  ] as const;
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr max-content', gap: '0.15rem 0.5rem' }}
    >
      {rows.map(([key, label, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <span>{label}</span>
          <span
            aria-hidden="true"
            style={{ alignSelf: 'center', background: 'var(--tint)', minWidth: '6rem' }}
          >
            <span
              style={{
                display: 'block',
                height: '0.8rem',
                width: `${max > 0 ? Math.round((value / max) * 1000) / 10 : 0}%`,
                background: barColours[key],
                printColorAdjust: 'exact',
              }}
            />
          </span>
          <span className="num">{cents(value)}</span>
        </div>
      ))}
    </div>
  );
}

/** The four figures of a budget as a definition list. */
export function BudgetFacts({ figures }: { figures: BudgetFigures }) {
  const { cents } = useI18n();
  return (
    <dl className="facts">
      <dt>Prévu</dt>
      <dd>{cents(figures.plannedCents)}</dd>
      <dt>Voté</dt>
      <dd>{cents(figures.committedCents)}</dd>
      <dt>Versé</dt>
      <dd>{cents(figures.paidCents)}</dd>
      <dt>Reste à verser</dt>
      <dd>{cents(figures.remainingCents)}</dd>
    </dl>
  );
}

export interface ActionLine {
  id: number;
  meetingId: number;
  meetingHeldOn: string;
  description: string;
  ownerOrganisationName: string | null;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  statusNote: string | null;
  overdue: boolean;
  canFollow: boolean;
}

export const actionStatusOptions: ActionStatus[] = ['open', 'done', 'dropped'];

/**
 * Follow-up actions with, for those the reader may follow, a small form to say where they stand. Late ones are
 * marked in words (« En retard »), not by colour alone.
 */
export function ActionsTable({
  actions,
  caption,
  action,
  errors,
  failedActionId,
  showMeeting = true,
}: {
  actions: ActionLine[];
  caption: string;
  /** Where the status forms post. */
  action: string;
  errors: Errors;
  failedActionId: number | null;
  showMeeting?: boolean;
}) {
  const { t, date } = useI18n();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Action</th>
          <th scope="col">Qui</th>
          <th scope="col">Pour le</th>
          <th scope="col">Où en est-on</th>
          {showMeeting ? <th scope="col">Comité</th> : null}
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => {
          const failed = failedActionId === a.id;
          const prefix = `action-${a.id}`;
          return (
            <tr key={a.id} id={prefix} style={a.overdue ? { background: '#fdecea' } : undefined}>
              <td style={{ whiteSpace: 'pre-line' }}>{a.description}</td>
              <td>
                {a.ownerName}
                {a.ownerOrganisationName ? ` (${a.ownerOrganisationName})` : ''}
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>
                {date(a.dueOn)}
                {a.overdue ? (
                  <>
                    <br />
                    <strong style={{ color: 'var(--danger)' }}>En retard</strong>
                  </>
                ) : null}
              </td>
              <td>
                <strong>{t(`coordination.actionStatuses.${a.status}`)}</strong>
                {a.statusNote ? <span style={{ whiteSpace: 'pre-line' }}> — {a.statusNote}</span> : null}
                {a.canFollow ? (
                  <Form
                    method="post"
                    action={`${action}#${prefix}`}
                    aria-label={`Où en est l’action : ${a.description}`}
                  >
                    <input type="hidden" name="intent" value="status" />
                    <input type="hidden" name="actionId" value={a.id} />
                    <Select
                      id={`${prefix}-status`}
                      name="status"
                      label="Nouvel état"
                      placeholder="Choisissez"
                      required
                      options={actionStatusOptions.map((s) => ({
                        value: s,
                        label: t(`coordination.actionStatuses.${s}`),
                      }))}
                      defaultValue={a.status}
                      errors={failed ? errors.status : undefined}
                    />
                    <Input
                      id={`${prefix}-note`}
                      name="note"
                      label="Note"
                      hint="Obligatoire pour abandonner : dites pourquoi."
                      defaultValue={a.statusNote}
                      errors={failed ? errors.note : undefined}
                    />
                    <button type="submit" className="secondary">
                      Enregistrer
                    </button>
                  </Form>
                ) : null}
              </td>
              {showMeeting ? (
                <td>
                  <Link to={`/coordination/comites/${a.meetingId}`}>{date(a.meetingHeldOn)}</Link>
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
