// The association's advice cases (its own only), and opening a new one for a household member.
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
  type AdviceStatus,
  type AdviceTopic,
  adviceRefusalMessage,
  adviceStatuses,
  adviceTopics,
  labelOf,
  listCases,
  listOperatorChoices,
  openCase,
  statusLabels,
  topicLabels,
} from '../../src/advice/index.ts';
import { findHouseholdByReference, getHousehold } from '../../src/households/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { CalendarDay, SingleLine } from '../../src/platform/validation.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Conseil — Palier' }];

const pageSize = 50;

type Errors = Record<string, string[]>;

/** The new case as typed: the operator is a partner of the programme (`operatorId`) or a name (`operatorName`). */
const NewCaseForm = z.object({
  memberId: z.coerce.number({ error: 'Choisissez la personne.' }).int().positive('Choisissez la personne.'),
  topic: z.enum(adviceTopics, { error: 'Choisissez le sujet.' }),
  operator: z.string().trim().max(20),
  operatorName: z.union([
    z.literal(''),
    SingleLine(2, 120, 'Écrivez le nom de l’opérateur (2 caractères au moins).'),
  ]),
  summary: z
    .string()
    .trim()
    .min(3, 'Résumez la demande en quelques mots.')
    .max(4000, '4 000 caractères au plus.')
    .refine((v) => !/\p{Cc}/u.test(v.replace(/[\r\n\t]/g, '')), 'Caractères non autorisés'),
  openedOn: CalendarDay,
});

