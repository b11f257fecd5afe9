import type { ReactNode } from 'react';
import {
  isRouteErrorResponse,
  Link,
  Links,
  type LoaderFunctionArgs,
  Meta,
  Outlet,
  Scripts,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from 'react-router';
import { pickLocale } from '../src/platform/i18n/index.ts';
import { type Action, canAtAll } from '../src/platform/permissions/index.ts';
import { useI18n } from './lib/i18n.ts';
import { currentUser, services } from './lib/services.server.ts';
import stylesUrl from './styles.css?url';

export const links = () => [
  { rel: 'stylesheet', href: stylesUrl },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

const navigation: { to: string; label: string; permission: Action }[] = [
  { to: '/territoire', label: 'nav.territory', permission: 'territory.read' },
  { to: '/deploiement', label: 'rolloutPage.nav', permission: 'rollout.read' },
  { to: '/foyers', label: 'nav.households', permission: 'household.read' },
  { to: '/consultations', label: 'nav.votes', permission: 'vote.read' },
  { to: '/services', label: 'nav.services', permission: 'service.read' },
  { to: '/raccordements', label: 'nav.activations', permission: 'activation.read' },
  { to: '/charges', label: 'nav.charges', permission: 'charges.read' },
  { to: '/equipement', label: 'nav.equipment', permission: 'equipment.read' },
  { to: '/equipement/bilan', label: 'nav.equipmentStats', permission: 'equipment.stats' },
  { to: '/lieux', label: 'nav.facilities', permission: 'workshop.read' },
  { to: '/ateliers', label: 'nav.workshops', permission: 'workshop.read' },
  { to: '/ateliers/bilan', label: 'nav.workshopStats', permission: 'workshop.stats' },
  { to: '/certificats', label: 'nav.certificates', permission: 'certificate.read' },
  { to: '/messages', label: 'nav.outbox', permission: 'notification.read' },
  { to: '/conseil', label: 'nav.advice', permission: 'advice.read' },
  { to: '/conseil/bilan', label: 'nav.adviceStats', permission: 'advice.stats' },
  { to: '/fiches', label: 'nav.offerSheets', permission: 'sheet.write' },
  { to: '/coordination', label: 'coordination.nav', permission: 'committee.read' },
  { to: '/impact', label: 'nav.impact', permission: 'impact.read' },
  { to: '/bilans', label: 'nav.reports', permission: 'impact.read' },
  { to: '/temoignages', label: 'nav.testimonies', permission: 'testimony.record' },
  { to: '/questionnaires', label: 'nav.questionnaires', permission: 'questionnaire.record' },
  { to: '/partenaires', label: 'nav.partners', permission: 'partner.manage' },
  { to: '/admin/jetons', label: 'nav.tokens', permission: 'token.manage' },
  { to: '/admin/journal', label: 'nav.audit', permission: 'audit.read' },
  { to: '/confidentialite', label: 'nav.privacy', permission: 'retention.read' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cookie = request.headers.get('cookie') ?? '';
  const langCookie = /(?:^|;\s*)palier_lang=(\w+)/.exec(cookie)?.[1];
  const locale = pickLocale(langCookie, request.headers.get('accept-language'));
  const staff = await currentUser(request, context);
  // Residents have one page, their household: no staff navigation.
  const nav =
    staff && staff.role !== 'resident' ? navigation.filter((item) => canAtAll(staff, item.permission)) : [];
  return {
    locale,
    demo: services(context).config.demo,
    user: staff ? { name: staff.name, role: staff.role, organisation: staff.organisationName } : null,
    nav: nav.map(({ to, label }) => ({ to, label })),
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData('root') as Awaited<ReturnType<typeof loader>> | undefined;
  const matches = useMatches();
  // Pages ship no JavaScript unless a route asks for it: forms post to the server and work everywhere.
  const hydrate = matches.some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === true);
  return (
    <html lang={data?.locale ?? 'fr'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {hydrate ? <Scripts /> : null}
      </body>
    </html>
  );
}

export default function App() {
  const { user, nav } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Palier
        </Link>
        {user ? (
          <nav aria-label={t('nav.label')}>
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to}>{t(item.label)}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="session">
          {user ? (
            <form method="post" action="/logout">
              <span>
                {user.name}
                {user.organisation ? ` · ${user.organisation}` : ''} · {t(`roles.${user.role}`)}
              </span>{' '}
              <button type="submit" className="link-button">
                {t('nav.logout')}
              </button>
            </form>
          ) : null}
          <form method="post" action="/langue" className="lang">
            <label htmlFor="lang">{t('nav.language')}</label>{' '}
            <select id="lang" name="lang" defaultValue={useI18n().locale}>
              <option value="fr" lang="fr">
                Français
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>{' '}
            <button type="submit" className="link-button">
              {t('common.ok')}
            </button>
          </form>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 403 ? 'forbidden' : status === 404 ? 'notFound' : 'unexpected';
  return (
    <main id="main" className="error-page">
      <title>{`${t(`errors.${key}.title`)} — Palier`}</title>
      <h1>{t(`errors.${key}.title`)}</h1>
      <p>{t(`errors.${key}.text`)}</p>
      <p>
        <Link to="/">{t('errors.home')}</Link>
      </p>
    </main>
  );
}
