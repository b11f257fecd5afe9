// The programme of courses (no names), filtered by place and period; facilitators create courses for their places.
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
import { canAtAll, ForbiddenError } from '../../src/platform/permissions/index.ts';
import {
  CourseInput,
  courseLevelLabels,
  courseLevels,
  createCourse,
  getFacility,
  listCourses,
  listFacilities,
  whenText,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { FormErrors, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Ateliers — Palier' }];

const levelLabels: Record<string, string> = courseLevelLabels;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  // Residents have their own page, in plain words.
  if (actor.role === 'resident') throw redirect('/mes-ateliers');
  if (!canAtAll(actor, 'workshop.read')) throw new ForbiddenError('workshop.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const facilityId = optionalIntParam(url.searchParams.get('lieu'));
  const past = url.searchParams.get('periode') === 'passes';
  const [courses, facilities] = await Promise.all([
    listCourses({ db, programmeId: actor.programmeId, facilityId, period: past ? 'past' : 'current' }),
    listFacilities({ db, programmeId: actor.programmeId }),
  ]);
  const canManage = canAtAll(actor, 'workshop.manage');
  const own = canManage ? facilities.filter((f) => f.organisationId === actor.organisationId) : [];
  const withRooms = await Promise.all(
    own.map(async (f) => {
      const detail = await getFacility({ db, programmeId: actor.programmeId, facilityId: f.id });
      return {
        id: f.id,
        name: f.name,
        rooms: detail.rooms.map((r) => ({ id: r.id, name: r.name, seats: r.seats })),
      };
    }),
  );
  return {
    filters: { facilityId: facilityId ?? null, past },
    facilities: facilities.map((f) => ({ id: f.id, name: f.name })),
    courses: courses.map((c) => ({
      id: c.id,
      title: c.title,
      facilityName: c.facilityName,
      kind: c.kind,
      sessionCount: c.sessionCount,
      level: c.level,
      capacity: c.capacity,
      seatsTaken: c.seatsTaken,
      waiting: c.waiting,
      cancelled: c.status === 'cancelled',
      next: c.nextSession ? whenText(c.nextSession) : null,
      last: c.lastSession ? whenText(c.lastSession) : null,
    })),
    canManage,
    own: withRooms,
  };
});

type Errors = Record<string, string[]>;

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.manage');
  const formData = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of formData) if (typeof entry === 'string') values[key] = entry;
  // An unchecked box is not sent at all: say "no" explicitly, or the schema's default (yes) would win. Empty fields
  // stay empty strings, so a missing title gets the schema's own words (« Indiquez le titre de l’atelier »).
  if (!('skipHolidays' in values)) values.skipHolidays = 'false';
  const parsed = CourseInput.safeParse(values);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] = [...new Set([...(errors[key] ?? []), issue.message])];
    }
    return data({ errors, values }, { status: 400 });
  }
  const created = await createCourse({ db: services(context).db, actor, input: parsed.data });
  if (!created.ok)
    return data(
      { errors: { [created.field ?? '']: [workshopRefusalMessage(created.reason)] } as Errors, values },
      { status: 409 },
    );
  const query = new URLSearchParams({ fait: 'cree' });
  if (created.skipped.length) {
    query.set('feries', created.skipped.map((s) => s.day).join(','));
    if (parsed.data.kind === 'cycle' && parsed.data.everyWeeks > 1)
      query.set('rythme', String(parsed.data.everyWeeks));
  }
  return redirect(`/ateliers/${created.courseId}?${query}`);
});

/** « 8 places sur 10 prises ». */
const seats = (taken: number, capacity: number) =>
  `${taken} place${taken > 1 ? 's' : ''} sur ${capacity} prise${taken > 1 ? 's' : ''}`;

