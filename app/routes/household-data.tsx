// « Données personnelles » of a household (GDPR art. 15–17, 20): what Palier holds, module by module, the person's
// copy to download (JSON, PDF), and the erasure — a form, then a confirmation step. Works without JavaScript.
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
import { localDate } from '../../src/platform/dates.ts';
import {
  ErasureRequest,
  type ErasureRequestValue,
  eraseHousehold,
  erasureCauseLabels,
  erasureCauses,
  getPersonalDataOverview,
} from '../../src/privacy/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { overview: { household: { reference: string } } } }) => [
  { title: `Données personnelles du foyer ${loaderData?.overview.household.reference ?? ''} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'personal_data.export');
  const overview = await getPersonalDataOverview({
    db: services(context).db,
    actor,
    householdId: intParam(params.id),
  });
  return { overview, today: localDate(new Date()), done: new URL(request.url).searchParams.has('efface') };
});

type ActionData =
  | { step: 'confirm'; value: ErasureRequestValue }
  | { step: 'form'; errors: Record<string, string[]>; sent: Record<string, string> };

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'personal_data.erase');
  const householdId = intParam(params.id);
  const { formData, submission } = await parseForm(request, ErasureRequest);
  const sent = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  if (submission.status !== 'success')
    return data<ActionData>(
      { step: 'form', errors: (submission.reply().error ?? {}) as Record<string, string[]>, sent },
      { status: 400 },
    );
  // First the confirmation step; only its button erases.
  if (formData.get('intent') !== 'confirm')
    return data<ActionData>({ step: 'confirm', value: submission.value });
  const summary = await eraseHousehold(services(context).db, actor, {
    householdId,
    cause: submission.value.cause,
    requestedOn: submission.value.requestedOn ?? null,
    keepCertificates: submission.value.keepCertificates,
  });
  if (summary.status === 'refused')
    return data<ActionData>({ step: 'form', errors: { '': [summary.message] }, sent }, { status: 409 });
  return redirect(`/foyers/${householdId}/donnees?efface`);
});

export default function HouseholdDataPage() {
  const { overview, today, done } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionData>();
  const { date, dateTime } = useI18n();
  const { household, modules, inProgress, erasure, canErase } = overview;
  const base = `/foyers/${household.id}`;
  const errors = answer?.step === 'form' ? answer.errors : {};
  const sent = answer?.step === 'form' ? answer.sent : {};
  const title = `Données personnelles du foyer ${household.reference}`;
  return (
    <Page
      title={title}
      crumbs={[
        { to: '/foyers', label: 'Foyers' },
        // An erased household has no page of its own any more.
        ...(household.anonymisedAt ? [] : [{ to: base, label: `Foyer ${household.reference}` }]),
      ]}
    >
      {done ? (
        <Notice>Les données du foyer sont effacées. L’effacement est inscrit au registre.</Notice>
      ) : null}
      {household.anonymisedAt ? (
        <p>
          Ce foyer a été effacé le {date(household.anonymisedAt)}
          {erasure
            ? ` (${erasureCauseLabels[erasure.cause as 'request'].toLowerCase()}${erasure.requestedOn ? `, demande du ${date(erasure.requestedOn)}` : ''}), par ${erasure.actorLabel}`
            : ''}
          . Il ne reste que ce qui sert aux statistiques, à l’argent et aux votes, sans aucun nom.{' '}
          <Link to="/confidentialite/effacements">Voir le registre des effacements</Link>
        </p>
      ) : (
        <p>
          {household.name ? `Personne de référence : ${household.name}. ` : ''}
          Cette page dit ce que Palier conserve sur ce foyer. Elle sert à répondre à la personne qui demande
          ses données, ou leur effacement.
        </p>
      )}

      <Section id="held" title="Ce que nous conservons">
        <table>
          <thead>
            <tr>
              <th scope="col">Partie</th>
              <th scope="col">Ce qui est conservé</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.key}>
                <th scope="row">{m.title}</th>
                <td>{m.lines.length ? m.lines.join(', ') : 'Rien'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="copy" title="Donner une copie à la personne">
        <p>
          La copie contient tout ce qui est conservé, partie par partie. Chaque téléchargement est noté dans
          l’historique du foyer.
        </p>
        <ul>
          <li>
            <a href={`${base}/donnees.pdf`} download>
              Télécharger en PDF (à lire ou imprimer)
            </a>
          </li>
          <li>
            <a href={`${base}/donnees.json`} download>
              Télécharger en JSON (à reprendre dans un autre logiciel)
            </a>
          </li>
        </ul>
      </Section>

      {canErase && !household.anonymisedAt ? (
        <Section id="erase" title="Effacer les données du foyer">
          {inProgress.length ? (
            <>
              <p>Ce foyer ne peut pas encore être effacé. Il reste :</p>
              <ul>
                {inProgress.map((w) => (
                  <li key={w.kind}>{w.label}</li>
                ))}
              </ul>
              <p>Terminez ou annulez d’abord ces démarches sur leur page, puis revenez ici.</p>
            </>
          ) : answer?.step === 'confirm' ? (
            <Confirm value={answer.value} base={base} reference={household.reference} />
          ) : (
            <>
              <p>Ce qui se passe :</p>
              <ul>
                <li>
                  les noms, téléphones, adresses e-mail et textes écrits sur les personnes sont effacés
                  partout, et leurs comptes fermés ;
                </li>
                <li>
                  restent, sans aucun nom : les lignes de charges et les paiements (l’argent), les votes (pour
                  les comptes), et ce qui sert aux statistiques ;
                </li>
                <li>
                  les attestations Visa Internet sont révoquées « à la demande », sauf si la personne veut les
                  garder.
                </li>
              </ul>
              <Form method="post" id="erase-form" noValidate>
                <input type="hidden" name="intent" value="prepare" />
                <FormErrors errors={errors['']} />
                <fieldset
                  className={`field${errors.cause ? ' has-error' : ''}`}
                  aria-describedby={errors.cause ? 'cause-error' : undefined}
                >
                  <legend>
                    Pourquoi effacer ?<span aria-hidden="true"> *</span>
                  </legend>
                  <FieldAlert id="cause-error" errors={errors.cause} />
                  {erasureCauses.map((cause) => (
                    <div className="check" key={cause}>
                      <input
                        type="radio"
                        id={`cause-${cause}`}
                        name="cause"
                        value={cause}
                        defaultChecked={(sent.cause ?? 'request') === cause}
                      />
                      <label htmlFor={`cause-${cause}`}>{erasureCauseLabels[cause]}</label>
                    </div>
                  ))}
                </fieldset>
                <div className={`field${errors.requestedOn ? ' has-error' : ''}`}>
                  <label htmlFor="requestedOn">Date de la demande</label>
                  <p className="hint" id="requestedOn-hint">
                    Le jour où la personne a demandé l’effacement (obligatoire pour une demande).
                  </p>
                  <FieldAlert id="requestedOn-error" errors={errors.requestedOn} />
                  <input
                    type="date"
                    id="requestedOn"
                    name="requestedOn"
                    max={today}
                    defaultValue={sent.requestedOn ?? today}
                    aria-invalid={errors.requestedOn ? true : undefined}
                    aria-describedby={`requestedOn-hint${errors.requestedOn ? ' requestedOn-error' : ''}`}
                  />
                </div>
                <div className="check">
                  <input
                    type="checkbox"
                    id="keepCertificates"
                    name="keepCertificates"
                    defaultChecked={sent.keepCertificates === 'on'}
                  />
                  <label htmlFor="keepCertificates">
                    La personne garde ses attestations Visa Internet (elles restent valables, à son nom)
                  </label>
                </div>
                <button type="submit">Continuer</button>
              </Form>
            </>
          )}
        </Section>
      ) : null}
      {erasure && !household.anonymisedAt ? (
        <p className="hint">Dernier effacement enregistré : {dateTime(erasure.performedAt)}.</p>
      ) : null}
    </Page>
  );
}

function Confirm({
  value,
  base,
  reference,
}: {
  value: ErasureRequestValue;
  base: string;
  reference: string;
}) {
  const { date } = useI18n();
  return (
    <div className="form-error">
      <h3 id="confirm-title">Confirmer l’effacement du foyer {reference}</h3>
      <p>
        {erasureCauseLabels[value.cause]}
        {value.requestedOn ? `, demande du ${date(value.requestedOn)}` : ''}.{' '}
        {value.keepCertificates
          ? 'Les attestations restent valables, au nom de la personne.'
          : 'Les attestations seront révoquées « à la demande ».'}
      </p>
      <p>
        <strong>Cet effacement ne peut pas être annulé.</strong> Donnez d’abord sa copie à la personne si elle
        la souhaite.
      </p>
      <Form method="post" id="confirm-form" aria-labelledby="confirm-title">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="cause" value={value.cause} />
        <input type="hidden" name="requestedOn" value={value.requestedOn ?? ''} />
        {value.keepCertificates ? <input type="hidden" name="keepCertificates" value="on" /> : null}
        <button type="submit">Effacer définitivement</button> <Link to={`${base}/donnees`}>Annuler</Link>
      </Form>
    </div>
  );
}
