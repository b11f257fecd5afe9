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
import { acceptInvitation, findInvitation, Password } from '../../src/partners/index.ts';
import { FormErrors, TextField } from '../components/form.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { keepRetryAfter } from '../lib/retry-after.ts';
import { clientIp, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Invitation — Palier' }];
export const headers = keepRetryAfter;

const AcceptForm = z
  .object({ password: Password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    message: 'Les deux mots de passe ne sont pas identiques',
  });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findInvitation(services(context).db, params.secret ?? '');
  return { invitation: found ? { name: found.name, email: found.email } : null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Counted before anything is read: each try hashes a password, and the secret in the address is guessed at.
  const attempt = await services(context).loginLimiter.invitation(clientIp(context));
  if (!attempt.allowed) {
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
    return data(
      {
        result: {
          status: 'error' as const,
          error: { '': [`Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`] },
        },
      },
      { status: 429, headers: { 'Retry-After': String(attempt.retryAfterSeconds) } },
    );
  }
  const { submission } = await parseForm(request, AcceptForm);
  if (submission.status !== 'success')
    return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 });
  const accepted = await acceptInvitation({
    db: services(context).db,
    secret: params.secret ?? '',
    password: submission.value.password,
  });
  if (!accepted.ok)
    return data(
      { result: submission.reply({ formErrors: ['Cette invitation n’est plus valable.'] }) },
      { status: 410 },
    );
  return redirect('/login?bienvenue=1');
}

export default function Invitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const errors = actionData?.result?.error as Record<string, string[]> | undefined;
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>{t('invitation.invalidTitle')}</h1>
        <p>{t('invitation.invalidText')}</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t('invitation.title', { name: invitation.name })}</h1>
      <p>{t('invitation.text', { email: invitation.email })}</p>
      <Form method="post">
        <FormErrors errors={errors?.[''] ?? null} />
        <TextField
          name="password"
          label={t('invitation.password')}
          hint={t('invitation.passwordHint')}
          type="password"
          autoComplete="new-password"
          required
          errors={errors?.password}
        />
        <TextField
          name="confirm"
          label={t('invitation.confirm')}
          type="password"
          autoComplete="new-password"
          required
          errors={errors?.confirm}
        />
        <button type="submit">{t('invitation.submit')}</button>
      </Form>
    </div>
  );
}