export default function Workshops() {
  const { filters, facilities, courses, canManage, own } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sent = actionData?.values;
  const errors = (name: string) => actionData?.errors[name];
  const value = (name: string, fallback: string) => (sent ? (sent[name] ?? '') : fallback);
  const kind = value('kind', 'cycle');
  const allErrors = Object.values(actionData?.errors ?? {}).flat();
  return (
    <Page title="Ateliers">
      <form method="get" className="filters" aria-label="Choisir les ateliers affichés">
        <div className="field">
          <label htmlFor="lieu">Lieu</label>
          <select id="lieu" name="lieu" defaultValue={filters.facilityId ? String(filters.facilityId) : ''}>
            <option value="">Tous les lieux</option>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="periode">Période</label>
          <select id="periode" name="periode" defaultValue={filters.past ? 'passes' : 'en-cours'}>
            <option value="en-cours">En cours et à venir</option>
            <option value="passes">Passés</option>
          </select>
        </div>
        <button type="submit">Afficher</button>
      </form>
      {courses.length ? (
        <table>
          <caption className="visually-hidden">Ateliers</caption>
          <thead>
            <tr>
              <th scope="col">Atelier</th>
              <th scope="col">Lieu</th>
              <th scope="col">Type</th>
              <th scope="col">Niveau</th>
              <th scope="col">{filters.past ? 'Dernière séance' : 'Prochaine séance'}</th>
              <th scope="col">Places</th>
              <th scope="col" className="num">
                En attente
              </th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/ateliers/${c.id}`}>{c.title}</Link>
                  {c.cancelled ? ' (annulé)' : ''}
                </td>
                <td>{c.facilityName}</td>
                <td>{c.kind === 'cycle' ? `Cycle de ${c.sessionCount} séances` : 'Atelier libre'}</td>
                <td>{levelLabels[c.level] ?? c.level}</td>
                <td>
                  {filters.past ? (c.last ?? '—') : (c.next ?? `Terminé : dernière séance ${c.last ?? '—'}`)}
                </td>
                <td>
                  {c.kind === 'cycle' ? seats(c.seatsTaken, c.capacity) : `${c.capacity} places par séance`}
                </td>
                <td className="num">{c.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{filters.past ? 'Aucun atelier passé.' : 'Aucun atelier en cours ou à venir.'}</p>
      )}
      {canManage ? (
        <section aria-labelledby="new-course-title">
          <h2 id="new-course-title">Nouvel atelier</h2>
          {own.length === 0 ? (
            <p>Votre structure n’a pas encore de lieu : créez-le d’abord dans « Lieux ».</p>
          ) : (
            <Form method="post" action="/ateliers" className="narrow" noValidate>
              {allErrors.length ? (
                <FormErrors
                  errors={[
                    errors('')?.join(' ') ||
                      'L’atelier n’est pas créé : corrigez les champs signalés ci-dessous.',
                  ]}
                />
              ) : null}
              <SelectField
                name="facilityId"
                label="Lieu"
                required
                options={own.map((f) => ({ value: String(f.id), label: f.name }))}
                defaultValue={value('facilityId', String(own[0]!.id))}
                errors={errors('facilityId')}
              />
              <fieldset className={`field${errors('kind') ? ' has-error' : ''}`}>
                <legend>Type</legend>
                {errors('kind') ? <p className="field-error">{errors('kind')!.join(' ')}</p> : null}
                <div className="check">
                  <input
                    type="radio"
                    id="kind-cycle"
                    name="kind"
                    value="cycle"
                    defaultChecked={kind === 'cycle'}
                  />
                  <label htmlFor="kind-cycle">Cycle de séances (les mêmes personnes chaque semaine)</label>
                </div>
                <div className="check">
                  <input
                    type="radio"
                    id="kind-drop_in"
                    name="kind"
                    value="drop_in"
                    defaultChecked={kind === 'drop_in'}
                  />
                  <label htmlFor="kind-drop_in">Atelier libre (on s’inscrit séance par séance)</label>
                </div>
              </fieldset>
              <TextField
                name="title"
                label="Titre"
                required
                defaultValue={value('title', '')}
                errors={errors('title')}
              />
              <SelectField
                name="level"
                label="Niveau"
                required
                options={courseLevels.map((l) => ({ value: l, label: levelLabels[l] ?? l }))}
                defaultValue={value('level', 'beginner')}
                errors={errors('level')}
              />
              <TextField
                name="audience"
                label="Public"
                hint="Par exemple « Débutants, tout public » ou « Seniors »."
                required
                defaultValue={value('audience', 'Débutants, tout public')}
                errors={errors('audience')}
              />
              <div className={`field${errors('description') ? ' has-error' : ''}`}>
                <label htmlFor="description">
                  Description<span aria-hidden="true"> *</span>
                </label>
                {errors('description') ? (
                  <p className="field-error" id="description-error">
                    {errors('description')!.join(' ')}
                  </p>
                ) : null}
                <textarea
                  id="description"
                  name="description"
                  rows={3}
                  required
                  style={{ width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' }}
                  defaultValue={value('description', '')}
                  aria-invalid={errors('description') ? true : undefined}
                  aria-describedby={errors('description') ? 'description-error' : undefined}
                />
              </div>
              <TextField
                name="competencies"
                label="Compétences travaillées"
                hint="Les codes, séparés par des virgules (par exemple PIX-1.1, PIX-3.1). Facultatif."
                defaultValue={value('competencies', '')}
                errors={errors('competencies')}
              />
              <TextField
                name="capacity"
                label="Nombre de places"
                type="number"
                inputMode="numeric"
                required
                defaultValue={value('capacity', '10')}
                errors={errors('capacity')}
              />
              <div className={`field${errors('roomId') ? ' has-error' : ''}`}>
                <label htmlFor="roomId">Salle</label>
                <p className="hint" id="roomId-hint">
                  Facultatif. La salle doit être dans le lieu choisi.
                </p>
                {errors('roomId') ? (
                  <p className="field-error" id="roomId-error">
                    {errors('roomId')!.join(' ')}
                  </p>
                ) : null}
                <select
                  id="roomId"
                  name="roomId"
                  defaultValue={value('roomId', '')}
                  aria-invalid={errors('roomId') ? true : undefined}
                  aria-describedby={errors('roomId') ? 'roomId-hint roomId-error' : 'roomId-hint'}
                >
                  <option value="">Pas de salle précise</option>
                  {own
                    .filter((f) => f.rooms.length)
                    .map((f) => (
                      <optgroup key={f.id} label={f.name}>
                        {f.rooms.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name} ({r.seats} places)
                          </option>
                        ))}
                      </optgroup>
                    ))}
                </select>
              </div>
              <TextField
                name="facilitatorName"
                label="Animateur ou animatrice"
                defaultValue={value('facilitatorName', '')}
                errors={errors('facilitatorName')}
              />
              <TextField
                name="firstDay"
                label="Premier jour"
                type="date"
                required
                defaultValue={value('firstDay', '')}
                errors={errors('firstDay')}
              />
              <TextField
                name="startTime"
                label="Heure de début"
                type="time"
                required
                defaultValue={value('startTime', '14:00')}
                errors={errors('startTime')}
              />
              <TextField
                name="endTime"
                label="Heure de fin"
                type="time"
                required
                defaultValue={value('endTime', '16:00')}
                errors={errors('endTime')}
              />
              <fieldset>
                <legend>Pour un cycle</legend>
                <TextField
                  name="sessionCount"
                  label="Nombre de séances"
                  type="number"
                  inputMode="numeric"
                  defaultValue={value('sessionCount', '6')}
                  errors={errors('sessionCount')}
                />
                <TextField
                  name="everyWeeks"
                  label="Toutes les N semaines"
                  hint="1 : chaque semaine ; 2 : une semaine sur deux."
                  type="number"
                  inputMode="numeric"
                  defaultValue={value('everyWeeks', '1')}
                  errors={errors('everyWeeks')}
                />
                <div className="check">
                  <input
                    type="checkbox"
                    id="skipHolidays"
                    name="skipHolidays"
                    value="on"
                    defaultChecked={sent ? sent.skipHolidays === 'on' : true}
                  />
                  <label htmlFor="skipHolidays">Sauter les jours fériés</label>
                </div>
              </fieldset>
              <button type="submit">Créer l’atelier</button>
            </Form>
          )}
        </section>
      ) : null}
    </Page>
  );
}
