import { getFormProps, useForm } from '@conform-to/react';
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
  useSearchParams,
} from 'react-router';
import { z } from 'zod';
import { demoAccounts, demoPassword } from '../../src/demo/index.ts';
import { findActiveUser } from '../../src/partners/index.ts';
import { clientIpContext } from '../../src/platform/http/index.ts';
import { FormErrors, TextField } from '../components/form.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { keepRetryAfter } from '../lib/retry-after.ts';
import { currentUser, services } from '../lib/services.server.ts';

const LoginForm = z.object({
  email: z.email('Saisissez votre adresse e-mail').trim().toLowerCase(),
  password: z.string('Saisissez votre mot de passe').min(1, 'Saisissez votre mot de passe'),
  redirectTo: z.string().optional(),
});

export const meta = () => [{ title: 'Connexion — Palier' }];
export const headers = keepRetryAfter;

const safeRedirect = (to: string | undefined | null) =>
  to?.startsWith('/') && !to.startsWith('//') ? to : '/';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect('/');
  const { demo } = services(context).config;
  return {
    demoAccounts: demo ? demoAccounts.map(({ email, role }) => ({ email, role })) : null,
    demoPassword: demo ? demoPassword : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { auth, loginLimiter } = services(context);
  const { submission } = await parseForm(request, LoginForm);
  if (submission.status !== 'success')
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const ip = context.get(clientIpContext);
  const attempt = await loginLimiter.attempt(ip, email);
  if (!attempt.allowed) {
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
    return data(
      {
        result: submission.reply({
          formErrors: [`Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`],
          hideFields: ['password'],
        }),
      },
      { status: 429, headers: { 'Retry-After': String(attempt.retryAfterSeconds) } },
    );
  }
  try {
    const signedIn = await auth.api.signInEmail({
      body: { email, password },
      headers: request.headers,
      returnHeaders: true,
    });
    const staff = await findActiveUser(services(context).db, signedIn.response.user.id);
    if (!staff) {
      await auth.api.signOut({ headers: new Headers({ cookie: cookieFrom(signedIn.headers) }) });
      return data(
        {
          result: submission.reply({
            formErrors: ['Ce compte est désactivé. Adressez-vous à la coordination du programme.'],
            hideFields: ['password'],
          }),
        },
        { status: 403 },
      );
    }
    await loginLimiter.reset(ip, email);
    return redirect(safeRedirect(redirectTo), { headers: signedIn.headers });
  } catch {
    return data(
      {
        result: submission.reply({
          formErrors: ['Adresse e-mail ou mot de passe incorrect.'],
          hideFields: ['password'],
        }),
      },
      { status: 401 },
    );
  }
}

function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export default function Login() {
  const { demoAccounts: accounts, demoPassword: password } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm<z.input<typeof LoginForm>>({ lastResult: actionData?.result });
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      <Form method="post" {...getFormProps(form)} noValidate={false}>
        <FormErrors errors={form.errors} />
        <TextField
          name={fields.email.name}
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          errors={fields.email.errors}
          defaultValue={fields.email.initialValue as string}
        />
        <TextField
          name={fields.password.name}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          errors={fields.password.errors}
        />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <button type="submit">{t('login.submit')}</button>
      </Form>
      {accounts ? (
        <section className="demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('login.demoTitle')}</h2>
          <p>{t('login.demoText', { password })}</p>
          <table>
            <caption className="visually-hidden">{t('login.demoTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('login.role')}</th>
                <th scope="col">{t('login.email')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.email}>
                  <td>{t(`roles.${a.role}`)}</td>
                  <td>
                    <code>{a.email}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
