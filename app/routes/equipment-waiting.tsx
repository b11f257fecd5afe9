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
  deviceKinds,
  equipmentRefusalMessage,
  householdIdByReference,
  joinWaitingList,
  listPriceTiers,
  listWaiting,
  WaitingInput,
} from '../../src/equipment/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Liste d’attente des ordinateurs — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const { db } = services(context);
  const [entries, tiers] = await Promise.all([listWaiting({ db, actor }), listPriceTiers({ db, actor })]);
  return {
    entries: [...entries],
    tiers: [...new Map(tiers.map((t) => [t.tier, t])).values()],
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const { db } = services(context);
  const form = await readForm(request);
  const householdId = await householdIdByReference(
    db,
    actor.programmeId,
    String(form.get('household') ?? ''),
  );
  if (!householdId)
    return data({ errors: ['Aucun foyer avec cette référence (par exemple F-000123).'] }, { status: 400 });
  const parsed = WaitingInput.safeParse({ householdId, tier: form.get('tier'), kind: form.get('kind') });
  if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  const joined = await joinWaitingList({
    db,
    actor,
    input: parsed.data,
    rule: services(context).config.deviceEligibility,
  });
  if (!joined.ok) return data({ errors: [equipmentRefusalMessage(joined.reason)] }, { status: 409 });
  return redirect(`/equipement/attente?fait=${joined.position}`);
});

export default function EquipmentWaiting() {
  const { entries, tiers, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  return (
    <Page title={t('equipment.waiting.title')} crumbs={[{ to: '/equipement', label: t('equipment.title') }]}>
      {done ? <Notice>{t('equipment.waiting.joined', { position: done })}</Notice> : null}
      <p>{t('equipment.waiting.intro')}</p>
      <table>
        <caption className="visually-hidden">{t('equipment.waiting.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('equipment.orders.household')}</th>
            <th scope="col">{t('equipment.tier')}</th>
            <th scope="col">{t('equipment.kind')}</th>
            <th scope="col">{t('equipment.waiting.since')}</th>
            <th scope="col">{t('equipment.status')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.household_reference}</td>
              <td>{tiers.find((x) => x.tier === e.tier)?.label ?? e.tier}</td>
              <td>{t(`equipment.kinds.${e.kind}`)}</td>
              <td>{dateTime(e.created_at)}</td>
              <td>
                {e.status === 'offered' ? (
                  <a href={`/equipement/${e.offered_device_id}`}>{t('equipment.waiting.offered')}</a>
                ) : (
                  t('equipment.waiting.waiting')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="inline-form">
        <h2>{t('equipment.waiting.join')}</h2>
        <FormErrors errors={actionData?.errors} />
        <TextField
          name="household"
          label={t('equipment.householdReference')}
          hint={t('equipment.householdReferenceHint')}
          required
          autoComplete="off"
        />
        <div className="field">
          <label htmlFor="tier">{t('equipment.tier')}</label>
          <select id="tier" name="tier">
            {tiers.map((x) => (
              <option key={x.tier} value={x.tier}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="kind">{t('equipment.kind')}</label>
          <select id="kind" name="kind">
            {deviceKinds.map((k) => (
              <option key={k} value={k}>
                {t(`equipment.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('equipment.waiting.add')}</button>
      </Form>
    </Page>
  );
}
