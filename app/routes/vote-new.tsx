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
import { z } from 'zod';
import { displayPhone } from '../../src/households/index.ts';
import { toLocalInput } from '../../src/platform/dates.ts';
import {
  EuroAmount,
  NewVote,
  openVote,
  procedures,
  refusalMessage,
  voteFormOptions,
} from '../../src/votes/index.ts';
import { FormErrors, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Nouvelle consultation — Palier' }];

/** The page sends euros ("1,10"); the use case takes cents. */
const VoteForm = z.preprocess((v) => {
  const o = v as Record<string, unknown>;
  const amount = EuroAmount.safeParse(o.monthlyAmount ?? '');
  return { ...o, monthlyAmountCents: amount.success ? amount.data : undefined };
}, NewVote);

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.create');
  // A vote opens the day it is created (its dwellings are frozen then): by default, in a few minutes.
  const soon = new Date(Math.ceil((Date.now() + 60_000) / 300_000) * 300_000);
  return { ...(await voteFormOptions({ db: services(context).db, actor })), opensAt: toLocalInput(soon) };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.create');
  const { formData, submission } = await parseForm(request, VoteForm);
  const amount = EuroAmount.safeParse(formData.get('monthlyAmount') ?? '');
  if (submission.status !== 'success')
    return data(
      {
        result: submission.reply(),
        amountError: amount.success ? null : amount.error.issues[0]!.message,
      },
      { status: 400 },
    );
  const opened = await openVote({ db: services(context).db, actor, input: submission.value });
  if (!opened.ok) {
    const message = refusalMessage(opened.reason, opened.params);
    return data(
      {
        result: submission.reply({
          fieldErrors: opened.field ? { [opened.field]: [message] } : {},
          formErrors: [message],
        }),
        amountError: null,
      },
      { status: 409 },
    );
  }
  return redirect(`/consultations/${opened.voteId}?fait=ouverte`);
});

export default function NewVotePage() {
  const { sectors, operators, landlordPhone, opensAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm<z.input<typeof NewVote> & { monthlyAmount?: string }>({
    lastResult: actionData?.result,
    defaultValue: {
      procedure: 'approval',
      opensAt,
      helpPhone: landlordPhone ? displayPhone(landlordPhone) : '',
    },
  });
  const value = (name: keyof typeof fields) => fields[name].initialValue as string | undefined;
  return (
    <Page title={t('votes.newTitle')} crumbs={[{ to: '/consultations', label: t('votes.title') }]}>
      <p>{t('votes.newIntro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <SelectField
          name={fields.sectorId.name}
          label={t('votes.sector')}
          required
          options={[
            { value: '', label: t('votes.chooseSector') },
            ...sectors.map((s) => ({
              value: String(s.id),
              label: `${s.name} (${s.neighbourhood}) — ${t(`rollout.${s.stage}`)}${s.running ? ` · ${t('votes.running')}` : ''}`,
            })),
          ]}
          defaultValue={value('sectorId')}
          errors={fields.sectorId.errors}
        />
        <SelectField
          name={fields.procedure.name}
          label={t('votes.procedure')}
          hint={t('votes.procedureHint')}
          required
          options={procedures.map((p) => ({ value: p, label: t(`votes.procedures.${p}`) }))}
          defaultValue={value('procedure')}
          errors={fields.procedure.errors}
        />
        <TextField
          name={fields.opensAt.name}
          label={t('votes.opensAt')}
          hint={t('votes.opensAtHint')}
          type="datetime-local"
          required
          defaultValue={value('opensAt')}
          errors={fields.opensAt.errors}
        />
        <TextField
          name={fields.closesAt.name}
          label={t('votes.closesAt')}
          hint={t('votes.closesAtHint')}
          type="datetime-local"
          required
          defaultValue={value('closesAt')}
          errors={fields.closesAt.errors}
        />
        <fieldset>
          <legend>{t('votes.offer')}</legend>
          <SelectField
            name={fields.operatorId.name}
            label={t('votes.operator')}
            required
            options={[
              { value: '', label: t('votes.chooseOperator') },
              ...operators.map((o) => ({ value: String(o.id), label: o.name })),
            ]}
            defaultValue={value('operatorId')}
            errors={fields.operatorId.errors}
          />
          <TextField
            name={fields.serviceName.name}
            label={t('votes.service')}
            required
            defaultValue={value('serviceName')}
            errors={fields.serviceName.errors}
          />
          <TextField
            name="monthlyAmount"
            label={t('votes.amount')}
            hint={t('votes.amountHint')}
            inputMode="text"
            required
            defaultValue={(form.initialValue as Record<string, string> | undefined)?.monthlyAmount ?? '1,10'}
            errors={actionData?.amountError ? [actionData.amountError] : undefined}
          />
          <TextField
            name={fields.tariffFrom.name}
            label={t('votes.tariffFrom')}
            type="date"
            required
            defaultValue={value('tariffFrom')}
            errors={fields.tariffFrom.errors}
          />
        </fieldset>
        <fieldset>
          <legend>{t('votes.meeting')}</legend>
          <TextField
            name={fields.meetingAt.name}
            label={t('votes.meetingAt')}
            type="datetime-local"
            defaultValue={value('meetingAt')}
            errors={fields.meetingAt.errors}
          />
          <TextField
            name={fields.meetingPlace.name}
            label={t('votes.meetingPlace')}
            defaultValue={value('meetingPlace')}
            errors={fields.meetingPlace.errors}
          />
        </fieldset>
        <TextField
          name={fields.helpPhone.name}
          label={t('votes.helpPhone')}
          hint={t('votes.helpPhoneHint')}
          type="tel"
          inputMode="tel"
          required
          defaultValue={value('helpPhone')}
          errors={fields.helpPhone.errors}
        />
        <p>{t('votes.frozenWarning')}</p>
        <button type="submit">{t('votes.open')}</button>
      </Form>
    </Page>
  );
}
