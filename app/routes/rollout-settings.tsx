// /deploiement/reglages: how readiness is judged and how the suggested calendar is paced (the coordinator).
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
import { organisationKinds } from '../../src/partners/index.ts';
import { loadRolloutSettings, RolloutSettingsInput, updateRolloutSettings } from '../../src/rollout/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Réglages du déploiement — Palier' }];

type Errors = Record<string, string[]>;

const numberFields = [
  {
    name: 'walkingDistanceM',
    label: 'Distance à pied jusqu’à un lieu d’ateliers (mètres)',
    hint: 'En ligne droite, depuis un immeuble du secteur. Par exemple 1000 pour 1 km.',
  },
  {
    name: 'demandRatePercent',
    label: 'Part des logements qui demanderont un accompagnement (%)',
    hint: 'Dans le programme de Brest, environ 12 %. Vous pouvez écrire 12,5.',
  },
  {
    name: 'beginnerSeats',
    label: 'Séances d’atelier pour un débutant',
    hint: 'Par exemple 6 séances de 2 heures : 6.',
  },
  {
    name: 'capacityHorizonMonths',
    label: 'Places d’ateliers comptées sur (mois)',
    hint: 'Les places libres des cycles qui commencent dans ce délai.',
  },
  {
    name: 'maxConcurrent',
    label: 'Secteurs menés en même temps, au plus',
    hint: 'Secteurs en consultation des partenaires ou en vote à la fois.',
  },
  { name: 'consultationMonths', label: 'Durée de la consultation des partenaires (mois)' },
  { name: 'preparationMonths', label: 'Durée de la préparation de l’accompagnement (mois)' },
  { name: 'voteMonths', label: 'Durée du vote des locataires (mois)', hint: 'La loi donne 2 mois.' },
  { name: 'worksMonths', label: 'Durée des travaux de l’opérateur (mois)' },
  { name: 'evaluationMonths', label: 'Bilan après l’ouverture du service (mois)' },
] as const;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.manage');
  const settings = await loadRolloutSettings(services(context).db, actor.programmeId);
  const done = new URL(request.url).searchParams.get('fait') === 'enregistre';
  return { settings, done };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.manage');
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const f of numberFields) values[f.name] = String(form.get(f.name) ?? '').trim();
  const requiredConsultees = form.getAll('requiredConsultees').map(String);
  const parsed = RolloutSettingsInput.safeParse({
    ...Object.fromEntries(
      // « 12,5 » as typed in French; an empty field is « missing », not zero.
      Object.entries(values).map(([k, v]) => [
        k,
        v === '' ? undefined : v.replace(',', '.').replace(/\s/g, ''),
      ]),
    ),
    requiredConsultees,
  });
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] = [...(errors[key] ?? []), issue.message];
    }
    return data({ errors, values, requiredConsultees }, { status: 400 });
  }
  await updateRolloutSettings({ db: services(context).db, actor, input: parsed.data });
  return redirect('/deploiement/reglages?fait=enregistre');
});

export default function RolloutSettings() {
  const { settings, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useI18n();
  const errors: Errors = failed?.errors ?? {};
  const current: Record<string, string> = {
    ...Object.fromEntries(
      numberFields.map((f) => [f.name, String(settings[f.name as keyof typeof settings] ?? '')]),
    ),
    demandRatePercent: String(settings.demandRateBp / 100).replace('.', ','),
  };
  const consultees = failed?.requiredConsultees ?? settings.requiredConsultees;
  return (
    <Page title="Réglages du déploiement" crumbs={[{ to: '/deploiement', label: t('rolloutPage.title') }]}>
      {done ? (
        <Notice>
          Les réglages sont enregistrés. <Link to="/deploiement">Voir le calendrier recalculé</Link>
        </Notice>
      ) : null}
      <p className="lead">
        Ces réglages disent quand un secteur est prêt à être accompagné, et à quel rythme le calendrier
        avance.
      </p>
      <Form method="post" className="narrow" noValidate>
        <FormErrors errors={errors['']} />
        {numberFields.map((f) => {
          const id = f.name;
          const hint = 'hint' in f ? f.hint : undefined;
          const describedBy =
            [hint ? `${id}-hint` : null, errors[id] ? `${id}-error` : null].filter(Boolean).join(' ') ||
            undefined;
          return (
            <div key={id} className={`field${errors[id] ? ' has-error' : ''}`}>
              <label htmlFor={id}>
                {f.label}
                <span aria-hidden="true"> *</span>
              </label>
              {hint ? (
                <p className="hint" id={`${id}-hint`}>
                  {hint}
                </p>
              ) : null}
              <FieldAlert id={`${id}-error`} errors={errors[id]} />
              <input
                id={id}
                name={id}
                type="text"
                inputMode={id === 'demandRatePercent' ? 'decimal' : 'numeric'}
                autoComplete="off"
                required
                defaultValue={failed?.values[id] ?? current[id]}
                aria-invalid={errors[id] ? true : undefined}
                aria-describedby={describedBy}
                style={{ maxWidth: '10rem' }}
              />
            </div>
          );
        })}
        <fieldset
          className={`field${errors.requiredConsultees ? ' has-error' : ''}`}
          aria-describedby={[
            'requiredConsultees-hint',
            errors.requiredConsultees ? 'requiredConsultees-error' : null,
          ]
            .filter(Boolean)
            .join(' ')}
        >
          <legend>Partenaires dont l’accord est demandé avant « partenaires consultés »</legend>
          <p className="hint" id="requiredConsultees-hint">
            Au moins le lieu de médiation et les représentants des locataires, en général.
          </p>
          <FieldAlert id="requiredConsultees-error" errors={errors.requiredConsultees} />
          {organisationKinds.map((kind) => (
            <div className="check" key={kind}>
              <input
                type="checkbox"
                id={`requiredConsultees-${kind}`}
                name="requiredConsultees"
                value={kind}
                defaultChecked={consultees.includes(kind)}
              />
              <label htmlFor={`requiredConsultees-${kind}`}>{t(`organisationKinds.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Enregistrer les réglages</button>
      </Form>
    </Page>
  );
}
