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
  createOrganisation,
  listOrganisations,
  NewOrganisation,
  organisationKinds,
} from '../../src/partners/index.ts';
import { FormErrors, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Partenaires — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'partner.manage');
  return { organisations: await listOrganisations({ db: services(context).db, actor }) };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'partner.manage');
  const { submission } = await parseForm(request, NewOrganisation);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const created = await createOrganisation({ db: services(context).db, actor, input: submission.value });
  if (!created.ok)
    return data(
      { result: submission.reply({ fieldErrors: { name: ['Un partenaire porte déjà ce nom.'] } }) },
      { status: 409 },
    );
  return redirect(`/partenaires/${created.id}?fait=cree`);
});

export default function Partners() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm<z.input<typeof NewOrganisation>>({ lastResult: actionData?.result });
  return (
    <Page title={t('partners.title')}>
      <table>
        <caption className="visually-hidden">{t('partners.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.name')}</th>
            <th scope="col">{t('partners.kind')}</th>
            <th scope="col" className="num">
              {t('partners.users')}
            </th>
            <th scope="col">{t('partners.status')}</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/partenaires/${o.id}`}>{o.name}</Link>
              </td>
              <td>{t(`organisationKinds.${o.kind}`)}</td>
              <td className="num">{o.userCount}</td>
              <td>{o.active ? t('partners.active') : t('partners.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" {...getFormProps(form)} aria-labelledby="new-org">
        <h2 id="new-org">{t('partners.new')}</h2>
        <FormErrors errors={form.errors} />
        <SelectField
          name={fields.kind.name}
          label={t('partners.kind')}
          required
          options={organisationKinds.map((k) => ({ value: k, label: t(`organisationKinds.${k}`) }))}
          errors={fields.kind.errors}
          defaultValue={fields.kind.initialValue as string}
        />
        <TextField
          name={fields.name.name}
          label={t('partners.name')}
          required
          errors={fields.name.errors}
          defaultValue={fields.name.initialValue as string}
        />
        <TextField
          name={fields.phone.name}
          label={t('partners.phone')}
          type="tel"
          errors={fields.phone.errors}
          defaultValue={fields.phone.initialValue as string}
        />
        <TextField
          name={fields.email.name}
          label={t('partners.email')}
          type="email"
          errors={fields.email.errors}
          defaultValue={fields.email.initialValue as string}
        />
        <button type="submit">{t('common.create')}</button>
      </Form>
    </Page>
  );
}
