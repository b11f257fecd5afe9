// /bilans/:id/modifier: the coordinator writes a draft report — its title, its summary, its sections (added, moved
// and removed with buttons: no JavaScript needed) and the testimonies it quotes.
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
import {
  getReport,
  periodText,
  reportLimits,
  reportTestimonyChoices,
  updateReport,
} from '../../src/impact/index.ts';
import { FormErrors, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Modifier le bilan — Palier' }];

type Errors = Record<string, string[]>;
interface Slot {
  heading: string;
  body: string;
}

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const { db } = services(context);
  const reportId = intParam(params.id);
  const report = await getReport({ db, actor, reportId });
  if (report.status === 'published' || !report.canManage) throw redirect(`/bilans/${reportId}`);
  const testimonies = await reportTestimonyChoices({ db, actor, reportId });
  const asked = Number(new URL(request.url).searchParams.get('vides') ?? 1);
  const room = reportLimits.sections - report.sections.length;
  const blanks = Math.max(0, Math.min(Number.isInteger(asked) && asked > 0 ? asked : 1, room, 5));
  return {
    report: {
      id: report.id,
      title: report.title,
      period: periodText(report.periodFrom, report.periodTo),
      area: report.areaLabel,
      summary: report.summary,
      sections: report.sections,
    },
    blanks,
    testimonies: testimonies.map((t) => ({
      id: t.id,
      quote: t.quote,
      author: t.author,
      context: t.context,
      chosen: t.chosen,
    })),
  };
});

/** The section slots as posted (filled or not), in the order of the page. */
function postedSlots(form: FormData): Slot[] {
  const slots: Slot[] = [];
  for (let i = 0; i < reportLimits.sections + 5; i++) {
    const heading = form.get(`sections.${i}.heading`);
    const body = form.get(`sections.${i}.body`);
    if (heading === null && body === null) break;
    slots.push({ heading: String(heading ?? ''), body: String(body ?? '') });
  }
  return slots;
}

/** « up-2 », « down-0 », « remove-1 »: the buttons beside each section. */
function rearranged(slots: Slot[], intent: string): Slot[] {
  const match = /^(up|down|remove)-(\d{1,2})$/.exec(intent);
  if (!match) return slots;
  const i = Number(match[2]);
  const out = [...slots];
  if (i >= out.length) return out;
  if (match[1] === 'remove') out.splice(i, 1);
  const j = match[1] === 'up' ? i - 1 : match[1] === 'down' ? i + 1 : -1;
  if (j >= 0 && j < out.length) [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

const blank = (s: Slot) => !s.heading.trim() && !s.body.trim();

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const reportId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? 'save');
  const slots = rearranged(postedSlots(form), intent);
  const filledAt = slots.flatMap((s, i) => (blank(s) ? [] : [i]));
  const values = {
    title: String(form.get('title') ?? ''),
    summary: String(form.get('summary') ?? ''),
    slots,
    testimonyIds: form.getAll('testimonyIds').map(String),
  };
  const saved = await updateReport({
    db: services(context).db,
    actor,
    reportId,
    input: {
      title: values.title,
      summary: values.summary,
      sections: filledAt.map((i) => slots[i]!),
      testimonyIds: values.testimonyIds,
    },
  });
  if (!saved.ok) {
    if (saved.reason === 'published') return redirect(`/bilans/${reportId}`);
    // `sections.1.heading` is about the second filled section: name the slot it is in on the page.
    const field = (path: string) => {
      const m = /^sections\.(\d+)\.(heading|body)$/.exec(path);
      return m ? `sections.${filledAt[Number(m[1])] ?? 0}.${m[2]}` : path;
    };
    const errors: Errors = {};
    for (const issue of saved.issues ?? [{ path: saved.field ?? '', message: saved.message }])
      errors[field(issue.path)] = [...(errors[field(issue.path)] ?? []), issue.message];
    return data({ errors, values, message: saved.message }, { status: 400 });
  }
  if (intent === 'save') return redirect(`/bilans/${reportId}?fait=enregistre`);
  const blanks = slots.length - filledAt.length + (intent === 'add' ? 1 : 0);
  return redirect(`/bilans/${reportId}/modifier?vides=${Math.max(blanks, 1)}#sections`);
});

