// /bilans/nouveau: the coordinator starts a report — a title, a period of past days and an area (the whole programme,
// a neighbourhood or a sector). The dashboard's filters can fill it in (?du=…&au=…&zone=secteur-12, as /impact).
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { createReport, periodText, reportAreaChoices } from '../../src/impact/index.ts';
import { addLocalMonths, localDate } from '../../src/platform/dates.ts';
import { FormErrors, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Nouveau bilan — Palier' }];

type Errors = Record<string, string[]>;

/** « secteur-12 », « quartier-3 », or "" for the whole programme. */
const areaValue = (area: { sectorId?: number | null; neighbourhoodId?: number | null }) =>
  area.sectorId ? `secteur-${area.sectorId}` : area.neighbourhoodId ? `quartier-${area.neighbourhoodId}` : '';

function areaOf(value: string): { sectorId: number | null; neighbourhoodId: number | null } {
  const match = /^(secteur|quartier)-(\d{1,10})$/.exec(value);
  const id = match ? Number(match[2]) : null;
  return {
    sectorId: match?.[1] === 'secteur' ? id : null,
    neighbourhoodId: match?.[1] === 'quartier' ? id : null,
  };
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const choices = await reportAreaChoices(services(context).db, actor.programmeId);
  const url = new URL(request.url);
  const today = localDate(new Date());
  const asked = (name: string) => url.searchParams.get(name) ?? '';
  const day = (value: string, fallback: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fallback);
  // The dashboard's own address (`zone=secteur-12`) or plain ids (`secteur=12`, `quartier=3`; a sector's code too).
  const zone = areaOf(asked('zone'));
  const sector = choices.sectors.find(
    (s) => s.id === zone.sectorId || String(s.id) === asked('secteur') || s.code === asked('secteur'),
  );
  const neighbourhood = choices.neighbourhoods.find(
    (n) => n.id === zone.neighbourhoodId || String(n.id) === asked('quartier'),
  );
  const from = day(asked('du'), localDate(addLocalMonths(new Date(), -12)));
  // A report ends today at the latest: a later day asked for is brought back to today.
  const to = [day(asked('au'), today), today].sort()[0]!;
  return {
    choices,
    defaults: {
      title: `Bilan ${periodText(from, to)}`,
      from,
      to,
      area: areaValue({ sectorId: sector?.id, neighbourhoodId: neighbourhood?.id }),
    },
    today,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? '');
  const values = { title: text('title'), from: text('du'), to: text('au'), area: text('zone') };
  const created = await createReport({
    db: services(context).db,
    actor,
    input: { title: values.title, periodFrom: values.from, periodTo: values.to, ...areaOf(values.area) },
  });
  if (created.ok) return redirect(`/bilans/${created.reportId}?fait=cree`);
  const field = (path: string) =>
    ({ periodFrom: 'du', periodTo: 'au', sectorId: 'zone', neighbourhoodId: 'zone' })[path] ?? path;
  const errors: Errors = {};
  for (const issue of created.issues ?? [{ path: created.field ?? '', message: created.message }])
    errors[field(issue.path)] = [...(errors[field(issue.path)] ?? []), issue.message];
  return data({ errors, values, message: created.message }, { status: 400 });
});

export default function NewReport() {
  const { choices, defaults, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  return (
    <Page title="Nouveau bilan" crumbs={[{ to: '/bilans', label: 'Bilans' }]}>
      <p className="lead">
        Choisissez la période et le territoire. Vous écrirez ensuite la synthèse, les sections et choisirez
        les témoignages ; les chiffres sont calculés par Palier, sous secret statistique.
      </p>
      <FormErrors errors={failed ? [failed.message] : null} />
      <Form method="post" className="narrow">
        <TextField
          name="title"
          label="Titre"
          required
          defaultValue={sent?.title ?? defaults.title}
          errors={errors.title}
        />
        <TextField
          name="du"
          label="Du"
          type="date"
          required
          hint="Premier jour de la période"
          defaultValue={sent?.from ?? defaults.from}
          errors={errors.du}
        />
        <TextField
          name="au"
          label="Au"
          type="date"
          required
          hint={`Dernier jour de la période, compris (au plus tard aujourd’hui, ${today})`}
          defaultValue={sent?.to ?? defaults.to}
          errors={errors.au}
        />
        <div className={`field${errors.zone ? ' has-error' : ''}`}>
          <label htmlFor="zone">Territoire</label>
          {errors.zone ? (
            <p className="field-error" id="zone-error">
              {errors.zone.join(' ')}
            </p>
          ) : null}
          <select
            id="zone"
            name="zone"
            defaultValue={sent?.area ?? defaults.area}
            aria-invalid={errors.zone ? true : undefined}
            aria-describedby={errors.zone ? 'zone-error' : undefined}
          >
            <option value="">Tout le programme</option>
            <optgroup label="Quartiers">
              {choices.neighbourhoods.map((n) => (
                <option key={n.id} value={`quartier-${n.id}`}>
                  Quartier {n.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Secteurs">
              {choices.sectors.map((s) => (
                <option key={s.id} value={`secteur-${s.id}`}>
                  Secteur {s.code} — {s.name} ({s.neighbourhoodName})
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit">Créer le bilan</button>
      </Form>
    </Page>
  );
}
