// A household asks to be connected to the collective Internet service: by itself (resident) or with staff.
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
  accessRefusalMessage,
  appointmentSlots,
  listActivationRequests,
  requestActivation,
  SignUp,
} from '../../src/access/index.ts';
import { consentState, displayPhone, getHousehold } from '../../src/households/index.ts';
import { CheckboxGroup, FieldAlert, FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Internet chez moi — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'activation.request');
  const { db } = services(context);
  const householdId = intParam(params.id);
  const household = await getHousehold({ db, actor, householdId });
  const { items } = await listActivationRequests({
    db,
    actor,
    householdId,
    limit: 20,
    settings: services(context).config.lateness,
  });
  const reference = household.members.find((m) => m.isReferencePerson === 'yes') ?? household.members[0];
  // A household that withdrew its agreement is asked again, and the form starts from « no ».
  const sharingWithdrawn = consentState(household.consents, 'operator_sharing') === 'withdrawn';
  return {
    sharingWithdrawn,
    householdId,
    reference: household.reference,
    resident: actor.role === 'resident',
    requests: items.reverse(),
    done: new URL(request.url).searchParams.get('fait') === 'demande',
    defaults: {
      contactName: reference ? `${reference.firstName} ${reference.lastName}` : '',
      contactPhone: household.contact.phone ? displayPhone(household.contact.phone) : '',
    },
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'activation.request');
  const householdId = intParam(params.id);
  const { submission } = await parseForm(request, SignUp);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const created = await requestActivation({
    db: services(context).db,
    actor,
    householdId,
    input: submission.value,
  });
  if (!created.ok)
    return data(
      { result: submission.reply({ formErrors: [accessRefusalMessage(created.reason)] }) },
      { status: 409 },
    );
  return redirect(`/foyers/${householdId}/internet?fait=demande`);
});

export default function HouseholdInternet() {
  const { householdId, reference, resident, requests, done, defaults, sharingWithdrawn } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime } = useI18n();
  const [form, fields] = useForm<z.input<typeof SignUp>>({
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  const live = requests.find(
    (r) => r.status === 'sent' || r.status === 'scheduled' || r.status === 'activated',
  );
  return (
    <Page
      title={resident ? t('access.internet.titleResident') : t('access.internet.title', { reference })}
      crumbs={
        resident
          ? []
          : [{ to: `/foyers/${householdId}`, label: t('access.internet.household', { reference }) }]
      }
    >
      <div className={resident ? 'resident' : undefined}>
        {done ? <Notice>{t('access.internet.sent')}</Notice> : null}
        {live ? (
          <section aria-labelledby="status-title">
            <h2 id="status-title">{t('access.internet.statusTitle')}</h2>
            <p className="big-figure">{t(`access.status.${live.status}`)}</p>
            <p>
              {t(`access.internet.explain.${live.status}`, {
                date: live.scheduledFor
                  ? dateTime(live.scheduledFor)
                  : live.activatedOn
                    ? date(live.activatedOn)
                    : '',
              })}
            </p>
            {live.installHelp ? <p>{t('access.internet.installHelpAsked')}</p> : null}
          </section>
        ) : (
          <>
            <p>{t('access.internet.intro')}</p>
            {sharingWithdrawn ? <p className="hint">{t('access.internet.consentWithdrawn')}</p> : null}
            <Form method="post" {...getFormProps(form)}>
              <FormErrors errors={form.errors} />
              <TextField
                name={fields.contactName.name}
                label={t('access.internet.contactName')}
                hint={t('access.internet.contactHint')}
                autoComplete="name"
                defaultValue={fields.contactName.initialValue as string}
                errors={fields.contactName.errors}
              />
              <TextField
                name={fields.contactPhone.name}
                label={t('access.internet.contactPhone')}
                hint={`${t('access.internet.contactPhoneHint')}. ${t('access.internet.contactHint')}`}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                defaultValue={fields.contactPhone.initialValue as string}
                errors={fields.contactPhone.errors}
              />
              <CheckboxGroup
                name={fields.slots.name}
                label={t('access.internet.slots')}
                options={appointmentSlots.map((s) => ({ value: s, label: t(`access.slots.${s}`) }))}
                defaultValues={(fields.slots.initialValue as string[] | undefined) ?? []}
                errors={fields.slots.errors}
              />
              <CheckboxGroup
                name={fields.installHelp.name}
                label={t('access.internet.installHelpLegend')}
                options={[{ value: 'on', label: t('access.internet.installHelp') }]}
                defaultValues={[]}
                errors={fields.installHelp.errors}
              />
              <fieldset
                className={`field${fields.consent.errors?.length ? ' has-error' : ''}`}
                aria-describedby={fields.consent.errors?.length ? 'consent-error' : undefined}
              >
                <legend>{t('access.internet.consentLegend')}</legend>
                <FieldAlert id="consent-error" errors={fields.consent.errors} />
                {(
                  [
                    ['yes', t('access.internet.consent')],
                    ['no', t('access.internet.consentNo')],
                  ] as const
                ).map(([value, label]) => (
                  <div className="check" key={value}>
                    <input
                      type="radio"
                      id={`consent-${value}`}
                      name={fields.consent.name}
                      value={value}
                      defaultChecked={
                        fields.consent.initialValue === value || (sharingWithdrawn && value === 'no')
                      }
                    />
                    <label htmlFor={`consent-${value}`}>{label}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" className={resident ? 'big-button' : undefined}>
                {t('access.internet.submit')}
              </button>
            </Form>
          </>
        )}
        {requests.length > (live ? 1 : 0) ? (
          <details>
            <summary>{t('access.internet.history')}</summary>
            <ul>
              {requests.map((r) => (
                <li key={r.id}>
                  {dateTime(r.sentAt)} — {t(`access.status.${r.status}`)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {resident ? (
          <p>
            <Link to="/">{t('access.internet.back')}</Link>
          </p>
        ) : null}
      </div>
    </Page>
  );
}
