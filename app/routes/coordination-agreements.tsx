// /coordination/conventions: the partnership agreements, those to renew on top; the coordinator records new ones.
// A partner sees its own, read-only.
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
  AgreementForm,
  agreementPartners,
  createAgreement,
  listAgreements,
  needsRenewal,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';
import { issuesByField, refusalErrors, textValues } from './coordination-forms.server.ts';
import { type Errors, Input, RenewalStateText, Section, Select, TextArea } from './coordination-parts.tsx';

export const meta = () => [{ title: 'Conventions — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const filters = {
    partner: optionalIntParam(url.searchParams.get('partenaire')),
    status: (['active', 'terminated'] as const).find((s) => s === url.searchParams.get('etat')),
    due: url.searchParams.get('renouveler') === 'oui',
  };
  const manager = canAtAll(actor, 'agreement.manage');
  const [all, partners] = await Promise.all([
    listAgreements({ db, actor, today: localDate(new Date()) }),
    manager ? agreementPartners({ db, actor }) : null,
  ]);
  const shown = all.filter(
    (a) =>
      (!filters.partner || a.organisationId === filters.partner) &&
      (!filters.status || a.status === filters.status) &&
      (!filters.due || needsRenewal(a.state)),
  );
  const partnerOptions = new Map(all.map((a) => [a.organisationId, a.organisationName]));
  return {
    agreements: shown.map((a) => ({
      id: a.id,
      reference: a.reference,
      organisationName: a.organisationName,
      object: a.object,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      amountCents: a.amountCents,
      state: a.state,
      alertFrom: a.alertFrom,
    })),
    alerts: all.filter((a) => needsRenewal(a.state)).length,
    filters: {
      partner: filters.partner ? String(filters.partner) : '',
      status: filters.status ?? '',
      due: filters.due,
    },
    partnerFilter: [...partnerOptions].map(([value, label]) => ({ value, label })),
    partners: partners?.filter((o) => o.active).map((o) => ({ value: o.id, label: o.name })) ?? null,
    today: localDate(new Date()),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.manage');
  const values = textValues(await readForm(request));
  const parsed = AgreementForm.safeParse({
    organisationId: values.organisationId ?? '',
    reference: values.reference ?? '',
    object: values.object ?? '',
    startsOn: values.startsOn ?? '',
    endsOn: values.endsOn ?? '',
    amountCents: values.amount ?? '',
    noticeDays: values.noticeDays ?? '',
  });
  if (!parsed.success) return data({ errors: issuesByField(parsed.error), values }, { status: 400 });
  const created = await createAgreement({ db: services(context).db, actor, input: parsed.data });
  if (!created.ok) return data({ errors: refusalErrors(created), values }, { status: 409 });
  return redirect(`/coordination/conventions/${created.agreementId}?fait=creee`);
});

export default function Agreements() {
  const { agreements, alerts, filters, partnerFilter, partners, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const { date, cents } = useI18n();
  return (
    <Page title="Conventions" crumbs={[{ to: '/coordination', label: 'Coordination' }]}>
      <p className="lead">
        Les conventions de partenariat du programme : objet, dates, montant, documents signés. Une convention
        est à renouveler à partir de son préavis (90 jours avant sa fin, sauf autre choix), tant qu’aucune
        autre ne la renouvelle.
      </p>
      {alerts ? (
        <p>
          <strong>
            {alerts === 1 ? '1 convention est à renouveler' : `${alerts} conventions sont à renouveler`}.
          </strong>{' '}
          <Link to="?renouveler=oui#liste">Voir seulement celles-ci</Link> ·{' '}
          <a href="/coordination/conventions/renouvellements.csv" download>
            Télécharger la liste (CSV)
          </a>
        </p>
      ) : null}

      <Section id="liste" title="Liste des conventions">
        <form
          method="get"
          action="/coordination/conventions#liste"
          className="filters"
          aria-label="Choisir les conventions affichées"
        >
          {partnerFilter.length > 1 ? (
            <div className="field">
              <label htmlFor="partenaire">Partenaire</label>
              <select id="partenaire" name="partenaire" defaultValue={filters.partner}>
                <option value="">Tous les partenaires</option>
                {partnerFilter.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="etat">État</label>
            <select id="etat" name="etat" defaultValue={filters.status}>
              <option value="">Tous les états</option>
              <option value="active">En vigueur ou échues</option>
              <option value="terminated">Résiliées</option>
            </select>
          </div>
          <div className="field check">
            <input
              type="checkbox"
              id="renouveler"
              name="renouveler"
              value="oui"
              defaultChecked={filters.due}
            />
            <label htmlFor="renouveler">À renouveler seulement</label>
          </div>
          <div className="field">
            <button type="submit">Afficher</button>
          </div>
        </form>
        {agreements.length === 0 ? (
          <p>
            Aucune convention
            {filters.partner || filters.status || filters.due ? ' avec ces choix' : ' pour le moment'}.
          </p>
        ) : (
          <table>
            <caption className="visually-hidden">Conventions, celles à renouveler d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Partenaire</th>
                <th scope="col">Objet</th>
                <th scope="col">Du</th>
                <th scope="col">Au</th>
                <th scope="col" className="num">
                  Montant
                </th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Link to={`/coordination/conventions/${a.id}`}>{a.reference}</Link>
                  </td>
                  <td>{a.organisationName}</td>
                  <td>{a.object.length > 90 ? `${a.object.slice(0, 88)}…` : a.object}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{date(a.startsOn)}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{date(a.endsOn)}</td>
                  <td className="num">{cents(a.amountCents)}</td>
                  <td>
                    <RenewalStateText state={a.state} endsOn={a.endsOn} alertFrom={a.alertFrom} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {partners ? (
        <Section id="nouvelle" title="Nouvelle convention">
          <Form method="post" action="/coordination/conventions#nouvelle" className="narrow">
            <FormErrors errors={errors['']} />
            <Select
              id="organisationId"
              name="organisationId"
              label="Partenaire"
              placeholder="Choisissez le partenaire"
              required
              options={partners}
              defaultValue={sent?.organisationId}
              errors={errors.organisationId}
            />
            <Input
              id="reference"
              name="reference"
              label="Référence"
              hint="Unique dans le programme, par exemple CONV-2024-03."
              required
              defaultValue={sent?.reference}
              errors={errors.reference}
            />
            <TextArea
              id="object"
              name="object"
              label="Objet"
              hint="Ce que la convention prévoit, en quelques mots."
              required
              defaultValue={sent?.object}
              errors={errors.object}
            />
            <Input
              id="startsOn"
              name="startsOn"
              type="date"
              label="Début"
              required
              defaultValue={sent?.startsOn ?? today}
              errors={errors.startsOn}
            />
            <Input
              id="endsOn"
              name="endsOn"
              type="date"
              label="Fin"
              required
              defaultValue={sent?.endsOn}
              errors={errors.endsOn}
            />
            <Input
              id="amount"
              name="amount"
              label="Montant (€)"
              hint="Ce que le programme verse sur toute la convention, par exemple 20 000. Vide : 0 €."
              inputMode="decimal"
              defaultValue={sent?.amount}
              errors={errors.amountCents}
            />
            <Input
              id="noticeDays"
              name="noticeDays"
              label="Préavis de renouvellement (jours)"
              hint="L’alerte de renouvellement commence autant de jours avant la fin. Vide : 90."
              inputMode="numeric"
              defaultValue={sent?.noticeDays}
              errors={errors.noticeDays}
            />
            <button type="submit">Enregistrer la convention</button>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
