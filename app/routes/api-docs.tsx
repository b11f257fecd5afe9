import { useLoaderData } from 'react-router';
import { openApiDocument } from '../../src/api/index.ts';
import { useI18n } from '../lib/i18n.ts';

export const meta = () => [{ title: 'API des partenaires — référence — Palier' }];

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string } }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string }>;
}

/** A plain, server-rendered reference built from the OpenAPI document (no script, readable offline). */
export function loader() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({
      id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-'),
      method: method.toUpperCase(),
      path,
      summary: op.summary ?? '',
      description: op.description ?? '',
      tag: op.tags?.[0] ?? 'Other',
      parameters: (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        type: p.schema?.type ?? '',
      })),
      body: op.requestBody ? Object.keys(op.requestBody.content) : [],
      responses: Object.entries(op.responses).map(([code, r]) => ({ code, description: r.description })),
    })),
  );
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description ?? '',
    operations,
  };
}

export default function ApiDocs() {
  const { title, version, description, operations } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <>
      <h1>
        {title} <span className="muted">v{version}</span>
      </h1>
      <p>{description}</p>
      <p>
        {t('apiDocs.intro')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
      <nav aria-label={t('apiDocs.contents')}>
        <ul>
          {operations.map((o) => (
            <li key={o.id}>
              <a href={`#${o.id}`}>
                <code>
                  {o.method} {o.path}
                </code>
              </a>{' '}
              — {o.summary}
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter((o) => o.tag === tag)
            .map((o) => (
              <article key={o.id} id={o.id} className="operation">
                <h3>
                  <code>
                    {o.method} /api/v1{o.path}
                  </code>
                </h3>
                <p>{o.summary}</p>
                {o.description ? <p>{o.description}</p> : null}
                {o.parameters.length ? (
                  <table>
                    <caption>{t('apiDocs.parameters')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('apiDocs.name')}</th>
                        <th scope="col">{t('apiDocs.in')}</th>
                        <th scope="col">{t('apiDocs.type')}</th>
                        <th scope="col">{t('apiDocs.required')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.parameters.map((p) => (
                        <tr key={`${p.in}-${p.name}`}>
                          <td>
                            <code>{p.name}</code>
                          </td>
                          <td>{p.in}</td>
                          <td>{p.type}</td>
                          <td>{p.required ? t('common.yes') : t('common.no')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {o.body.length ? (
                  <p>
                    {t('apiDocs.body')} <code>{o.body.join(', ')}</code>
                  </p>
                ) : null}
                <ul>
                  {o.responses.map((r) => (
                    <li key={r.code}>
                      <code>{r.code}</code> — {r.description}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
        </section>
      ))}
    </>
  );
}
