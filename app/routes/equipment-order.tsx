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
  cancelReservation,
  closeTicket,
  deviceIdByReference,
  equipmentRefusalMessage,
  getOrder,
  handOver,
  openTicket,
  PaymentInput,
  paymentMethods,
  recordPayment,
  TicketClose,
  TicketInput,
} from '../../src/equipment/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { eurosToCents, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Commande d’ordinateur — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const found = await getOrder({ db: services(context).db, actor, orderId: intParam(params.id) });
  return {
    ...found,
    canSell: canAtAll(actor, 'equipment.sell'),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const { db, config } = services(context);
  const orderId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const refused = (reason: Parameters<typeof equipmentRefusalMessage>[0]) =>
    data({ errors: [equipmentRefusalMessage(reason)] }, { status: 409 });
  if (intent === 'pay') {
    const amountCents = eurosToCents(form.get('amount'));
    const parsed = PaymentInput.safeParse({ amountCents: amountCents ?? 'x', method: form.get('method') });
    if (!parsed.success)
      return data(
        { errors: ['Montant en euros attendu, par exemple 10 ; et le moyen de paiement.'] },
        { status: 400 },
      );
    const paid = await recordPayment({ db, actor, orderId, input: parsed.data });
    return paid.ok ? redirect(`/equipement/commandes/${orderId}?fait=paye`) : refused(paid.reason);
  }
  if (intent === 'handover') {
    const mode = form.get('mode') === 'delivery' ? 'delivery' : 'centre';
    const handed = await handOver({ db, actor, orderId, mode, warrantyMonths: config.warrantyMonths });
    return handed.ok ? redirect(`/equipement/commandes/${orderId}?fait=remis`) : refused(handed.reason);
  }
  if (intent === 'cancel') {
    const cancelled = await cancelReservation({ db, actor, orderId });
    return cancelled.ok
      ? redirect(`/equipement/commandes/${orderId}?fait=annule`)
      : refused(cancelled.reason);
  }
  if (intent === 'ticket') {
    const parsed = TicketInput.safeParse({ fault: form.get('fault') });
    if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    const opened = await openTicket({ db, actor, orderId, fault: parsed.data.fault });
    return opened.ok ? redirect(`/equipement/commandes/${orderId}?fait=ticket`) : refused(opened.reason);
  }
  if (intent === 'close-ticket') {
    const parsed = TicketClose.safeParse({ diagnosis: form.get('diagnosis'), outcome: form.get('outcome') });
    const replacement = String(form.get('replacement') ?? '').trim();
    const replacementDeviceId = replacement
      ? await deviceIdByReference(db, actor.programmeId, replacement)
      : null;
    if (parsed.success && parsed.data.outcome === 'exchanged' && !replacementDeviceId)
      return data(
        {
          errors: [
            'Pour un échange, indiquez la référence de l’ordinateur prêt qui le remplace (par exemple PC-000123).',
          ],
        },
        { status: 400 },
      );
    if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    const closed = await closeTicket({
      db,
      actor,
      ticketId: intParam(String(form.get('ticketId') ?? '')),
      input: { ...parsed.data, replacementDeviceId: replacementDeviceId ?? undefined },
    });
    return closed.ok ? redirect(`/equipement/commandes/${orderId}?fait=ticket-clos`) : refused(closed.reason);
  }
  return data({ errors: ['Action inconnue'] }, { status: 400 });
});

