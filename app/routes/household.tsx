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
import { z } from 'zod';
import {
  addHouseholdMember,
  ageBands,
  answers,
  contactChannels,
  endTenancy,
  getHousehold,
  HouseholdContact,
  HouseholdMemberInput,
  HouseholdProfile,
  IsoDate,
  languages,
  MemberName,
  renameHouseholdMember,
  updateHouseholdContact,
  updateHouseholdProfile,
} from '../../src/households/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { CheckboxGroup, FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { HouseholdSummaryView } from '../components/household-view.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { household: { reference: string } } }) => [
  { title: `Foyer ${loaderData?.household.reference ?? ''} — Palier` },
];

const HouseholdForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('contact'), contact: HouseholdContact }),
  z.object({ intent: z.literal('profile'), profile: HouseholdProfile }),
  z.object({ intent: z.literal('member'), member: HouseholdMemberInput }),
  z.object({ intent: z.literal('rename'), rename: MemberName }),
  z.object({ intent: z.literal('end'), endDate: IsoDate }),
]);

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'household.read');
  const household = await getHousehold({ db: services(context).db, actor, householdId: intParam(params.id) });
  return {
    household,
    canRequestAccess: canAtAll(actor, 'activation.request'),
    // Residents' rights: what Palier holds, its export and erasure (src/privacy).
    canManagePersonalData: canAtAll(actor, 'personal_data.export'),
    // The before/after questionnaire and testimonies (src/impact), filled in with the household by staff.
    canRecordImpact: {
      questionnaire: actor.role !== 'resident' && canAtAll(actor, 'questionnaire.record'),
      testimony: canAtAll(actor, 'testimony.record'),
    },
    done: new URL(request.url).searchParams.get('fait'),
    today: new Date().toISOString().slice(0, 10),
  };
});

const refusals: Record<string, string> = {
  no_current_tenancy: 'Ce foyer n’occupe aucun logement actuellement.',
  unknown_member: 'Cette personne ne fait pas partie du foyer.',
  before_start: 'La date de fin doit être après le début de l’occupation.',
};

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context);
  const householdId = intParam(params.id);
  const { db } = services(context);
  const { submission } = await parseForm(request, HouseholdForm);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const base = { db, actor, householdId };
  let outcome: { ok: true } | { ok: false; reason: string } = { ok: true };
  switch (value.intent) {
    case 'contact':
      await updateHouseholdContact({ ...base, contact: value.contact });
      break;
    case 'profile':
      await updateHouseholdProfile({ ...base, profile: value.profile });
      break;
    case 'member':
      await addHouseholdMember({ ...base, member: value.member });
      break;
    case 'rename':
      outcome = await renameHouseholdMember({ ...base, name: value.rename });
      break;
    case 'end':
      outcome = await endTenancy({ ...base, endDate: value.endDate });
      break;
  }
  if (!outcome.ok)
    return data(
      { result: submission.reply({ formErrors: [refusals[outcome.reason] ?? outcome.reason] }) },
      { status: 409 },
    );
  return redirect(`/foyers/${householdId}?fait=${value.intent}`);
});

