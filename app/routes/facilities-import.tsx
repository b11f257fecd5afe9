// Import of facilities from a file of the national standard: every line checked, nothing written if one is wrong.
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  useActionData,
  useLoaderData,
} from 'react-router';
import { listOrganisations } from '../../src/partners/index.ts';
import { type Actor, canAtAll, ForbiddenError, scopeOf } from '../../src/platform/permissions/index.ts';
import { importFacilities, workshopRefusalMessage } from '../../src/workshops/index.ts';
import { Notice, SelectField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Importer des lieux — Palier' }];

/** The import writes facilities for the whole programme: the coordinator's (and the administrator's) job. */
async function requireImporter(
  request: Request,
  context: Parameters<typeof requireActor>[1],
): Promise<Actor> {
  const actor = await requireActor(request, context, 'facility.manage');
  if (scopeOf(actor, 'facility.manage') !== 'programme') throw new ForbiddenError('facility.manage');
  return actor;
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireImporter(request, context);
  const partners = canAtAll(actor, 'partner.manage')
    ? (await listOrganisations({ db: services(context).db, actor }))
        .filter((o) => o.kind === 'facility' && o.active)
        .map((o) => ({ id: o.id, name: o.name }))
    : [];
  return { partners };
});

type ImportResult =
  | { ok: true; created: number; updated: number }
  | { ok: false; errors: string[]; lines: string[]; field?: 'file' | 'organisationId' };

/** « code_postal : "2920" n’est pas… » already names its column: the page says « colonne code_postal » once. */
const lineError = (e: { line: number; column: string; message: string }) => {
  const message =
    e.column && e.message.startsWith(`${e.column} : `) ? e.message.slice(e.column.length + 3) : e.message;
  return e.column ? `Ligne ${e.line}, colonne ${e.column} : ${message}` : `Ligne ${e.line} : ${message}`;
};

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireImporter(request, context);
  const form = await readForm(request);
  const file = form.get('file');
  const bytes = file instanceof File ? Buffer.from(await file.arrayBuffer()) : null;
  if (!bytes?.length)
    return data<ImportResult>(
      { ok: false, errors: ['Choisissez un fichier CSV.'], lines: [], field: 'file' },
      { status: 400 },
    );
  const report = await importFacilities({
    db: services(context).db,
    actor,
    file: bytes,
    organisationId: optionalIntParam(String(form.get('organisationId') ?? '')),
  });
  if ('ok' in report)
    return data<ImportResult>(
      { ok: false, errors: [workshopRefusalMessage(report.reason)], lines: [], field: 'organisationId' },
      { status: 409 },
    );
  if (report.errors.length)
    return data<ImportResult>(
      { ok: false, errors: [], lines: report.errors.map(lineError) },
      { status: 400 },
    );
  return data<ImportResult>({ ok: true, created: report.created, updated: report.updated });
});

const lieux = (n: number) => `${n} lieu${n > 1 ? 'x' : ''}`;

export default function FacilitiesImport() {
  const { partners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const fileError = failed?.field === 'file' ? failed.errors.join(' ') : null;
  return (
    <Page title="Importer des lieux" crumbs={[{ to: '/lieux', label: 'Lieux' }]}>
      {result?.ok ? (
        <Notice>
          <p>Import terminé.</p>
          <ul>
            <li>
              {lieux(result.created)} créé{result.created > 1 ? 's' : ''}
            </li>
            <li>{lieux(result.updated)} mis à jour</li>
          </ul>
        </Notice>
      ) : null}
      {failed && !failed.field ? (
        <div className="form-error" role="alert">
          <p>
            <strong>Rien n’a été importé.</strong> Corrigez ces lignes dans le fichier, puis importez-le de
            nouveau :
          </p>
          <ul>
            {failed.lines.slice(0, 200).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {failed.lines.length > 200 ? <p>… et {failed.lines.length - 200} autres erreurs.</p> : null}
        </div>
      ) : null}
      <p className="lead">
        Le fichier suit le standard national des lieux de médiation numérique (schéma v1.0.2) : un fichier
        CSV, une ligne par lieu.
      </p>
      <p>
        Les colonnes id, pivot, nom, commune, code_postal, adresse et date_maj sont obligatoires. Un lieu dont
        l’id est déjà connu est mis à jour ; les autres sont créés. Si une seule ligne a une erreur, rien
        n’est importé.
      </p>
      <Form method="post" encType="multipart/form-data" className="narrow">
        <div className={`field${fileError ? ' has-error' : ''}`}>
          <label htmlFor="file">
            Fichier CSV<span aria-hidden="true"> *</span>
          </label>
          <p className="hint" id="file-hint">
            Séparateur virgule ou point-virgule, encodage UTF-8.
          </p>
          {fileError ? (
            <p className="field-error" id="file-error" role="alert">
              {fileError}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={fileError ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={fileError ? true : undefined}
          />
        </div>
        {partners.length ? (
          <SelectField
            name="organisationId"
            label="Partenaire des lieux du fichier"
            hint="Facultatif : la structure dont les animateurs font vivre tous les lieux du fichier"
            options={partners.map((p) => ({ value: String(p.id), label: p.name }))}
            errors={failed?.field === 'organisationId' ? failed.errors : undefined}
          />
        ) : null}
        <button type="submit">Importer le fichier</button>
      </Form>
    </Page>
  );
}
