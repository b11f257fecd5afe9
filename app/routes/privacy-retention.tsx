// /confidentialite: how long each kind of personal data is kept — the programme's durations, the defaults and their
// basis (the coordinator changes them, the administrator reads them) —, a simulation of what the rules would change
// today, and the last runs. Works without JavaScript.
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
import { canAtAll } from '../../src/platform/permissions/index.ts';
import {
  countStepLabels,
  getRetentionSettings,
  kindDescriptions,
  listRetentionRuns,
  type RetentionCounts,
  RetentionSettingsInput,
  retentionKinds,
  runRetention,
  updateRetentionSettings,
} from '../../src/privacy/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Durées de conservation — Palier' }];

type Errors = Record<string, string[]>;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'retention.read');
  const { db } = services(context);
  return {
    settings: await getRetentionSettings({ db, actor }),
    runs: await listRetentionRuns({ db, actor, limit: 10 }),
    canManage: canAtAll(actor, 'retention.manage'),
    canErase: canAtAll(actor, 'personal_data.erase'),
    saved: new URL(request.url).searchParams.get('fait') === 'enregistre',
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'retention.read');
  const { db } = services(context);
  const form = await readForm(request);
  if (form.get('intent') === 'simulate') {
    const result = await runRetention({ db, actor, dryRun: true });
    if ('ok' in result)
      return data(
        {
          errors: {
            '': ['Une autre application des durées est en cours : réessayez dans un moment.'],
          } as Errors,
        },
        { status: 409 },
      );
    return { report: result };
  }
  await requireActor(request, context, 'retention.manage');
  const values: Record<string, string> = {};
  const settings = retentionKinds.map((kind) => {
    const active = String(form.get(`${kind}.active`) ?? '').trim();
    const archive = String(form.get(`${kind}.archive`) ?? '0').trim();
    values[`${kind}.active`] = active;
    values[`${kind}.archive`] = archive;
    return {
      kind,
      activeMonths: active === '' ? undefined : active,
      archiveMonths: archive === '' ? '0' : archive,
    };
  });
  const parsed = RetentionSettingsInput.safeParse({ settings });
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const [, index, field] = issue.path;
      const key =
        typeof index === 'number'
          ? `${retentionKinds[index]}.${field === 'archiveMonths' ? 'archive' : 'active'}`
          : '';
      errors[key] = [...(errors[key] ?? []), issue.message];
    }
    return data({ errors, values }, { status: 400 });
  }
  await updateRetentionSettings({ db, actor, input: parsed.data });
  return redirect('/confidentialite?fait=enregistre');
});

/** « 24 mois (2 ans) » */
function monthsText(n: number): string {
  if (n === 0) return 'aucune';
  const years = n % 12 === 0 ? ` (${n / 12} an${n === 12 ? '' : 's'})` : '';
  return `${n} mois${years}`;
}

function CountsList({ counts, dryRun }: { counts: RetentionCounts; dryRun: boolean }) {
  const lines = retentionKinds.flatMap((kind) =>
    Object.entries(counts[kind] ?? {})
      .filter(([, n]) => dryRun || n > 0)
      .map(([step, n]) => ({ key: `${kind}.${step}`, kind, step, n })),
  );
  if (!lines.length) return <p>Rien à changer.</p>;
  return (
    <ul>
      {lines.map((l) => (
        <li key={l.key}>
          {kindDescriptions[l.kind].label.split(' (')[0]} : <strong>{l.n}</strong>{' '}
          {countStepLabels[l.step] ?? l.step}
        </li>
      ))}
    </ul>
  );
}

