// /coordination/subventions/:id: one subsidy — planned, voted, paid, its payments — and, for the coordinator, the
// vote and the payments (never more than what was voted). Its association reads it only.
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
  commitSubsidy,
  EuroSum,
  getSubsidy,
  recordSubsidyPayment,
  replanSubsidy,
  SubsidyCommitForm,
  SubsidyPaymentForm,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';
import { issuesByField, refusalErrors, textValues } from './coordination-forms.server.ts';
import { centsInput, type Errors, Input, Section } from './coordination-parts.tsx';

export const meta = ({ data: loaded }: { data?: { subsidy?: { purpose: string; year: number } } }) => [
  { title: `Subvention ${loaded?.subsidy?.purpose ?? ''} ${loaded?.subsidy?.year ?? ''} — Palier` },
];

const doneMessages: Record<string, string> = {
  prevue: 'La subvention est prévue. Enregistrez le montant voté quand il l’est.',
  votee: 'Le montant voté est enregistré.',
  versement: 'Le versement est enregistré.',
  prevu: 'Le montant prévu est changé.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'subsidy.read');
  const s = await getSubsidy({ db: services(context).db, actor, subsidyId: intParam(params.id) });
  return {
    subsidy: {
      id: s.id,
      organisationName: s.organisationName,
      year: s.year,
      purpose: s.purpose,
      plannedCents: s.plannedCents,
      committedCents: s.committedCents,
      committedOn: s.committedOn,
      paidCents: s.paidCents,
      remainingCents: s.remainingCents,
      stage: s.stage,
      agreementId: s.agreementId,
      agreementReference: s.agreementReference,
      createdBy: s.createdBy,
    },
    payments: s.payments.map((x) => ({
      id: x.id,
      paidOn: x.paidOn,
      amountCents: x.amountCents,
      reference: x.reference,
      recordedBy: x.recordedBy,
    })),
    canManage: s.canManage,
    today: localDate(new Date()),
    done: doneMessages[new URL(request.url).searchParams.get('fait') ?? ''] ?? null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'subsidy.manage');
  const { db } = services(context);
  const subsidyId = intParam(params.id);
  const values = textValues(await readForm(request));
  const failed = (formKey: string, errors: Errors, status = 400) =>
    data({ form: formKey, errors, values }, { status });
  const back = (done: string, anchor: string) =>
    redirect(`/coordination/subventions/${subsidyId}?fait=${done}#${anchor}`);
  switch (values.intent) {
    case 'commit': {
      const parsed = SubsidyCommitForm.safeParse({
        committedCents: values.committed ?? '',
        committedOn: values.committedOn ?? '',
      });
      if (!parsed.success) return failed('commit', issuesByField(parsed.error));
      const done = await commitSubsidy({ db, actor, subsidyId, input: parsed.data });
      if (!done.ok) return failed('commit', refusalErrors(done), 409);
      return back('votee', 'vote');
    }
    case 'payment': {
      const parsed = SubsidyPaymentForm.safeParse({
        paidOn: values.paidOn ?? '',
        amountCents: values.amount ?? '',
        reference: values.reference ?? '',
      });
      if (!parsed.success) return failed('payment', issuesByField(parsed.error));
      const done = await recordSubsidyPayment({ db, actor, subsidyId, input: parsed.data });
      if (!done.ok) return failed('payment', refusalErrors(done), 409);
      return back('versement', 'versements');
    }
    case 'replan': {
      const parsed = EuroSum.safeParse(values.planned ?? '');
      if (!parsed.success)
        return failed('replan', { plannedCents: parsed.error.issues.map((i) => i.message) });
      const done = await replanSubsidy({ db, actor, subsidyId, plannedCents: parsed.data });
      if (!done.ok) return failed('replan', refusalErrors(done), 409);
      return back('prevu', 'top');
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

export default function SubsidyPage() {
  const { subsidy: s, payments, canManage, today, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { t, date, cents } = useI18n();
  const commitErrors = errorsOf('commit');
  const paymentErrors = errorsOf('payment');
  const replanErrors = errorsOf('replan');
  return (
    <Page
      title={`Subvention ${s.year} : ${s.purpose}`}
      crumbs={[
        { to: '/coordination', label: 'Coordination' },
        { to: `/coordination/subventions?annee=${s.year}`, label: 'Subventions' },
      ]}
    >
      <span id="top" />
      {done ? <Notice>{done}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      <dl className="facts">
        <dt>Association</dt>
        <dd>{s.organisationName}</dd>
        <dt>Année</dt>
        <dd>{s.year}</dd>
        <dt>Objet</dt>
        <dd>{s.purpose}</dd>
        <dt>Prévu</dt>
        <dd>{cents(s.plannedCents)}</dd>
        <dt>Voté</dt>
        <dd>
          {s.committedCents === null
            ? 'Pas encore voté'
            : `${cents(s.committedCents)}, le ${date(s.committedOn)}`}
        </dd>
        <dt>Versé</dt>
        <dd>{cents(s.paidCents)}</dd>
        <dt>Reste à verser</dt>
        <dd>
          <strong>{cents(s.remainingCents)}</strong>
        </dd>
        <dt>État</dt>
        <dd>{t(`coordination.stages.${s.stage}`)}</dd>
        {s.agreementId ? (
          <>
            <dt>Convention</dt>
            <dd>
              <Link to={`/coordination/conventions/${s.agreementId}`}>{s.agreementReference}</Link>
            </dd>
          </>
        ) : null}
        <dt>Prévue par</dt>
        <dd>{s.createdBy}</dd>
      </dl>

      <Section id="versements" title="Versements">
        {payments.length === 0 ? (
          <p>Aucun versement pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Versements, du plus ancien au plus récent</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Montant
                </th>
                <th scope="col">Référence</th>
                <th scope="col">Enregistré par</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((x) => (
                <tr key={x.id}>
                  <td>{date(x.paidOn)}</td>
                  <td className="num">{cents(x.amountCents)}</td>
                  <td>{x.reference ?? '—'}</td>
                  <td>{x.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && s.committedCents !== null && s.remainingCents > 0 ? (
          <Form method="post" action={`/coordination/subventions/${s.id}#versements`} className="narrow">
            <h3>Enregistrer un versement</h3>
            <p>Il reste {cents(s.remainingCents)} à verser sur le montant voté.</p>
            <input type="hidden" name="intent" value="payment" />
            <FormErrors errors={paymentErrors['']} />
            <Input
              id="paidOn"
              name="paidOn"
              type="date"
              label="Date du versement"
              required
              defaultValue={sentTo('payment')?.paidOn ?? today}
              errors={paymentErrors.paidOn}
            />
            <Input
              id="amount"
              name="amount"
              label="Montant versé (€)"
              inputMode="decimal"
              required
              defaultValue={sentTo('payment')?.amount ?? centsInput(s.remainingCents)}
              errors={paymentErrors.amountCents}
            />
            <Input
              id="reference"
              name="reference"
              label="Référence du mandat ou du virement (facultatif)"
              defaultValue={sentTo('payment')?.reference}
              errors={paymentErrors.reference}
            />
            <button type="submit">Enregistrer le versement</button>
          </Form>
        ) : null}
      </Section>

      {canManage ? (
        <Section
          id="vote"
          title={s.committedCents === null ? 'Enregistrer le vote' : 'Changer le montant voté'}
        >
          <Form method="post" action={`/coordination/subventions/${s.id}#vote`} className="narrow">
            <input type="hidden" name="intent" value="commit" />
            <FormErrors errors={commitErrors['']} />
            <Input
              id="committed"
              name="committed"
              label="Montant voté (€)"
              inputMode="decimal"
              required
              defaultValue={sentTo('commit')?.committed ?? centsInput(s.committedCents ?? s.plannedCents)}
              errors={commitErrors.committedCents}
            />
            <Input
              id="committedOn"
              name="committedOn"
              type="date"
              label="Date du vote"
              required
              defaultValue={sentTo('commit')?.committedOn ?? s.committedOn ?? today}
              errors={commitErrors.committedOn}
            />
            <button type="submit">Enregistrer le montant voté</button>
          </Form>
          <details open={actionData?.form === 'replan'}>
            <summary>Changer le montant prévu</summary>
            <Form method="post" action={`/coordination/subventions/${s.id}#vote`} className="narrow">
              <input type="hidden" name="intent" value="replan" />
              <Input
                id="planned"
                name="planned"
                label="Montant prévu (€)"
                inputMode="decimal"
                required
                defaultValue={sentTo('replan')?.planned ?? centsInput(s.plannedCents)}
                errors={replanErrors.plannedCents}
              />
              <button type="submit" className="secondary">
                Changer le montant prévu
              </button>
            </Form>
          </details>
        </Section>
      ) : null}
    </Page>
  );
}
