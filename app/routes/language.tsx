import { type ActionFunctionArgs, redirect } from 'react-router';
import { locales } from '../../src/platform/i18n/index.ts';
import { readForm } from '../lib/forms.server.ts';
import { services } from '../lib/services.server.ts';

/** The language cookie: read by the server only (HttpOnly), sent over https only when Palier is served so. */
function languageCookie(lang: string, baseUrl: string): string {
  const secure = baseUrl.startsWith('https://') ? '; Secure' : '';
  return `palier_lang=${lang}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`;
}

/** Remembers the reader's language for a year and goes back to the page they were on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = String(form.get('lang'));
  const back = URL.parse(request.headers.get('referer') ?? '');
  const to = back && back.host === new URL(request.url).host ? back.pathname + back.search : '/';
  if (!(locales as readonly string[]).includes(lang)) return redirect(to);
  return redirect(to, {
    headers: { 'Set-Cookie': languageCookie(lang, services(context).config.baseUrl) },
  });
}

export const loader = () => redirect('/');