function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const status = (adviceStatuses as readonly string[]).includes(url.searchParams.get('etat') ?? '')
    ? (url.searchParams.get('etat') as AdviceStatus)
    : undefined;
  const topic = (adviceTopics as readonly string[]).includes(url.searchParams.get('sujet') ?? '')
    ? (url.searchParams.get('sujet') as AdviceTopic)
    : undefined;
  const beforeId = optionalIntParam(url.searchParams.get('avant'));
  const canWrite = canAtAll(actor, 'advice.write');
  const rows = await listCases({ db, actor, filter: { status, topic, beforeId, limit: pageSize + 1 } });
  const items = rows.slice(0, pageSize);

  // Opening a case, step 1: the household reference (a GET, so it works without JavaScript).
  const reference = (url.searchParams.get('foyer') ?? '').trim().toUpperCase().slice(0, 40);
  let lookup: {
    reference: string;
    error?: string;
    householdId?: number;
    members?: { id: number; name: string }[];
  } | null = null;
  if (canWrite && reference) {
    const householdId = await findHouseholdByReference({ db, actor, reference });
    if (!householdId)
      lookup = {
        reference,
        error: 'Aucun foyer avec cette référence. Vérifiez la référence (par exemple F-000123).',
      };
    else {
      const household = await getHousehold({ db, actor, householdId });
      lookup = {
        reference,
        householdId: household.id,
        members: household.members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}` })),
      };
    }
  }
  return {
    items,
    next: rows.length > pageSize ? (items.at(-1)?.id ?? null) : null,
    filters: { status: status ?? '', topic: topic ?? '' },
    canWrite,
    operators: canWrite ? await listOperatorChoices({ db, actor }) : [],
    lookup,
    today: localDate(new Date()),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.write');
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const failed = (errors: Errors, status = 400) => data({ errors, values }, { status });
  const householdId = intParam(values.householdId);
  const parsed = NewCaseForm.safeParse({
    memberId: values.memberId ?? '',
    topic: values.topic ?? '',
    operator: values.operator ?? '',
    operatorName: values.operatorName ?? '',
    summary: values.summary ?? '',
    openedOn: values.openedOn ?? '',
  });
  if (!parsed.success) return failed(issuesByField(parsed.error));
  const input = parsed.data;
  // « Autre » with no name, or a name typed with no « Autre » chosen: the name counts when it is there.
  const operatorId = /^\d+$/.test(input.operator) ? Number(input.operator) : undefined;
  if (input.operator === 'autre' && !input.operatorName)
    return failed({ operatorName: ['Écrivez le nom de l’opérateur.'] });
  const opened = await openCase({
    db: services(context).db,
    actor,
    input: {
      householdId,
      memberId: input.memberId,
      topic: input.topic,
      operatorId,
      operatorName: operatorId ? undefined : input.operatorName || undefined,
      summary: input.summary,
      openedOn: input.openedOn,
    },
  });
  if (!opened.ok) return failed({ [opened.field ?? '']: [adviceRefusalMessage(opened.reason)] }, 409);
  return redirect(`/conseil/${opened.caseId}?fait=ouvert`);
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

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export default function AdviceCases() {
  const { items, next, filters, canWrite, operators, lookup, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const { date } = useI18n();
  const olderQuery = new URLSearchParams();
  if (filters.status) olderQuery.set('etat', filters.status);
  if (filters.topic) olderQuery.set('sujet', filters.topic);
  if (next) olderQuery.set('avant', String(next));
  const operatorDefault = sent?.operator ?? '';
  return (
    <Page title="Conseil">
      <p className="lead">
        Les dossiers de votre association. Personne d’autre ne les voit : ni le bailleur, ni la ville, ni les
        autres associations.
      </p>
      <p>
        <Link to="/conseil/modeles">Modèles de courriers</Link> ·{' '}
        <Link to="/conseil/permanences">Permanences et rendez-vous</Link> ·{' '}
        <Link to="/messages">Messages à envoyer</Link>
      </p>

      <section aria-labelledby="dossiers-title" id="dossiers">
        <h2 id="dossiers-title">Dossiers</h2>
        <form
          method="get"
          action="/conseil#dossiers"
          className="filters"
          aria-label="Choisir les dossiers affichés"
        >
          <div className="field">
            <label htmlFor="etat">État</label>
            <select id="etat" name="etat" defaultValue={filters.status}>
              <option value="">Tous les états</option>
              {adviceStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sujet">Sujet</label>
            <select id="sujet" name="sujet" defaultValue={filters.topic}>
              <option value="">Tous les sujets</option>
              {adviceTopics.map((t) => (
                <option key={t} value={t}>
                  {topicLabels[t]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit">Afficher</button>
          </div>
        </form>
        {items.length === 0 ? (
          <p>Aucun dossier{filters.status || filters.topic ? ' avec ces choix' : ' pour le moment'}.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Dossiers de conseil, les plus récents d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Personne</th>
                <th scope="col">Sujet</th>
                <th scope="col">Opérateur</th>
                <th scope="col">Ouvert le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Link to={`/conseil/${c.id}`}>{c.reference}</Link>
                  </td>
                  <td>{c.memberName}</td>
                  <td>{labelOf(topicLabels, c.topic)}</td>
                  <td>{c.operator ?? '—'}</td>
                  <td>{date(c.openedOn)}</td>
                  <td>{labelOf(statusLabels, c.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <p className="pager">
            <Link to={`/conseil?${olderQuery.toString()}#dossiers`}>Dossiers plus anciens</Link>
          </p>
        ) : null}
      </section>

      {canWrite ? (
        <section aria-labelledby="nouveau-title" id="nouveau">
          <h2 id="nouveau-title">Nouveau dossier</h2>
          <p>D’abord le foyer, puis la personne et sa demande.</p>
          <form method="get" action="/conseil#nouveau" className="narrow">
            <div className={`field${lookup?.error ? ' has-error' : ''}`}>
              <label htmlFor="foyer">Référence du foyer</label>
              <p className="hint" id="foyer-hint">
                Par exemple F-000123. Elle est sur la fiche du foyer et sur ses courriers.
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
                aria-describedby={describedBy('foyer-hint', lookup?.error && 'foyer-error')}
              />
            </div>
            <button type="submit" className={lookup?.members ? 'secondary' : undefined}>
              Chercher le foyer
            </button>
          </form>

          {lookup?.members && lookup.householdId ? (
            <Form
              method="post"
              action={`/conseil?foyer=${encodeURIComponent(lookup.reference)}#nouveau`}
              className="narrow"
            >
              <input type="hidden" name="householdId" value={lookup.householdId} />
              <FormErrors errors={errors['']} />
              <fieldset
                className={`field${errors.memberId ? ' has-error' : ''}`}
                aria-describedby={errors.memberId ? 'memberId-error' : undefined}
              >
                <legend>Pour qui ? (foyer {lookup.reference})</legend>
                <FieldAlert id="memberId-error" errors={errors.memberId} />
                {lookup.members.map((m) => (
                  <div className="check" key={m.id}>
                    <input
                      type="radio"
                      id={`memberId-${m.id}`}
                      name="memberId"
                      value={m.id}
                      required
                      defaultChecked={
                        sent?.memberId ? sent.memberId === String(m.id) : lookup.members!.length === 1
                      }
                    />
                    <label htmlFor={`memberId-${m.id}`}>{m.name}</label>
                  </div>
                ))}
              </fieldset>

              <div className={`field${errors.topic ? ' has-error' : ''}`}>
                <label htmlFor="topic">
                  Sujet<span aria-hidden="true"> *</span>
                </label>
                <FieldAlert id="topic-error" errors={errors.topic} />
                <select
                  id="topic"
                  name="topic"
                  required
                  defaultValue={sent?.topic ?? ''}
                  aria-invalid={errors.topic ? true : undefined}
                  aria-describedby={errors.topic ? 'topic-error' : undefined}
                >
                  <option value="" disabled>
                    Choisissez le sujet
                  </option>
                  {adviceTopics.map((t) => (
                    <option key={t} value={t}>
                      {topicLabels[t]}
                    </option>
                  ))}
                </select>
              </div>

              <div className={`field${errors.operator || errors.operatorId ? ' has-error' : ''}`}>
                <label htmlFor="operator">Opérateur</label>
                <p className="hint" id="operator-hint">
                  L’opérateur concerné. S’il n’est pas dans la liste, choisissez « Autre » et écrivez son nom.
                </p>
                <FieldAlert id="operator-error" errors={errors.operatorId ?? errors.operator} />
                <select
                  id="operator"
                  name="operator"
                  defaultValue={operatorDefault}
                  aria-invalid={errors.operatorId || errors.operator ? true : undefined}
                  aria-describedby={describedBy(
                    'operator-hint',
                    (errors.operatorId || errors.operator) && 'operator-error',
                  )}
                >
                  <option value="">Pas d’opérateur précis</option>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                  <option value="autre">Autre (écrire son nom)</option>
                </select>
              </div>
              <div className={`field${errors.operatorName ? ' has-error' : ''}`}>
                <label htmlFor="operatorName">Autre : nom de l’opérateur</label>
                <FieldAlert id="operatorName-error" errors={errors.operatorName} />
                <input
                  id="operatorName"
                  name="operatorName"
                  type="text"
                  defaultValue={sent?.operatorName ?? ''}
                  aria-invalid={errors.operatorName ? true : undefined}
                  aria-describedby={errors.operatorName ? 'operatorName-error' : undefined}
                />
              </div>

              <div className={`field${errors.summary ? ' has-error' : ''}`}>
                <label htmlFor="summary">
                  Résumé de la demande<span aria-hidden="true"> *</span>
                </label>
                <p className="hint" id="summary-hint">
                  Ce que la personne demande, en quelques phrases.
                </p>
                <FieldAlert id="summary-error" errors={errors.summary} />
                <textarea
                  id="summary"
                  name="summary"
                  rows={4}
                  required
                  style={{ width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' }}
                  defaultValue={sent?.summary ?? ''}
                  aria-invalid={errors.summary ? true : undefined}
                  aria-describedby={describedBy('summary-hint', errors.summary && 'summary-error')}
                />
              </div>

              <div className={`field${errors.openedOn ? ' has-error' : ''}`}>
                <label htmlFor="openedOn">
                  Ouvert le<span aria-hidden="true"> *</span>
                </label>
                <FieldAlert id="openedOn-error" errors={errors.openedOn} />
                <input
                  id="openedOn"
                  name="openedOn"
                  type="date"
                  required
                  defaultValue={sent?.openedOn ?? today}
                  aria-invalid={errors.openedOn ? true : undefined}
                  aria-describedby={errors.openedOn ? 'openedOn-error' : undefined}
                />
              </div>
              <button type="submit">Ouvrir le dossier</button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
