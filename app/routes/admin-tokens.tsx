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
import { createApiToken, listApiTokens, listUsers, revokeApiToken } from '../../src/partners/index.ts';
import { FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Jetons d’API — Palier' }];

const TokenForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    userId: z.string().uuid('Choisissez un utilisateur'),
    name: z.string().trim().min(2, 'Nommez le jeton (le système qui l’utilise)').max(80),
  }),
  z.object({ intent: z.literal('revoke'), tokenId: z.coerce.number().int().positive() }),
]);

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'token.manage');
  const { db } = services(context);
  return {
    tokens: await listApiTokens({ db, actor }),
    users: (await listUsers({ db, actor })).filter((u) => u.status === 'active' && u.organisationId !== null),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'token.manage');
  const { db } = services(context);
  const { submission } = await parseForm(request, TokenForm);
  if (submission.status !== 'success')
    return data({ result: submission.reply(), token: null }, { status: 400 });
  if (submission.value.intent === 'revoke') {
    await revokeApiToken({ db, actor, tokenId: submission.value.tokenId });
    return redirect('/admin/jetons?fait=revoque');
  }
  const created = await createApiToken({
    db,
    actor,
    userId: submission.value.userId,
    name: submission.value.name,
  });
  if (!created.ok)
    return data(
      { result: submission.reply({ formErrors: ['Cet utilisateur n’est pas actif.'] }), token: null },
      { status: 409 },
    );
  return { result: submission.reply({ resetForm: true }), token: created.token };
});

export default function AdminTokens() {
  const { tokens, users, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const errors = actionData?.result?.error as Record<string, string[]> | undefined;
  return (
    <Page title={t('tokens.title')}>
      <p>
        {t('tokens.intro')} <Link to="/api/docs">{t('tokens.docs')}</Link>
      </p>
      {done ? <Notice>{t('tokens.revoked')}</Notice> : null}
      {actionData?.token ? (
        <Notice>
          <p>{t('tokens.created')}</p>
          <p>
            <code className="break">{actionData.token}</code>
          </p>
        </Notice>
      ) : null}
      <Form method="post" aria-labelledby="new-token">
        <h2 id="new-token">{t('tokens.new')}</h2>
        <FormErrors errors={errors?.[''] ?? null} />
        <input type="hidden" name="intent" value="create" />
        <SelectField
          name="userId"
          label={t('tokens.user')}
          hint={t('tokens.userHint')}
          required
          options={users.map((u) => ({
            value: u.id,
            label: `${u.name} — ${u.organisationName} (${t(`roles.${u.role}`)})`,
          }))}
          errors={errors?.userId}
        />
        <TextField name="name" label={t('tokens.name')} required errors={errors?.name} />
        <button type="submit">{t('tokens.create')}</button>
      </Form>
      <h2>{t('tokens.existing')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('tokens.name')}</th>
            <th scope="col">{t('tokens.prefix')}</th>
            <th scope="col">{t('tokens.user')}</th>
            <th scope="col">{t('tokens.lastUsed')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((tok) => (
            <tr key={tok.id}>
              <td>{tok.name}</td>
              <td>
                <code>{tok.prefix}…</code>
              </td>
              <td>
                {tok.userName} ({t(`roles.${tok.role}`)})
              </td>
              <td>{tok.lastUsedAt ? dateTime(tok.lastUsedAt) : t('tokens.never')}</td>
              <td>
                {tok.revokedAt ? (
                  t('tokens.revokedOn', { date: dateTime(tok.revokedAt) })
                ) : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="tokenId" value={tok.id} />
                    <button type="submit" className="secondary">
                      {t('tokens.revoke', { name: tok.name })}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
