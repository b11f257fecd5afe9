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
import { accessRefusalMessage, listChargeMonths, Month, runCharges } from '../../src/access/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Charges locatives — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'charges.read');
  const now = new Date();
  return {
    months: await listChargeMonths({ db: services(context).db, actor }),
    canRun: canAtAll(actor, 'charges.run'),
    thisMonth: `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'charges.run');
  const form = await readForm(request);
  const month = Month.safeParse(String(form.get('month') ?? ''));
  if (!month.success) return data({ errors: [month.error.issues[0]!.message] }, { status: 400 });
  const run = await runCharges({ db: services(context).db, actor, month: month.data });
  if (!run.ok) return data({ errors: [accessRefusalMessage(run.reason)] }, { status: 409 });
  return redirect(`/charges/${month.data}?fait=calcul`);
});

export default function Charges() {
  const { months, canRun, thisMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime, cents, number } = useI18n();
  return (
    <Page title={t('access.charges.title')}>
      <p>{t('access.charges.intro')}</p>
      {canRun ? (
        <Form method="post" className="inline-form">
          <FormErrors errors={actionData?.errors} />
          <div className="field">
            <label htmlFor="month">{t('access.charges.month')}</label>
            <p className="hint" id="month-hint">
              {t('access.charges.monthHint')}
            </p>
            <input
              id="month"
              name="month"
              type="month"
              required
              defaultValue={thisMonth}
              aria-describedby="month-hint"
            />
          </div>
          <button type="submit">{t('access.charges.run')}</button>
        </Form>
      ) : null}
      {months.length === 0 ? (
        <p>{t('access.charges.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('access.charges.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('access.charges.month')}</th>
              <th scope="col">{t('access.charges.statusLabel')}</th>
              <th scope="col" className="num">
                {t('access.charges.lines')}
              </th>
              <th scope="col" className="num">
                {t('access.charges.total')}
              </th>
              <th scope="col">{t('access.charges.runAt')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <td>
                  <Link to={`/charges/${m.month}`}>{m.month}</Link>
                </td>
                <td>{t(`access.charges.status.${m.status}`)}</td>
                <td className="num">{number(m.lines)}</td>
                <td className="num">{cents(m.totalCents)}</td>
                <td>{m.runAt ? dateTime(m.runAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
