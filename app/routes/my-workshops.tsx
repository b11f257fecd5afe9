// A resident's workshops: their household's places and waiting lists, a calendar address, and signing up — in plain
// words, without JavaScript.
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
import { listCertificates } from '../../src/certificates/index.ts';
import { getHousehold } from '../../src/households/index.ts';
import {
  calendarToken,
  cancelRegistration,
  householdRegistrations,
  listCourses,
  listFacilities,
  listSessions,
  ordinal,
  preferredReminderChannel,
  RegistrationInput,
  register,
  whenText,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Problem, Radios } from '../components/resident-choices.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Mes ateliers — Palier' }];

const channels = [
  { value: 'sms', label: 'Par SMS' },
  { value: 'call', label: 'Par un appel téléphonique' },
  { value: 'letter', label: 'Par courrier' },
  { value: 'email', label: 'Par e-mail' },
];
const day = 86_400_000;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  if (actor.role !== 'resident') throw redirect('/ateliers');
  if (!actor.householdId) throw redirect('/');
  const { db, config } = services(context);
  const householdId = actor.householdId;
  const now = new Date();
  const [household, mine, courses, facilities, sessions, certificates] = await Promise.all([
    getHousehold({ db, actor, householdId }),
    householdRegistrations({ db, actor, householdId }),
    listCourses({ db, programmeId: actor.programmeId, period: 'current', now }),
    listFacilities({ db, programmeId: actor.programmeId }),
    listSessions({ db, programmeId: actor.programmeId, from: now, to: new Date(now.getTime() + 180 * day) }),
    listCertificates({ db, actor, limit: 50 }),
  ]);
  const phoneOf = new Map(facilities.map((f) => [f.id, f.phone]));
  const members = household.members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}` }));

  // One secret calendar address per person who has a workshop (made the first time it is shown).
  const withPlaces = [...new Set(mine.map((r) => r.memberId))];
  const base = config.baseUrl.replace(/\/$/, '');
  const calendars = await Promise.all(
    withPlaces.map(async (memberId) => {
      const token = await calendarToken({ db, actor, memberId });
      const address = `${base}/calendrier/${token}`;
      return {
        memberId,
        name: members.find((m) => m.id === memberId)?.name ?? '',
        address,
        webcal: address.replace(/^https?:/, 'webcal:'),
      };
    }),
  );

  const upcoming = sessions.filter((s) => s.status === 'scheduled');
  const offered = courses
    .filter((c) => c.status === 'open' && c.nextSession)
    .map((c) => {
      const left = upcoming.filter((s) => s.courseId === c.id);
      const dropInSessions = left.map((s) => ({
        id: s.id,
        when: whenText(s.startsAt),
        full: s.seatsTaken >= s.capacity,
        free: Math.max(0, s.capacity - s.seatsTaken),
      }));
      return {
        id: c.id,
        title: c.title,
        kind: c.kind,
        audience: c.audience,
        facilityName: c.facilityName,
        phone: phoneOf.get(c.facilityId) ?? null,
        next: whenText(c.nextSession!),
        sessionsLeft: left.length,
        full: c.kind === 'cycle' ? c.seatsTaken >= c.capacity : dropInSessions.every((s) => s.full),
        free: Math.max(0, c.capacity - c.seatsTaken),
        waiting: c.waiting,
        sessions: c.kind === 'drop_in' ? dropInSessions : [],
        already: mine.filter((r) => r.courseId === c.id).map((r) => r.name),
      };
    })
    .filter((c) => c.kind === 'cycle' || c.sessions.length > 0);

  const url = new URL(request.url);
  return {
    members,
    channel: preferredReminderChannel(household.contact.channels),
    mine: mine.map((r) => ({
      id: r.id,
      courseId: r.courseId,
      title: r.title,
      kind: r.kind,
      facilityName: r.facilityName,
      phone: phoneOf.get(r.facilityId) ?? null,
      name: r.name,
      waiting: r.status === 'waiting',
      position: r.position,
      next: r.nextSession ? whenText(r.nextSession) : null,
      attended: r.attended,
      completed: r.completed,
    })),
    calendars,
    offered,
    certificates: certificates.map((c) => ({
      id: c.id,
      code: c.code,
      holderName: c.holderName,
      levelTitle: c.levelTitle,
      issuedOn: c.issuedOn,
      revoked: c.revokedAt !== null,
    })),
    done: url.searchParams.get('fait'),
    doneRegistration: optionalIntParam(url.searchParams.get('r')) ?? null,
    confirm: optionalIntParam(url.searchParams.get('desinscrire')) ?? null,
  };
});

type Errors = Record<string, string[]>;

/** What was chosen, to show it again next to the explanation. */
const sent = (form: FormData) => {
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  return values;
};

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.register');
  if (actor.role !== 'resident' || !actor.householdId) throw redirect('/ateliers');
  const { db } = services(context);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  if (intent === 'register') {
    const courseId = intParam(String(form.get('courseId') ?? ''));
    const parsed = RegistrationInput.safeParse({
      memberId: form.get('memberId') ?? undefined,
      reminderChannel: form.get('reminderChannel') ?? undefined,
      sessionId: form.get('sessionId') ?? undefined,
    });
    if (!parsed.success) {
      const errors: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const message =
          field === 'memberId'
            ? 'Choisissez qui vient à l’atelier.'
            : field === 'sessionId'
              ? 'Choisissez le jour de la séance.'
              : issue.message;
        errors[field] = [message];
      }
      return data({ courseId, errors, values: sent(form) }, { status: 400 });
    }
    const done = await register({ db, actor, courseId, householdId: actor.householdId, input: parsed.data });
    if (!done.ok)
      return data(
        {
          courseId,
          errors: { [done.field ?? '']: [workshopRefusalMessage(done.reason)] } as Errors,
          values: sent(form),
        },
        { status: 409 },
      );
    return redirect(`/mes-ateliers?fait=inscrit&r=${done.registrationId}#mes-inscriptions`);
  }
  if (intent === 'cancel') {
    const done = await cancelRegistration({
      db,
      actor,
      registrationId: intParam(String(form.get('registrationId') ?? '')),
    });
    if (!done.ok) return redirect('/mes-ateliers?fait=deja-annule#mes-inscriptions');
    return redirect('/mes-ateliers?fait=desinscrit#mes-inscriptions');
  }
  if (intent === 'renew-calendar') {
    await calendarToken({ db, actor, memberId: intParam(String(form.get('memberId') ?? '')), renew: true });
    return redirect('/mes-ateliers?fait=agenda#agenda');
  }
  return redirect('/mes-ateliers');
});

