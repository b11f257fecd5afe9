import { type ActionFunctionArgs, redirect } from 'react-router';
import { locales } from '../../src/platform/i18n/index.ts';

/** Remembers the reader's language for a year and goes back to the page they were on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = String(form.get('lang'));
  const back = request.headers.get('referer');
  const to =
    back && new URL(back).host === new URL(request.url).host
      ? new URL(back).pathname + new URL(back).search
      : '/';
  if (!(locales as readonly string[]).includes(lang)) return redirect(to);
  return redirect(to, {
    headers: { 'Set-Cookie': `palier_lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect('/');
