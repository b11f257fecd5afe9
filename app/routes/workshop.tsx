// One course: its sessions, and for its facility the people registered, the waiting list and the changes.
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
import type { z } from 'zod';
import { findHouseholdByReference, getHousehold } from '../../src/households/index.ts';
import { localDate, toLocalInput } from '../../src/platform/dates.ts';
import { can, canAtAll, ForbiddenError } from '../../src/platform/permissions/index.ts';
import {
  addSession,
  CancelSessionInput,
  calendarDayText,
  cancelRegistration,
  cancelSession,
  courseLevelLabels,
  dayText,
  frenchPublicHoliday,
  getCourse,
  getFacility,
  hourText,
  ordinal,
  preferredReminderChannel,
  RegistrationInput,
  register,
  rescheduleSession,
  SessionInput,
  setCourseCapacity,
  type WorkshopRefusal,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { course?: { title: string } } }) => [
  { title: `${loaded?.course?.title ?? 'Atelier'} — Palier` },
];

const levelLabels: Record<string, string> = courseLevelLabels;
const channelLabels: Record<string, string> = {
  sms: 'SMS',
  call: 'Appel téléphonique',
  letter: 'Courrier',
  email: 'E-mail',
};
const channelInText: Record<string, string> = {
  sms: 'SMS',
  call: 'appel téléphonique',
  letter: 'courrier',
  email: 'e-mail',
};

const weeks = (n: number) => (n === 1 ? 'une semaine' : `${n} semaines`);

type Errors = Record<string, string[]>;

/** The field errors of a zod failure, by top-level field ('' for the form). */
function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

