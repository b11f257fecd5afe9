import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, useActionData } from 'react-router';
import { CsvFormatError } from '../../src/platform/csv/index.ts';
import { type DwellingImportReport, dwellingCsvColumns, importDwellings } from '../../src/territory/index.ts';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Importer le parc de logements — Palier' }];

const MAX_BYTES = 50 * 1024 * 1024;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  await requireActor(request, context, 'territory.write');
  return null;
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.write');
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0)
    return data({ error: 'Choisissez un fichier CSV.', report: null }, { status: 400 });
  if (file.size > MAX_BYTES)
    return data({ error: 'Le fichier dépasse 50 Mo.', report: null }, { status: 413 });
  try {
    const report: DwellingImportReport = await importDwellings({
      db: services(context).db,
      actor,
      file: Buffer.from(await file.arrayBuffer()),
      skipInvalid: form.get('skipInvalid') === 'on',
    });
    return data({ error: null, report }, { status: report.imported ? 200 : 422 });
  } catch (error) {
    if (error instanceof CsvFormatError)
      return data({ error: `Fichier refusé : ${error.message}.`, report: null }, { status: 422 });
    throw error;
  }
});

export default function ImportDwellings() {
  const result = useActionData<typeof action>();
  const { t, number } = useI18n();
  const report = result?.report;
  return (
    <Page title={t('import.title')} crumbs={[{ to: '/territoire', label: t('territory.title') }]}>
      <p>{t('import.intro')}</p>
      <details>
        <summary>{t('import.columns')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.required')}</th>
              <th scope="col">{t('import.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {dwellingCsvColumns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.required ? t('common.yes') : t('common.no')}</td>
                <td>{c.help}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <Form method="post" encType="multipart/form-data">
        <FormErrors errors={result?.error ? [result.error] : null} />
        <div className="field">
          <label htmlFor="file">{t('import.file')}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="check">
          <input id="skipInvalid" name="skipInvalid" type="checkbox" />
          <label htmlFor="skipInvalid">{t('import.skipInvalid')}</label>
        </div>
        <button type="submit">{t('import.submit')}</button>
      </Form>
      {report ? (
        <section aria-labelledby="report-title" role="status">
          <h2 id="report-title">{report.imported ? t('import.done') : t('import.refused')}</h2>
          <ul>
            <li>{t('import.rows', { count: report.rows, formatted: number(report.rows) })}</li>
            {report.imported ? (
              <>
                <li>
                  {t('import.dwellings', {
                    inserted: number(report.dwellings.inserted),
                    updated: number(report.dwellings.updated),
                    unchanged: number(report.dwellings.unchanged),
                  })}
                </li>
                <li>
                  {t('import.buildings', {
                    inserted: number(report.buildings.inserted),
                    updated: number(report.buildings.updated),
                  })}
                </li>
              </>
            ) : null}
          </ul>
          {report.errors.length ? (
            <table>
              <caption>{t('import.errors', { count: report.errors.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.slice(0, 500).map((e) => (
                  <tr key={`${e.line}-${e.message}`}>
                    <td className="num">{e.line}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
