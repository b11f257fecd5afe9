// /fiches/:id: one offer sheet — its offers changed while it is a draft or proposed, proposed by an association,
// published by the coordinator, copied into a new version, attached to a tenant vote.
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
  attachToVote,
  createSheet,
  getSheet,
  maxOffers,
  type Offer,
  OfferLineForm,
  proposeSheet,
  publishSheet,
  SheetContent,
  type SheetStatus,
  sheetRefusalMessage,
  updateDraft,
  votesForSheet,
} from '../../src/advice/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Fiche offres — Palier' }];

const statusLabels: Record<SheetStatus, string> = {
  draft: 'Brouillon',
  proposed: 'Proposée, en attente de publication',
  published: 'Publiée',
  archived: 'Ancienne version (remplacée)',
};

const doneMessages: Record<string, string> = {
  cree: 'Le brouillon est créé. Ajoutez les offres puis enregistrez.',
  enregistree: 'La fiche est enregistrée.',
  proposee: 'La fiche est proposée. La coordination va la relire et la publier.',
  publiee: 'La fiche est publiée. Tout le monde peut la lire sur la page publique.',
  version: 'La nouvelle version est créée, en brouillon. Corrigez-la puis proposez-la.',
  jointe: 'La fiche est jointe à la consultation.',
};

const offerFields = [
  'operator',
  'offer',
  'monthly',
  'speed',
  'commitmentMonths',
  'fees',
  'termination',
] as const;
type OfferField = (typeof offerFields)[number];
const offerLabels: Record<OfferField, string> = {
  operator: 'Opérateur',
  offer: 'Nom de l’offre',
  monthly: 'Prix par mois (€)',
  speed: 'Débit',
  commitmentMonths: 'Engagement (mois)',
  fees: 'Frais',
  termination: 'Si vous résiliez',
};
const offerHints: Partial<Record<OfferField, string>> = {
  monthly: 'Par exemple 1,24 ou 29,99.',
  commitmentMonths: '0 si la personne peut arrêter quand elle veut.',
  fees: 'Mise en service, location de la box, envoi… Vide s’il n’y en a pas.',
  termination: 'Ce que la personne paie ou doit rendre si elle arrête.',
};

type Errors = Record<string, string[]>;
type Values = Record<string, string>;

const eurosText = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'sheet.write');
  const { db } = services(context);
  const sheetId = intParam(params.id);
  const sheet = await getSheet({ db, actor, sheetId });
  const canPublish = canAtAll(actor, 'sheet.publish');
  const url = new URL(request.url);
  return {
    sheet: {
      id: sheet.id,
      sectorCode: sheet.sectorCode,
      sectorName: sheet.sectorName,
      version: sheet.version,
      status: sheet.status,
      title: sheet.title,
      intro: sheet.intro,
      offers: sheet.offers,
      validOn: sheet.validOn,
      authorLabel: sheet.authorLabel,
      publishedBy: sheet.publishedBy,
      publishedAt: sheet.publishedAt?.toISOString() ?? null,
      votes: sheet.votes,
    },
    canPublish,
    votes: canPublish && sheet.status === 'published' ? await votesForSheet({ db, actor, sheetId }) : [],
    status: doneMessages[url.searchParams.get('fait') ?? ''] ?? null,
  };
});

/** The sheet as typed: title, intro, day, and the offer rows that are not left empty. */
function readSheet(form: FormData) {
  const values: Values = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const errors: Errors = {};
  const offers: Offer[] = [];
  for (let i = 0; i < maxOffers; i++) {
    const row = Object.fromEntries(offerFields.map((f) => [f, (values[`o${i}.${f}`] ?? '').trim()]));
    if (offerFields.every((f) => row[f] === '')) continue;
    const parsed = OfferLineForm.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = `o${i}.${String(issue.path[0] ?? '')}`;
        errors[key] = [...(errors[key] ?? []), issue.message];
      }
      continue;
    }
    const { monthly, ...rest } = parsed.data;
    offers.push({ ...rest, monthlyCents: monthly });
  }
  const content = SheetContent.safeParse({
    title: values.title ?? '',
    intro: values.intro ?? '',
    validOn: values.validOn ?? '',
    offers,
  });
  if (!content.success)
    for (const issue of content.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] = [...(errors[key] ?? []), issue.message];
    }
  return { values, errors, content: content.success ? content.data : null };
}

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'sheet.write');
  const { db } = services(context);
  const sheetId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const done = (what: string, id = sheetId) => redirect(`/fiches/${id}?fait=${what}`);
  const refused = (reason: Parameters<typeof sheetRefusalMessage>[0], values: Values = {}, status = 409) =>
    data({ errors: { '': [sheetRefusalMessage(reason)] } as Errors, values }, { status });
  switch (intent) {
    case 'save': {
      const { values, errors, content } = readSheet(form);
      if (!content || Object.keys(errors).length) return data({ errors, values }, { status: 400 });
      const result = await updateDraft({ db, actor, sheetId, input: content });
      return result.ok ? done('enregistree') : refused(result.reason, values);
    }
    case 'propose': {
      const result = await proposeSheet({ db, actor, sheetId });
      return result.ok ? done('proposee') : refused(result.reason);
    }
    case 'publish': {
      const result = await publishSheet({ db, actor, sheetId });
      return result.ok ? done('publiee') : refused(result.reason);
    }
    case 'copy': {
      const result = await createSheet({ db, actor, input: { fromSheetId: sheetId } });
      return result.ok ? done('version', result.sheetId) : refused(result.reason);
    }
    case 'attach': {
      const voteId = optionalIntParam(String(form.get('voteId') ?? ''));
      if (!voteId)
        return data(
          { errors: { voteId: ['Choisissez la consultation.'] } as Errors, values: {} },
          { status: 400 },
        );
      const result = await attachToVote({ db, actor, voteId, sheetId });
      return result.ok ? done('jointe') : refused(result.reason);
    }
    default:
      return data({ errors: { '': ['Action inconnue.'] } as Errors, values: {} }, { status: 400 });
  }
});

