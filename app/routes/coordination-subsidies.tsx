// /coordination/subventions: the subsidies' budget of a year — planned, voted, paid, in total, per association, per
// purpose — and over the years; the year's subsidies; the coordinator plans new ones. An association sees its own.
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
  listSubsidies,
  planSubsidy,
  SubsidyPlanForm,
  subsidyBudget,
  subsidyChoices,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { issuesByField, refusalErrors, textValues } from './coordination-forms.server.ts';
import { BudgetBars, BudgetFacts, type Errors, Input, Section, Select } from './coordination-parts.tsx';

export const meta = () => [{ title: 'Subventions — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'subsidy.read');
  const { db } = services(context);
  const currentYear = Number(localDate(new Date()).slice(0, 4));
  const asked = Number(new URL(request.url).searchParams.get('annee'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : currentYear;
  const manager = canAtAll(actor, 'subsidy.manage');
  const [budget, subsidies, choices] = await Promise.all([
    subsidyBudget({ db, actor, year }),
    listSubsidies({ db, actor, filter: { year } }),
    manager ? subsidyChoices({ db, actor }) : null,
  ]);
  const years = [...new Set([...budget.years.map((y) => y.year), currentYear, currentYear + 1])].sort();
  return {
    year,
    years,
    budget,
    subsidies: subsidies.map((s) => ({
      id: s.id,
      organisationName: s.organisationName,
      purpose: s.purpose,
      plannedCents: s.plannedCents,
      committedCents: s.committedCents,
      paidCents: s.paidCents,
      remainingCents: s.remainingCents,
      stage: s.stage,
    })),
    choices: choices
      ? {
          associations: choices.associations
            .filter((o) => o.active)
            .map((o) => ({ value: o.id, label: o.name })),
          agreements: choices.agreements.map((a) => ({
            value: a.id,
            label: `${a.reference} (${choices.associations.find((o) => o.id === a.organisationId)?.name ?? ''})`,
          })),
          purposes: choices.purposes,
        }
      : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'subsidy.manage');
  const values = textValues(await readForm(request));
  const parsed = SubsidyPlanForm.safeParse({
    organisationId: values.organisationId ?? '',
    year: values.year ?? '',
    purpose: values.purpose ?? '',
    plannedCents: values.planned ?? '',
    agreementId: values.agreementId ?? '',
  });
  if (!parsed.success) return data({ errors: issuesByField(parsed.error), values }, { status: 400 });
  const planned = await planSubsidy({ db: services(context).db, actor, input: parsed.data });
  if (!planned.ok) return data({ errors: refusalErrors(planned), values }, { status: 409 });
  return redirect(`/coordination/subventions/${planned.subsidyId}?fait=prevue`);
});

export default function Subsidies() {
  const { year, years, budget, subsidies, choices } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const { t, cents } = useI18n();
  const maxPlanned = Math.max(
    0,
    ...budget.years.map((y) => Math.max(y.plannedCents, y.committedCents, y.paidCents)),
  );
  const breakdown = (
    rows: {
      key: string | number;
      label: string;
      plannedCents: number;
      committedCents: number;
      paidCents: number;
      remainingCents: number;
    }[],
    caption: string,
    head: string,
  ) => (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            Prévu
          </th>
          <th scope="col" className="num">
            Voté
          </th>
          <th scope="col" className="num">
            Versé
          </th>
          <th scope="col" className="num">
            Reste à verser
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{cents(r.plannedCents)}</td>
            <td className="num">{cents(r.committedCents)}</td>
            <td className="num">{cents(r.paidCents)}</td>
            <td className="num">{cents(r.remainingCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Page title="Subventions" crumbs={[{ to: '/coordination', label: 'Coordination' }]}>
      <p className="lead">
        Les subventions aux associations qui accompagnent les habitants : prévues au budget, votées, puis
        versées en une ou plusieurs fois.
      </p>
      <form method="get" action="/coordination/subventions" className="filters" aria-label="Choisir l’année">
        <div className="field">
          <label htmlFor="annee">Année</label>
          <select id="annee" name="annee" defaultValue={year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit">Afficher</button>
        </div>
      </form>

      <Section id="budget" title={`Budget ${year}`}>
        {budget.totals.subsidies === 0 ? (
          <p>Aucune subvention pour {year}.</p>
        ) : (
          <>
            <BudgetFacts figures={budget.totals} />
            {breakdown(
              budget.byAssociation.map((a) => ({ key: a.organisationId, label: a.organisationName, ...a })),
              `Par association, ${year}`,
              'Association',
            )}
            {breakdown(
              budget.byPurpose.map((p) => ({ key: p.purpose, label: p.purpose, ...p })),
              `Par objet, ${year}`,
              'Objet',
            )}
          </>
        )}
      </Section>

      <Section id="annees" title="Au fil des années">
        <table>
          <caption className="visually-hidden">
            Prévu, voté et versé par année, avec des barres proportionnelles
          </caption>
          <thead>
            <tr>
              <th scope="col">Année</th>
              <th scope="col">Prévu, voté, versé</th>
              <th scope="col" className="num">
                Reste à verser
              </th>
            </tr>
          </thead>
          <tbody>
            {budget.years.map((y) => (
              <tr key={y.year}>
                <th scope="row">
                  {y.year === year ? (
                    <strong>{y.year}</strong>
                  ) : (
                    <Link to={`/coordination/subventions?annee=${y.year}`}>{y.year}</Link>
                  )}
                </th>
                <td style={{ minWidth: '18rem' }}>
                  <BudgetBars figures={y} max={maxPlanned} />
                </td>
                <td className="num">{cents(y.remainingCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="liste" title={`Subventions ${year}`}>
        {subsidies.length === 0 ? (
          <p>Aucune subvention pour {year}.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Subventions de {year}, par association</caption>
            <thead>
              <tr>
                <th scope="col">Association</th>
                <th scope="col">Objet</th>
                <th scope="col" className="num">
                  Prévu
                </th>
                <th scope="col" className="num">
                  Voté
                </th>
                <th scope="col" className="num">
                  Versé
                </th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {subsidies.map((s) => (
                <tr key={s.id}>
                  <td>{s.organisationName}</td>
                  <td>
                    <Link to={`/coordination/subventions/${s.id}`}>{s.purpose}</Link>
                  </td>
                  <td className="num">{cents(s.plannedCents)}</td>
                  <td className="num">{s.committedCents === null ? '—' : cents(s.committedCents)}</td>
                  <td className="num">{cents(s.paidCents)}</td>
                  <td>{t(`coordination.stages.${s.stage}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {choices ? (
        <Section id="nouvelle" title="Prévoir une subvention">
          <Form method="post" action="/coordination/subventions#nouvelle" className="narrow">
            <FormErrors errors={errors['']} />
            <Select
              id="organisationId"
              name="organisationId"
              label="Association"
              placeholder="Choisissez l’association"
              required
              options={choices.associations}
              defaultValue={sent?.organisationId}
              errors={errors.organisationId}
            />
            <Input
              id="year"
              name="year"
              label="Année"
              inputMode="numeric"
              required
              defaultValue={sent?.year ?? year}
              errors={errors.year}
            />
            <Input
              id="purpose"
              name="purpose"
              label="Objet"
              hint="Par exemple « Ateliers multimédia » : reprenez les mêmes mots d’une année à l’autre."
              list="purposes"
              required
              defaultValue={sent?.purpose}
              errors={errors.purpose}
            />
            <datalist id="purposes">
              {choices.purposes.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
            <Input
              id="planned"
              name="planned"
              label="Montant prévu (€)"
              hint="Par exemple 5 000."
              inputMode="decimal"
              required
              defaultValue={sent?.planned}
              errors={errors.plannedCents}
            />
            <Select
              id="agreementId"
              name="agreementId"
              label="Convention (facultatif)"
              placeholder="Aucune"
              options={choices.agreements}
              defaultValue={sent?.agreementId}
              errors={errors.agreementId}
            />
            <button type="submit">Prévoir la subvention</button>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