export default function PrivacyRetentionPage() {
  const { settings, runs, canManage, canErase, saved } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { dateTime, date } = useI18n();
  const errors: Errors = answer && 'errors' in answer ? answer.errors : {};
  const values = (answer && 'values' in answer ? answer.values : {}) as Record<string, string>;
  const report = answer && 'report' in answer ? answer.report : null;
  return (
    <Page title="Durées de conservation des données">
      {saved ? (
        <Notice>Les durées sont enregistrées. Elles s’appliquent dès la prochaine application.</Notice>
      ) : null}
      <FormErrors errors={errors['']} />
      <p className="lead">
        Palier garde les données des foyers le temps de les accompagner, puis dans une archive que seule la
        coordination consulte, puis les efface ou les rend anonymes. Les durées par défaut suivent la CNIL ;
        chaque programme peut les adapter. Les règles s’appliquent chaque nuit, ou avec la commande{' '}
        <code>palier retention run</code>.
      </p>
      {canErase ? (
        <p>
          <Link to="/confidentialite/effacements">Registre des effacements</Link>
        </p>
      ) : null}

      <section aria-labelledby="simulate-title">
        <h2 id="simulate-title">Ce que les règles changeraient aujourd’hui</h2>
        <Form method="post" action="/confidentialite">
          <input type="hidden" name="intent" value="simulate" />
          <p className="hint">
            Une simulation compte ce qui serait archivé, effacé ou supprimé, sans rien modifier.
          </p>
          <button type="submit">Simuler</button>
        </Form>
        {report ? (
          <div role="status">
            <h3>Simulation au {date(report.today)}</h3>
            <CountsList counts={report.counts} dryRun />
            {report.samples?.archive.length ? (
              <p>Premiers foyers à archiver : {report.samples.archive.join(', ')}</p>
            ) : null}
            {report.samples?.erase.length ? (
              <p>Premiers foyers à effacer : {report.samples.erase.join(', ')}</p>
            ) : null}
            {report.samples?.restore.length ? (
              <p>Premiers foyers à sortir des archives : {report.samples.restore.join(', ')}</p>
            ) : null}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="settings-title">
        <h2 id="settings-title">Durées par type de données</h2>
        <p className="hint">
          Défauts en vigueur : version {settings.defaultsVersion}. « Usage actif » : les données servent au
          quotidien. « Archive » : accès limité, pour une preuve ou une demande.
        </p>
        <Form method="post" action="/confidentialite" noValidate>
          <input type="hidden" name="intent" value="save" />
          {settings.kinds.map((k) => {
            const activeId = `${k.kind}-active`;
            const archiveId = `${k.kind}-archive`;
            return (
              <fieldset key={k.kind} className="field">
                <legend>{k.label}</legend>
                <p className="hint">Point de départ : {k.startsFrom}</p>
                <dl className="facts">
                  <div>
                    <dt>Fin de l’usage actif</dt>
                    <dd>{k.steps.active}</dd>
                  </div>
                  {k.steps.archive ? (
                    <div>
                      <dt>Fin de l’archive</dt>
                      <dd>{k.steps.archive}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>Par défaut</dt>
                    <dd>
                      usage actif {monthsText(k.defaultActiveMonths)}
                      {k.hasArchive ? `, archive ${monthsText(k.defaultArchiveMonths)}` : ''}
                      {k.isDefault ? ' — en vigueur' : ''}
                    </dd>
                  </div>
                </dl>
                {canManage ? (
                  <>
                    <div className={`field${errors[`${k.kind}.active`] ? ' has-error' : ''}`}>
                      <label htmlFor={activeId}>Usage actif (mois)</label>
                      <FieldAlert id={`${activeId}-error`} errors={errors[`${k.kind}.active`]} />
                      <input
                        id={activeId}
                        name={`${k.kind}.active`}
                        type="text"
                        inputMode="numeric"
                        autoComplete="off"
                        required
                        defaultValue={values[`${k.kind}.active`] ?? String(k.activeMonths)}
                        aria-invalid={errors[`${k.kind}.active`] ? true : undefined}
                        aria-describedby={errors[`${k.kind}.active`] ? `${activeId}-error` : undefined}
                        style={{ maxWidth: '8rem' }}
                      />
                    </div>
                    {k.hasArchive ? (
                      <div className={`field${errors[`${k.kind}.archive`] ? ' has-error' : ''}`}>
                        <label htmlFor={archiveId}>Archive (mois)</label>
                        <FieldAlert id={`${archiveId}-error`} errors={errors[`${k.kind}.archive`]} />
                        <input
                          id={archiveId}
                          name={`${k.kind}.archive`}
                          type="text"
                          inputMode="numeric"
                          autoComplete="off"
                          required
                          defaultValue={values[`${k.kind}.archive`] ?? String(k.archiveMonths)}
                          aria-invalid={errors[`${k.kind}.archive`] ? true : undefined}
                          aria-describedby={errors[`${k.kind}.archive`] ? `${archiveId}-error` : undefined}
                          style={{ maxWidth: '8rem' }}
                        />
                      </div>
                    ) : null}
                  </>
                ) : (
                  <p>
                    En vigueur : usage actif {monthsText(k.activeMonths)}
                    {k.hasArchive ? `, archive ${monthsText(k.archiveMonths)}` : ''}.
                  </p>
                )}
                <details>
                  <summary>Sur quoi reposent ces durées</summary>
                  <p>{k.basis}</p>
                </details>
              </fieldset>
            );
          })}
          {canManage ? <button type="submit">Enregistrer les durées</button> : null}
        </Form>
      </section>

      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Dernières applications</h2>
        {runs.length ? (
          <table>
            <caption className="visually-hidden">
              Applications et simulations des durées, de la plus récente
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Par</th>
                <th scope="col">Résultat</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.startedAt)}</td>
                  <td>{r.dryRun ? 'Simulation' : 'Application'}</td>
                  <td>{r.actorLabel}</td>
                  <td>
                    {r.finishedAt ? (
                      r.complete ? null : (
                        <p>Interrompue : la suivante finira le travail.</p>
                      )
                    ) : (
                      <p>En cours ou interrompue.</p>
                    )}
                    <CountsList counts={r.counts} dryRun={false} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Les règles n’ont pas encore été appliquées.</p>
        )}
      </section>
    </Page>
  );
}
