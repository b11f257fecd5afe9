// The roll call of a session, made for a tablet: one big row per person, one tap for present or absent. It works
// as plain forms (post, then back to the same person); with JavaScript a tap records without reloading the page.
import { type CSSProperties, useEffect, useState } from 'react';
import {
  type ActionFunctionArgs,
  data,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useFetcher,
  useFetchers,
  useLoaderData,
} from 'react-router';
import { localDate } from '../../src/platform/dates.ts';
import {
  AttendanceInput,
  dayText,
  hourText,
  recordAttendance,
  rollCall,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

// The one page that ships its script: the roll call is tapped through quickly, row after row.
export const handle = { hydrate: true };

export const meta = ({ data: loaded }: { data?: { title?: string } }) => [
  { title: `Appel${loaded?.title ? ` — ${loaded.title}` : ''} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.attendance');
  const sessionId = intParam(params.id);
  const call = await rollCall({ db: services(context).db, actor, sessionId });
  const now = new Date();
  return {
    sessionId,
    courseId: call.course.id,
    title: call.course.title,
    facilityName: call.facilityName,
    roomName: call.roomName,
    facilitatorName: call.session.facilitatorName,
    number: call.number,
    sessionCount: call.course.kind === 'cycle' ? call.course.sessionCount : null,
    day: dayText(call.session.startsAt, true),
    time: `${hourText(call.session.startsAt)} – ${hourText(call.session.endsAt)}`,
    cancelled: call.session.status === 'cancelled',
    cancelledReason: call.session.cancelledReason,
    tooEarly: localDate(now) < localDate(call.session.startsAt),
    people: call.people.map((p) => ({
      registrationId: p.registrationId,
      householdId: p.householdId,
      householdReference: p.householdReference,
      name: p.name,
      present: p.present,
    })),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.attendance');
  const sessionId = intParam(params.id);
  const form = await readForm(request);
  const parsed = AttendanceInput.safeParse({
    registrationId: form.get('registrationId'),
    present: form.get('present'),
  });
  if (!parsed.success)
    return data({ registrationId: null, error: 'Touchez « Présent » ou « Absent ».' }, { status: 400 });
  const { registrationId, present } = parsed.data;
  const done = await recordAttendance({
    db: services(context).db,
    actor,
    sessionId,
    registrationId,
    present,
  });
  if (!done.ok) {
    const explain =
      done.reason === 'too_early'
        ? `${workshopRefusalMessage('too_early')} Revenez ce jour-là pour noter qui est là.`
        : workshopRefusalMessage(done.reason);
    return data({ registrationId, error: explain }, { status: 409 });
  }
  // A tap from the script stays on the page; a plain form goes back to the same person.
  if (form.get('fetch') === '1') return { registrationId, error: null };
  return redirect(`/ateliers/seances/${sessionId}#p-${registrationId}`);
});

const big: CSSProperties = { minHeight: '48px', minWidth: '8.5rem', fontSize: '1.15rem' };
const pressedStyle = (present: boolean): CSSProperties => ({
  ...big,
  background: present ? 'var(--ok)' : 'var(--danger)',
  borderColor: present ? 'var(--ok)' : 'var(--danger)',
  color: '#ffffff',
});
const idleStyle: CSSProperties = {
  ...big,
  background: 'var(--paper)',
  borderColor: 'var(--ink)',
  color: 'var(--ink)',
};

type Person = {
  registrationId: number;
  householdId: number;
  householdReference: string;
  name: string;
  present: boolean | null;
};

/** The value a pending tap will give a person, if one is on its way. */
function pendingValue(formData: FormData | undefined): { id: number; present: boolean } | null {
  if (!formData) return null;
  const id = Number(formData.get('registrationId'));
  const present = formData.get('present');
  return id && (present === 'true' || present === 'false') ? { id, present: present === 'true' } : null;
}

function PersonRow({
  person,
  sessionId,
  canTap,
  hydrated,
  serverError,
}: {
  person: Person;
  sessionId: number;
  canTap: boolean;
  hydrated: boolean;
  serverError: string | null;
}) {
  const fetcher = useFetcher<{ registrationId: number | null; error: string | null }>();
  const pending = pendingValue(fetcher.formData);
  const state = pending ? pending.present : person.present;
  const error = fetcher.data?.error ?? serverError;
  return (
    <li
      id={`p-${person.registrationId}`}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: '0.5rem 1rem',
        padding: '0.75rem 0',
        borderBottom: '1px solid var(--line)',
      }}
    >
      <div style={{ flex: '1 1 14rem' }}>
        <strong style={{ fontSize: '1.2rem' }}>{person.name}</strong>
        <br />
        <span className="hint">
          Foyer {person.householdReference} —{' '}
          {state === true ? 'présence notée' : state === false ? 'absence notée' : 'pas encore noté'}
        </span>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      {canTap ? (
        <fetcher.Form
          method="post"
          action={`/ateliers/seances/${sessionId}`}
          className="inline"
          style={{ display: 'flex', gap: '0.75rem' }}
        >
          <input type="hidden" name="registrationId" value={person.registrationId} />
          {hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
          <button
            type="submit"
            name="present"
            value="true"
            aria-pressed={state === true}
            style={state === true ? pressedStyle(true) : idleStyle}
          >
            Présent<span className="visually-hidden"> : {person.name}</span>
          </button>
          <button
            type="submit"
            name="present"
            value="false"
            aria-pressed={state === false}
            style={state === false ? pressedStyle(false) : idleStyle}
          >
            Absent<span className="visually-hidden"> : {person.name}</span>
          </button>
        </fetcher.Form>
      ) : null}
    </li>
  );
}

