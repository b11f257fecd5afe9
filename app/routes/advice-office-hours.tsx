// The association's office hours (permanences): publish them from a weekly rule at a facility, see who booked each
// slot, cancel a slot (the person who booked it is told).
import type { ReactNode } from 'react';
import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import {
  appointmentDayText,
  appointmentHourText,
  appointmentRefusalMessage,
  cancelSlot,
  createOfficeSlots,
  labelOf,
  listOfficeSlots,
  OfficeHoursInput,
  topicLabels,
} from '../../src/advice/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { listFacilities } from '../../src/workshops/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Permanences — Palier' }];

const day = 86_400_000;
const weeksShown = 8;
type Errors = Record<string, string[]>;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'office.manage');
  const { db } = services(context);
  const now = new Date();
  const [facilities, slots] = await Promise.all([
    listFacilities({ db, programmeId: actor.programmeId }),
    listOfficeSlots({ db, actor, from: now, to: new Date(now.getTime() + weeksShown * 7 * day) }),
  ]);
  const rows = slots.map((s) => ({
    id: s.id,
    day: localDate(s.startsAt),
    dayLabel: appointmentDayText(s.startsAt),
    time: `${appointmentHourText(s.startsAt)} – ${appointmentHourText(s.endsAt)}`,
    facilityName: s.facilityName,
    booked: s.appointmentId
      ? {
          householdId: s.householdId!,
          reference: s.householdReference!,
          name: s.memberName!,
          topic: s.topic ? labelOf(topicLabels, s.topic) : null,
        }
      : null,
  }));
  const url = new URL(request.url);
  return {
    facilities: facilities.map((f) => ({ id: f.id, name: `${f.name} (${f.commune})` })),
    slots: rows,
    today: localDate(now),
    done: url.searchParams.get('fait'),
    count: url.searchParams.get('n'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'office.manage');
  const { db } = services(context);
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  if (values.intent === 'cancel') {
    const done = await cancelSlot({ db, actor, slotId: intParam(values.slotId) });
    if (!done.ok) return redirect('/conseil/permanences?fait=deja-annule#creneaux');
    return redirect(`/conseil/permanences?fait=annule&n=${done.told}#creneaux`);
  }
  const parsed = OfficeHoursInput.safeParse({
    facilityId: values.facilityId ?? '',
    firstDay: values.firstDay ?? '',
    startTime: values.startTime ?? '',
    endTime: values.endTime ?? '',
    slotMinutes: values.slotMinutes ?? '',
    everyWeeks: values.everyWeeks ?? '1',
    weeks: values.weeks ?? '',
    // An unticked box sends nothing: it means « no ».
    skipHolidays: values.skipHolidays === 'on',
  });
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const message = key === 'facilityId' ? 'Choisissez le lieu.' : issue.message;
      errors[key] = [...(errors[key] ?? []), message];
    }
    return data({ errors, values }, { status: 400 });
  }
  const created = await createOfficeSlots({ db, actor, input: parsed.data });
  if (!created.ok)
    return data(
      { errors: { [created.field ?? '']: [appointmentRefusalMessage(created.reason)] } as Errors, values },
      { status: 409 },
    );
  return redirect(`/conseil/permanences?fait=cree&n=${created.created}#creneaux`);
});

/** Errors of one field, next to it, read out at once. */
function FieldAlert({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(' ')}
    </p>
  );
}

function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (describedBy: string | undefined, invalid: true | undefined) => ReactNode;
}) {
  const ids = [hint ? `${name}-hint` : null, errors?.length ? `${name}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={name}>
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${name}-error`} errors={errors} />
      {children(ids || undefined, errors?.length ? true : undefined)}
    </div>
  );
}

