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
import {
  changeUserRole,
  getOrganisation,
  inviteUser,
  listUsers,
  type OrganisationKind,
  rolesByKind,
  setOrganisationActive,
  setOrganisationSectors,
  setUserActive,
  UserInvite,
} from '../../src/partners/index.ts';
import { roles } from '../../src/platform/permissions/index.ts';
import { listSectors } from '../../src/territory/index.ts';
import { CheckboxGroup, FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { organisation: { name: string } } }) => [
  { title: `${loaderData?.organisation.name ?? 'Partenaire'} — Palier` },
];

const PartnerForm = z.discriminatedUnion('intent', [
  UserInvite.omit({ organisationId: true }).extend({ intent: z.literal('invite') }),
  z.object({ intent: z.literal('role'), userId: z.string().uuid(), role: z.enum(roles) }),
  z.object({
    intent: z.literal('user-status'),
    userId: z.string().uuid(),
    active: z.enum(['true', 'false']),
  }),
  z.object({ intent: z.literal('org-status'), active: z.enum(['true', 'false']) }),
  z.object({
    intent: z.literal('sectors'),
    sectorIds: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.coerce.number().int().positive()),
    ),
  }),
]);

const refusals: Record<string, string> = {
  email_taken: 'Un compte existe déjà avec cette adresse e-mail.',
  role_not_allowed: 'Ce rôle ne correspond pas à ce type de partenaire.',
  unknown_organisation: 'Partenaire inconnu.',
  own_account: 'Vous ne pouvez pas modifier votre propre compte ici.',
  still_invited: 'Cette personne n’a pas encore accepté son invitation.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'partner.manage');
  const { db } = services(context);
  const organisationId = intParam(params.id);
  return {
    organisation: await getOrganisation({ db, actor, organisationId }),
    users: await listUsers({ db, actor, organisationId }),
    sectors: await listSectors({ db, actor }),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'partner.manage');
  const { db, config } = services(context);
  const organisationId = intParam(params.id);
  const { submission } = await parseForm(request, PartnerForm);
  if (submission.status !== 'success')
    return data({ result: submission.reply(), invitationLink: null }, { status: 400 });
  const value = submission.value;
  let outcome: { ok: true } | { ok: false; reason: string } = { ok: true };
  switch (value.intent) {
    case 'invite': {
      const invited = await inviteUser({
        db,
        actor,
        input: { name: value.name, email: value.email, role: value.role, organisationId },
      });
      if (!invited.ok)
        return data(
          { result: submission.reply({ formErrors: [refusals[invited.reason]!] }), invitationLink: null },
          { status: 409 },
        );
      return {
        result: submission.reply({ resetForm: true }),
        invitationLink: `${config.baseUrl}/invitation/${invited.secret}`,
      };
    }
    case 'role':
      outcome = await changeUserRole({ db, actor, userId: value.userId, role: value.role });
      break;
    case 'user-status':
      outcome = await setUserActive({ db, actor, userId: value.userId, active: value.active === 'true' });
      break;
    case 'org-status':
      await setOrganisationActive({ db, actor, organisationId, active: value.active === 'true' });
      break;
    case 'sectors':
      await setOrganisationSectors({ db, actor, organisationId, sectorIds: value.sectorIds });
      break;
  }
  if (!outcome.ok)
    return data(
      {
        result: submission.reply({ formErrors: [refusals[outcome.reason] ?? outcome.reason] }),
        invitationLink: null,
      },
      { status: 409 },
    );
  return redirect(`/partenaires/${organisationId}?fait=${value.intent}`);
});

export default function Partner() {
  const { organisation, users, sectors, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const allowedRoles = rolesByKind[organisation.kind as OrganisationKind] ?? [];
  const errors = actionData?.result?.error as Record<string, string[]> | undefined;
  return (
    <Page title={organisation.name} crumbs={[{ to: '/partenaires', label: t('partners.title') }]}>
      {done ? <Notice>{t(`partners.done.${done}`)}</Notice> : null}
      <FormErrors errors={errors?.[''] ?? null} />
      {actionData?.invitationLink ? (
        <Notice>
          <p>{t('partners.invitationCreated')}</p>
          <p>
            <code className="break">{actionData.invitationLink}</code>
          </p>
        </Notice>
      ) : null}
      <dl className="facts">
        <dt>{t('partners.kind')}</dt>
        <dd>{t(`organisationKinds.${organisation.kind}`)}</dd>
        <dt>{t('partners.status')}</dt>
        <dd>{organisation.active ? t('partners.active') : t('partners.inactive')}</dd>
      </dl>
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value="org-status" />
        <input type="hidden" name="active" value={organisation.active ? 'false' : 'true'} />
        <button type="submit" className="secondary">
          {organisation.active ? t('partners.deactivateOrg') : t('partners.activateOrg')}
        </button>
      </Form>

      <h2>{t('partners.users')}</h2>
      {users.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('partners.name')}</th>
              <th scope="col">{t('partners.email')}</th>
              <th scope="col">{t('partners.role')}</th>
              <th scope="col">{t('partners.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={u.id} />
                    <label htmlFor={`role-${u.id}`} className="visually-hidden">
                      {t('partners.roleOf', { name: u.name })}
                    </label>
                    <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      {allowedRoles.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" className="secondary">
                      {t('partners.changeRole')}
                    </button>
                  </Form>
                </td>
                <td>{t(`userStatus.${u.status}`)}</td>
                <td>
                  {u.status !== 'invited' ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="user-status" />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="active" value={u.status === 'active' ? 'false' : 'true'} />
                      <button type="submit" className="secondary">
                        {u.status === 'active'
                          ? t('partners.deactivate', { name: u.name })
                          : t('partners.reactivate', { name: u.name })}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('partners.noUser')}</p>
      )}

      <Form method="post" aria-labelledby="invite-title">
        <h3 id="invite-title">{t('partners.invite')}</h3>
        <input type="hidden" name="intent" value="invite" />
        <TextField name="name" id="i-name" label={t('partners.name')} required errors={errors?.name} />
        <TextField
          name="email"
          id="i-email"
          label={t('partners.email')}
          type="email"
          required
          errors={errors?.email}
        />
        <SelectField
          name="role"
          id="i-role"
          label={t('partners.role')}
          required
          options={allowedRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          errors={errors?.role}
        />
        <button type="submit">{t('partners.sendInvite')}</button>
      </Form>

      {['operator', 'facility', 'tenant_association'].includes(organisation.kind) ? (
        <Form method="post" aria-labelledby="sectors-title">
          <h2 id="sectors-title">{t('partners.sectors')}</h2>
          <input type="hidden" name="intent" value="sectors" />
          <CheckboxGroup
            name="sectorIds"
            label={t('partners.sectorsServed')}
            options={sectors.map((s) => ({
              value: String(s.id),
              label: `${s.name} (${s.neighbourhoodName})`,
            }))}
            defaultValues={organisation.sectors.map((s) => String(s.id))}
          />
          <button type="submit">{t('common.save')}</button>
        </Form>
      ) : null}
    </Page>
  );
}
