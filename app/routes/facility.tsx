// One facility: where it is, its hours this week, its rooms, its coming sessions and its calendar feed.
import { getFormProps, useForm } from '@conform-to/react';
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
import { displayPhone } from '../../src/households/index.ts';
import { listOrganisations } from '../../src/partners/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll, scopeOf } from '../../src/platform/permissions/index.ts';
import {
  addRoom,
  describeState,
  FacilityInput,
  getFacility,
  listSessions,
  openingState,
  RoomInput,
  updateFacility,
  weekSchedule,
  whenText,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { FacilityFields } from '../components/facility-fields.tsx';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data }: { data?: { facility?: { name: string } } }) => [
  { title: `${data?.facility?.name ?? 'Lieu'} — Palier` },
];

const weeks4 = 28 * 86_400_000;

/** « 9 h 00 » from « 09:00 ». */
const clock = (time: string) => `${Number(time.slice(0, 2))} h ${time.slice(3)}`;

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.read');
  const { db, config } = services(context);
  const facilityId = intParam(params.id);
  const place = await getFacility({ db, programmeId: actor.programmeId, facilityId, actor });
  const now = new Date();
  const hours = place.openingHours ?? '';
  const sessions = await listSessions({
    db,
    programmeId: actor.programmeId,
    facilityId,
    from: now,
    to: new Date(now.getTime() + weeks4),
  });
  const choosesPartner =
    place.canManage && scopeOf(actor, 'facility.manage') === 'programme' && canAtAll(actor, 'partner.manage');
  const partners = choosesPartner
    ? (await listOrganisations({ db, actor }))
        .filter((o) => o.kind === 'facility' && (o.active || o.id === place.organisationId))
        .map((o) => ({ id: o.id, name: o.name }))
    : null;
  const today = localDate(now);
  return {
    facility: {
      id: place.id,
      name: place.name,
      address: place.address,
      addressComplement: place.addressComplement,
      postcode: place.postcode,
      commune: place.commune,
      inseeCode: place.inseeCode,
      pivot: place.pivot,
      latitude: place.latitude,
      longitude: place.longitude,
      phone: place.phone,
      phoneDisplay: place.phone ? displayPhone(place.phone) : null,
      emails: place.emails,
      websites: place.websites,
      openingHours: place.openingHours,
      summary: place.summary,
      accessibility: place.accessibility,
      wheelchairAccessible: place.wheelchairAccessible,
      computers: place.computers,
      organisationId: place.organisationId,
      organisationName: place.organisationName,
      rooms: place.rooms.map((r) => ({ id: r.id, name: r.name, seats: r.seats, computers: r.computers })),
    },
    state: describeState(openingState(hours, now), now),
    week: weekSchedule(hours, now).map((d) => ({
      date: d.date,
      day: d.dayLabel,
      isToday: d.date === today,
      hours: d.ranges.length
        ? d.ranges
            .map((r) => `${clock(r.from)} – ${clock(r.to)}${r.unknown ? ' (à confirmer)' : ''}`)
            .join(', ')
        : 'Fermé',
      comment: d.comment,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      courseId: s.courseId,
      title: s.courseTitle,
      when: whenText(s.startsAt),
      room: s.roomName,
      seats: `${s.seatsTaken} / ${s.capacity}`,
      cancelled: s.status === 'cancelled',
    })),
    calendarUrl: `${config.baseUrl.replace(/\/$/, '')}/lieux/${facilityId}/ateliers.ics`,
    canManage: place.canManage,
    partners,
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'facility.manage');
  const db = services(context).db;
  const facilityId = intParam(params.id);
  const intent = (
    await request
      .clone()
      .formData()
      .catch(() => new FormData())
  ).get('intent');
  if (intent === 'room') {
    const { submission } = await parseForm(request, RoomInput);
    if (submission.status !== 'success')
      return data({ intent: 'room' as const, result: submission.reply() }, { status: 400 });
    const added = await addRoom({ db, actor, facilityId, input: submission.value });
    if (!added.ok)
      return data(
        {
          intent: 'room' as const,
          result: submission.reply({ fieldErrors: { name: [workshopRefusalMessage(added.reason)] } }),
        },
        { status: 409 },
      );
    return redirect(`/lieux/${facilityId}?fait=salle#salles`);
  }
  const { submission } = await parseForm(request, FacilityInput);
  if (submission.status !== 'success')
    return data({ intent: 'edit' as const, result: submission.reply() }, { status: 400 });
  const updated = await updateFacility({ db, actor, facilityId, input: submission.value });
  if (!updated.ok) {
    const message = workshopRefusalMessage(updated.reason);
    return data(
      {
        intent: 'edit' as const,
        result: submission.reply(
          updated.field ? { fieldErrors: { [updated.field]: [message] } } : { formErrors: [message] },
        ),
      },
      { status: 409 },
    );
  }
  return redirect(`/lieux/${facilityId}?fait=modifie`);
});

