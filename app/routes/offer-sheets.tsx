// /fiches: the offer sheets an association or the coordinator works on (every version), and a new draft.
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
import { createSheet, listSheets, type SheetStatus, sheetSectors } from '../../src/advice/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { CalendarDay, SingleLine } from '../../src/platform/validation.ts';
import { FieldAlert, FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Fiches offres — Palier' }];

const sheetStatusLabels: Record<SheetStatus, string> = {
  draft: 'Brouillon',
  proposed: 'Proposée',
  published: 'Publiée',
  archived: 'Ancienne version',
};

type Errors = Record<string, string[]>;

const NewSheetForm = z.object({
  sectorId: z.coerce.number({ error: 'Choisissez le secteur.' }).int().positive('Choisissez le secteur.'),
  title: SingleLine(3, 160, 'Écrivez un titre (3 caractères au moins).'),
  validOn: CalendarDay,
});

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'sheet.write');
  const { db } = services(context);
  const [sheets, sectors] = await Promise.all([listSheets({ db, actor }), sheetSectors({ db, actor })]);
  return {
    sheets: sheets.map((s) => ({
      id: s.id,
      sectorCode: s.sectorCode,
      sectorName: s.sectorName,
      version: s.version,
      status: s.status,
      title: s.title,
      validOn: s.validOn,
      authorLabel: s.authorLabel,
      offers: s.offers.length,
    })),
    sectors,
    canPublish: canAtAll(actor, 'sheet.publish'),
    today: localDate(new Date()),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'sheet.write');
  const form = await readForm(request);
  const values = {
    sectorId: String(form.get('sectorId') ?? ''),
    title: String(form.get('title') ?? ''),
    validOn: String(form.get('validOn') ?? ''),
  };
  const parsed = NewSheetForm.safeParse(values);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] = [...(errors[key] ?? []), issue.message];
    }
    return data({ errors, values }, { status: 400 });
  }
  const created = await createSheet({ db: services(context).db, actor, input: parsed.data });
  if (!created.ok)
    return data(
      { errors: { '': created.issues?.map((i) => i.message) ?? ['Fiche invalide.'] } as Errors, values },
      { status: 409 },
    );
  return redirect(`/fiches/${created.sheetId}?fait=cree`);
});

export default function OfferSheets() {
  const { sheets, sectors, canPublish, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const { date } = useI18n();
  const publishedCodes = [
    ...new Set(sheets.filter((s) => s.status === 'published').map((s) => s.sectorCode)),
  ];
  const toPublish = sheets.filter((s) => s.status === 'proposed').length;
  return (
    <Page title="Fiches offres">
      <p className="lead">
        Les fiches comparent les offres Internet d’un secteur, en mots simples. Les associations les écrivent
        et les proposent ; la coordination les publie. Une fiche publiée ne change plus : pour la corriger, on
        écrit une nouvelle version.
      </p>
      {canPublish && toPublish ? (
        <p>
          <strong>
            {toPublish === 1 ? '1 fiche proposée attend' : `${toPublish} fiches proposées attendent`} votre
            publication.
          </strong>
        </p>
      ) : null}

      <section aria-labelledby="fiches-title">
        <h2 id="fiches-title">Fiches</h2>
        {sheets.length === 0 ? (
          <p>Aucune fiche pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Fiches offres, par secteur, la plus récente d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Secteur</th>
                <th scope="col">Fiche</th>
                <th scope="col">Version</th>
                <th scope="col">État</th>
                <th scope="col">Prix vérifiés le</th>
                <th scope="col">Écrite par</th>
              </tr>
            </thead>
            <tbody>
              {sheets.map((s) => (
                <tr key={s.id}>
                  <td>{s.sectorName}</td>
                  <td>
                    <Link to={`/fiches/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>{s.version}</td>
                  <td>{sheetStatusLabels[s.status]}</td>
                  <td>{date(s.validOn)}</td>
                  <td>{s.authorLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {publishedCodes.length ? (
          <>
            <h3>Pages publiques</h3>
            <ul>
              {publishedCodes.map((code) => (
                <li key={code}>
                  <a href={`/fiches-offres/${encodeURIComponent(code)}`}>Fiche publique du secteur {code}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {sectors.length ? (
        <section aria-labelledby="nouvelle-title" id="nouvelle">
          <h2 id="nouvelle-title">Nouvelle fiche</h2>
          <p>Créez le brouillon ; vous ajouterez les offres à l’étape suivante.</p>
          <Form method="post" action="/fiches#nouvelle" className="narrow">
            <FormErrors errors={errors['']} />
            <div className={`field${errors.sectorId ? ' has-error' : ''}`}>
              <label htmlFor="sectorId">
                Secteur<span aria-hidden="true"> *</span>
              </label>
              <FieldAlert id="sectorId-error" errors={errors.sectorId} />
              <select
                id="sectorId"
                name="sectorId"
                required
                defaultValue={sent?.sectorId ?? (sectors.length === 1 ? String(sectors[0]!.id) : '')}
                aria-invalid={errors.sectorId ? true : undefined}
                aria-describedby={errors.sectorId ? 'sectorId-error' : undefined}
              >
                <option value="" disabled>
                  Choisissez le secteur
                </option>
                {sectors.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.code})
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${errors.title ? ' has-error' : ''}`}>
              <label htmlFor="title">
                Titre de la fiche<span aria-hidden="true"> *</span>
              </label>
              <p className="hint" id="title-hint">
                Par exemple : Internet à Kerourien, comparer les offres.
              </p>
              <FieldAlert id="title-error" errors={errors.title} />
              <input
                id="title"
                name="title"
                type="text"
                required
                defaultValue={sent?.title ?? ''}
                aria-invalid={errors.title ? true : undefined}
                aria-describedby={errors.title ? 'title-hint title-error' : 'title-hint'}
              />
            </div>
            <div className={`field${errors.validOn ? ' has-error' : ''}`}>
              <label htmlFor="validOn">
                Prix vérifiés le<span aria-hidden="true"> *</span>
              </label>
              <FieldAlert id="validOn-error" errors={errors.validOn} />
              <input
                id="validOn"
                name="validOn"
                type="date"
                required
                defaultValue={sent?.validOn ?? today}
                aria-invalid={errors.validOn ? true : undefined}
                aria-describedby={errors.validOn ? 'validOn-error' : undefined}
              />
            </div>
            <button type="submit">Créer le brouillon</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