export default function EquipmentOrder() {
  const { order, head, device, payments, tickets, canSell, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime, date, cents } = useI18n();
  const paid = payments.reduce((sum, p) => sum + p.amountCents, 0);
  const balance = Math.max(0, head.priceCents - paid);
  const reference = `C-${String(head.id).padStart(6, '0')}`;
  return (
    <Page
      title={t('equipment.orders.orderTitle', { reference })}
      crumbs={[{ to: '/equipement/commandes', label: t('equipment.orders.title') }]}
    >
      {done && ['reserve', 'paye', 'remis', 'annule', 'ticket', 'ticket-clos'].includes(done) ? (
        <Notice>{t(`equipment.orders.done.${done}`)}</Notice>
      ) : null}
      <FormErrors errors={actionData?.errors} />
      <dl className="facts">
        <dt>{t('equipment.status')}</dt>
        <dd>
          <strong>{t(`equipment.orders.statuses.${head.status}`)}</strong>
        </dd>
        <dt>{t('equipment.orders.household')}</dt>
        <dd>
          {order?.householdName} ({order?.householdReference}){order?.phone ? `, ${order.phone}` : ''}
          {order?.address ? ` — ${order.address}` : ''}
        </dd>
        <dt>{t('equipment.device')}</dt>
        <dd>
          {device.reference} — {t(`equipment.kinds.${device.kind}`)} {device.make} {device.model}
        </dd>
        <dt>{t('equipment.orders.price')}</dt>
        <dd>{cents(head.priceCents)}</dd>
        <dt>{t('equipment.orders.balance')}</dt>
        <dd>
          <strong>{balance === 0 ? t('equipment.orders.settled') : cents(balance)}</strong>
        </dd>
        {head.warrantyUntil ? (
          <>
            <dt>{t('equipment.orders.warranty')}</dt>
            <dd>{t('equipment.orders.warrantyUntil', { date: date(head.warrantyUntil) })}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('equipment.orders.payments')}</h2>
      {payments.length ? (
        <ul>
          {payments.map((p) => (
            <li key={p.id}>
              {dateTime(p.paidAt)} — {cents(p.amountCents)} ({t(`equipment.methods.${p.method}`)}) —{' '}
              <a href={`/equipement/commandes/${head.id}/recus/${p.id}`}>{t('equipment.orders.receipt')}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('equipment.orders.noPayment')}</p>
      )}
      {canSell && balance > 0 && (head.status === 'reserved' || head.status === 'handed_over') ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="pay" />
          <TextField
            name="amount"
            label={t('equipment.orders.amount')}
            hint={t('equipment.orders.amountHint')}
            inputMode="text"
            required
          />
          <div className="field">
            <label htmlFor="method">{t('equipment.orders.method')}</label>
            <select id="method" name="method" required defaultValue="cash">
              {paymentMethods.map((m) => (
                <option key={m} value={m}>
                  {t(`equipment.methods.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('equipment.orders.pay')}</button>
        </Form>
      ) : null}
      {canSell && head.status === 'reserved' ? (
        <Form method="post" className="inline-form">
          <h2>{t('equipment.orders.handoverTitle')}</h2>
          <input type="hidden" name="intent" value="handover" />
          <div className="field">
            <label htmlFor="mode">{t('equipment.orders.mode')}</label>
            <select id="mode" name="mode" defaultValue="centre">
              <option value="centre">{t('equipment.orders.modes.centre')}</option>
              <option value="delivery">{t('equipment.orders.modes.delivery')}</option>
            </select>
          </div>
          <button type="submit">{t('equipment.orders.handover')}</button>
        </Form>
      ) : null}
      {head.status === 'handed_over' || head.status === 'returned' ? (
        <p>
          <a href={`/equipement/commandes/${head.id}/remise.pdf`}>{t('equipment.orders.handoverSheet')}</a>
        </p>
      ) : null}
      {head.status === 'reserved' && payments.length === 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit">{t('equipment.orders.cancel')}</button>
        </Form>
      ) : null}
      {canSell && head.status === 'handed_over' ? (
        <>
          <h2>{t('equipment.orders.tickets')}</h2>
          {tickets.map((ticket) => (
            <div key={ticket.id} className="operation">
              <p>
                {dateTime(ticket.openedAt)} — {ticket.fault}
                {ticket.closedAt
                  ? ` — ${t(`equipment.outcomes.${ticket.outcome}`)} (${ticket.diagnosis})`
                  : ''}
              </p>
              {!ticket.closedAt ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="close-ticket" />
                  <input type="hidden" name="ticketId" value={ticket.id} />
                  <TextField
                    name="diagnosis"
                    id={`diagnosis-${ticket.id}`}
                    label={t('equipment.orders.diagnosis')}
                    required
                  />
                  <div className="field">
                    <label htmlFor={`outcome-${ticket.id}`}>{t('equipment.orders.outcome')}</label>
                    <select id={`outcome-${ticket.id}`} name="outcome" defaultValue="repaired">
                      {(['repaired', 'exchanged', 'refunded'] as const).map((o) => (
                        <option key={o} value={o}>
                          {t(`equipment.outcomes.${o}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <TextField
                    name="replacement"
                    id={`replacement-${ticket.id}`}
                    label={t('equipment.orders.replacement')}
                    hint={t('equipment.orders.replacementHint')}
                  />
                  <button type="submit">{t('equipment.orders.closeTicket')}</button>
                </Form>
              ) : null}
            </div>
          ))}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="ticket" />
            <TextField name="fault" label={t('equipment.orders.fault')} required />
            <button type="submit">{t('equipment.orders.openTicket')}</button>
          </Form>
        </>
      ) : null}
    </Page>
  );
}
