import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n } from '../lib/i18n.ts';

export function Page({
  title,
  crumbs = [],
  children,
  actions,
}: {
  title: string;
  crumbs?: { to: string; label: string }[];
  children: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {crumbs.length ? (
        <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
          <ol>
            {crumbs.map((c) => (
              <li key={c.to}>
                <Link to={c.to}>{c.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <div className="page-head">
        <h1>{title}</h1>
        {actions}
      </div>
      {children}
    </>
  );
}

/** A "next page" link for keyset pagination; the other query parameters (filters, search) are kept. */
export function NextPage({ cursor, param = 'after' }: { cursor: string | number | null; param?: string }) {
  const { t } = useI18n();
  const location = useLocation();
  if (cursor === null) return null;
  const query = new URLSearchParams(location.search);
  query.set(param, String(cursor));
  return (
    <p className="pager">
      <Link to={`?${query.toString()}`}>{t('common.nextPage')}</Link>
    </p>
  );
}

/** A titled part of a page, named by its heading for screen readers' landmarks. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