export default function WorkshopSession() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fetchers = useFetchers();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Counters follow the taps on their way, so they change at once.
  const pending = new Map<number, boolean>();
  for (const f of fetchers) {
    const value = pendingValue(f.formData);
    if (value) pending.set(value.id, value.present);
  }
  const states = loaded.people.map((p) => pending.get(p.registrationId) ?? p.present);
  const present = states.filter((s) => s === true).length;
  const absent = states.filter((s) => s === false).length;
  const canTap = !loaded.cancelled && !loaded.tooEarly;
  return (
    <Page
      title={`Appel — ${loaded.title}`}
      crumbs={[
        { to: '/ateliers', label: 'Ateliers' },
        { to: `/ateliers/${loaded.courseId}`, label: loaded.title },
      ]}
    >
      <p className="lead">
        {loaded.number && loaded.sessionCount ? `Séance ${loaded.number} sur ${loaded.sessionCount}, ` : ''}
        {loaded.day}, {loaded.time} — {loaded.facilityName}
        {loaded.roomName ? `, ${loaded.roomName}` : ''}
        {loaded.facilitatorName ? ` — avec ${loaded.facilitatorName}` : ''}
      </p>
      {loaded.cancelled ? (
        <div className="form-error" role="alert">
          <p>
            Cette séance est annulée{loaded.cancelledReason ? ` (${loaded.cancelledReason})` : ''} : pas
            d’appel.
          </p>
        </div>
      ) : loaded.tooEarly ? (
        <div className="notice" role="status">
          <p>
            L’appel se fait le jour de la séance, le {loaded.day}. Les boutons « Présent » et « Absent »
            seront là ce jour-là. En attendant, voici les personnes inscrites.
          </p>
        </div>
      ) : null}
      {actionData?.error && !actionData.registrationId ? <FormErrors errors={[actionData.error]} /> : null}
      <div aria-live="polite" aria-atomic="true">
        <p className="big-figure">
          Présents : {present} / {loaded.people.length}
        </p>
        <p>
          Absents : {absent}
          {loaded.people.length - present - absent > 0
            ? ` — pas encore notés : ${loaded.people.length - present - absent}`
            : ''}
        </p>
      </div>
      <p>
        <a href={`/ateliers/seances/${loaded.sessionId}/emargement`}>Feuille d’émargement (PDF)</a>
      </p>
      {loaded.people.length ? (
        <ul style={{ listStyle: 'none', padding: 0, maxWidth: '48rem' }} aria-label="Personnes attendues">
          {loaded.people.map((p) => (
            <PersonRow
              key={p.registrationId}
              person={p}
              sessionId={loaded.sessionId}
              canTap={canTap}
              hydrated={hydrated}
              serverError={actionData?.registrationId === p.registrationId ? actionData.error : null}
            />
          ))}
        </ul>
      ) : (
        <p>Personne n’est inscrit à cette séance.</p>
      )}
      <p>
        <Link to={`/ateliers/${loaded.courseId}`}>Retour à l’atelier</Link>
      </p>
    </Page>
  );
}