export default function EditReport() {
  const { report, blanks, testimonies } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const slots: Slot[] = sent?.slots ?? [
    ...report.sections,
    ...Array.from({ length: blanks }, () => ({ heading: '', body: '' })),
  ];
  const chosen = new Set(
    sent ? sent.testimonyIds.map(Number) : testimonies.filter((t) => t.chosen).map((t) => t.id),
  );
  const filled = slots.filter((s) => !blank(s)).length;
  return (
    <Page
      title="Modifier le bilan"
      crumbs={[
        { to: '/bilans', label: 'Bilans' },
        { to: `/bilans/${report.id}`, label: report.title },
      ]}
    >
      <p className="lead">
        {report.area}, {report.period}. Les chiffres sont calculés par Palier : vous écrivez le texte autour
        d’eux.
      </p>
      <FormErrors errors={failed ? [failed.message] : null} />
      <Form method="post">
        <p>
          <button type="submit" name="intent" value="save">
            Enregistrer
          </button>
        </p>
        <TextField
          name="title"
          label="Titre"
          required
          defaultValue={sent?.title ?? report.title}
          errors={errors.title}
        />
        <div className={`field${errors.summary ? ' has-error' : ''}`}>
          <label htmlFor="summary">Synthèse de la coordination</label>
          <p className="hint" id="summary-hint">
            Quelques phrases qui suivent la synthèse calculée à partir des chiffres. Laissez une ligne vide
            entre deux paragraphes.
          </p>
          {errors.summary ? (
            <p className="field-error" id="summary-error">
              {errors.summary.join(' ')}
            </p>
          ) : null}
          <textarea
            id="summary"
            name="summary"
            rows={5}
            style={{ width: '100%', maxWidth: '44rem' }}
            defaultValue={sent?.summary ?? report.summary}
            aria-describedby={errors.summary ? 'summary-hint summary-error' : 'summary-hint'}
            aria-invalid={errors.summary ? true : undefined}
          />
        </div>

        <section id="sections" aria-labelledby="sections-title">
          <h2 id="sections-title">Sections</h2>
          <p className="hint">
            Chaque section a un titre et un texte ({reportLimits.sections} sections au plus). Une section
            laissée vide n’est pas gardée.
          </p>
          {slots.map((slot, i) => {
            const headingErrors = errors[`sections.${i}.heading`];
            const bodyErrors = errors[`sections.${i}.body`];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a slot is its place in the list
              <fieldset key={i}>
                <legend>Section {i + 1}</legend>
                <TextField
                  name={`sections.${i}.heading`}
                  id={`section-${i}-titre`}
                  label="Titre de la section"
                  defaultValue={slot.heading}
                  errors={headingErrors}
                />
                <div className={`field${bodyErrors ? ' has-error' : ''}`}>
                  <label htmlFor={`section-${i}-texte`}>Texte de la section</label>
                  {bodyErrors ? (
                    <p className="field-error" id={`section-${i}-texte-error`}>
                      {bodyErrors.join(' ')}
                    </p>
                  ) : null}
                  <textarea
                    id={`section-${i}-texte`}
                    name={`sections.${i}.body`}
                    rows={6}
                    style={{ width: '100%', maxWidth: '44rem' }}
                    defaultValue={slot.body}
                    aria-invalid={bodyErrors ? true : undefined}
                    aria-describedby={bodyErrors ? `section-${i}-texte-error` : undefined}
                  />
                </div>
                <p>
                  {i > 0 ? (
                    <button type="submit" name="intent" value={`up-${i}`} className="secondary">
                      Monter la section {i + 1}
                    </button>
                  ) : null}{' '}
                  {i < slots.length - 1 ? (
                    <button type="submit" name="intent" value={`down-${i}`} className="secondary">
                      Descendre la section {i + 1}
                    </button>
                  ) : null}{' '}
                  <button type="submit" name="intent" value={`remove-${i}`} className="secondary">
                    Supprimer la section {i + 1}
                  </button>
                </p>
              </fieldset>
            );
          })}
          {filled < reportLimits.sections ? (
            <p>
              <button type="submit" name="intent" value="add" className="secondary">
                Ajouter une section
              </button>
            </p>
          ) : null}
        </section>

        <section id="temoignages" aria-labelledby="temoignages-title">
          <h2 id="temoignages-title">Témoignages</h2>
          {testimonies.length === 0 ? (
            <p>
              Aucun témoignage à citer : ils sont recueillis avec le consentement des personnes, sur la page{' '}
              <Link to="/temoignages">Témoignages</Link>.
            </p>
          ) : (
            <fieldset aria-describedby="temoignages-hint">
              <legend>Témoignages cités dans le bilan</legend>
              <p className="hint" id="temoignages-hint">
                Cochez ceux à citer. Un témoignage retiré par la personne disparaît de tous les bilans, même
                publiés.
              </p>
              {errors.testimonyIds ? <p className="field-error">{errors.testimonyIds.join(' ')}</p> : null}
              {testimonies.map((t) => (
                <div className="check" key={t.id}>
                  <input
                    type="checkbox"
                    id={`temoignage-${t.id}`}
                    name="testimonyIds"
                    value={t.id}
                    defaultChecked={chosen.has(t.id)}
                  />
                  <label htmlFor={`temoignage-${t.id}`}>
                    « {t.quote} » — {t.author}
                    {t.context ? `, ${t.context}` : ''}
                  </label>
                </div>
              ))}
            </fieldset>
          )}
        </section>

        <p>
          <button type="submit" name="intent" value="save">
            Enregistrer
          </button>{' '}
          <Link to={`/bilans/${report.id}`}>Revenir au bilan sans enregistrer</Link>
        </p>
      </Form>
    </Page>
  );
}
