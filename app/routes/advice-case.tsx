// One advice case, for the association holding it: the request, its follow-up, the household's documents, the
// letters prepared from the association's templates, and its state (outcome, money recovered).
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
import { z } from 'zod';
import {
  addDocument,
  addEntry,
  adviceActionKinds,
  adviceRefusalMessage,
  adviceStatuses,
  entryKindLabels,
  generateLetter,
  getCase,
  labelOf,
  listDocuments,
  listLetters,
  listTemplates,
  nextStatusAllowed,
  setCaseStatus,
  statusLabels,
  topicLabels,
} from '../../src/advice/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { can } from '../../src/platform/permissions/index.ts';
import { CalendarDay, EuroAmount } from '../../src/platform/validation.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { adviceCase?: { reference: string } } }) => [
  { title: `Dossier ${loaded?.adviceCase?.reference ?? ''} — Palier` },
];

type Errors = Record<string, string[]>;

/** Free text of a few lines: line breaks and tabs are the writer's, other control characters are not. */
const Text = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max} caractères au plus.`)
    .refine((v) => !/\p{Cc}/u.test(v.replace(/[\r\n\t]/g, '')), 'Caractères non autorisés.');

const EntryForm = z.object({
  kind: z.enum(['note', ...adviceActionKinds], { error: 'Choisissez le type.' }),
  on: CalendarDay,
  body: Text(2, 4000, 'Écrivez ce qui a été fait ou dit.'),
});

const StatusForm = z.object({
  status: z.enum(adviceStatuses, { error: 'Choisissez l’état.' }),
  outcome: z.union([z.literal(''), Text(2, 2000, 'Écrivez le résultat en quelques mots.')]),
  recovered: z.union([z.literal(''), EuroAmount]),
});

function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

const doneMessages: Record<string, string> = {
  ouvert: 'Le dossier est ouvert. Ajoutez les documents de la personne et le suivi.',
  suivi: 'C’est ajouté au suivi.',
  document: 'Le document est ajouté au dossier.',
  courrier: 'Le courrier est prêt. Téléchargez-le, imprimez-le et faites-le signer.',
  etat: 'L’état du dossier est enregistré.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.read');
  const { db } = services(context);
  const caseId = intParam(params.id);
  const found = await getCase({ db, actor, caseId });
  const canWrite = can(actor, 'advice.write', {
    programmeId: found.programmeId,
    organisationId: found.organisationId,
  });
  const [documents, letters, templates] = await Promise.all([
    listDocuments({ db, actor, caseId }),
    listLetters({ db, actor, caseId }),
    canWrite ? listTemplates({ db, actor, organisationId: found.organisationId }) : [],
  ]);
  const url = new URL(request.url);
  return {
    adviceCase: {
      id: found.id,
      reference: found.reference,
      householdId: found.householdId,
      memberName: found.memberName,
      topic: found.topic,
      operator: found.operator,
      summary: found.summary,
      status: found.status,
      outcome: found.outcome,
      recoveredCents: found.recoveredCents,
      openedOn: found.openedOn,
      closedOn: found.closedOn,
      openedBy: found.openedBy,
    },
    entries: found.entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      on: e.on,
      body: e.body,
      author: e.author,
      letterId: e.letterId,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      name: d.name,
      size: d.size,
      mediaType: d.mediaType,
      uploadedBy: d.uploadedBy,
      uploadedAt: d.uploadedAt.toISOString(),
    })),
    letters: letters.map((l) => ({
      id: l.id,
      subject: l.subject,
      recipient: l.recipient,
      generatedBy: l.generatedBy,
      generatedAt: l.generatedAt.toISOString(),
    })),
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    nextStatuses: adviceStatuses.filter((s) => nextStatusAllowed(found.status, s)),
    canWrite,
    canSeeHousehold: can(actor, 'household.read', { programmeId: actor.programmeId }),
    today: localDate(new Date()),
    status: doneMessages[url.searchParams.get('fait') ?? ''] ?? null,
    newLetter: Number(url.searchParams.get('courrier')) || null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.write');
  const { db } = services(context);
  const caseId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const failed = (formKey: string, errors: Errors, status = 400) =>
    data({ form: formKey, errors, values }, { status });
  const back = (done: string, anchor: string, extra = '') =>
    redirect(`/conseil/${caseId}?fait=${done}${extra}#${anchor}`);

  switch (intent) {
    case 'entry': {
      const parsed = EntryForm.safeParse({
        kind: values.kind ?? '',
        on: values.on ?? '',
        body: values.body ?? '',
      });
      if (!parsed.success) return failed('entry', issuesByField(parsed.error));
      await addEntry({ db, actor, caseId, input: parsed.data });
      return back('suivi', 'suivi');
    }
    case 'document': {
      const file = form.get('document');
      if (!(file instanceof File) || (file.size === 0 && !file.name))
        return failed('document', { document: ['Choisissez un fichier : un PDF ou une photo.'] });
      const added = await addDocument({
        db,
        actor,
        caseId,
        upload: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) },
      });
      if (!added.ok) return failed('document', { document: [added.message] }, 400);
      return back('document', 'documents');
    }
    case 'letter': {
      const templateId = Number(values.templateId);
      if (!Number.isInteger(templateId) || templateId <= 0)
        return failed('letter', { templateId: ['Choisissez un modèle.'] });
      const recipient = (values.recipient ?? '').trim();
      const generated = await generateLetter({
        db,
        actor,
        caseId,
        templateId,
        recipient: recipient || undefined,
      });
      if (!generated.ok) return failed('letter', { [generated.field ?? '']: [generated.message] }, 409);
      return back('courrier', `courrier-${generated.letterId}`, `&courrier=${generated.letterId}`);
    }
    case 'status': {
      const parsed = StatusForm.safeParse({
        status: values.status ?? '',
        outcome: values.outcome ?? '',
        recovered: values.recovered ?? '',
      });
      if (!parsed.success) return failed('status', issuesByField(parsed.error));
      const done = await setCaseStatus({
        db,
        actor,
        caseId,
        input: {
          status: parsed.data.status,
          outcome: parsed.data.outcome || undefined,
          recoveredCents: parsed.data.recovered === '' ? 0 : parsed.data.recovered,
        },
      });
      if (!done.ok) return failed('status', { status: [adviceRefusalMessage(done.reason)] }, 409);
      return back('etat', 'etat');
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

const textareaStyle = { width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' } as const;

/** "250 Ko", "1,2 Mo" */
function sizeText(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;
}

export default function AdviceCase() {
  const {
    adviceCase: c,
    entries,
    documents,
    letters,
    templates,
    nextStatuses,
    canWrite,
    canSeeHousehold,
    today,
    status,
    newLetter,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { date, dateTime, cents } = useI18n();
  const entryErrors = errorsOf('entry');
  const documentErrors = errorsOf('document');
  const letterErrors = errorsOf('letter');
  const statusErrors = errorsOf('status');
  const closed = c.status === 'resolved' || c.status === 'closed_no_result';
  return (
    <Page title={`Dossier ${c.reference}`} crumbs={[{ to: '/conseil', label: 'Conseil' }]}>
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      <dl className="facts">
        <dt>Personne</dt>
        <dd>
          {c.memberName}
          {canSeeHousehold ? (
            <>
              {' '}
              (<Link to={`/foyers/${c.householdId}`}>voir le foyer</Link>)
            </>
          ) : null}
        </dd>
        <dt>Sujet</dt>
        <dd>{labelOf(topicLabels, c.topic)}</dd>
        <dt>Opérateur</dt>
        <dd>{c.operator ?? 'Pas d’opérateur précis'}</dd>
        <dt>État</dt>
        <dd>
          <strong>{labelOf(statusLabels, c.status)}</strong>
          {c.closedOn ? ` depuis le ${date(c.closedOn)}` : ''}
        </dd>
        {c.outcome ? (
          <>
            <dt>Résultat</dt>
            <dd style={{ whiteSpace: 'pre-line' }}>{c.outcome}</dd>
          </>
        ) : null}
        {c.recoveredCents > 0 ? (
          <>
            <dt>Somme récupérée</dt>
            <dd>{cents(c.recoveredCents)}</dd>
          </>
        ) : null}
        <dt>Ouvert le</dt>
        <dd>
          {date(c.openedOn)} par {c.openedBy}
        </dd>
        <dt>Résumé de la demande</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{c.summary}</dd>
      </dl>

      <Section id="suivi" title="Suivi">
        {entries.length === 0 ? (
          <p>Rien pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Suivi du dossier, du plus ancien au plus récent</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Détails</th>
                <th scope="col">Par</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{date(e.on)}</td>
                  <td>{labelOf(entryKindLabels, e.kind)}</td>
                  <td style={{ whiteSpace: 'pre-line' }}>
                    {e.body}
                    {e.letterId ? (
                      <>
                        {' '}
                        <a href={`/conseil/${c.id}/courriers/${e.letterId}`} download>
                          Télécharger (PDF)
                          <span className="visually-hidden"> : courrier du {date(e.on)}</span>
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>{e.author}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite ? (
          <>
            <h3>Ajouter au suivi</h3>
            <Form method="post" action={`/conseil/${c.id}#suivi`} className="narrow">
              <input type="hidden" name="intent" value="entry" />
              <FormErrors errors={entryErrors['']} />
              <div className={`field${entryErrors.kind ? ' has-error' : ''}`}>
                <label htmlFor="entry-kind">Type</label>
                <FieldAlert id="entry-kind-error" errors={entryErrors.kind} />
                <select
                  id="entry-kind"
                  name="kind"
                  defaultValue={sentTo('entry')?.kind ?? 'note'}
                  aria-describedby={entryErrors.kind ? 'entry-kind-error' : undefined}
                >
                  {(['note', ...adviceActionKinds] as const).map((k) => (
                    <option key={k} value={k}>
                      {entryKindLabels[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div className={`field${entryErrors.on ? ' has-error' : ''}`}>
                <label htmlFor="entry-on">
                  Date<span aria-hidden="true"> *</span>
                </label>
                <FieldAlert id="entry-on-error" errors={entryErrors.on} />
                <input
                  id="entry-on"
                  name="on"
                  type="date"
                  required
                  defaultValue={sentTo('entry')?.on ?? today}
                  aria-invalid={entryErrors.on ? true : undefined}
                  aria-describedby={entryErrors.on ? 'entry-on-error' : undefined}
                />
              </div>
              <div className={`field${entryErrors.body ? ' has-error' : ''}`}>
                <label htmlFor="entry-body">
                  Détails<span aria-hidden="true"> *</span>
                </label>
                <p className="hint" id="entry-body-hint">
                  Ce qui a été fait ou dit, et par qui.
                </p>
                <FieldAlert id="entry-body-error" errors={entryErrors.body} />
                <textarea
                  id="entry-body"
                  name="body"
                  rows={3}
                  required
                  style={textareaStyle}
                  defaultValue={sentTo('entry')?.body ?? ''}
                  aria-invalid={entryErrors.body ? true : undefined}
                  aria-describedby={describedBy('entry-body-hint', entryErrors.body && 'entry-body-error')}
                />
              </div>
              <button type="submit">Ajouter au suivi</button>
            </Form>
          </>
        ) : null}
      </Section>

      <Section id="documents" title="Documents">
        {documents.length === 0 ? (
          <p>Aucun document pour le moment.</p>
        ) : (
          <ul className="links">
            {documents.map((d) => (
              <li key={d.id}>
                <a href={`/conseil/${c.id}/documents/${d.id}`} download>
                  {d.name}
                </a>{' '}
                ({d.mediaType === 'application/pdf' ? 'PDF' : 'photo'}, {sizeText(d.size)}), ajouté le{' '}
                {dateTime(d.uploadedAt)} par {d.uploadedBy}
              </li>
            ))}
          </ul>
        )}
        {canWrite ? (
          <Form
            method="post"
            action={`/conseil/${c.id}#documents`}
            encType="multipart/form-data"
            className="narrow"
          >
            <input type="hidden" name="intent" value="document" />
            <div className={`field${documentErrors.document ? ' has-error' : ''}`}>
              <label htmlFor="document">Document (PDF ou photo, 10 Mo au plus)</label>
              <p className="hint" id="document-hint">
                Un contrat, une facture, un courrier de l’opérateur : un fichier PDF, ou une photo JPEG ou
                PNG.
              </p>
              <FieldAlert id="document-error" errors={documentErrors.document} />
              <input
                id="document"
                name="document"
                type="file"
                accept=".pdf,.jpg,.jpeg,.png"
                required
                aria-invalid={documentErrors.document ? true : undefined}
                aria-describedby={describedBy('document-hint', documentErrors.document && 'document-error')}
              />
            </div>
            <button type="submit">Ajouter le document</button>
          </Form>
        ) : null}
      </Section>

      <Section id="courriers" title="Courriers">
        {letters.length === 0 ? (
          <p>Aucun courrier pour le moment.</p>
        ) : (
          <ul className="links">
            {letters.map((l) => (
              <li key={l.id} id={`courrier-${l.id}`}>
                {l.id === newLetter ? <strong>{l.subject}</strong> : l.subject}, préparé le{' '}
                {dateTime(l.generatedAt)} par {l.generatedBy}, pour {l.recipient.split('\n')[0]}.{' '}
                <a href={`/conseil/${c.id}/courriers/${l.id}`} download>
                  Télécharger (PDF)<span className="visually-hidden"> : {l.subject}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
        {canWrite ? (
          templates.length === 0 ? (
            <p>
              Votre association n’a pas encore de modèle de courrier.{' '}
              <Link to="/conseil/modeles">Créer un modèle</Link>
            </p>
          ) : (
            <Form method="post" action={`/conseil/${c.id}#courriers`} className="narrow">
              <input type="hidden" name="intent" value="letter" />
              <FormErrors errors={letterErrors['']} />
              <div className={`field${letterErrors.templateId ? ' has-error' : ''}`}>
                <label htmlFor="templateId">Modèle</label>
                <p className="hint" id="templateId-hint">
                  Le courrier est rempli avec ce dossier : la personne, son adresse, l’opérateur.{' '}
                  <Link to="/conseil/modeles">Voir les modèles</Link>
                </p>
                <FieldAlert id="templateId-error" errors={letterErrors.templateId} />
                <select
                  id="templateId"
                  name="templateId"
                  required
                  defaultValue={sentTo('letter')?.templateId ?? ''}
                  aria-describedby={describedBy(
                    'templateId-hint',
                    letterErrors.templateId && 'templateId-error',
                  )}
                >
                  <option value="" disabled>
                    Choisissez un modèle
                  </option>
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className={`field${letterErrors.recipient ? ' has-error' : ''}`}>
                <label htmlFor="recipient">Destinataire (facultatif)</label>
                <p className="hint" id="recipient-hint">
                  Le service client de l’opérateur et son adresse postale, sur 6 lignes au plus. Vide : le nom
                  de l’opérateur seul.
                </p>
                <FieldAlert id="recipient-error" errors={letterErrors.recipient} />
                <textarea
                  id="recipient"
                  name="recipient"
                  rows={4}
                  style={textareaStyle}
                  defaultValue={sentTo('letter')?.recipient ?? ''}
                  aria-invalid={letterErrors.recipient ? true : undefined}
                  aria-describedby={describedBy(
                    'recipient-hint',
                    letterErrors.recipient && 'recipient-error',
                  )}
                />
              </div>
              <button type="submit">Préparer le courrier</button>
            </Form>
          )
        ) : null}
      </Section>

      {canWrite ? (
        <Section id="etat" title="État du dossier">
          <Form method="post" action={`/conseil/${c.id}#etat`} className="narrow">
            <input type="hidden" name="intent" value="status" />
            <FormErrors errors={statusErrors['']} />
            <div className={`field${statusErrors.status ? ' has-error' : ''}`}>
              <label htmlFor="status">État</label>
              <p className="hint" id="status-hint">
                Aujourd’hui : {labelOf(statusLabels, c.status).toLowerCase()}.
                {closed ? ' Un dossier fermé peut être rouvert.' : ''}
              </p>
              <FieldAlert id="status-error" errors={statusErrors.status} />
              <select
                id="status"
                name="status"
                required
                defaultValue={sentTo('status')?.status ?? nextStatuses[0]}
                aria-describedby={describedBy('status-hint', statusErrors.status && 'status-error')}
              >
                {nextStatuses.map((s) => (
                  <option key={s} value={s}>
                    {s === 'open' && closed ? 'Rouvrir le dossier' : statusLabels[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${statusErrors.outcome ? ' has-error' : ''}`}>
              <label htmlFor="outcome">Résultat</label>
              <p className="hint" id="outcome-hint">
                Ce qui a été obtenu, ou pourquoi rien n’a été obtenu.
              </p>
              <FieldAlert id="outcome-error" errors={statusErrors.outcome} />
              <textarea
                id="outcome"
                name="outcome"
                rows={3}
                style={textareaStyle}
                defaultValue={sentTo('status')?.outcome ?? c.outcome ?? ''}
                aria-invalid={statusErrors.outcome ? true : undefined}
                aria-describedby={describedBy('outcome-hint', statusErrors.outcome && 'outcome-error')}
              />
            </div>
            <div className={`field${statusErrors.recovered ? ' has-error' : ''}`}>
              <label htmlFor="recovered">Somme récupérée (€)</label>
              <p className="hint" id="recovered-hint">
                Remboursée ou plus demandée, par exemple 45,00. Vide : aucune.
              </p>
              <FieldAlert id="recovered-error" errors={statusErrors.recovered} />
              <input
                id="recovered"
                name="recovered"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                defaultValue={
                  sentTo('status')?.recovered ??
                  (c.recoveredCents ? (c.recoveredCents / 100).toFixed(2).replace('.', ',') : '')
                }
                aria-invalid={statusErrors.recovered ? true : undefined}
                aria-describedby={describedBy('recovered-hint', statusErrors.recovered && 'recovered-error')}
              />
            </div>
            <button type="submit">Enregistrer l’état</button>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