export default function HouseholdPage() {
  const { household, done, today, canRequestAccess, canRecordImpact, canManagePersonalData } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const intent = (actionData?.result?.initialValue as { intent?: string } | undefined)?.intent;
  const [form] = useForm({ lastResult: actionData?.result });
  const errorsFor = (name: string) =>
    (actionData?.result?.error as Record<string, string[]> | undefined)?.[name];
  const head = household.members.find((m) => m.isReferencePerson === 'yes');
  return (
    <Page
      title={t('household.pageTitle', {
        ref: household.reference,
        name: head ? `${head.firstName} ${head.lastName}` : '',
      })}
      crumbs={[{ to: '/foyers', label: t('household.listTitle') }]}
    >
      {done ? <Notice>{t(`household.done.${done}`)}</Notice> : null}
      {intent ? <FormErrors errors={form.errors} /> : null}
      {household.archivedAt ? (
        <p className="hint">
          Dossier archivé le {date(household.archivedAt)} (durées de conservation) : seule la coordination le
          consulte, pour répondre à une demande ou un litige.
        </p>
      ) : null}
      <HouseholdSummaryView household={household} />
      {household.permissions.write ? (
        <p>
          <Link to={`/foyers/${household.id}/consentements`}>
            Consentements : les voir, les noter ou les retirer
          </Link>
        </p>
      ) : null}
      {canManagePersonalData ? (
        <p>
          <Link to={`/foyers/${household.id}/donnees`}>
            Données personnelles : ce que nous conservons, les exporter, les effacer
          </Link>
        </p>
      ) : null}
      {canRequestAccess ? (
        <p>
          <Link to={`/foyers/${household.id}/internet`}>{t('access.internet.link')}</Link>
        </p>
      ) : null}
      {canRecordImpact.questionnaire ? (
        <p>
          <Link to={`/foyers/${household.id}/questionnaire`}>Questionnaire avant / après</Link>
        </p>
      ) : null}
      {canRecordImpact.testimony ? (
        <p>
          <Link to={`/temoignages?foyer=${encodeURIComponent(household.reference)}#nouveau`}>
            Noter un témoignage de ce foyer
          </Link>
        </p>
      ) : null}
      {household.permissions.write ? (
        <section aria-labelledby="edit-title" className="edit">
          <h2 id="edit-title">{t('household.edit')}</h2>
          <details open={intent === 'contact'}>
            <summary>{t('household.editContact')}</summary>
            <Form method="post" {...getFormProps(form)} id="contact-form">
              <input type="hidden" name="intent" value="contact" />
              <CheckboxGroup
                name="contact.channels"
                id="c-channels"
                label={t('household.channels')}
                options={contactChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
                defaultValues={household.contact.channels}
                errors={errorsFor('contact.channels')}
              />
              <TextField
                name="contact.phone"
                id="c-phone"
                label={t('household.phone')}
                type="tel"
                defaultValue={household.contact.phone}
                errors={errorsFor('contact.phone')}
              />
              <TextField
                name="contact.email"
                id="c-email"
                label={t('household.email')}
                type="email"
                defaultValue={household.contact.email}
                errors={errorsFor('contact.email')}
              />
              <SelectField
                name="contact.language"
                id="c-language"
                label={t('household.language')}
                required
                options={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
                defaultValue={household.contact.language}
              />
              <button type="submit">{t('common.save')}</button>
            </Form>
          </details>
          <details open={intent === 'member'}>
            <summary>{t('household.addMember')}</summary>
            <Form method="post" id="member-form">
              <input type="hidden" name="intent" value="member" />
              <TextField
                name="member.firstName"
                id="m-first"
                label={t('household.firstName')}
                required
                errors={errorsFor('member.firstName')}
              />
              <TextField
                name="member.lastName"
                id="m-last"
                label={t('household.lastName')}
                required
                errors={errorsFor('member.lastName')}
              />
              <TextField
                name="member.birthYear"
                id="m-year"
                label={t('household.birthYear')}
                hint={t('household.birthYearHint')}
                inputMode="numeric"
                errors={errorsFor('member.birthYear')}
              />
              <SelectField
                name="member.ageBand"
                id="m-band"
                label={t('household.ageBand')}
                required
                options={ageBands.map((b) => ({ value: b, label: t(`ageBands.${b}`) }))}
                defaultValue="not_given"
              />
              <button type="submit">{t('household.addMember')}</button>
            </Form>
          </details>
          <details open={intent === 'rename'}>
            <summary>Corriger le nom d’un membre</summary>
            <Form method="post" id="rename-form">
              <input type="hidden" name="intent" value="rename" />
              <SelectField
                name="rename.memberId"
                id="r-member"
                label="Personne"
                required
                options={household.members.map((m) => ({
                  value: String(m.id),
                  label: `${m.firstName} ${m.lastName}`,
                }))}
                errors={errorsFor('rename.memberId')}
              />
              <TextField
                name="rename.firstName"
                id="r-first"
                label={t('household.firstName')}
                required
                errors={errorsFor('rename.firstName')}
              />
              <TextField
                name="rename.lastName"
                id="r-last"
                label={t('household.lastName')}
                required
                errors={errorsFor('rename.lastName')}
              />
              <button type="submit">Corriger le nom</button>
            </Form>
          </details>
          {household.currentTenancy ? (
            <details open={intent === 'end'}>
              <summary>{t('household.endTenancy')}</summary>
              <Form method="post" id="end-form">
                <input type="hidden" name="intent" value="end" />
                <TextField
                  name="endDate"
                  id="e-date"
                  label={t('household.endDate')}
                  hint={t('household.endDateHint')}
                  type="date"
                  required
                  defaultValue={today}
                  errors={errorsFor('endDate')}
                />
                <button type="submit" className="secondary">
                  {t('household.endTenancy')}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}
      {household.permissions.profileWrite && household.profile ? (
        <section aria-labelledby="profile-edit-title" className="edit">
          <h2 id="profile-edit-title">{t('household.editProfile')}</h2>
          <p className="hint">{t('household.profileHint')}</p>
          <Form method="post" id="profile-form">
            <input type="hidden" name="intent" value="profile" />
            {(Object.keys(household.profile) as (keyof typeof household.profile)[]).map((key) => (
              <SelectField
                key={key}
                name={`profile.${key}`}
                id={`p-${key}`}
                label={t(`profile.${key}`)}
                required
                options={answers.map((a) => ({ value: a, label: t(`answers.${a}`) }))}
                defaultValue={household.profile![key]}
              />
            ))}
            <button type="submit">{t('common.save')}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