export default function MyWorkshops() {
  const { members, channel, mine, calendars, offered, certificates, done, doneRegistration, confirm } =
    useLoaderData<typeof loader>();
  const { date } = useI18n();
  const actionData = useActionData<typeof action>();
  const justDone = mine.find((r) => r.id === doneRegistration);
  const status =
    done === 'inscrit'
      ? justDone
        ? justDone.waiting
          ? `L’atelier « ${justDone.title} » est complet. ${justDone.name} est ${ordinal(justDone.position ?? 1)} sur la liste d’attente. Nous vous prévenons dès qu’une place se libère.`
          : `C’est fait : ${justDone.name} a une place à l’atelier « ${justDone.title} ». Vous aurez un rappel avant chaque séance.`
        : 'C’est fait : l’inscription est enregistrée.'
      : done === 'desinscrit'
        ? 'C’est fait : l’inscription est annulée.'
        : done === 'deja-annule'
          ? 'Cette inscription était déjà annulée.'
          : done === 'agenda'
            ? 'L’adresse de votre agenda a changé. L’ancienne adresse ne marche plus : ajoutez la nouvelle à votre agenda.'
            : null;
  return (
    <Page title="Mes ateliers">
      <div className="resident">
        {status ? <Notice>{status}</Notice> : null}
        <p className="lead">
          Les ateliers sont gratuits. On y apprend à se servir d’un ordinateur, d’un téléphone et d’Internet,
          en petit groupe, avec un animateur ou une animatrice.
        </p>

        <section aria-labelledby="mes-inscriptions-title" id="mes-inscriptions">
          <h2 id="mes-inscriptions-title">Mes inscriptions</h2>
          {mine.length ? (
            <ul className="links">
              {mine.map((r) => (
                <li key={r.id} id={`inscription-${r.id}`}>
                  <p>
                    <strong>{r.title}</strong> — {r.facilityName}
                    <br />
                    Pour : {r.name}
                  </p>
                  {r.waiting ? (
                    <p>
                      <strong>Vous êtes {ordinal(r.position ?? 1)} sur la liste d’attente.</strong> Nous vous
                      prévenons dès qu’une place se libère.
                    </p>
                  ) : null}
                  <p>
                    {r.next ? (
                      <>
                        Prochaine séance : <strong>{r.next}</strong>
                      </>
                    ) : (
                      'Pas d’autre séance prévue.'
                    )}
                  </p>
                  {r.attended > 0 ? (
                    <p>
                      Vous êtes venu à {r.attended} séance{r.attended > 1 ? 's' : ''}.
                      {r.completed ? ' Cycle terminé : bravo !' : ''}
                    </p>
                  ) : null}
                  {confirm === r.id ? (
                    <div className="vote-problem">
                      <p>
                        Voulez-vous vraiment vous désinscrire de l’atelier « {r.title} » ?
                        {r.waiting ? '' : ' Votre place ira à une autre personne.'}
                      </p>
                      <Form method="post" action="/mes-ateliers">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <button type="submit" className="big-button">
                          Oui, me désinscrire
                        </button>
                      </Form>
                      <p>
                        <Link to="/mes-ateliers#mes-inscriptions">Non, je garde ma place</Link>
                      </p>
                    </div>
                  ) : r.next || r.waiting ? (
                    <form method="get" action={`/mes-ateliers#inscription-${r.id}`}>
                      <input type="hidden" name="desinscrire" value={r.id} />
                      <button type="submit" className="secondary">
                        Me désinscrire<span className="visually-hidden"> de l’atelier « {r.title} »</span>
                      </button>
                    </form>
                  ) : null}
                  {r.phone ? <p className="hint">Une question ? Appelez le {r.phone}.</p> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>Vous n’êtes inscrit à aucun atelier pour le moment.</p>
          )}
        </section>

        {calendars.length ? (
          <section aria-labelledby="agenda-title" id="agenda">
            <h2 id="agenda-title">Ajouter les ateliers à mon agenda</h2>
            <p>
              Avec cette adresse secrète, l’agenda de votre téléphone montre vos séances, et il se met à jour
              tout seul si une séance change.
            </p>
            {calendars.map((c) => (
              <div key={c.memberId} className="operation">
                {calendars.length > 1 ? <p>Pour {c.name} :</p> : null}
                <p>
                  <a className="big-link" href={c.webcal}>
                    Ajouter à l’agenda de mon téléphone{calendars.length > 1 ? ` (${c.name})` : ''}
                  </a>
                </p>
                <p>
                  Ou copiez l’adresse : <code className="break">{c.address}</code>
                </p>
                <Form method="post" action="/mes-ateliers">
                  <input type="hidden" name="intent" value="renew-calendar" />
                  <input type="hidden" name="memberId" value={c.memberId} />
                  <p className="hint" id={`renew-hint-${c.memberId}`}>
                    Gardez cette adresse pour vous. Si une autre personne l’a eue, changez-la.
                  </p>
                  <button type="submit" className="secondary" aria-describedby={`renew-hint-${c.memberId}`}>
                    Changer l’adresse secrète{calendars.length > 1 ? ` (${c.name})` : ''}
                  </button>
                </Form>
              </div>
            ))}
          </section>
        ) : null}

        <section aria-labelledby="certificats-title" id="certificats">
          <h2 id="certificats-title">Mes certificats</h2>
          {certificates.length ? (
            <ul className="links">
              {certificates.map((c) => (
                <li key={c.id}>
                  <p>
                    <strong>{c.levelTitle}</strong> — {c.holderName}, le {date(c.issuedOn)}
                    {c.revoked ? <strong> (retiré)</strong> : null}
                    <br />
                    Code : {c.code}
                  </p>
                  <p>
                    <a className="big-link" href={`/certificats/${c.id}/certificat`} download>
                      Télécharger le certificat (PDF)
                      <span className="visually-hidden"> : {c.levelTitle}</span>
                    </a>
                  </p>
                  <p>
                    <a href={`/certificats/${c.id}/badge`} download>
                      Télécharger le badge numérique
                      <span className="visually-hidden"> : {c.levelTitle}</span>
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>
              Pas encore de certificat. Pendant les ateliers, l’animateur ou l’animatrice valide ce que vous
              savez faire. Quand tout est validé, vous recevez le certificat Visa Internet.
            </p>
          )}
        </section>

        <section aria-labelledby="inscrire-title" id="inscrire">
          <h2 id="inscrire-title">S’inscrire à un atelier</h2>
          {offered.length === 0 ? <p>Pas d’atelier ouvert pour le moment. Revenez bientôt.</p> : null}
          {offered.map((c) => {
            const errors: Errors = actionData?.courseId === c.id ? actionData.errors : {};
            const chosen = actionData?.courseId === c.id ? actionData.values : undefined;
            const prefix = `c${c.id}`;
            return (
              <article
                key={c.id}
                id={`atelier-${c.id}`}
                className="vote-question"
                aria-labelledby={`${prefix}-title`}
              >
                <h3 id={`${prefix}-title`} style={{ fontSize: '1.3rem' }}>
                  {c.title}
                </h3>
                <p>
                  {c.facilityName}
                  <br />
                  {c.kind === 'cycle'
                    ? `${c.sessionsLeft > 1 ? `${c.sessionsLeft} séances à venir` : '1 séance à venir'}. `
                    : 'Vous venez à la séance de votre choix. '}
                  {c.kind === 'cycle' ? (
                    <>
                      Prochaine séance : <strong>{c.next}</strong>.
                    </>
                  ) : null}
                  <br />
                  Pour : {c.audience}.
                </p>
                {c.kind === 'drop_in' && c.full ? (
                  <p>C’est complet. Vous pouvez vous mettre sur la liste d’attente.</p>
                ) : null}
                {c.kind === 'cycle' ? (
                  <p>
                    {c.full
                      ? `C’est complet. ${c.waiting > 0 ? `${c.waiting} personne${c.waiting > 1 ? 's attendent' : ' attend'} déjà. ` : ''}Vous pouvez vous mettre sur la liste d’attente.`
                      : `Il reste ${c.free} place${c.free > 1 ? 's' : ''}.`}
                  </p>
                ) : null}
                {c.already.length ? <p>Déjà inscrit : {c.already.join(', ')}.</p> : null}
                <Form method="post" action={`/mes-ateliers#atelier-${c.id}`}>
                  <input type="hidden" name="intent" value="register" />
                  <input type="hidden" name="courseId" value={c.id} />
                  <Problem id={`${prefix}-error`} errors={errors['']} phone={c.phone} />
                  <Radios
                    name="memberId"
                    legend="Qui vient ?"
                    prefix={prefix}
                    options={members.map((m) => ({ value: String(m.id), label: m.name }))}
                    defaultValue={
                      chosen?.memberId ?? (members.length === 1 ? String(members[0]!.id) : undefined)
                    }
                    errors={errors.memberId}
                    phone={c.phone}
                  />
                  {c.kind === 'drop_in' ? (
                    <Radios
                      name="sessionId"
                      legend="Quel jour ?"
                      prefix={prefix}
                      options={c.sessions.map((s) => ({
                        value: String(s.id),
                        label: `${s.when}${s.full ? ' (complet : liste d’attente)' : ''}`,
                      }))}
                      defaultValue={
                        chosen?.sessionId ?? (c.sessions.length === 1 ? String(c.sessions[0]!.id) : undefined)
                      }
                      errors={errors.sessionId}
                      phone={c.phone}
                    />
                  ) : null}
                  <Radios
                    name="reminderChannel"
                    legend="Comment voulez-vous être prévenu avant la séance ?"
                    prefix={prefix}
                    options={channels}
                    defaultValue={chosen?.reminderChannel ?? channel}
                    errors={errors.reminderChannel}
                    phone={c.phone}
                  />
                  <button type="submit" className="big-button">
                    {c.full ? 'M’inscrire sur la liste d’attente' : 'M’inscrire'}
                    <span className="visually-hidden"> : {c.title}</span>
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
