// /temoignages: residents' testimonies, given with their consent (under their first name or anonymously, as they
// chose), for the reports — the list, the form to record one, and withdrawal when the person changes their mind
// (with a confirmation step; the words are then erased). The coordinator sees all; a facility or an association,
// those it recorded.
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
  attributionLabels,
  attributionText,
  consentFormLabels,
  consentForms,
  listTestimonies,
  maxQuoteLength,
  recordTestimony,
  type TestimonyRefused,
  testimonyAttributions,
  withdrawTestimony,
} from '../../src/impact/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { listSectors } from '../../src/territory/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';
import { type Errors, Input, Select, TextArea } from './coordination-parts.tsx';

export const meta = () => [{ title: 'Témoignages — Palier' }];

const notices: Record<string, string> = {
  enregistre: 'Le témoignage est enregistré.',
  retire: 'Le témoignage est retiré : ses mots et le prénom sont effacés, il ne sera plus jamais montré.',
  'deja-retire': 'Ce témoignage était déjà retiré.',
};

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'testimony.record');
  const { db } = services(context);
  const url = new URL(request.url);
  const [testimonies, sectors] = await Promise.all([
    listTestimonies({ db, actor }),
    canAtAll(actor, 'territory.read') ? listSectors({ db, actor }) : [],
  ]);
  const done = url.searchParams.get('fait');
  return {
    today: localDate(new Date()),
    showOrganisation: actor.role === 'coordinator',
    testimonies: testimonies.map((t) => ({
      id: t.id,
      quote: t.quote,
      attribution: t.attribution,
      firstName: t.firstName,
      context: t.context,
      householdId: t.householdId,
      householdReference: t.householdReference,
      sectorName: t.sectorName,
      organisationName: t.organisationName,
      consentOn: t.consentOn,
      consentForm: t.consentForm,
      recordedBy: t.recordedBy,
      withdrawnOn: t.withdrawnOn,
      canWithdraw: t.canWithdraw,
    })),
    sectors: sectors.map((s) => ({ value: s.id, label: s.name })),
    /** A household's reference when coming from its page. */
    household: url.searchParams.get('foyer')?.slice(0, 60) ?? '',
    confirm: optionalIntParam(url.searchParams.get('retirer')) ?? null,
    notice: done ? (notices[done] ?? null) : null,
  };
});

/** A refusal as errors by field (the form's names), its issues when it has some. */
function refusalErrors(refusal: TestimonyRefused): Errors {
  const out: Errors = {};
  const add = (path: string | undefined, message: string) => {
    const key = path?.split('.')[0] ?? '';
    out[key] = [...(out[key] ?? []), message];
  };
  if (refusal.issues?.length) for (const issue of refusal.issues) add(issue.path, issue.message);
  else add(refusal.field, refusal.message);
  // The household is typed by its reference on this page.
  if (out.householdId) out.householdReference = [...(out.householdReference ?? []), ...out.householdId];
  return out;
}

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'testimony.record');
  const { db } = services(context);
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;

  if (values.intent === 'withdraw') {
    const done = await withdrawTestimony({ db, actor, testimonyId: intParam(values.testimonyId) });
    return redirect(`/temoignages?fait=${done.ok ? 'retire' : 'deja-retire'}#liste`);
  }
  const result = await recordTestimony({
    db,
    actor,
    input: {
      quote: values.quote ?? '',
      attribution: (values.attribution ?? '') as never,
      firstName: values.firstName,
      context: values.context ?? '',
      householdReference: values.householdReference,
      sectorId: values.sectorId,
      consentOn: values.consentOn ?? '',
      consentForm: (values.consentForm ?? '') as never,
    },
  });
  if (!result.ok)
    return data(
      { errors: refusalErrors(result), values },
      { status: result.reason === 'invalid' ? 400 : 409 },
    );
  return redirect('/temoignages?fait=enregistre#liste');
});

