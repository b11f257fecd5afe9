// The outbox as people work it: the calls to make, the letters to print and post, and every message with its status.
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
import { displayPhone } from '../../src/households/index.ts';
import {
  callList,
  listNotifications,
  markHandled,
  type NotificationChannel,
  type NotificationStatus,
  notificationChannelLabels,
  notificationChannels,
  notificationRefusalMessage,
  notificationStatuses,
  notificationStatusLabel,
  outboxSummary,
  transportsFromConfig,
} from '../../src/notifications/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Messages — Palier' }];

/** Short words for the counts table and the filter (the full sentence is in each row). */
const statusWords: Record<NotificationStatus, string> = {
  pending: 'En attente',
  sending: 'Envoi en cours',
  sent: 'Envoyé',
  done: 'Fait',
  failed: 'Échec',
  cancelled: 'Annulé',
};

const pageSize = 50;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'notification.read');
  const { db, config } = services(context);
  const url = new URL(request.url);
  const status = notificationStatuses.find((s) => s === url.searchParams.get('statut'));
  const channel = notificationChannels.find((c) => c === url.searchParams.get('canal'));
  const canHandle = canAtAll(actor, 'notification.handle');
  const configured = new Set(transportsFromConfig(config).map((t) => t.channel));
  const hasTransport = (c: NotificationChannel) => configured.has(c as 'email' | 'sms');
  const [summary, rows, calls, letters] = await Promise.all([
    outboxSummary({ db, actor }),
    listNotifications({
      db,
      actor,
      filter: { status, channel, afterId: optionalIntParam(url.searchParams.get('after')), limit: pageSize },
    }),
    callList({ db, actor }),
    canHandle
      ? listNotifications({ db, actor, filter: { status: 'pending', channel: 'letter', limit: 200 } })
      : Promise.resolve([]),
  ]);
  const next = new URLSearchParams(url.search);
  next.set('after', String(rows.at(-1)?.id ?? ''));
  return {
    summary: notificationChannels.map((c) => ({
      channel: c,
      label: notificationChannelLabels[c],
      counts: notificationStatuses.map((s) => summary[c][s]),
    })),
    rows: rows.map((n) => ({
      id: n.id,
      createdAt: n.createdAt.toISOString(),
      name: n.recipientName,
      channel: notificationChannelLabels[n.channel],
      subject: n.subject,
      status: notificationStatusLabel(n.status, n.channel, hasTransport(n.channel), n.attempts),
      lastError: n.lastError,
      handledBy: n.handledBy,
    })),
    nextPage: rows.length === pageSize ? `?${next.toString()}` : null,
    calls: calls.map((c) => ({
      id: c.id,
      name: c.name,
      phone: displayPhone(c.phone),
      phoneLink: c.phone.replace(/[^+\d]/g, ''),
      subject: c.subject,
      body: c.body,
      attempts: c.attempts,
      lastNote: c.lastNote,
      due: c.due,
      nextAttemptAt: c.nextAttemptAt.toISOString(),
    })),
    letters: letters.map((l) => ({ id: l.id, name: l.recipientName, subject: l.subject })),
    pendingLetters: summary.letter.pending,
    noTransport: (['email', 'sms'] as const).filter((c) => !configured.has(c)),
    demo: config.demo,
    canHandle,
    status: status ?? '',
    channel: channel ?? '',
    done: url.searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'notification.handle');
  const db = services(context).db;
  const form = await readForm(request);
  if (form.get('intent') === 'letters') {
    const ids = form.getAll('letter').map((v) => intParam(String(v)));
    if (!ids.length)
      return data({ callId: null, errors: ['Cochez les courriers mis à la poste.'] }, { status: 400 });
    let posted = 0;
    for (const notificationId of ids) {
      const handled = await markHandled({ db, actor, notificationId, outcome: 'done' });
      if (handled.ok) posted += 1;
    }
    return redirect(`/messages?fait=postes-${posted}#courriers`);
  }
  const callId = intParam(String(form.get('id') ?? ''));
  const choice = String(form.get('outcome') ?? '');
  const outcome = choice === 'done' || choice === 'retry' || choice === 'failed' ? choice : null;
  if (!outcome)
    return data({ callId, errors: ['Choisissez : appel fait ou pas de réponse.'] }, { status: 400 });
  const handled = await markHandled({
    db,
    actor,
    notificationId: callId,
    outcome,
    note: String(form.get('note') ?? ''),
  });
  if (!handled.ok)
    return data({ callId, errors: [notificationRefusalMessage(handled.reason)] }, { status: 409 });
  return redirect(`/messages?fait=appel-${outcome}#appels`);
});