export default function AdviceOfficeHours() {
  const { facilities, slots, today, done, count } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const status =
    done === 'cree'
      ? `C’est fait : ${count} créneau${count === '1' ? '' : 'x'} de rendez-vous ajouté${count === '1' ? '' : 's'}.`
      : done === 'annule'
        ? count && count !== '0'
          ? 'Le créneau est annulé. La personne qui l’avait réservé va être prévenue.'
          : 'Le créneau est annulé.'
        : done === 'deja-annule'
          ? 'Ce créneau était déjà annulé.'
          : null;
  const byDay: { day: string; label: string; slots: typeof slots }[] = [];
  for (const s of slots) {
    const last = byDay.at(-1);
    if (last?.day === s.day) last.slots.push(s);
    else byDay.push({ day: s.day, label: s.dayLabel, slots: [s] });
  }
  return (
    <Page title="Permanences" crumbs={[{ to: '/conseil', label: 'Conseil' }]}>
      {status ? <Notice>{status}</Notice> : null}
      <p className="lead">
        Les rendez-vous que votre association propose dans les lieux du quartier. Les habitants et les
        habitantes les prennent sur Palier ; ils sont prévenus par SMS, appel, courrier ou e-mail.
      </p>

      <section aria-labelledby="creneaux-title" id="creneaux">
        <h2 id="creneaux-title">Prochains créneaux</h2>
        {byDay.length === 0 ? <p>Aucun créneau prévu dans les {weeksShown} prochaines semaines.</p> : null}
        {byDay.map((d) => (
          <table key={d.day}>
            <caption>{d.label}</caption>
            <thead>
              <tr>
                <th scope="col">Heure</th>
                <th scope="col">Lieu</th>
                <th scope="col">Rendez-vous</th>
                <th scope="col">
                  <span className="visually-hidden">Annuler</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.slots.map((s) => (
                <tr key={s.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{s.time}</td>
                  <td>{s.facilityName}</td>
                  <td>
                    {s.booked ? (
                      <>
                        {s.booked.name} (
                        <Link to={`/foyers/${s.booked.householdId}`}>foyer {s.booked.reference}</Link>)
                        {s.booked.topic ? ` — ${s.booked.topic}` : ''}
                      </>
                    ) : (
                      'Libre'
                    )}
                  </td>
                  <td>
                    <Form method="post" action="/conseil/permanences#creneaux">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="slotId" value={s.id} />
                      <button type="submit" className="secondary">
                        Annuler ce créneau
                        <span className="visually-hidden">
                          {' '}
                          du {d.label}, {s.time}
                        </span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      <section aria-labelledby="ajouter-title" id="ajouter">
        <h2 id="ajouter-title">Ajouter des permanences</h2>
        <p>
          Chaque semaine choisie, la plage horaire est coupée en rendez-vous de la durée indiquée. Les
          créneaux déjà prévus ne sont pas créés deux fois.
        </p>
        <Form method="post" action="/conseil/permanences#ajouter" className="narrow">
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={errors['']} />
          <Field name="facilityId" label="Lieu" errors={errors.facilityId}>
            {(describedBy, invalid) => (
              <select
                id="facilityId"
                name="facilityId"
                required
                defaultValue={sent?.facilityId ?? ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                <option value="" disabled>
                  Choisissez le lieu
                </option>
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="firstDay" label="Premier jour" errors={errors.firstDay}>
            {(describedBy, invalid) => (
              <input
                id="firstDay"
                name="firstDay"
                type="date"
                required
                min={today}
                defaultValue={sent?.firstDay ?? ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field name="startTime" label="Heure de début" hint="Par exemple 14:00" errors={errors.startTime}>
            {(describedBy, invalid) => (
              <input
                id="startTime"
                name="startTime"
                type="time"
                required
                defaultValue={sent?.startTime ?? '14:00'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field name="endTime" label="Heure de fin" hint="Par exemple 16:00" errors={errors.endTime}>
            {(describedBy, invalid) => (
              <input
                id="endTime"
                name="endTime"
                type="time"
                required
                defaultValue={sent?.endTime ?? '16:00'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field name="slotMinutes" label="Durée d’un rendez-vous" errors={errors.slotMinutes}>
            {(describedBy, invalid) => (
              <select
                id="slotMinutes"
                name="slotMinutes"
                required
                defaultValue={sent?.slotMinutes ?? '30'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                {[15, 20, 30, 45, 60].map((m) => (
                  <option key={m} value={m}>
                    {m === 60 ? '1 heure' : `${m} minutes`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="everyWeeks" label="Revient" errors={errors.everyWeeks}>
            {(describedBy, invalid) => (
              <select
                id="everyWeeks"
                name="everyWeeks"
                required
                defaultValue={sent?.everyWeeks ?? '1'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                <option value="1">Toutes les semaines</option>
                <option value="2">Toutes les 2 semaines</option>
                <option value="3">Toutes les 3 semaines</option>
                <option value="4">Toutes les 4 semaines</option>
              </select>
            )}
          </Field>
          <Field
            name="weeks"
            label="Nombre de permanences"
            hint="Combien de fois, de 1 à 52."
            errors={errors.weeks}
          >
            {(describedBy, invalid) => (
              <input
                id="weeks"
                name="weeks"
                type="number"
                inputMode="numeric"
                min={1}
                max={52}
                required
                defaultValue={sent?.weeks ?? '6'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <div className="check">
            <input
              type="checkbox"
              id="skipHolidays"
              name="skipHolidays"
              defaultChecked={sent ? sent.skipHolidays === 'on' : true}
            />
            <label htmlFor="skipHolidays">Pas de permanence les jours fériés</label>
          </div>
          <button type="submit">Créer les permanences</button>
        </Form>
      </section>
    </Page>
  );
}
