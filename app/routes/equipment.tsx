// The recycling centre's stock (and, for facilities, the computers ready to reserve): intake, CSV import.
import { getFormProps, useForm } from '@conform-to/react';
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
import type { z } from 'zod';
import {
  addDevice,
  type DeviceStatus,
  deviceKinds,
  deviceStatuses,
  equipmentRefusalMessage,
  grades,
  importDevices,
  listDevices,
  listPriceTiers,
  NewDevice,
} from '../../src/equipment/index.ts';
import { CsvFormatError } from '../../src/platform/csv/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Ordinateurs — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const status = deviceStatuses.find((s) => s === url.searchParams.get('statut'));
  const [devices, tiers] = await Promise.all([
    listDevices({ db, actor, status }),
    listPriceTiers({ db, actor }),
  ]);
  return {
    devices,
    tiers: [...new Map(tiers.map((t) => [t.tier, t])).values()],
    status: status ?? '',
    canStock: canAtAll(actor, 'equipment.stock'),
    done: url.searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.stock');
  const { db } = services(context);
  const form = await readForm(request.clone());
  if (form.get('intent') === 'import') {
    const file = form.get('file');
    const text = file instanceof File ? await file.text() : String(file ?? '');
    if (!text.trim())
      return data(
        { intent: 'import', result: null, errors: ['Choisissez un fichier CSV.'] },
        { status: 400 },
      );
    let report: Awaited<ReturnType<typeof importDevices>>;
    try {
      report = await importDevices({ db, actor, file: text });
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      return data({ intent: 'import', result: null, errors: [error.message] }, { status: 400 });
    }
    if (!report.imported)
      return data(
        {
          intent: 'import',
          result: null,
          errors: report.errors.map((e) => `Ligne ${e.line} : ${e.message}`),
        },
        { status: 400 },
      );
    return redirect(`/equipement?fait=import-${report.imported}`);
  }
  const { submission } = await parseForm(request, NewDevice);
  if (submission.status !== 'success')
    return data({ intent: 'add', result: submission.reply(), errors: [] as string[] }, { status: 400 });
  const added = await addDevice({ db, actor, input: submission.value });
  if (!added.ok)
    return data(
      {
        intent: 'add',
        result: submission.reply({ fieldErrors: { serial: [equipmentRefusalMessage(added.reason)] } }),
        errors: [] as string[],
      },
      { status: 409 },
    );
  return redirect(`/equipement/${added.deviceId}?fait=recu`);
});

