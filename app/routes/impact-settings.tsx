// /impact/reglages: how the programme publishes its figures — the statistical-secrecy threshold and the take-up it
// compares itself with (the coordinator; each change is audited by updateImpactSettings).
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
import { ImpactSettingsInput, loadImpactSettings, updateImpactSettings } from '../../src/impact/index.ts';
import { FieldAlert, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Réglages des chiffres — Palier' }];

type Errors = Record<string, string[]>;

const fields = [
  {
    name: 'secrecyThreshold',
    label: 'Seuil du secret statistique (personnes)',
    hint: 'Aucun nombre de personnes plus petit que ce seuil n’est publié. 11 en général ; de 5 à 100.',
  },
  {
    name: 'takeUpReferencePercent',
    label: 'Taux d’adhésion de référence (%)',
    hint: 'Le taux auquel chaque secteur est comparé. Dans le programme de Brest, environ 12 %.',
  },
] as const;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const settings = await loadImpactSettings(services(context).db, actor.programmeId);
  return { settings, done: new URL(request.url).searchParams.get('fait') === 'enregistre' };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const f of fields) values[f.name] = String(form.get(f.name) ?? '').trim();
  const parsed = ImpactSettingsInput.safeParse(
    // An empty field is « missing », not zero; « 12 % » or « 1 000 » as people type them.
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        v === '' ? undefined : v.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.'),
      ]),
    ),
  );
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] = [...(errors[key] ?? []), issue.message];
    }
    return data({ errors, values }, { status: 400 });
  }
  await updateImpactSettings({ db: services(context).db, actor, input: parsed.data });
  return redirect('/impact/reglages?fait=enregistre');
});

export default function ImpactSettingsPage() {
  const { settings, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  return (
    <Page title="Réglages des chiffres" crumbs={[{ to: '/impact', label: 'Impact du programme' }]}>
      {done ? (
        <Notice>
          Les réglages sont enregistrés. <Link to="/impact">Voir les chiffres</Link>
        </Notice>
      ) : null}
      <p className="lead">
        Ces réglages valent pour tout ce qui sort du bureau de la coordination : tableaux des partenaires,
        bilans, exports et données ouvertes.
      </p>
      <Form method="post" className="narrow" noValidate>
        {fields.map((f) => {
          const id = f.name;
          const describedBy = [`${id}-hint`, errors[id] ? `${id}-error` : null].filter(Boolean).join(' ');
          return (
            <div key={id} className={`field${errors[id] ? ' has-error' : ''}`}>
              <label htmlFor={id}>
                {f.label}
                <span aria-hidden="true"> *</span>
              </label>
              <p className="hint" id={`${id}-hint`}>
                {f.hint}
              </p>
              <FieldAlert id={`${id}-error`} errors={errors[id]} />
              <input
                id={id}
                name={id}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                required
                defaultValue={failed?.values[id] ?? String(settings[id])}
                aria-invalid={errors[id] ? true : undefined}
                aria-describedby={describedBy}
                style={{ maxWidth: '10rem' }}
              />
            </div>
          );
        })}
        <button type="submit">Enregistrer les réglages</button>
      </Form>
    </Page>
  );
}
