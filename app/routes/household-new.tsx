import { getFormProps, useForm } from '@conform-to/react';
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import type { z } from 'zod';
import {
  ageBands,
  contactChannels,
  createHousehold,
  languages,
  NewHousehold,
} from '../../src/households/index.ts';
import { getDwelling } from '../../src/territory/index.ts';
import { CheckboxGroup, FormErrors, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Nouveau foyer — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'household.create');
  const dwellingId = intParam(new URL(request.url).searchParams.get('logement'));
  return {
    dwelling: await getDwelling({ db: services(context).db, actor, dwellingId }),
    today: new Date().toISOString().slice(0, 10),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'household.create');
  const { submission } = await parseForm(request, NewHousehold);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const created = await createHousehold({ db: services(context).db, actor, input: submission.value });
  if (!created.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: ['Ce logement est déjà occupé à cette date : terminez d’abord l’occupation en cours.'],
        }),
      },
      { status: 409 },
    );
  }
  return redirect(`/foyers/${created.householdId}?fait=cree`);
});

export default function NewHouseholdPage() {
  const { dwelling, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm<z.input<typeof NewHousehold>>({
    lastResult: actionData?.result,
    defaultValue: { dwellingId: String(dwelling.id), tenancyStart: today },
  });
  const member = fields.member.getFieldset();
  const contact = fields.contact.getFieldset();
  return (
    <Page
      title={t('household.newTitle')}
      crumbs={[
        { to: '/territoire', label: t('territory.title') },
        {
          to: `/territoire/logements/${dwelling.id}`,
          label: t('territory.dwellingTitle', { ref: dwelling.landlordReference }),
        },
      ]}
    >
      <p>
        {t('household.newFor', {
          address: `${dwelling.address}, ${dwelling.postcode} ${dwelling.city}`,
          ref: dwelling.landlordReference,
        })}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name={fields.dwellingId.name} value={dwelling.id} />
        <TextField
          name={fields.tenancyStart.name}
          label={t('household.tenancyStart')}
          type="date"
          required
          defaultValue={fields.tenancyStart.initialValue as string}
          errors={fields.tenancyStart.errors}
        />
        <fieldset>
          <legend>{t('household.referencePerson')}</legend>
          <TextField
            name={member.firstName.name}
            label={t('household.firstName')}
            required
            autoComplete="off"
            defaultValue={member.firstName.initialValue as string}
            errors={member.firstName.errors}
          />
          <TextField
            name={member.lastName.name}
            label={t('household.lastName')}
            required
            autoComplete="off"
            defaultValue={member.lastName.initialValue as string}
            errors={member.lastName.errors}
          />
          <TextField
            name={member.birthYear.name}
            label={t('household.birthYear')}
            hint={t('household.birthYearHint')}
            inputMode="numeric"
            defaultValue={member.birthYear.initialValue as string}
            errors={member.birthYear.errors}
          />
          <SelectField
            name={member.ageBand.name}
            label={t('household.ageBand')}
            options={ageBands.map((b) => ({ value: b, label: t(`ageBands.${b}`) }))}
            defaultValue={(member.ageBand.initialValue as string) ?? 'not_given'}
            required
            errors={member.ageBand.errors}
          />
        </fieldset>
        <fieldset>
          <legend>{t('household.contact')}</legend>
          <CheckboxGroup
            name={contact.channels.name}
            label={t('household.channels')}
            options={contactChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            defaultValues={(contact.channels.initialValue as string[] | undefined) ?? ['letter']}
            errors={contact.channels.errors}
          />
          <TextField
            name={contact.phone.name}
            label={t('household.phone')}
            type="tel"
            inputMode="tel"
            defaultValue={contact.phone.initialValue as string}
            errors={contact.phone.errors}
          />
          <TextField
            name={contact.email.name}
            label={t('household.email')}
            type="email"
            defaultValue={contact.email.initialValue as string}
            errors={contact.email.errors}
          />
          <SelectField
            name={contact.language.name}
            label={t('household.language')}
            required
            options={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            defaultValue={(contact.language.initialValue as string) ?? 'fr'}
            errors={contact.language.errors}
          />
        </fieldset>
        <button type="submit">{t('household.register')}</button>
      </Form>
    </Page>
  );
}
