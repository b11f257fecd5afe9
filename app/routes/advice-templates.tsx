// The association's letter templates (termination, disputed bill, formal notice…): read, change, add. Their
// {{fields}} are filled from the case when a letter is prepared.
import type { ReactNode } from 'react';
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
import type { z } from 'zod';
import {
  LetterTemplateInput,
  letterFields,
  listTemplates,
  saveTemplate,
  seedTemplates,
} from '../../src/advice/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Modèles de courriers — Palier' }];

type Errors = Record<string, string[]>;

function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.read');
  const templates = await listTemplates({ db: services(context).db, actor });
  const done = new URL(request.url).searchParams.get('fait');
  return {
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      subject: t.subject,
      body: t.body,
      updatedBy: t.updatedBy,
      updatedAt: t.updatedAt.toISOString(),
    })),
    fields: Object.entries(letterFields).map(([name, meaning]) => ({ name, meaning })),
    canWrite: canAtAll(actor, 'advice.write'),
    status:
      done === 'enregistre'
        ? 'Le modèle est enregistré.'
        : done === 'depart'
          ? 'Les modèles de départ sont ajoutés. Relisez-les et adaptez-les à votre association.'
          : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.write');
  const { db } = services(context);
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const formKey = values.id ? `modele-${values.id}` : 'nouveau';
  const failed = (errors: Errors, status = 400) => data({ form: formKey, errors, values }, { status });
  if (values.intent === 'seed') {
    await seedTemplates({ db, actor });
    return redirect('/conseil/modeles?fait=depart');
  }
  const parsed = LetterTemplateInput.safeParse({
    id: values.id || undefined,
    name: values.name ?? '',
    subject: values.subject ?? '',
    body: values.body ?? '',
  });
  if (!parsed.success) return failed(issuesByField(parsed.error));
  const saved = await saveTemplate({ db, actor, input: parsed.data });
  if (!saved.ok) return failed({ [saved.field ?? '']: [saved.message] }, 409);
  return redirect(`/conseil/modeles?fait=enregistre#modele-${saved.templateId}`);
});

function Labelled({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${id}-error`} errors={errors} />
      {children}
    </div>
  );
}

const describedBy = (id: string, hint: boolean, errors?: string[]) =>
  [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

/** Name, subject and text of a template; `prefix` keeps the ids apart when the page has several forms. */
function TemplateFields({
  prefix,
  errors,
  defaults,
}: {
  prefix: string;
  errors: Errors;
  defaults: { name: string; subject: string; body: string };
}) {
  return (
    <>
      <Labelled id={`${prefix}-name`} label="Nom du modèle" errors={errors.name}>
        <input
          id={`${prefix}-name`}
          name="name"
          type="text"
          required
          defaultValue={defaults.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy(`${prefix}-name`, false, errors.name)}
        />
      </Labelled>
      <Labelled
        id={`${prefix}-subject`}
        label="Objet du courrier"
        hint="La ligne « Objet : » du courrier."
        errors={errors.subject}
      >
        <input
          id={`${prefix}-subject`}
          name="subject"
          type="text"
          required
          defaultValue={defaults.subject}
          aria-invalid={errors.subject ? true : undefined}
          aria-describedby={describedBy(`${prefix}-subject`, true, errors.subject)}
        />
      </Labelled>
      <Labelled
        id={`${prefix}-body`}
        label="Texte du courrier"
        hint="Les champs entre doubles accolades, comme {{titulaire}}, sont remplis avec le dossier."
        errors={errors.body}
      >
        <textarea
          id={`${prefix}-body`}
          name="body"
          rows={14}
          required
          style={{ width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' }}
          defaultValue={defaults.body}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={describedBy(`${prefix}-body`, true, errors.body)}
        />
      </Labelled>
    </>
  );
}

export default function AdviceTemplates() {
  const { templates, fields, canWrite, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { dateTime } = useI18n();
  const fresh = sentTo('nouveau');
  return (
    <Page title="Modèles de courriers" crumbs={[{ to: '/conseil', label: 'Conseil' }]}>
      {status ? <Notice>{status}</Notice> : null}
      <p className="lead">
        Les modèles de votre association. Sur la page d’un dossier, choisissez un modèle : le courrier est
        rempli avec le dossier, prêt à imprimer.
      </p>

      <section aria-labelledby="champs-title" id="champs">
        <h2 id="champs-title">Champs possibles</h2>
        <p>Écrivez-les tels quels dans l’objet ou le texte, avec les doubles accolades :</p>
        <ul className="links">
          {fields.map((f) => (
            <li key={f.name}>
              <code>{`{{${f.name}}}`}</code> : {f.meaning}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="modeles-title" id="modeles">
        <h2 id="modeles-title">Modèles ({templates.length})</h2>
        {templates.length === 0 ? (
          <>
            <p>Aucun modèle pour le moment.</p>
            {canWrite ? (
              <Form method="post" action="/conseil/modeles">
                <input type="hidden" name="intent" value="seed" />
                <p className="hint" id="seed-hint">
                  Résiliation, contestation de facture et mise en demeure : trois modèles à relire et adapter.
                </p>
                <button type="submit" aria-describedby="seed-hint">
                  Ajouter les modèles de départ
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          templates.map((t) => {
            const key = `modele-${t.id}`;
            const errors = errorsOf(key);
            const sent = sentTo(key);
            return (
              <div key={t.id} id={key} className="operation">
                <h3>{t.name}</h3>
                <p>
                  Objet : {t.subject}
                  <br />
                  <span className="hint">
                    Changé le {dateTime(t.updatedAt)} par {t.updatedBy}
                  </span>
                </p>
                <details open={Object.keys(errors).length > 0}>
                  <summary>
                    {canWrite ? 'Lire et modifier' : 'Lire'}
                    <span className="visually-hidden"> le modèle {t.name}</span>
                  </summary>
                  {canWrite ? (
                    <Form method="post" action={`/conseil/modeles#${key}`} className="narrow">
                      <input type="hidden" name="intent" value="save" />
                      <input type="hidden" name="id" value={t.id} />
                      <FormErrors errors={errors['']} />
                      <TemplateFields
                        prefix={key}
                        errors={errors}
                        defaults={{
                          name: sent?.name ?? t.name,
                          subject: sent?.subject ?? t.subject,
                          body: sent?.body ?? t.body,
                        }}
                      />
                      <button type="submit">
                        Enregistrer le modèle<span className="visually-hidden"> {t.name}</span>
                      </button>
                    </Form>
                  ) : (
                    <p style={{ whiteSpace: 'pre-line' }}>{t.body}</p>
                  )}
                </details>
              </div>
            );
          })
        )}
      </section>

      {canWrite ? (
        <section aria-labelledby="nouveau-title" id="nouveau">
          <h2 id="nouveau-title">Nouveau modèle</h2>
          <Form method="post" action="/conseil/modeles#nouveau" className="narrow">
            <input type="hidden" name="intent" value="save" />
            <FormErrors errors={errorsOf('nouveau')['']} />
            <TemplateFields
              prefix="nouveau"
              errors={errorsOf('nouveau')}
              defaults={{
                name: fresh?.name ?? '',
                subject: fresh?.subject ?? '',
                body:
                  fresh?.body ??
                  'Madame, Monsieur,\n\n\n\nJe vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées.',
              }}
            />
            <button type="submit">Créer le modèle</button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to="/conseil">Retour aux dossiers</Link>
      </p>
    </Page>
  );
}
