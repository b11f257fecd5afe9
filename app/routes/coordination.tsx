// /coordination: the coordination at a glance — agreements to renew, this year's subsidies budget, the committee's
// open actions — each part shown to whoever may read it (a partner: its own agreements and subsidies).
import {
  type ActionFunctionArgs,
  data,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { listRenewalsDue, listSteeringActions, subsidyBudget } from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { followAction, textValues } from './coordination-forms.server.ts';
import { ActionsTable, BudgetBars, BudgetFacts, RenewalStateText, Section } from './coordination-parts.tsx';

export const meta = () => [{ title: 'Coordination — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'committee.read');
  const { db } = services(context);
  const today = localDate(new Date());
  const year = Number(today.slice(0, 4));
  const canAgreements = canAtAll(actor, 'agreement.read');
  const canSubsidies = canAtAll(actor, 'subsidy.read');
  const [renewals, budget, actions] = await Promise.all([
    canAgreements ? listRenewalsDue({ db, actor, today }) : null,
    canSubsidies ? subsidyBudget({ db, actor, year }) : null,
    listSteeringActions({ db, actor, today }),
  ]);
  return {
    year,
    manager: canAtAll(actor, 'agreement.manage'),
    renewals: renewals?.map((r) => ({
      id: r.id,
      reference: r.reference,
      organisationName: r.organisationName,
      endsOn: r.endsOn,
      alertFrom: r.alertFrom,
      state: r.state,
    })),
    budget: budget ? { totals: budget.totals, associations: budget.byAssociation.length } : null,
    actions,
    done:
      new URL(request.url).searchParams.get('fait') === 'action'
        ? 'L’état de l’action est enregistré.'
        : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'committee.read');
  const values = textValues(await readForm(request));
  const followed = await followAction(services(context).db, actor, values);
  if (!followed.ok) return data({ actionId: followed.actionId, errors: followed.errors }, { status: 400 });
  return redirect(`/coordination?fait=action#action-${followed.actionId}`);
});

export default function Coordination() {
  const { year, manager, renewals, budget, actions, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { date } = useI18n();
  const overdue = actions.filter((a) => a.overdue).length;
  return (
    <Page title="Coordination">
      {done ? <Notice>{done}</Notice> : null}
      <FormErrors errors={failed?.errors['']} />
      <p className="lead">
        Les conventions avec les partenaires, les subventions aux associations et le suivi du comité de
        pilotage.
      </p>
      <ul className="tasks">
        {renewals ? (
          <li>
            <Link to="/coordination/conventions">Conventions</Link>
          </li>
        ) : null}
        {budget ? (
          <li>
            <Link to="/coordination/subventions">Subventions</Link>
          </li>
        ) : null}
        <li>
          <Link to="/coordination/comites">Comités de pilotage</Link>
        </li>
      </ul>

      {renewals ? (
        <Section id="renouvellements" title="Conventions à renouveler">
          {renewals.length === 0 ? (
            <p>Aucune convention à renouveler pour le moment.</p>
          ) : (
            <ul>
              {renewals.map((r) => (
                <li key={r.id}>
                  <Link to={`/coordination/conventions/${r.id}`}>{r.reference}</Link> avec{' '}
                  {r.organisationName}, fin le {date(r.endsOn)} :{' '}
                  <RenewalStateText state={r.state} endsOn={r.endsOn} alertFrom={r.alertFrom} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}

      {budget ? (
        <Section id="budget" title={`Subventions ${year}`}>
          {budget.totals.subsidies === 0 ? (
            <p>Aucune subvention prévue pour {year}.</p>
          ) : (
            <>
              <p>
                {budget.totals.subsidies === 1 ? '1 subvention' : `${budget.totals.subsidies} subventions`}
                {manager
                  ? `, ${budget.associations === 1 ? '1 association' : `${budget.associations} associations`}`
                  : ''}
                .
              </p>
              <div className="two-columns">
                <BudgetFacts figures={budget.totals} />
                <BudgetBars figures={budget.totals} max={budget.totals.plannedCents} />
              </div>
            </>
          )}
          <p>
            <Link to="/coordination/subventions">Voir le budget et les subventions</Link>
          </p>
        </Section>
      ) : null}

      <Section id="actions" title="Actions à suivre">
        {actions.length === 0 ? (
          <p>Aucune action en cours.</p>
        ) : (
          <>
            {overdue ? (
              <p>
                <strong>
                  {overdue === 1 ? '1 action est en retard' : `${overdue} actions sont en retard`}.
                </strong>
              </p>
            ) : null}
            <ActionsTable
              actions={actions}
              caption="Actions du comité de pilotage en cours, les retards d’abord"
              action="/coordination"
              errors={failed?.errors ?? {}}
              failedActionId={failed?.actionId ?? null}
            />
          </>
        )}
      </Section>
    </Page>
  );
}
