import { Form, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { z } from 'zod';
import { listAuditEvents } from '../../src/platform/audit/index.ts';
import { assertCan } from '../../src/platform/permissions/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Journal d’audit — Palier' }];

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const AuditQuery = z.object({
  action: z.preprocess(blank, z.string().max(60).optional()),
  entityType: z.preprocess(blank, z.string().max(40).optional()),
  entityId: z.preprocess(blank, z.string().max(60).optional()),
  from: z.preprocess(blank, z.iso.date().optional()),
  to: z.preprocess(blank, z.iso.date().optional()),
  before: z.preprocess(blank, z.coerce.number().int().positive().optional()),
});

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'audit.read');
  assertCan(actor, 'audit.read', { programmeId: actor.programmeId });
  const parsed = AuditQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = parsed.success ? parsed.data : {};
  const page = await listAuditEvents(services(context).db, actor.programmeId, {
    action: filter.action,
    entityType: filter.entityType,
    entityId: filter.entityId,
    from: filter.from ? new Date(`${filter.from}T00:00:00`) : undefined,
    to: filter.to ? new Date(`${filter.to}T23:59:59.999`) : undefined,
    beforeId: filter.before,
    limit: 100,
  });
  // That a household saw a consumer association (a case, an appointment) is the association's and the household's
  // business: not the city's nor the administrator's, who read this trail (ADR 031).
  const events = page.filter((e) => !(e.entityType === 'household' && e.action.startsWith('advice.')));
  const next = page.length === 100 ? page[page.length - 1]!.id : null;
  return { events, next, filter, invalid: !parsed.success };
});

export default function AuditLog() {
  const { events, next: last, filter, invalid } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const keep = new URLSearchParams(
    Object.entries(filter).filter(([k, v]) => k !== 'before' && v) as [string, string][],
  );
  return (
    <Page title={t('audit.title')}>
      <p>{t('audit.intro')}</p>
      {invalid ? <p className="field-error">{t('audit.invalid')}</p> : null}
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="action">{t('audit.action')}</label>
          <input id="action" name="action" defaultValue={filter.action} />
        </div>
        <div className="field">
          <label htmlFor="entityType">{t('audit.entityType')}</label>
          <input id="entityType" name="entityType" defaultValue={filter.entityType} />
        </div>
        <div className="field">
          <label htmlFor="entityId">{t('audit.entityId')}</label>
          <input id="entityId" name="entityId" defaultValue={filter.entityId} />
        </div>
        <div className="field">
          <label htmlFor="from">{t('audit.from')}</label>
          <input id="from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('audit.to')}</label>
          <input id="to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <button type="submit">{t('audit.filter')}</button>
      </Form>
      <table>
        <caption className="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.entity')}</th>
            <th scope="col">{t('audit.channel')}</th>
            <th scope="col">{t('audit.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.occurredAt)}</td>
              <td>{e.actorLabel}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.entityType === 'household' && e.entityId ? (
                  <Link to={`/foyers/${e.entityId}`}>{`${e.entityType} ${e.entityId}`}</Link>
                ) : (
                  `${e.entityType} ${e.entityId ?? ''}`
                )}
              </td>
              <td>{e.channel}</td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {last ? (
        <p className="pager">
          <Link to={`?${keep.toString()}${keep.size ? '&' : ''}before=${last}`}>{t('common.nextPage')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