export default function Equipment() {
  const { devices, tiers, status, canStock, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const [form, fields] = useForm<z.input<typeof NewDevice>>({
    lastResult: actionData?.intent === 'add' ? actionData.result : undefined,
    defaultValue: { receivedOn: new Date().toISOString().slice(0, 10) },
  });
  const v = (name: keyof typeof fields) => fields[name].initialValue as string | undefined;
  return (
    <Page title={t('equipment.title')}>
      {done?.startsWith('import-') ? (
        <Notice>{t('equipment.imported', { count: Number(done.slice(7)) })}</Notice>
      ) : null}
      <p>{canStock ? t('equipment.introCentre') : t('equipment.introFacility')}</p>
      <ul className="links">
        <li>
          <Link to="/equipement/commandes">{t('equipment.orders.title')}</Link>
        </li>
        <li>
          <Link to="/equipement/attente">{t('equipment.waiting.title')}</Link>
        </li>
        {canStock ? (
          <li>
            <Link to="/equipement/bilan">{t('equipment.stats.title')}</Link>
          </li>
        ) : null}
      </ul>
      {canStock ? (
        <Form method="get" className="inline-form">
          <label htmlFor="statut">{t('equipment.status')}</label>{' '}
          <select id="statut" name="statut" defaultValue={status}>
            <option value="">{t('access.activations.all')}</option>
            {deviceStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`equipment.statuses.${s}`)}
              </option>
            ))}
          </select>{' '}
          <button type="submit">{t('common.search')}</button>
        </Form>
      ) : null}
      <table>
        <caption className="visually-hidden">{t('equipment.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('equipment.reference')}</th>
            <th scope="col">{t('equipment.device')}</th>
            <th scope="col">{t('equipment.grade')}</th>
            <th scope="col">{t('equipment.tier')}</th>
            <th scope="col">{t('equipment.status')}</th>
            <th scope="col">{t('equipment.receivedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>
                <Link to={`/equipement/${d.id}`}>{d.reference}</Link>
              </td>
              <td>
                {t(`equipment.kinds.${d.kind}`)} {d.make} {d.model}, {d.ramGb} Go, {d.os}
              </td>
              <td>{d.grade}</td>
              <td>{tiers.find((x) => x.tier === d.tier)?.label ?? d.tier}</td>
              <td>{t(`equipment.statuses.${d.status as DeviceStatus}`)}</td>
              <td>{date(d.receivedOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {devices.length === 0 ? <p>{t('equipment.none')}</p> : null}
      {canStock ? (
        <>
          <Form method="post" {...getFormProps(form)}>
            <h2>{t('equipment.intake')}</h2>
            <FormErrors errors={form.errors} />
            <SelectField
              name={fields.kind.name}
              label={t('equipment.kind')}
              required
              options={deviceKinds.map((k) => ({ value: k, label: t(`equipment.kinds.${k}`) }))}
              defaultValue={v('kind')}
              errors={fields.kind.errors}
            />
            <div className="check">
              <input
                type="checkbox"
                id={fields.bundle.id}
                name={fields.bundle.name}
                defaultChecked={v('bundle') === 'on'}
              />
              <label htmlFor={fields.bundle.id}>{t('equipment.bundle')}</label>
            </div>
            <TextField
              name={fields.make.name}
              label={t('equipment.make')}
              required
              defaultValue={v('make')}
              errors={fields.make.errors}
            />
            <TextField
              name={fields.model.name}
              label={t('equipment.model')}
              required
              defaultValue={v('model')}
              errors={fields.model.errors}
            />
            <TextField
              name={fields.cpu.name}
              label={t('equipment.cpu')}
              required
              defaultValue={v('cpu')}
              errors={fields.cpu.errors}
            />
            <TextField
              name={fields.ramGb.name}
              label={t('equipment.ram')}
              inputMode="numeric"
              required
              defaultValue={v('ramGb')}
              errors={fields.ramGb.errors}
            />
            <TextField
              name={fields.storageGb.name}
              label={t('equipment.storage')}
              inputMode="numeric"
              required
              defaultValue={v('storageGb')}
              errors={fields.storageGb.errors}
            />
            <TextField
              name={fields.os.name}
              label={t('equipment.os')}
              required
              defaultValue={v('os')}
              errors={fields.os.errors}
            />
            <SelectField
              name={fields.grade.name}
              label={t('equipment.grade')}
              required
              options={grades.map((g) => ({ value: g, label: g }))}
              defaultValue={v('grade')}
              errors={fields.grade.errors}
            />
            <TextField
              name={fields.serial.name}
              label={t('equipment.serial')}
              required
              defaultValue={v('serial')}
              errors={fields.serial.errors}
            />
            <TextField
              name={fields.donor.name}
              label={t('equipment.donor')}
              defaultValue={v('donor')}
              errors={fields.donor.errors}
            />
            <TextField
              name={fields.receivedOn.name}
              label={t('equipment.receivedOn')}
              type="date"
              required
              defaultValue={v('receivedOn')}
              errors={fields.receivedOn.errors}
            />
            <SelectField
              name={fields.tier.name}
              label={t('equipment.tier')}
              required
              options={tiers.map((x) => ({ value: x.tier, label: x.label }))}
              defaultValue={v('tier')}
              errors={fields.tier.errors}
            />
            <button type="submit">{t('equipment.add')}</button>
          </Form>
          <Form method="post" encType="multipart/form-data">
            <h2>{t('equipment.importTitle')}</h2>
            <input type="hidden" name="intent" value="import" />
            <FormErrors errors={actionData?.intent === 'import' ? actionData.errors : undefined} />
            <div className="field">
              <label htmlFor="file">{t('equipment.importFile')}</label>
              <p className="hint" id="file-hint">
                {t('equipment.importHint')}
              </p>
              <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" />
            </div>
            <button type="submit">{t('equipment.import')}</button>
          </Form>
        </>
      ) : null}
    </Page>
  );
}