/** A small set of radio buttons in a fieldset, with its error read out at once. */
function Choice({
  name,
  legend,
  options,
  defaultValue,
  errors,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  errors?: string[];
}) {
  return (
    <fieldset
      className={`field${errors?.length ? ' has-error' : ''}`}
      aria-describedby={errors?.length ? `${name}-error` : undefined}
    >
      <legend>
        {legend}
        <span aria-hidden="true"> *</span>
      </legend>
      <FieldAlert id={`${name}-error`} errors={errors} />
      {options.map((o) => (
        <div className="check" key={o.value}>
          <input
            type="radio"
            id={`${name}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValue === o.value}
            required
          />
          <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export default function Testimonies() {
  const { today, showOrganisation, testimonies, sectors, household, confirm, notice } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const sent = failed?.values;
  const live = testimonies.filter((t) => t.withdrawnOn === null).length;
  return (
    <Page title="Témoignages">
      {notice ? <Notice>{notice}</Notice> : null}
      <p className="lead">
        Les mots des habitants sur le programme, pour les bilans : toujours avec leur accord, sous leur prénom
        ou anonymes comme ils l’ont choisi. Une personne peut changer d’avis à tout moment : retirez alors son
        témoignage, ses mots sont effacés.
      </p>

      <Section id="liste" title={live === 1 ? '1 témoignage' : `${live} témoignages`}>
        {testimonies.length === 0 ? <p>Aucun témoignage pour le moment.</p> : null}
        <ul className="links" style={{ listStyle: 'none', paddingLeft: 0 }}>
          {testimonies.map((t) => (
            <li key={t.id} id={`temoignage-${t.id}`}>
              {t.withdrawnOn ? (
                <p className="muted">
                  Témoignage retiré le {calendarDayText(t.withdrawnOn)} à la demande de la personne : ses mots
                  sont effacés.
                  {t.context ? ` (${t.context})` : ''}
                </p>
              ) : (
                <figure>
                  <blockquote>
                    <p>« {t.quote} »</p>
                  </blockquote>
                  <figcaption>
                    — {attributionText(t)}
                    {t.context ? `, ${t.context}` : ''}
                  </figcaption>
                </figure>
              )}
              <p className="hint">
                {[
                  t.sectorName ? `Secteur ${t.sectorName}` : null,
                  t.householdReference ? `foyer ${t.householdReference}` : null,
                  `accord du ${calendarDayText(t.consentOn)} (${consentFormLabels[t.consentForm].toLowerCase()})`,
                  `noté par ${t.recordedBy}${showOrganisation && t.organisationName ? `, ${t.organisationName}` : ''}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {t.householdId && !t.withdrawnOn ? (
                  <>
                    {' · '}
                    <Link to={`/foyers/${t.householdId}`}>voir le foyer</Link>
                  </>
                ) : null}
              </p>
              {t.canWithdraw ? (
                confirm === t.id ? (
                  <div className="vote-problem">
                    <p>
                      Retirer ce témoignage ? Ses mots et le prénom seront effacés pour toujours ; il ne
                      paraîtra plus dans aucun bilan.
                    </p>
                    <Form method="post" action="/temoignages" className="inline">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="testimonyId" value={t.id} />
                      <button type="submit">Oui, retirer le témoignage</button>
                    </Form>{' '}
                    <Link to={`/temoignages#temoignage-${t.id}`}>Non, le garder</Link>
                  </div>
                ) : (
                  <form method="get" action={`/temoignages#temoignage-${t.id}`}>
                    <input type="hidden" name="retirer" value={t.id} />
                    <button type="submit" className="secondary">
                      Retirer
                      <span className="visually-hidden">
                        {' '}
                        le témoignage du {calendarDayText(t.consentOn)}
                      </span>
                    </button>
                  </form>
                )
              ) : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="nouveau" title="Enregistrer un témoignage">
        <Form method="post" action="/temoignages#nouveau" className="narrow">
          <input type="hidden" name="intent" value="record" />
          <FormErrors errors={errors['']} />
          <TextArea
            id="quote"
            name="quote"
            label="Les mots de la personne"
            hint={`Tels qu’elle les a dits, ${maxQuoteLength.toLocaleString('fr-FR')} caractères au plus.`}
            rows={5}
            required
            defaultValue={sent?.quote}
            errors={errors.quote}
          />
          <Choice
            name="attribution"
            legend="Comment la personne veut être citée"
            options={testimonyAttributions.map((a) => ({ value: a, label: attributionLabels[a] }))}
            defaultValue={sent?.attribution}
            errors={errors.attribution}
          />
          <Input
            id="firstName"
            name="firstName"
            label="Prénom (si la personne a choisi d’être citée sous son prénom)"
            defaultValue={sent?.firstName}
            errors={errors.firstName}
          />
          <Input
            id="context"
            name="context"
            label="Où ces mots ont été dits"
            hint="Par exemple « Atelier débutants, Kerourien »."
            required
            defaultValue={sent?.context}
            errors={errors.context}
          />
          <Input
            id="householdReference"
            name="householdReference"
            label="Foyer (facultatif)"
            hint="Sa référence, en haut de la page du foyer (par exemple F-000123) : la personne pourra alors retirer son témoignage depuis son compte."
            defaultValue={sent?.householdReference ?? household}
            errors={errors.householdReference}
          />
          {sectors.length ? (
            <Select
              id="sectorId"
              name="sectorId"
              label="Secteur (facultatif)"
              hint="Sans choix : celui du foyer, s’il y en a un."
              placeholder="Aucun"
              options={sectors}
              defaultValue={sent?.sectorId}
              errors={errors.sectorId}
            />
          ) : null}
          <Input
            id="consentOn"
            name="consentOn"
            type="date"
            label="Date de l’accord"
            required
            defaultValue={sent?.consentOn ?? today}
            errors={errors.consentOn}
          />
          <Choice
            name="consentForm"
            legend="Forme de l’accord"
            options={consentForms.map((f) => ({ value: f, label: consentFormLabels[f] }))}
            defaultValue={sent?.consentForm}
            errors={errors.consentForm}
          />
          <button type="submit">Enregistrer le témoignage</button>
        </Form>
      </Section>
    </Page>
  );
}