/** The status message after a change, from the redirect's query. */
function statusMessage(
  url: URL,
  registrations: { id: number; name: string; status: string; position: number | null }[] | null,
): string | null {
  const done = url.searchParams.get('fait');
  const promoted = Number(url.searchParams.get('promus') ?? 0);
  const promotedText =
    promoted > 0
      ? promoted === 1
        ? ' La place libérée va à la première personne en attente, qui est prévenue.'
        : ` Les ${promoted} places libérées vont aux premières personnes en attente, qui sont prévenues.`
      : '';
  const told = Number(url.searchParams.get('prevenus') ?? 0);
  const toldText =
    told > 0
      ? ` ${told === 1 ? 'La personne inscrite est prévenue' : `Les ${told} personnes inscrites sont prévenues`}.`
      : '';
  switch (done) {
    case 'cree': {
      const days = (url.searchParams.get('feries') ?? '')
        .split(',')
        .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
      const every = Math.max(1, Number(url.searchParams.get('rythme') ?? 1) || 1);
      if (!days.length) return 'L’atelier est créé.';
      const named = days.map(
        (d) => `le ${calendarDayText(d)}${frenchPublicHoliday(d) ? ` (${frenchPublicHoliday(d)})` : ''}`,
      );
      const list = named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} et ${named.at(-1)}`;
      const sentence = `${list.charAt(0).toUpperCase()}${list.slice(1)} ${days.length === 1 ? 'est férié' : 'sont fériés'} : le cycle finit ${weeks(days.length * every)} plus tard.`;
      return `L’atelier est créé. ${sentence}`;
    }
    case 'inscrit': {
      const id = Number(url.searchParams.get('r'));
      const who = registrations?.find((r) => r.id === id);
      if (!who) return 'L’inscription est enregistrée.';
      return who.status === 'waiting'
        ? `L’atelier est complet : ${who.name} est ${ordinal(who.position ?? 1)} sur la liste d’attente. Cette personne sera prévenue si une place se libère.`
        : `${who.name} a une place. L’inscription est enregistrée.`;
    }
    case 'desinscrit':
      return `L’inscription est annulée.${promotedText}`;
    case 'seance':
      return 'La séance est ajoutée.';
    case 'deplacee':
      return `La séance est changée.${toldText}`;
    case 'annulee':
      return `La séance est annulée.${toldText}`;
    case 'places':
      return `Le nombre de places est changé.${promotedText}`;
    default:
      return null;
  }
}

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  if (actor.role === 'resident') throw redirect('/mes-ateliers');
  if (!canAtAll(actor, 'workshop.read')) throw new ForbiddenError('workshop.read');
  const { db } = services(context);
  const courseId = intParam(params.id);
  const found = await getCourse({ db, programmeId: actor.programmeId, courseId, actor });
  const resource = { programmeId: actor.programmeId, organisationId: found.organisationId };
  const canAttend = can(actor, 'workshop.attendance', resource);
  const rooms = found.canManage
    ? (await getFacility({ db, programmeId: actor.programmeId, facilityId: found.facilityId })).rooms
    : [];
  const url = new URL(request.url);
  const now = new Date();
  const today = localDate(now);

  // Registering someone, step 1: the household reference (a GET, so it works without JavaScript).
  const reference = (url.searchParams.get('foyer') ?? '').trim().toUpperCase().slice(0, 40);
  let lookup: {
    reference: string;
    error?: string;
    householdId?: number;
    members?: { id: number; name: string }[];
    channel?: string;
  } | null = null;
  if (found.canRegister && reference) {
    const householdId = await findHouseholdByReference({ db, actor, reference });
    if (!householdId)
      lookup = {
        reference,
        error:
          'Aucun foyer avec cette référence dans vos secteurs. Vérifiez la référence (par exemple F-000123).',
      };
    else {
      const household = await getHousehold({ db, actor, householdId });
      lookup = {
        reference,
        householdId: household.id,
        members: household.members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}` })),
        channel: preferredReminderChannel(household.contact.channels),
      };
    }
  }

  const sessions = found.sessions.map((s) => ({
    id: s.id,
    day: dayText(s.startsAt, true),
    time: `${hourText(s.startsAt)} – ${hourText(s.endsAt)}`,
    roomId: s.roomId,
    roomName: s.roomName,
    facilitatorName: s.facilitatorName,
    capacity: s.capacity,
    seatsTaken: s.seatsTaken,
    present: s.present,
    absent: s.absent,
    cancelled: s.status === 'cancelled',
    cancelledReason: s.cancelledReason,
    upcoming: s.startsAt > now,
    heldOrToday: localDate(s.startsAt) <= today,
    input: {
      day: localDate(s.startsAt),
      startTime: toLocalInput(s.startsAt).slice(11),
      endTime: toLocalInput(s.endsAt).slice(11),
    },
  }));
  const sessionLabel = new Map(sessions.map((s) => [s.id, `${s.day}, ${s.time}`]));
  const registrations = found.registrations?.map((r) => ({
    ...r,
    session: r.sessionId ? (sessionLabel.get(r.sessionId) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
  }));
  return {
    course: {
      id: found.id,
      title: found.title,
      kind: found.kind,
      level: found.level,
      audience: found.audience,
      description: found.description,
      competencies: found.competencies,
      sessionCount: found.sessionCount,
      capacity: found.capacity,
      seatsTaken: found.seatsTaken,
      cancelled: found.status === 'cancelled',
      facilityName: found.facilityName,
    },
    sessions,
    registered: registrations?.filter((r) => r.status === 'registered') ?? null,
    waiting:
      registrations
        ?.filter((r) => r.status === 'waiting')
        .sort((a, b) => (a.sessionId ?? 0) - (b.sessionId ?? 0) || (a.position ?? 0) - (b.position ?? 0)) ??
      null,
    canRegister: found.canRegister,
    canManage: found.canManage,
    canAttend,
    rooms: rooms.map((r) => ({ id: r.id, name: r.name, seats: r.seats })),
    lookup,
    status: statusMessage(url, registrations ?? null),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context);
  const { db } = services(context);
  const courseId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const back = (query: Record<string, string | number>) =>
    redirect(
      `/ateliers/${courseId}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`,
    );
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const failed = (formKey: string, errors: Errors, status = 400) =>
    data({ form: formKey, errors, values }, { status });
  const refused = (formKey: string, refusal: { reason: WorkshopRefusal; field?: string }) =>
    failed(formKey, { [refusal.field ?? '']: [workshopRefusalMessage(refusal.reason)] }, 409);
  const entries = (names: string[]) => Object.fromEntries(names.map((n) => [n, form.get(n) ?? undefined]));

  switch (intent) {
    case 'register': {
      const householdId = intParam(String(form.get('householdId') ?? ''));
      const parsed = RegistrationInput.safeParse(entries(['memberId', 'reminderChannel', 'sessionId']));
      if (!parsed.success) {
        const errors = issuesByField(parsed.error);
        if (errors.memberId) errors.memberId = ['Choisissez la personne à inscrire.'];
        if (errors.sessionId) errors.sessionId = ['Choisissez une séance.'];
        return failed('register', errors);
      }
      const done = await register({ db, actor, courseId, householdId, input: parsed.data });
      if (!done.ok) return refused('register', done);
      return back({ fait: 'inscrit', r: done.registrationId });
    }
    case 'cancel-registration': {
      const done = await cancelRegistration({
        db,
        actor,
        registrationId: intParam(String(form.get('registrationId') ?? '')),
      });
      if (!done.ok) return refused('registrations', done);
      return back({ fait: 'desinscrit', promus: done.promoted.length });
    }
    case 'add-session': {
      const parsed = SessionInput.safeParse(
        entries(['day', 'startTime', 'endTime', 'roomId', 'facilitatorName', 'capacity']),
      );
      if (!parsed.success) return failed('add-session', issuesByField(parsed.error));
      const done = await addSession({ db, actor, courseId, input: parsed.data });
      if (!done.ok) return refused('add-session', done);
      return back({ fait: 'seance' });
    }
    case 'move-session': {
      const sessionId = intParam(String(form.get('sessionId') ?? ''));
      const formKey = `move-${sessionId}`;
      const parsed = SessionInput.safeParse(
        entries(['day', 'startTime', 'endTime', 'roomId', 'facilitatorName', 'capacity']),
      );
      if (!parsed.success) return failed(formKey, issuesByField(parsed.error));
      const done = await rescheduleSession({ db, actor, sessionId, input: parsed.data });
      if (!done.ok) return refused(formKey, done);
      return back({ fait: 'deplacee', prevenus: done.told });
    }
    case 'cancel-session': {
      const sessionId = intParam(String(form.get('sessionId') ?? ''));
      const formKey = `cancel-${sessionId}`;
      const parsed = CancelSessionInput.safeParse(entries(['reason']));
      if (!parsed.success) return failed(formKey, issuesByField(parsed.error));
      const done = await cancelSession({ db, actor, sessionId, reason: parsed.data.reason });
      if (!done.ok) return refused(formKey, done);
      return back({ fait: 'annulee', prevenus: done.told });
    }
    case 'capacity': {
      const capacity = Number(form.get('capacity'));
      if (!Number.isInteger(capacity) || capacity < 1 || capacity > 200)
        return failed('capacity', { capacity: ['Un nombre de places entre 1 et 200.'] });
      const done = await setCourseCapacity({ db, actor, courseId, capacity });
      if (!done.ok) return refused('capacity', done);
      return back({ fait: 'places', promus: done.promoted.length });
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
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

/** A labelled input whose errors sit next to it and are read out at once. */
function Field({
  id,
  name,
  label,
  hint,
  errors,
  type = 'text',
  required,
  defaultValue,
  inputMode,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  type?: string;
  required?: boolean;
  defaultValue?: string | number | null;
  inputMode?: 'numeric' | 'text';
}) {
  const describedBy =
    [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
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
      <input
        id={id}
        name={name}
        type={type}
        required={required}
        defaultValue={defaultValue ?? undefined}
        inputMode={inputMode}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
  errors,
  idPrefix = name,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  errors?: string[];
  idPrefix?: string;
}) {
  return (
    <fieldset
      className={`field${errors?.length ? ' has-error' : ''}`}
      aria-describedby={errors?.length ? `${idPrefix}-error` : undefined}
    >
      <legend>{legend}</legend>
      <FieldAlert id={`${idPrefix}-error`} errors={errors} />
      {options.map((o) => (
        <div className="check" key={o.value}>
          <input
            type="radio"
            id={`${idPrefix}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValue === o.value}
            required
          />
          <label htmlFor={`${idPrefix}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Day, times, room, facilitator (and seats of a drop-in session): adding or moving a session. */
function SessionFields({
  prefix,
  rooms,
  dropIn,
  errors,
  defaults,
  sent,
}: {
  prefix: string;
  rooms: { id: number; name: string; seats: number }[];
  dropIn: boolean;
  errors: Errors;
  /** What was typed, when the form comes back with errors. */
  sent?: Record<string, string>;
  defaults?: Partial<{
    day: string;
    startTime: string;
    endTime: string;
    roomId: number | null;
    facilitatorName: string | null;
    capacity: number;
  }>;
}) {
  return (
    <>
      <Field
        name="day"
        id={`${prefix}-day`}
        label="Jour"
        type="date"
        required
        defaultValue={sent?.day ?? defaults?.day}
        errors={errors.day}
      />
      <Field
        name="startTime"
        id={`${prefix}-start`}
        label="Heure de début"
        type="time"
        required
        defaultValue={sent?.startTime ?? defaults?.startTime ?? '14:00'}
        errors={errors.startTime}
      />
      <Field
        name="endTime"
        id={`${prefix}-end`}
        label="Heure de fin"
        type="time"
        required
        defaultValue={sent?.endTime ?? defaults?.endTime ?? '16:00'}
        errors={errors.endTime}
      />
      <div className={`field${errors.roomId ? ' has-error' : ''}`}>
        <label htmlFor={`${prefix}-room`}>Salle</label>
        <FieldAlert id={`${prefix}-room-error`} errors={errors.roomId} />
        <select
          id={`${prefix}-room`}
          name="roomId"
          defaultValue={sent?.roomId ?? (defaults?.roomId ? String(defaults.roomId) : '')}
          aria-describedby={errors.roomId ? `${prefix}-room-error` : undefined}
        >
          <option value="">Pas de salle précise</option>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.seats} places)
            </option>
          ))}
        </select>
      </div>
      <Field
        name="facilitatorName"
        id={`${prefix}-facilitator`}
        label="Animateur ou animatrice"
        defaultValue={sent?.facilitatorName ?? defaults?.facilitatorName}
        errors={errors.facilitatorName}
      />
      {dropIn ? (
        <Field
          name="capacity"
          id={`${prefix}-capacity`}
          label="Nombre de places"
          type="number"
          inputMode="numeric"
          defaultValue={sent?.capacity ?? defaults?.capacity}
          errors={errors.capacity}
        />
      ) : null}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export default function Workshop() {
  const { course, sessions, registered, waiting, canRegister, canManage, canAttend, rooms, lookup, status } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const dropIn = course.kind === 'drop_in';
  const bookable = sessions.filter((s) => !s.cancelled && s.upcoming);
  const registerErrors = errorsOf('register');
  return (
    <Page title={course.title} crumbs={[{ to: '/ateliers', label: 'Ateliers' }]}>
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      <dl className="facts">
        <dt>Lieu</dt>
        <dd>{course.facilityName}</dd>
        <dt>Type</dt>
        <dd>{dropIn ? 'Atelier libre' : `Cycle de ${course.sessionCount} séances`}</dd>
        <dt>Niveau</dt>
        <dd>{levelLabels[course.level] ?? course.level}</dd>
        <dt>Public</dt>
        <dd>{course.audience}</dd>
        <dt>Description</dt>
        <dd>{course.description}</dd>
        {course.competencies.length ? (
          <>
            <dt>Compétences travaillées</dt>
            <dd>{course.competencies.join(', ')}</dd>
          </>
        ) : null}
        {dropIn ? null : (
          <>
            <dt>Places</dt>
            <dd>
              {course.seatsTaken} place{course.seatsTaken > 1 ? 's' : ''} sur {course.capacity} prise
              {course.seatsTaken > 1 ? 's' : ''}
              {waiting?.length ? `, ${waiting.length} en attente` : ''}
            </dd>
          </>
        )}
        {course.cancelled ? (
          <>
            <dt>État</dt>
            <dd>
              <strong>Atelier annulé</strong>
            </dd>
          </>
        ) : null}
      </dl>
      {canRegister ? (
        <p>
          <Link to={`/ateliers/${course.id}/competences`}>Compétences</Link> : ce que chaque personne inscrite
          sait faire.
        </p>
      ) : null}

      <Section id="seances" title="Séances">
        <table>
          <caption className="visually-hidden">Séances de l’atelier</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Heure</th>
              <th scope="col">Salle</th>
              <th scope="col">Animateur ou animatrice</th>
              {dropIn ? <th scope="col">Places</th> : null}
              <th scope="col">Présents / absents</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} id={`seance-${s.id}`}>
                <td>{s.day}</td>
                <td>{s.time}</td>
                <td>{s.roomName ?? '—'}</td>
                <td>{s.facilitatorName ?? '—'}</td>
                {dropIn ? (
                  <td>
                    {s.seatsTaken} sur {s.capacity}
                  </td>
                ) : null}
                <td>
                  {s.present} / {s.absent}
                </td>
                <td>
                  {s.cancelled ? (
                    <>
                      <strong>annulée</strong>
                      {s.cancelledReason ? ` : ${s.cancelledReason}` : ''}
                    </>
                  ) : canAttend ? (
                    <Link to={`/ateliers/seances/${s.id}`}>
                      {s.heldOrToday ? 'Faire l’appel' : 'Voir les inscrits'}
                      <span className="visually-hidden"> — {s.day}</span>
                    </Link>
                  ) : s.upcoming ? (
                    'prévue'
                  ) : (
                    'passée'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canManage && sessions.some((s) => !s.cancelled) ? <h3>Déplacer ou annuler une séance</h3> : null}
        {canManage
          ? sessions
              .filter((s) => !s.cancelled)
              .map((s) => {
                const moveErrors = errorsOf(`move-${s.id}`);
                const cancelErrors = errorsOf(`cancel-${s.id}`);
                return (
                  <div key={s.id} className="operation">
                    <p>
                      <strong>{s.day}</strong>, {s.time}
                    </p>
                    <details open={Object.keys(moveErrors).length > 0}>
                      <summary>
                        Déplacer<span className="visually-hidden"> la séance du {s.day}</span>
                      </summary>
                      <Form method="post" action={`/ateliers/${course.id}`} className="narrow">
                        <input type="hidden" name="intent" value="move-session" />
                        <input type="hidden" name="sessionId" value={s.id} />
                        <FormErrors errors={moveErrors['']} />
                        <SessionFields
                          prefix={`move-${s.id}`}
                          sent={sentTo(`move-${s.id}`)}
                          rooms={rooms}
                          dropIn={dropIn}
                          errors={moveErrors}
                          defaults={{
                            ...s.input,
                            roomId: s.roomId,
                            facilitatorName: s.facilitatorName,
                            capacity: s.capacity,
                          }}
                        />
                        <p className="hint">
                          Les personnes inscrites sont prévenues si le jour ou l’heure change.
                        </p>
                        <button type="submit">Enregistrer le changement</button>
                      </Form>
                    </details>
                    {s.upcoming ? (
                      <details open={Object.keys(cancelErrors).length > 0}>
                        <summary>
                          Annuler la séance<span className="visually-hidden"> du {s.day}</span>
                        </summary>
                        <Form method="post" action={`/ateliers/${course.id}`} className="narrow">
                          <input type="hidden" name="intent" value="cancel-session" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <FormErrors errors={cancelErrors['']} />
                          <Field
                            name="reason"
                            id={`reason-${s.id}`}
                            label="Raison de l’annulation"
                            defaultValue={sentTo(`cancel-${s.id}`)?.reason}
                            hint="Elle est dite aux personnes inscrites."
                            required
                            errors={cancelErrors.reason}
                          />
                          <button type="submit">Annuler la séance</button>
                        </Form>
                      </details>
                    ) : null}
                  </div>
                );
              })
          : null}
      </Section>

      {canManage ? (
        <Section id="ajouter" title="Ajouter une séance">
          <Form method="post" action={`/ateliers/${course.id}`} className="narrow">
            <input type="hidden" name="intent" value="add-session" />
            <FormErrors errors={errorsOf('add-session')['']} />
            <SessionFields
              prefix="add"
              sent={sentTo('add-session')}
              rooms={rooms}
              dropIn={dropIn}
              errors={errorsOf('add-session')}
              defaults={{ capacity: course.capacity }}
            />
            <button type="submit">Ajouter la séance</button>
          </Form>
        </Section>
      ) : null}
      {canManage && !dropIn ? (
        <Section id="places" title="Nombre de places">
          <Form method="post" action={`/ateliers/${course.id}`} className="narrow">
            <input type="hidden" name="intent" value="capacity" />
            <FormErrors errors={errorsOf('capacity')['']} />
            <Field
              name="capacity"
              id="course-capacity"
              label="Nombre de places"
              hint="Plus de places : les premières personnes en attente sont inscrites et prévenues."
              type="number"
              inputMode="numeric"
              required
              defaultValue={sentTo('capacity')?.capacity ?? course.capacity}
              errors={errorsOf('capacity').capacity}
            />
            <button type="submit">Changer le nombre de places</button>
          </Form>
        </Section>
      ) : null}

      {canRegister && registered && waiting ? (
        <>
          <Section id="inscrits" title={`Personnes inscrites (${registered.length})`}>
            <FormErrors errors={Object.values(errorsOf('registrations')).flat()} />
            {registered.length ? (
              <table>
                <caption className="visually-hidden">Personnes inscrites</caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Foyer</th>
                    {dropIn ? <th scope="col">Séance</th> : null}
                    <th scope="col">Prévenue par</th>
                    <th scope="col">Présences</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {registered.map((r) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td style={{ whiteSpace: 'nowrap' }}>
                        <Link to={`/foyers/${r.householdId}`}>{r.householdReference}</Link>
                      </td>
                      {dropIn ? <td>{r.session ?? '—'}</td> : null}
                      <td>{channelLabels[r.reminderChannel] ?? r.reminderChannel}</td>
                      <td>
                        {r.attended} présence{r.attended > 1 ? 's' : ''}, {r.missed} absence
                        {r.missed > 1 ? 's' : ''}
                        {r.completed ? (
                          <>
                            {' '}
                            <strong>terminé</strong>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <Form method="post" action={`/ateliers/${course.id}`} className="inline">
                          <input type="hidden" name="intent" value="cancel-registration" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <button type="submit" className="secondary">
                            Annuler l’inscription<span className="visually-hidden"> de {r.name}</span>
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>Personne n’est encore inscrit.</p>
            )}
          </Section>

          <Section id="attente" title={`Liste d’attente (${waiting.length})`}>
            {waiting.length ? (
              <ul className="links">
                {waiting.map((r) => (
                  <li key={r.id}>
                    <strong>{ordinal(r.position ?? 1)} en attente</strong> : {r.name} (
                    <Link to={`/foyers/${r.householdId}`}>{r.householdReference}</Link>)
                    {r.session ? `, séance du ${r.session}` : ''}, prévenue par{' '}
                    {channelInText[r.reminderChannel] ?? r.reminderChannel}{' '}
                    <Form method="post" action={`/ateliers/${course.id}`} className="inline">
                      <input type="hidden" name="intent" value="cancel-registration" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <button type="submit" className="link-button">
                        Retirer de la liste<span className="visually-hidden"> : {r.name}</span>
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : (
              <p>Personne n’attend.</p>
            )}
          </Section>

          {course.cancelled ? null : (
            <Section id="inscrire" title="Inscrire une personne">
              <form method="get" action={`/ateliers/${course.id}#inscrire`} className="narrow">
                <div className={`field${lookup?.error ? ' has-error' : ''}`}>
                  <label htmlFor="foyer">Référence du foyer</label>
                  <p className="hint" id="foyer-hint">
                    Par exemple F-000123. Elle est sur la fiche du foyer.
                  </p>
                  <FieldAlert id="foyer-error" errors={lookup?.error ? [lookup.error] : undefined} />
                  <input
                    id="foyer"
                    name="foyer"
                    type="text"
                    autoComplete="off"
                    required
                    defaultValue={lookup?.reference ?? ''}
                    aria-invalid={lookup?.error ? true : undefined}
                    aria-describedby={lookup?.error ? 'foyer-hint foyer-error' : 'foyer-hint'}
                  />
                </div>
                <button type="submit" className={lookup?.members ? 'secondary' : undefined}>
                  Chercher le foyer
                </button>
              </form>
              {lookup?.members && lookup.householdId ? (
                <Form
                  method="post"
                  action={`/ateliers/${course.id}?foyer=${encodeURIComponent(lookup.reference)}#inscrire`}
                  className="narrow"
                >
                  <input type="hidden" name="intent" value="register" />
                  <input type="hidden" name="householdId" value={lookup.householdId} />
                  <FormErrors errors={registerErrors['']} />
                  <RadioGroup
                    name="memberId"
                    legend={`Qui inscrire ? (foyer ${lookup.reference})`}
                    options={lookup.members.map((m) => ({ value: String(m.id), label: m.name }))}
                    defaultValue={
                      sentTo('register')?.memberId ??
                      (lookup.members.length === 1 ? String(lookup.members[0]!.id) : undefined)
                    }
                    errors={registerErrors.memberId}
                  />
                  <RadioGroup
                    name="reminderChannel"
                    legend="Comment prévenir cette personne ?"
                    options={Object.entries(channelLabels).map(([value, label]) => ({ value, label }))}
                    defaultValue={sentTo('register')?.reminderChannel ?? lookup.channel}
                    errors={registerErrors.reminderChannel}
                  />
                  {dropIn ? (
                    <div className={`field${registerErrors.sessionId ? ' has-error' : ''}`}>
                      <label htmlFor="sessionId">Séance</label>
                      <FieldAlert id="sessionId-error" errors={registerErrors.sessionId} />
                      <select
                        id="sessionId"
                        name="sessionId"
                        required
                        aria-describedby={registerErrors.sessionId ? 'sessionId-error' : undefined}
                      >
                        {bookable.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.day}, {s.time} —{' '}
                            {s.seatsTaken >= s.capacity
                              ? 'complète (liste d’attente)'
                              : `${s.capacity - s.seatsTaken} place${s.capacity - s.seatsTaken > 1 ? 's' : ''} libre${s.capacity - s.seatsTaken > 1 ? 's' : ''}`}
                          </option>
                        ))}
                      </select>
                    </div>
                  ) : null}
                  <button type="submit">Inscrire</button>
                </Form>
              ) : null}
            </Section>
          )}
        </>
      ) : null}
    </Page>
  );
}