const doneMessages: Record<string, string> = {
  cree: 'Le lieu est enregistré.',
  modifie: 'Les changements sont enregistrés.',
  salle: 'La salle est ajoutée.',
};

export default function Facility() {
  const {
    facility: f,
    state,
    week,
    sessions,
    calendarUrl,
    canManage,
    partners,
    done,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [editForm, editFields] = useForm<z.input<typeof FacilityInput>>({
    lastResult: actionData?.intent === 'edit' ? actionData.result : undefined,
    defaultValue: {
      name: f.name,
      address: f.address,
      addressComplement: f.addressComplement ?? '',
      postcode: f.postcode,
      commune: f.commune,
      inseeCode: f.inseeCode ?? '',
      pivot: f.pivot === '00000000000000' ? '' : f.pivot,
      latitude: f.latitude === null ? '' : String(f.latitude),
      longitude: f.longitude === null ? '' : String(f.longitude),
      phone: f.phone ?? '',
      email: f.emails[0] ?? '',
      openingHours: f.openingHours ?? '',
      summary: f.summary ?? '',
      accessibility: f.accessibility ?? '',
      wheelchairAccessible: f.wheelchairAccessible ? 'on' : '',
      computers: String(f.computers),
      organisationId: f.organisationId === null ? '' : String(f.organisationId),
    },
  });
  const [roomForm, roomFields] = useForm<z.input<typeof RoomInput>>({
    lastResult: actionData?.intent === 'room' ? actionData.result : undefined,
    defaultValue: { computers: '0' },
  });
  const editing = actionData?.intent === 'edit';
  const remarks = week.some((d) => d.comment);
  const mapUrl =
    f.latitude !== null && f.longitude !== null
      ? `https://www.openstreetmap.org/?mlat=${f.latitude}&mlon=${f.longitude}#map=18/${f.latitude}/${f.longitude}`
      : null;
  return (
    <Page title={f.name} crumbs={[{ to: '/lieux', label: 'Lieux' }]}>
      {done && doneMessages[done] ? <Notice>{doneMessages[done]}</Notice> : null}
      <p className="big-figure">{state}</p>
      {f.summary ? <p className="lead">{f.summary}</p> : null}
      <dl className="facts">
        <div>
          <dt>Adresse</dt>
          <dd>
            {f.address}
            {f.addressComplement ? `, ${f.addressComplement}` : ''}, {f.postcode} {f.commune}
          </dd>
        </div>
        <div>
          <dt>Téléphone</dt>
          <dd>{f.phone ? <a href={`tel:${f.phone.replace(/[^+\d]/g, '')}`}>{f.phoneDisplay}</a> : '—'}</dd>
        </div>
        {f.emails.length ? (
          <div>
            <dt>E-mail</dt>
            <dd>
              {f.emails.map((e, i) => (
                <span key={e}>
                  {i ? ', ' : ''}
                  <a href={`mailto:${e}`}>{e}</a>
                </span>
              ))}
            </dd>
          </div>
        ) : null}
        {f.websites.length ? (
          <div>
            <dt>Site web</dt>
            <dd>
              {f.websites.map((w, i) => (
                <span key={w}>
                  {i ? ', ' : ''}
                  <a href={w}>{w}</a>
                </span>
              ))}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Accessibilité</dt>
          <dd>
            {f.wheelchairAccessible === true
              ? 'Accessible en fauteuil roulant.'
              : f.wheelchairAccessible === false
                ? 'Pas accessible en fauteuil roulant.'
                : ''}{' '}
            {f.accessibility ?? (f.wheelchairAccessible === null ? 'Non renseignée' : '')}
          </dd>
        </div>
        <div>
          <dt>Ordinateurs disponibles</dt>
          <dd>{f.computers}</dd>
        </div>
        <div>
          <dt>Partenaire</dt>
          <dd>{f.organisationName ?? '—'}</dd>
        </div>
        <div>
          <dt>Coordonnées</dt>
          <dd>
            {mapUrl ? (
              <>
                {f.latitude}, {f.longitude} — <a href={mapUrl}>Voir sur OpenStreetMap</a>
              </>
            ) : (
              'Non renseignées'
            )}
          </dd>
        </div>
      </dl>

      <table>
        <caption>Horaires de la semaine</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            <th scope="col">Heures d’ouverture</th>
            {remarks ? <th scope="col">Remarque</th> : null}
          </tr>
        </thead>
        <tbody>
          {week.map((d) => (
            <tr key={d.date} aria-current={d.isToday ? 'date' : undefined}>
              <th scope="row">{d.isToday ? <strong>{d.day} (aujourd’hui)</strong> : d.day}</th>
              <td>{d.hours}</td>
              {remarks ? <td>{d.comment ?? ''}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {f.openingHours ? null : <p>Les horaires de ce lieu ne sont pas encore renseignés.</p>}

      <section aria-labelledby="seances">
        <h2 id="seances">Ateliers des 4 prochaines semaines</h2>
        {sessions.length === 0 ? (
          <p>Aucune séance prévue dans ce lieu pour les 4 prochaines semaines.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Séances des 4 prochaines semaines</caption>
            <thead>
              <tr>
                <th scope="col">Quand</th>
                <th scope="col">Atelier</th>
                <th scope="col">Salle</th>
                <th scope="col">Places prises</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.when}
                    {s.cancelled ? <strong> — annulée</strong> : null}
                  </td>
                  <td>
                    <Link to={`/ateliers/${s.courseId}`}>{s.title}</Link>
                  </td>
                  <td>{s.room ?? '—'}</td>
                  <td>{s.seats}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href={`/lieux/${f.id}/ateliers.ics`}>S’abonner au calendrier des ateliers</a>
        </p>
        <p className="hint">
          Pour voir les ateliers de ce lieu dans l’agenda d’un téléphone, ajoutez-y cette adresse :{' '}
          <code className="break">{calendarUrl}</code>
        </p>
      </section>

      <section aria-labelledby="salles">
        <h2 id="salles">Salles</h2>
        {f.rooms.length === 0 ? (
          <p>Aucune salle enregistrée.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Salles du lieu</caption>
            <thead>
              <tr>
                <th scope="col">Salle</th>
                <th scope="col" className="num">
                  Places
                </th>
                <th scope="col" className="num">
                  Ordinateurs
                </th>
              </tr>
            </thead>
            <tbody>
              {f.rooms.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td className="num">{r.seats}</td>
                  <td className="num">{r.computers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage ? (
          <Form
            method="post"
            {...getFormProps(roomForm)}
            className="inline-form"
            aria-labelledby="ajout-salle"
          >
            <h3 id="ajout-salle">Ajouter une salle</h3>
            <input type="hidden" name="intent" value="room" />
            <FormErrors errors={roomForm.errors} />
            <TextField
              id="room-name"
              name={roomFields.name.name}
              label="Nom de la salle"
              required
              defaultValue={roomFields.name.initialValue as string | undefined}
              errors={roomFields.name.errors}
            />
            <TextField
              id="room-seats"
              name={roomFields.seats.name}
              label="Nombre de places"
              inputMode="numeric"
              required
              defaultValue={roomFields.seats.initialValue as string | undefined}
              errors={roomFields.seats.errors}
            />
            <TextField
              id="room-computers"
              name={roomFields.computers.name}
              label="Ordinateurs dans la salle"
              inputMode="numeric"
              required
              defaultValue={roomFields.computers.initialValue as string | undefined}
              errors={roomFields.computers.errors}
            />
            <button type="submit">Ajouter une salle</button>
          </Form>
        ) : null}
      </section>

      {canManage ? (
        <details open={editing}>
          <summary>Modifier le lieu</summary>
          <Form method="post" {...getFormProps(editForm)} className="narrow" aria-label="Modifier le lieu">
            <input type="hidden" name="intent" value="edit" />
            <p className="hint">Les champs marqués d’une * sont obligatoires.</p>
            <FormErrors errors={editForm.errors} />
            <FacilityFields fields={editFields} partners={partners} />
            <button type="submit">Enregistrer les changements</button>
          </Form>
        </details>
      ) : null}
    </Page>
  );
}
