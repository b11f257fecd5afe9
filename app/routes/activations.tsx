import { Form, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listActivationRequests, activationStatuses as statuses } from '../../src/access/index.ts';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Raccordements — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'activation.read');
  const url = new URL(request.url);
  const status = statuses.find((s) => s === url.searchParams.get('statut'));
  const late = url.searchParams.get('retard') === '1';
  const page = await listActivationRequests({
    db: services(context).db,
    actor,
    status,
    lateOnly: late,
    after: url.searchParams.get('after') ?? undefined,
    limit: late ? 500 : 100,
    settings: services(context).config.lateness,
  });
  return { ...page, status: status ?? '', late, operator: actor.role === 'operator_agent' };
});

export default function Activations() {
  const { items, next, status, late, operator } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <Page title={t('access.activations.title')}>
      <p>{operator ? t('access.activations.introOperator') : t('access.activations.intro')}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="statut">{t('access.activations.filter')}</label>{' '}
        <select id="statut" name="statut" defaultValue={status}>
          <option value="">{t('access.activations.all')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`access.status.${s}`)}
            </option>
          ))}
        </select>{' '}
        <span className="check">
          <input type="checkbox" id="retard" name="retard" value="1" defaultChecked={late} />
          <label htmlFor="retard">{t('access.activations.lateOnly')}</label>
        </span>{' '}
        <button type="submit">{t('common.search')}</button>
      </Form>
      {items.length === 0 ? (
        <p>{t('access.activations.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('access.activations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('access.activations.request')}</th>
              <th scope="col">{t('access.activations.dwelling')}</th>
              <th scope="col">{t('access.activations.contact')}</th>
              <th scope="col">{t('access.activations.statusLabel')}</th>
              <th scope="col">{t('access.activations.sentAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/raccordements/${r.id}`}>n° {r.id}</Link>
                </td>
                <td>
                  {r.address}, {r.dwellingReference}
                </td>
                <td>{r.contactShared ? r.contactName : t('access.activations.contactNotShared')}</td>
                <td>
                  {t(`access.status.${r.status}`)}
                  {r.late ? <strong className="late"> · {t(`access.late.${r.late}`)}</strong> : null}
                </td>
                <td>{dateTime(r.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NextPage cursor={next} />
    </Page>
  );
}
