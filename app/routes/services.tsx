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
  accessRefusalMessage,
  addTariff,
  listServices,
  NewService,
  NewTariff,
  openService,
} from '../../src/access/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { eurosToCents, parseForm, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Service Internet des secteurs — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'service.read');
  return {
    ...(await listServices({ db: services(context).db, actor })),
    canManage: canAtAll(actor, 'service.manage'),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'service.manage');
  const { db } = services(context);
  const form = await readForm(request.clone());
  if (form.get('intent') === 'tariff') {
    const serviceId = intParam(String(form.get('serviceId') ?? ''));
    const amount = eurosToCents(form.get('amount'));
    if (amount === null)
      return data({ serviceId, errors: ['Montant en euros attendu, par exemple 1,24'] }, { status: 400 });
    const parsed = NewTariff.safeParse({
      monthlyAmountCents: amount,
      effectiveFrom: form.get('effectiveFrom'),
    });
    if (!parsed.success)
      return data({ serviceId, errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    const added = await addTariff({ db, actor, serviceId, input: parsed.data });
    if (!added.ok) return data({ serviceId, errors: [accessRefusalMessage(added.reason)] }, { status: 409 });
    return redirect('/services?fait=tarif');
  }
  const { submission } = await parseForm(request, NewService);
  if (submission.status !== 'success')
    return data(
      {
        serviceId: 0,
        errors: Object.values(submission.error ?? {})
          .flat()
          .filter(Boolean) as string[],
      },
      { status: 400 },
    );
  const opened = await openService({ db, actor, input: submission.value });
  if (!opened.ok)
    return data({ serviceId: 0, errors: [accessRefusalMessage(opened.reason)] }, { status: 409 });
  return redirect('/services?fait=ouvert');
});

export default function Services() {
  const { services: list, adoptedWithoutService, canManage, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, cents, number } = useI18n();
  return (
    <Page title={t('access.services.title')}>
      {done === 'tarif' || done === 'ouvert' ? <Notice>{t(`access.services.done.${done}`)}</Notice> : null}
      <p>{t('access.services.intro')}</p>
      {list.length === 0 ? <p>{t('access.services.none')}</p> : null}
      {list.map((s) => (
        <section key={s.id} aria-labelledby={`service-${s.id}`}>
          <h2 id={`service-${s.id}`}>
            {s.sectorName} ({s.neighbourhoodName})
          </h2>
          <p>
            {s.description} — {t('access.services.openSince', { date: date(s.opensOn) })}
            {s.closesOn ? `, ${t('access.services.closesOn', { date: date(s.closesOn) })}` : ''} ·{' '}
            {t('access.charges.dwellingsCount', {
              count: s.dwellingCount,
              formatted: number(s.dwellingCount),
            })}
          </p>
          <table>
            <caption>{t('access.services.tariffs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('access.services.from')}</th>
                <th scope="col" className="num">
                  {t('access.services.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.tariffs.map((tariff) => (
                <tr key={tariff.id}>
                  <td>{date(tariff.effectiveFrom)}</td>
                  <td className="num">{cents(tariff.monthlyAmountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canManage ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="tariff" />
              <input type="hidden" name="serviceId" value={s.id} />
              <FormErrors errors={actionData?.serviceId === s.id ? actionData.errors : undefined} />
              <TextField
                name="amount"
                id={`amount-${s.id}`}
                label={t('access.services.newAmount')}
                hint={t('votes.amountHint')}
                required
              />
              <TextField
                name="effectiveFrom"
                id={`from-${s.id}`}
                label={t('access.services.newFrom')}
                hint={t('access.services.newFromHint')}
                type="date"
                required
              />
              <button type="submit">{t('access.services.addTariff')}</button>
            </Form>
          ) : null}
        </section>
      ))}
      {canManage && adoptedWithoutService.length ? (
        <Form method="post">
          <h2>{t('access.services.openTitle')}</h2>
          <FormErrors errors={actionData?.serviceId === 0 ? actionData.errors : undefined} />
          <SelectField
            name="sectorId"
            label={t('votes.sector')}
            required
            options={adoptedWithoutService.map((s) => ({ value: String(s.id), label: s.name }))}
          />
          <TextField
            name="description"
            label={t('access.services.description')}
            required
            defaultValue="Internet collectif 100 Mbit/s"
          />
          <TextField
            name="opensOn"
            label={t('access.services.opensOn')}
            hint={t('access.services.newFromHint')}
            type="date"
            required
          />
          <button type="submit">{t('access.services.open')}</button>
        </Form>
      ) : null}
    </Page>
  );
}
