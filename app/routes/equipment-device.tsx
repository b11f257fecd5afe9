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
  Erasure,
  equipmentRefusalMessage,
  getDevice,
  householdIdByReference,
  moveDevice,
  nextDeviceStatus,
  recordErasure,
  reserveDevice,
} from '../../src/equipment/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Ordinateur — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.read');
  const d = await getDevice({ db: services(context).db, actor, deviceId: intParam(params.id) });
  return {
    device: d,
    can: { stock: canAtAll(actor, 'equipment.stock'), reserve: canAtAll(actor, 'equipment.reserve') },
    done: new URL(request.url).searchParams.get('fait'),
  };
});

const ineligible: Record<string, string> = {
  not_in_open_sector: 'le foyer n’habite pas un secteur où le service Internet est ouvert',
  no_access_request: 'le foyer n’a pas encore demandé le raccordement à Internet',
  recent_device: 'le foyer a déjà reçu un ordinateur ces dernières années',
  live_order: 'le foyer a déjà une réservation en cours',
};

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.read');
  const { db } = services(context);
  const deviceId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  if (intent === 'erasure') {
    const parsed = Erasure.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    const erased = await recordErasure({ db, actor, deviceId, input: parsed.data });
    if (!erased.ok) return data({ errors: [equipmentRefusalMessage(erased.reason)] }, { status: 409 });
    return redirect(`/equipement/${deviceId}?fait=efface`);
  }
  if (intent === 'refurbish' || intent === 'ready' || intent === 'recycle') {
    const moved = await moveDevice({
      db,
      actor,
      deviceId,
      event: intent,
      reason: String(form.get('reason') ?? '') || undefined,
    });
    if (!moved.ok) return data({ errors: [equipmentRefusalMessage(moved.reason)] }, { status: 409 });
    return redirect(`/equipement/${deviceId}?fait=${moved.offeredTo ? 'propose' : 'etat'}`);
  }
  if (intent === 'reserve') {
    const householdId = await householdIdByReference(
      db,
      actor.programmeId,
      String(form.get('household') ?? ''),
    );
    if (!householdId)
      return data({ errors: ['Aucun foyer avec cette référence (par exemple F-000123).'] }, { status: 400 });
    const reserved = await reserveDevice({
      db,
      actor,
      deviceId,
      householdId,
      rule: services(context).config.deviceEligibility,
    });
    if (!reserved.ok)
      return data(
        {
          errors: [
            reserved.reason === 'not_eligible'
              ? `${equipmentRefusalMessage(reserved.reason)} : ${ineligible[reserved.why]}.`
              : equipmentRefusalMessage(reserved.reason),
          ],
        },
        { status: 409 },
      );
    return redirect(`/equipement/commandes/${reserved.orderId}?fait=reserve`);
  }
  return data({ errors: ['Action inconnue'] }, { status: 400 });
});

export default function EquipmentDevice() {
  const { device: d, can, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  return (
    <Page
      title={`${d.reference} — ${d.make} ${d.model}`}
      crumbs={[{ to: '/equipement', label: t('equipment.title') }]}
    >
      {done && ['recu', 'efface', 'etat', 'propose'].includes(done) ? (
        <Notice>{t(`equipment.done.${done}`)}</Notice>
      ) : null}
      <FormErrors errors={actionData?.errors} />
      <dl className="facts">
        <dt>{t('equipment.status')}</dt>
        <dd>
          <strong>{t(`equipment.statuses.${d.status}`)}</strong>
        </dd>
        <dt>{t('equipment.kind')}</dt>
        <dd>
          {t(`equipment.kinds.${d.kind}`)}
          {d.bundle ? `, ${t('equipment.bundle')}` : ''}
        </dd>
        <dt>{t('equipment.cpu')}</dt>
        <dd>{d.cpu}</dd>
        <dt>{t('equipment.ram')}</dt>
        <dd>{d.ramGb}</dd>
        <dt>{t('equipment.storage')}</dt>
        <dd>{d.storageGb}</dd>
        <dt>{t('equipment.os')}</dt>
        <dd>{d.os}</dd>
        <dt>{t('equipment.grade')}</dt>
        <dd>{d.grade}</dd>
        <dt>{t('equipment.serial')}</dt>
        <dd>{d.serial}</dd>
        <dt>{t('equipment.erasure')}</dt>
        <dd>
          {d.erasureResult
            ? t('equipment.erasureDone', {
                result: t(`equipment.erasureResults.${d.erasureResult}`),
                date: date(d.erasureOn),
                by: d.erasureBy,
                method: d.erasureMethod,
              })
            : t('equipment.erasureMissing')}
        </dd>
      </dl>
      {can.stock ? (
        <>
          <Form method="post" className="inline-form">
            <h2>{t('equipment.erasureTitle')}</h2>
            <input type="hidden" name="intent" value="erasure" />
            <TextField
              name="method"
              label={t('equipment.erasureMethod')}
              required
              defaultValue={d.erasureMethod ?? ''}
            />
            <TextField
              name="on"
              label={t('equipment.erasureOn')}
              type="date"
              required
              defaultValue={d.erasureOn ?? ''}
            />
            <TextField name="by" label={t('equipment.erasureBy')} required defaultValue={d.erasureBy ?? ''} />
            <div className="field">
              <label htmlFor="result">{t('equipment.erasureResult')}</label>
              <select id="result" name="result" defaultValue={d.erasureResult ?? 'passed'}>
                <option value="passed">{t('equipment.erasureResults.passed')}</option>
                <option value="failed">{t('equipment.erasureResults.failed')}</option>
              </select>
            </div>
            <button type="submit">{t('equipment.erasureSave')}</button>
          </Form>
          <div className="inline-form">
            {(['refurbish', 'ready', 'recycle'] as const)
              .filter((event) => nextDeviceStatus(d.status, event))
              .map((event) => (
                <Form method="post" key={event}>
                  <input type="hidden" name="intent" value={event} />
                  <button type="submit">{t(`equipment.events.${event}`)}</button>
                </Form>
              ))}
          </div>
        </>
      ) : null}
      {can.reserve && d.status === 'ready' ? (
        <Form method="post" className="inline-form">
          <h2>{t('equipment.reserveTitle')}</h2>
          <input type="hidden" name="intent" value="reserve" />
          <TextField
            name="household"
            label={t('equipment.householdReference')}
            hint={t('equipment.householdReferenceHint')}
            required
            autoComplete="off"
          />
          <button type="submit">{t('equipment.reserve')}</button>
        </Form>
      ) : null}
    </Page>
  );
}