function FieldAlert({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(' ')}
    </p>
  );
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

function TextInput({
  id,
  label,
  hint,
  errors,
  defaultValue,
  required,
  multiline,
  type = 'text',
  inputMode,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  defaultValue: string;
  required?: boolean;
  multiline?: boolean;
  type?: string;
  inputMode?: 'decimal' | 'numeric';
}) {
  const safeId = id.replace('.', '-');
  const props = {
    id: safeId,
    name: id,
    required,
    defaultValue,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy(hint && `${safeId}-hint`, !!errors?.length && `${safeId}-error`),
  };
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={safeId}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${safeId}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${safeId}-error`} errors={errors} />
      {multiline ? (
        <textarea {...props} rows={3} style={{ width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' }} />
      ) : (
        <input {...props} type={type} inputMode={inputMode} />
      )}
    </div>
  );
}

function OfferTable({ offer, index }: { offer: Offer; index: number }) {
  const { cents } = useI18n();
  return (
    <table className="offer">
      <caption>
        Offre {index + 1} : {offer.operator} — {offer.offer}
      </caption>
      <tbody>
        <tr>
          <th scope="row">Prix par mois</th>
          <td>{cents(offer.monthlyCents)}</td>
        </tr>
        <tr>
          <th scope="row">Débit</th>
          <td>{offer.speed}</td>
        </tr>
        <tr>
          <th scope="row">Engagement</th>
          <td>{offer.commitmentMonths ? `${offer.commitmentMonths} mois` : 'Sans engagement'}</td>
        </tr>
        <tr>
          <th scope="row">Frais</th>
          <td>{offer.fees || 'Aucun'}</td>
        </tr>
        <tr>
          <th scope="row">Si vous résiliez</th>
          <td>{offer.termination}</td>
        </tr>
      </tbody>
    </table>
  );
}

export default function OfferSheetEdit() {
  const { sheet, canPublish, votes, status } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent: Values | undefined = failed && Object.keys(failed.values).length ? failed.values : undefined;
  const { date } = useI18n();
  const editable = sheet.status === 'draft' || sheet.status === 'proposed';
  // The rows shown: the sheet's offers and two empty ones to add more (or the rows as they were sent).
  const rows = Math.min(maxOffers, sheet.offers.length + 2);
  const offerValue = (i: number, f: OfferField): string => {
    if (sent) return sent[`o${i}.${f}`] ?? '';
    const o = sheet.offers[i];
    if (!o) return '';
    if (f === 'monthly') return eurosText(o.monthlyCents);
    if (f === 'commitmentMonths') return String(o.commitmentMonths);
    return o[f];
  };
  return (
    <Page
      title={`${sheet.title} (version ${sheet.version})`}
      crumbs={[{ to: '/fiches', label: 'Fiches offres' }]}
    >
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={errors['']} />
      <dl className="facts">
        <dt>Secteur</dt>
        <dd>
          {sheet.sectorName} ({sheet.sectorCode})
        </dd>
        <dt>État</dt>
        <dd>{statusLabels[sheet.status]}</dd>
        <dt>Écrite par</dt>
        <dd>{sheet.authorLabel}</dd>
        <dt>Prix vérifiés le</dt>
        <dd>{date(sheet.validOn)}</dd>
        {sheet.publishedAt ? (
          <>
            <dt>Publiée le</dt>
            <dd>
              {date(sheet.publishedAt)} par {sheet.publishedBy}
            </dd>
          </>
        ) : null}
        {sheet.votes.length ? (
          <>
            <dt>Jointe aux consultations</dt>
            <dd>{sheet.votes.map((v) => v.reference).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {sheet.status === 'published' ? (
        <p>
          <a href={`/fiches-offres/${encodeURIComponent(sheet.sectorCode)}`}>Voir la page publique</a>
        </p>
      ) : null}

      {editable ? (
        <section aria-labelledby="contenu-title" id="contenu">
          <h2 id="contenu-title">Contenu de la fiche</h2>
          <p>
            Écrivez simplement, comme à un voisin. Pour enlever une offre, videz toutes ses cases. Les cases
            marquées * sont obligatoires.
          </p>
          <Form method="post" action={`/fiches/${sheet.id}#contenu`}>
            <input type="hidden" name="intent" value="save" />
            <div className="narrow">
              <TextInput
                id="title"
                label="Titre de la fiche"
                required
                errors={errors.title}
                defaultValue={sent?.title ?? sheet.title}
              />
              <TextInput
                id="intro"
                label="Introduction"
                hint="Quelques phrases pour commencer : à qui s’adresse la fiche, ce qu’il faut regarder."
                multiline
                errors={errors.intro}
                defaultValue={sent?.intro ?? sheet.intro}
              />
              <TextInput
                id="validOn"
                label="Prix vérifiés le"
                type="date"
                required
                errors={errors.validOn}
                defaultValue={sent?.validOn ?? sheet.validOn}
              />
            </div>
            <FieldAlert id="offers-error" errors={errors.offers} />
            {Array.from({ length: rows }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in the form, nothing else.
              <fieldset key={i} className="narrow">
                <legend>
                  Offre {i + 1}
                  {i >= sheet.offers.length ? ' (à ajouter, ou laisser vide)' : ''}
                </legend>
                {offerFields.map((f) => (
                  <TextInput
                    key={f}
                    id={`o${i}.${f}`}
                    label={offerLabels[f]}
                    hint={offerHints[f]}
                    multiline={f === 'termination' || f === 'fees'}
                    inputMode={f === 'monthly' ? 'decimal' : f === 'commitmentMonths' ? 'numeric' : undefined}
                    errors={errors[`o${i}.${f}`]}
                    defaultValue={offerValue(i, f)}
                  />
                ))}
              </fieldset>
            ))}
            <button type="submit">Enregistrer la fiche</button>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="offres-title">
          <h2 id="offres-title">Offres</h2>
          {sheet.intro ? <p style={{ whiteSpace: 'pre-line' }}>{sheet.intro}</p> : null}
          {sheet.offers.map((o, i) => (
            <OfferTable key={`${o.operator}-${o.offer}`} offer={o} index={i} />
          ))}
        </section>
      )}

      <section aria-labelledby="suite-title">
        <h2 id="suite-title">Et ensuite ?</h2>
        {sheet.status === 'draft' ? (
          <Form method="post" action={`/fiches/${sheet.id}`}>
            <input type="hidden" name="intent" value="propose" />
            <p>Quand la fiche est prête, proposez-la : la coordination la relit et la publie.</p>
            <button type="submit" className="secondary">
              Proposer pour publication
            </button>
          </Form>
        ) : null}
        {canPublish && editable ? (
          <Form method="post" action={`/fiches/${sheet.id}`}>
            <input type="hidden" name="intent" value="publish" />
            <p>
              Publier met la fiche sur la page publique du secteur. La version publiée avant elle devient une
              ancienne version.
            </p>
            <button type="submit">Publier la fiche</button>
          </Form>
        ) : null}
        {sheet.status === 'published' || sheet.status === 'archived' ? (
          <Form method="post" action={`/fiches/${sheet.id}`}>
            <input type="hidden" name="intent" value="copy" />
            <p>
              Une fiche publiée ne change plus. Pour la corriger, écrivez une nouvelle version à partir
              d’elle.
            </p>
            <button type="submit" className="secondary">
              Écrire une nouvelle version
            </button>
          </Form>
        ) : null}
        {canPublish && sheet.status === 'published' ? (
          votes.length ? (
            <Form method="post" action={`/fiches/${sheet.id}`} className="narrow">
              <input type="hidden" name="intent" value="attach" />
              <div className={`field${errors.voteId ? ' has-error' : ''}`}>
                <label htmlFor="voteId">Consultation des locataires</label>
                <p className="hint" id="voteId-hint">
                  La fiche sera jointe à l’information des locataires de cette consultation.
                </p>
                <FieldAlert id="voteId-error" errors={errors.voteId} />
                <select
                  id="voteId"
                  name="voteId"
                  required
                  defaultValue=""
                  aria-invalid={errors.voteId ? true : undefined}
                  aria-describedby={describedBy('voteId-hint', errors.voteId && 'voteId-error')}
                >
                  <option value="" disabled>
                    Choisissez la consultation
                  </option>
                  {votes.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.reference} — {v.serviceName}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="secondary">
                Joindre à la consultation
              </button>
            </Form>
          ) : (
            <p>Aucune consultation dans ce secteur pour le moment.</p>
          )
        ) : null}
        <p>
          <Link to="/fiches">Retour aux fiches</Link>
        </p>
      </section>
    </Page>
  );
}
