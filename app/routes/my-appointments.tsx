// A resident's appointments with consumer associations (free legal help on Internet and phone contracts): the free
// slots by association and place, booking one, and their own appointments — in plain words, without JavaScript.
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
  AppointmentInput,
  adviceTopics,
  appointmentRefusalMessage,
  appointmentWhenText,
  bookAppointment,
  cancelAppointment,
  listAppointments,
  listOpenSlots,
  topicLabels,
} from '../../src/advice/index.ts';
import { displayPhone, getHousehold } from '../../src/households/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { preferredReminderChannel } from '../../src/workshops/index.ts';
import { Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Problem, Radios } from '../components/resident-choices.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Mes rendez-vous — Palier' }];

const channels = [
  { value: 'sms', label: 'Par SMS' },
  { value: 'call', label: 'Par un appel téléphonique' },
  { value: 'letter', label: 'Par courrier' },
  { value: 'email', label: 'Par e-mail' },
];
const day = 86_400_000;
/** How far ahead free slots are shown, and how many per place (the nearest first). */
const weeksShown = 8;
const perPlace = 12;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  if (actor.role !== 'resident' || !actor.householdId)
    throw redirect(canAtAll(actor, 'office.manage') ? '/conseil/permanences' : '/');
  const { db } = services(context);
  const householdId = actor.householdId;
  const now = new Date();
  const [household, mine, slots] = await Promise.all([
    getHousehold({ db, actor, householdId }),
    listAppointments({ db, actor, from: now }),
    listOpenSlots({
      db,
      programmeId: actor.programmeId,
      from: now,
      to: new Date(now.getTime() + weeksShown * 7 * day),
    }),
  ]);
  const groups: {
    key: string;
    association: string;
    facilityName: string;
    address: string;
    phone: string | null;
    slots: { id: number; when: string }[];
  }[] = [];
  for (const s of slots) {
    if (!s.free) continue;
    const key = `${s.organisationId}-${s.facilityId}`;
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = {
        key,
        association: s.organisationName,
        facilityName: s.facilityName,
        address: `${s.address}, ${s.postcode} ${s.commune}`,
        phone: s.phone ? displayPhone(s.phone) : null,
        slots: [],
      };
      groups.push(group);
    }
    if (group.slots.length < perPlace) group.slots.push({ id: s.id, when: appointmentWhenText(s.startsAt) });
  }
  const url = new URL(request.url);
  return {
    members: household.members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}` })),
    channel: preferredReminderChannel(household.contact.channels),
    mine: mine.map((a) => ({
      id: a.id,
      when: appointmentWhenText(a.startsAt),
      association: a.association,
      facilityName: a.facilityName,
      address: `${a.address}, ${a.commune}`,
      name: a.memberName,
      phone: a.phone ? displayPhone(a.phone) : null,
    })),
    groups,
    done: url.searchParams.get('fait'),
    confirm: optionalIntParam(url.searchParams.get('annuler')) ?? null,
  };
});

type Errors = Record<string, string[]>;

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'appointment.book');
  if (actor.role !== 'resident' || !actor.householdId) throw redirect('/');
  const { db } = services(context);
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  if (values.intent === 'cancel') {
    const done = await cancelAppointment({ db, actor, appointmentId: intParam(values.appointmentId) });
    if (!done.ok) return redirect('/rendez-vous?fait=deja-annule#mes-rendez-vous');
    return redirect('/rendez-vous?fait=annule#mes-rendez-vous');
  }
  const group = values.group ?? '';
  const errors: Errors = {};
  const slotId = optionalIntParam(values.slotId ?? null);
  if (!slotId) errors.slotId = ['Choisissez le jour et l’heure du rendez-vous.'];
  const parsed = AppointmentInput.safeParse({
    memberId: values.memberId ?? '',
    reminderChannel: values.reminderChannel ?? '',
    topic: values.topic ?? '',
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      errors[field] = [field === 'memberId' ? 'Choisissez qui vient au rendez-vous.' : issue.message];
    }
  if (!slotId || !parsed.success) return data({ group, errors, values }, { status: 400 });
  const done = await bookAppointment({
    db,
    actor,
    slotId,
    householdId: actor.householdId,
    input: parsed.data,
  });
  if (!done.ok)
    return data(
      {
        group,
        errors: {
          [done.field ?? (done.reason.startsWith('slot_') ? 'slotId' : '')]: [
            appointmentRefusalMessage(done.reason),
          ],
        } as Errors,
        values,
      },
      { status: 409 },
    );
  return redirect('/rendez-vous?fait=pris#mes-rendez-vous');
});

export default function MyAppointments() {
  const { members, channel, mine, groups, done, confirm } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const status =
    done === 'pris'
      ? 'C’est fait : le rendez-vous est pris. Vous allez recevoir une confirmation, puis un rappel deux jours avant.'
      : done === 'annule'
        ? 'C’est fait : le rendez-vous est annulé.'
        : done === 'deja-annule'
          ? 'Ce rendez-vous était déjà annulé.'
          : null;
  return (
    <Page title="Mes rendez-vous">
      <div className="resident">
        {status ? <Notice>{status}</Notice> : null}
        <p className="lead">
          Un problème avec un contrat Internet ou téléphone, une facture, un démarchage ? Des associations de
          consommateurs vous aident. C’est gratuit.
        </p>

        <section aria-labelledby="mes-rendez-vous-title" id="mes-rendez-vous">
          <h2 id="mes-rendez-vous-title">Mes rendez-vous</h2>
          {mine.length ? (
            <ul className="links">
              {mine.map((a) => (
                <li key={a.id} id={`rendez-vous-${a.id}`}>
                  <p>
                    <strong>{a.when}</strong>
                    <br />
                    Avec : {a.association}
                    <br />
                    Où : {a.facilityName}, {a.address}
                    <br />
                    Pour : {a.name}
                  </p>
                  {confirm === a.id ? (
                    <div className="vote-problem">
                      <p>
                        Voulez-vous vraiment annuler ce rendez-vous ? Une autre personne pourra le prendre.
                      </p>
                      <Form method="post" action="/rendez-vous">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="appointmentId" value={a.id} />
                        <button type="submit" className="big-button">
                          Oui, annuler le rendez-vous
                        </button>
                      </Form>
                      <p>
                        <Link to="/rendez-vous#mes-rendez-vous">Non, je garde mon rendez-vous</Link>
                      </p>
                    </div>
                  ) : (
                    <form method="get" action={`/rendez-vous#rendez-vous-${a.id}`}>
                      <input type="hidden" name="annuler" value={a.id} />
                      <button type="submit" className="secondary">
                        Annuler le rendez-vous<span className="visually-hidden"> du {a.when}</span>
                      </button>
                    </form>
                  )}
                  {a.phone ? <p className="hint">Une question ? Appelez le {a.phone}.</p> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>Vous n’avez pas de rendez-vous pour le moment.</p>
          )}
        </section>

        <section aria-labelledby="prendre-title" id="prendre">
          <h2 id="prendre-title">Prendre un rendez-vous</h2>
          {groups.length === 0 ? <p>Pas de rendez-vous libre pour le moment. Revenez bientôt.</p> : null}
          {groups.map((g, index) => {
            const errors: Errors = actionData?.group === g.key ? actionData.errors : {};
            const chosen = actionData?.group === g.key ? actionData.values : undefined;
            const prefix = `g${index}`;
            return (
              <article
                key={g.key}
                id={`groupe-${g.key}`}
                className="vote-question"
                aria-labelledby={`${prefix}-title`}
              >
                <h3 id={`${prefix}-title`} style={{ fontSize: '1.3rem' }}>
                  {g.association} — {g.facilityName}
                </h3>
                <p>
                  {g.address}
                  {g.phone ? (
                    <>
                      <br />
                      Téléphone : {g.phone}
                    </>
                  ) : null}
                </p>
                <Form method="post" action={`/rendez-vous#groupe-${g.key}`}>
                  <input type="hidden" name="intent" value="book" />
                  <input type="hidden" name="group" value={g.key} />
                  <Problem id={`${prefix}-error`} errors={errors['']} phone={g.phone} />
                  <Radios
                    name="slotId"
                    legend="Quel jour et à quelle heure ?"
                    prefix={prefix}
                    options={g.slots.map((s) => ({ value: String(s.id), label: s.when }))}
                    defaultValue={chosen?.slotId}
                    errors={errors.slotId}
                    phone={g.phone}
                  />
                  <Radios
                    name="memberId"
                    legend="Qui vient ?"
                    prefix={prefix}
                    options={members.map((m) => ({ value: String(m.id), label: m.name }))}
                    defaultValue={
                      chosen?.memberId ?? (members.length === 1 ? String(members[0]!.id) : undefined)
                    }
                    errors={errors.memberId}
                    phone={g.phone}
                  />
                  <Radios
                    name="reminderChannel"
                    legend="Comment voulez-vous être prévenu ?"
                    prefix={prefix}
                    options={channels}
                    defaultValue={chosen?.reminderChannel ?? channel}
                    errors={errors.reminderChannel}
                    phone={g.phone}
                  />
                  <div className={`field${errors.topic ? ' has-error' : ''}`}>
                    <label htmlFor={`${prefix}-topic`}>De quoi voulez-vous parler ? (pas obligatoire)</label>
                    <Problem id={`${prefix}-topic-error`} errors={errors.topic} />
                    <select
                      id={`${prefix}-topic`}
                      name="topic"
                      defaultValue={chosen?.topic ?? ''}
                      aria-describedby={errors.topic ? `${prefix}-topic-error` : undefined}
                    >
                      <option value="">Je ne sais pas, ou je préfère le dire sur place</option>
                      {adviceTopics.map((t) => (
                        <option key={t} value={t}>
                          {topicLabels[t]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="big-button">
                    Prendre ce rendez-vous
                    <span className="visually-hidden">
                      {' '}
                      : {g.association}, {g.facilityName}
                    </span>
                  </button>
                </Form>
              </article>
            );
          })}
        </section>
        <p>
          <Link to="/">Retour à l’accueil</Link>
        </p>
      </div>
    </Page>
  );
}