function doneMessage(done: string | null): string | null {
  if (!done) return null;
  if (done === 'appel-done') return 'L’appel est noté comme fait.';
  if (done === 'appel-retry') return 'Pas de réponse : l’appel reste dans la liste, à refaire dans 2 heures.';
  if (done === 'appel-failed') return 'L’appel est abandonné.';
  if (done === 'aucun-courrier') return 'Il n’y a aucun courrier à imprimer.';
  const posted = /^postes-(\d+)$/.exec(done);
  if (posted) {
    const n = Number(posted[1]);
    return n === 0
      ? 'Aucun courrier n’a été marqué comme posté (déjà fait ?).'
      : `${n} courrier${n > 1 ? 's' : ''} marqué${n > 1 ? 's' : ''} comme posté${n > 1 ? 's' : ''}.`;
  }
  return null;
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { dateTime, number } = useI18n();
  const notice = doneMessage(d.done);
  return (
    <Page title="Messages">
      {notice ? <Notice>{notice}</Notice> : null}
      <p className="lead">
        Tous les messages envoyés aux habitants passent par ici : e-mails, SMS, appels à passer et courriers à
        poster.
      </p>
      {d.noTransport.length ? (
        <p>
          {d.noTransport.length === 2
            ? 'Aucun envoi d’e-mail ni de SMS n’est configuré'
            : d.noTransport[0] === 'email'
              ? 'Aucun envoi d’e-mail n’est configuré'
              : 'Aucun envoi de SMS n’est configuré'}
          {d.demo ? ' (mode démo)' : ''} : ces messages restent ici, en attente, et ne partent pas.
        </p>
      ) : null}

      <section aria-labelledby="appels">
        <h2 id="appels">À appeler</h2>
        {d.calls.length === 0 ? (
          <p>Aucun appel à passer.</p>
        ) : (
          // Wider than the default cards: the message is read aloud from here.
          <ul
            className="cards"
            style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 26rem), 1fr))' }}
          >
            {d.calls.map((c) => (
              <li key={c.id}>
                <h3 id={`appel-${c.id}`}>{c.name}</h3>
                <p>
                  <a href={`tel:${c.phoneLink}`} className="big-figure">
                    {c.phone}
                  </a>
                </p>
                <p>
                  <strong>{c.subject}</strong>
                </p>
                <p>Message à lire :</p>
                <blockquote>{c.body}</blockquote>
                {c.attempts > 0 ? (
                  <p className="muted">
                    Déjà essayé {c.attempts} fois{c.lastNote ? ` — note : ${c.lastNote}` : ''}
                  </p>
                ) : null}
                {c.due ? null : <p className="muted">À rappeler à partir du {dateTime(c.nextAttemptAt)}</p>}
                {d.canHandle ? (
                  <Form method="post" aria-labelledby={`appel-${c.id}`}>
                    <input type="hidden" name="id" value={c.id} />
                    {actionData?.callId === c.id ? <FormErrors errors={actionData.errors} /> : null}
                    <TextField
                      id={`note-${c.id}`}
                      name="note"
                      label="Remarque (facultatif)"
                      hint="Par exemple : rappeler après 18 h"
                    />
                    <button type="submit" name="outcome" value="done">
                      Appel fait
                    </button>{' '}
                    <button type="submit" name="outcome" value="retry" className="secondary">
                      Pas de réponse
                    </button>{' '}
                    <button type="submit" name="outcome" value="failed" className="link-button">
                      Abandonner (mauvais numéro)
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="courriers">
        <h2 id="courriers">Courriers</h2>
        <p>
          {d.pendingLetters === 0
            ? 'Aucun courrier à imprimer.'
            : `${number(d.pendingLetters)} courrier${d.pendingLetters > 1 ? 's' : ''} à imprimer et poster.`}
        </p>
        {d.canHandle && d.letters.length ? (
          <>
            <p>
              <a href="/messages/courriers.pdf">Imprimer les courriers (PDF)</a>
            </p>
            <p className="hint">
              Une page par courrier : pliez-la en trois, l’adresse apparaît dans la fenêtre de l’enveloppe.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="letters" />
              {actionData && actionData.callId === null ? <FormErrors errors={actionData.errors} /> : null}
              <fieldset className="field">
                <legend>Courriers mis à la poste</legend>
                {d.letters.map((l) => (
                  <div className="check" key={l.id}>
                    <input
                      type="checkbox"
                      id={`courrier-${l.id}`}
                      name="letter"
                      value={l.id}
                      defaultChecked
                    />
                    <label htmlFor={`courrier-${l.id}`}>
                      {l.name} — {l.subject}
                    </label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">Marquer comme postés</button>
            </Form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="tous">
        <h2 id="tous">Tous les messages</h2>
        <table>
          <caption>Nombre de messages par moyen et par état</caption>
          <thead>
            <tr>
              <th scope="col">Moyen</th>
              {notificationStatuses.map((s) => (
                <th scope="col" className="num" key={s}>
                  {statusWords[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.summary.map((r) => (
              <tr key={r.channel}>
                <th scope="row">{r.label}</th>
                {r.counts.map((n, i) => (
                  <td className="num" key={notificationStatuses[i]}>
                    {number(n)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="statut">État</label>
            <select id="statut" name="statut" defaultValue={d.status}>
              <option value="">Tous</option>
              {notificationStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusWords[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="canal">Moyen</label>
            <select id="canal" name="canal" defaultValue={d.channel}>
              <option value="">Tous</option>
              {notificationChannels.map((c) => (
                <option key={c} value={c}>
                  {notificationChannelLabels[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit">Filtrer</button>
          </div>
        </Form>
        {d.rows.length === 0 ? (
          <p>Aucun message.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Messages, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Personne</th>
                <th scope="col">Moyen</th>
                <th scope="col">Objet</th>
                <th scope="col">État</th>
                <th scope="col">Dernière erreur ou note</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((n) => (
                <tr key={n.id}>
                  <td>{dateTime(n.createdAt)}</td>
                  <td>{n.name}</td>
                  <td>{n.channel}</td>
                  <td>{n.subject}</td>
                  <td>
                    {n.status}
                    {n.handledBy ? <span className="muted"> ({n.handledBy})</span> : null}
                  </td>
                  <td>{n.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.nextPage ? (
          <p className="pager">
            <Link to={d.nextPage}>Messages plus anciens</Link>
          </p>
        ) : null}
      </section>
    </Page>
  );
}
