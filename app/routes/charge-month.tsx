import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import {
  Adjustment,
  accessRefusalMessage,
  addAdjustment,
  chargeSummary,
  closeCharges,
  Month,
  runCharges,
} from '../../src/access/index.ts';
import { canAtAll, NotFoundError } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = ({ params }: { params: { month?: string } }) => [
  { title: `Charges ${params.month ?? ''} — Palier` },
];

function monthOf(param: string | undefined): string {
  const month = Month.safeParse(param ?? '');
  if (!month.success) throw new NotFoundError('charge_month');
  return month.data;
}

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'charges.read');
  const month = monthOf(params.month);
  const summary = await chargeSummary({ db: services(context).db, actor, month });
  if (!summary) throw new NotFoundError('charge_month');
  return {
    summary,
    canRun: canAtAll(actor, 'charges.run'),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'charges.run');
  const month = monthOf(params.month);
  const { db } = services(context);
  const form = await readForm(request.clone());
  const intent = form.get('intent');
  if (intent === 'adjust') {
    const { submission } = await parseForm(request, Adjustment);
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), errors: [] as string[] }, { status: 400 });
    const added = await addAdjustment({ db, actor, month, input: submission.value });
    if (!added.ok)
      return data(
        {
          intent,
          result: submission.reply({ formErrors: [accessRefusalMessage(added.reason)] }),
          errors: [] as string[],
        },
        { status: 409 },
      );
    return redirect(`/charges/${month}?fait=ajustement`);
  }
  const outcome =
    intent === 'close' ? await closeCharges({ db, actor, month }) : await runCharges({ db, actor, month });
  if (!outcome.ok)
    return data({ intent, result: null, errors: [accessRefusalMessage(outcome.reason)] }, { status: 409 });
  return redirect(`/charges/${month}?fait=${intent === 'close' ? 'clos' : 'calcul'}`);
});

const errorsOf = (result: unknown, name = '') =>
  ((result as { error?: Record<string, string[] | null> } | null | undefined)?.error?.[name] ?? undefined) as
    | string[]
    | undefined;

export default function ChargeMonth() {
  const { summary: s, canRun, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, cents, number, dateTime } = useI18n();
  const open = s.status === 'open';
  return (
    <Page
      title={t('access.charges.monthTitle', { month: s.month })}
      crumbs={[{ to: '/charges', label: t('access.charges.title') }]}
    >
      {done && ['calcul', 'clos', 'ajustement'].includes(done) ? (
        <Notice>{t(`access.charges.done.${done}`)}</Notice>
      ) : null}
      <FormErrors errors={actionData?.errors?.length ? actionData.errors : undefined} />
      <dl className="facts">
        <dt>{t('access.charges.statusLabel')}</dt>
        <dd>
          <strong>{t(`access.charges.status.${s.status}`)}</strong>
          {s.closedAt
            ? ` — ${t('access.charges.closedBy', { date: dateTime(s.closedAt), by: s.closedBy ?? '' })}`
            : ''}
        </dd>
        <dt>{t('access.charges.runAt')}</dt>
        <dd>{s.runAt ? `${dateTime(s.runAt)} (${s.runBy})` : ''}</dd>
        <dt>{t('access.charges.lines')}</dt>
        <dd>
          {number(s.lines)} ({t('access.charges.vacant', { count: s.vacantLines })})
        </dd>
        <dt>{t('access.charges.total')}</dt>
        <dd>
          <strong>{cents(s.totalCents)}</strong>
        </dd>
        <dt>{t('access.charges.adjustments')}</dt>
        <dd>
          {number(s.adjustments.count)} ({cents(s.adjustments.totalCents)})
        </dd>
        <dt>{t('access.charges.check')}</dt>
        <dd>{s.reconciles ? t('access.charges.reconciles') : t('access.charges.doesNotReconcile')}</dd>
      </dl>
      <table>
        <caption>{t('access.charges.bySector')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('votes.sector')}</th>
            <th scope="col" className="num">
              {t('access.charges.dwellings')}
            </th>
            <th scope="col" className="num">
              {t('access.charges.tariff')}
            </th>
            <th scope="col" className="num">
              {t('access.charges.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.bySector.map((r) => (
            <tr key={r.sectorId}>
              <th scope="row">{r.sectorName}</th>
              <td className="num">{number(r.dwellings)}</td>
              <td className="num">{cents(r.tariffCents)}</td>
              <td className="num">{cents(r.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/charges/${s.month}/lignes.csv`}>{t('access.charges.download')}</a>
      </p>
      {canRun && open ? (
        <>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="run" />
            <button type="submit">{t('access.charges.rerun')}</button>
          </Form>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="close" />
            <p>{t('access.charges.closeExplain')}</p>
            <button type="submit">{t('access.charges.close')}</button>
          </Form>
          <Form method="post" className="inline-form">
            <h2>{t('access.charges.adjustTitle')}</h2>
            <p>{t('access.charges.adjustExplain')}</p>
            <input type="hidden" name="intent" value="adjust" />
            <FormErrors errors={actionData?.intent === 'adjust' ? errorsOf(actionData.result) : undefined} />
            <TextField
              name="lineId"
              label={t('access.charges.lineId')}
              inputMode="numeric"
              required
              errors={actionData?.intent === 'adjust' ? errorsOf(actionData.result, 'lineId') : undefined}
            />
            <TextField
              name="amountCents"
              label={t('access.charges.amountCents')}
              hint={t('access.charges.amountCentsHint')}
              required
              errors={
                actionData?.intent === 'adjust' ? errorsOf(actionData.result, 'amountCents') : undefined
              }
            />
            <TextField
              name="reason"
              label={t('access.charges.reason')}
              required
              errors={actionData?.intent === 'adjust' ? errorsOf(actionData.result, 'reason') : undefined}
            />
            <button type="submit">{t('access.charges.adjust')}</button>
          </Form>
        </>
      ) : null}
    </Page>
  );
}
