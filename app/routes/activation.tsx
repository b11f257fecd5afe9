import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import {
  ActivationEventInput,
  accessRefusalMessage,
  failureReasons,
  getActivationRequest,
  type InstallOutcome,
  installOutcomes,
  recordActivationEvent,
  recordInstallOutcome,
  scheduleInstallVisit,
} from '../../src/access/index.ts';

const outcomeLabels: Record<InstallOutcome, string> = {
  connected: 'Installé, Internet marche',
  not_home: 'Personne à la maison : prévoir une autre visite',
  needs_operator: 'Il faut l’intervention de l’opérateur',
  declined: 'Le foyer ne souhaite plus d’aide',
};

import { displayPhone } from '../../src/households/index.ts';
import { parseLocalDateTime } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Demande de raccordement — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'activation.read');
  const found = await getActivationRequest({
    db: services(context).db,
    actor,
    requestId: intParam(params.id),
    settings: services(context).config.lateness,
  });
  return {
    ...found,
    done: new URL(request.url).searchParams.get('fait'),
    can: {
      operate: canAtAll(actor, 'activation.operate'),
      request: canAtAll(actor, 'activation.request'),
      install: canAtAll(actor, 'activation.install'),
    },
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'activation.read');
  const requestId = intParam(params.id);
  const { db } = services(context);
  const form = await readForm(request.clone());
  if (form.get('kind') === 'install') {
    const at = parseLocalDateTime(String(form.get('installAt') ?? ''));
    if (!at)
      return data({ errors: ['Date et heure attendues, par exemple 2027-01-04 14:00'] }, { status: 400 });
    const done = await scheduleInstallVisit({ db, actor, requestId, at });
    if (!done.ok) return data({ errors: [accessRefusalMessage(done.reason)] }, { status: 409 });
    return redirect(`/raccordements/${requestId}?fait=visite`);
  }
  if (form.get('kind') === 'install_outcome') {
    const outcome = String(form.get('outcome') ?? '');
    if (!(installOutcomes as readonly string[]).includes(outcome))
      return data({ errors: ['Choisissez le résultat de la visite'] }, { status: 400 });
    const note = String(form.get('note') ?? '')
      .trim()
      .slice(0, 500);
    const done = await recordInstallOutcome({
      db,
      actor,
      requestId,
      outcome: outcome as InstallOutcome,
      note: note || undefined,
    });
    if (!done.ok) return data({ errors: [accessRefusalMessage(done.reason)] }, { status: 409 });
    return redirect(`/raccordements/${requestId}?fait=resultat`);
  }
  const { submission } = await parseForm(request, ActivationEventInput);
  if (submission.status !== 'success')
    return data(
      {
        errors: Object.values(submission.error ?? {})
          .flat()
          .filter(Boolean) as string[],
      },
      { status: 400 },
    );
  const recorded = await recordActivationEvent({ db, actor, requestId, input: submission.value });
  if (!recorded.ok) return data({ errors: [accessRefusalMessage(recorded.reason)] }, { status: 409 });
  return redirect(`/raccordements/${requestId}?fait=etape`);
});

export default function Activation() {
  const { request: r, events, done, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime } = useI18n();
  const open = r.status === 'sent' || r.status === 'scheduled';
  return (
    <Page
      title={t('access.activation.title', { id: r.id })}
      crumbs={[{ to: '/raccordements', label: t('access.activations.title') }]}
    >
      {done === 'etape' || done === 'visite' ? <Notice>{t(`access.activation.done.${done}`)}</Notice> : null}
      {done === 'resultat' ? <Notice>Le résultat de la visite est enregistré.</Notice> : null}
      <FormErrors errors={actionData?.errors} />
      <dl className="facts">
        <dt>{t('access.activations.statusLabel')}</dt>
        <dd>
          <strong>{t(`access.status.${r.status}`)}</strong>
          {r.late ? ` · ${t(`access.late.${r.late}`)}` : ''}
        </dd>
        <dt>{t('access.activations.dwelling')}</dt>
        <dd>
          {r.address}, {r.postcode} {r.city} — {r.dwellingReference}
          {r.floor !== null ? `, ${t('votes.floor', { floor: r.floor })}` : ''}
        </dd>
        <dt>{t('access.activations.contact')}</dt>
        <dd>
          {r.contactShared ? (
            <>
              {r.contactName}, <a href={`tel:${r.contactPhone}`}>{displayPhone(r.contactPhone)}</a>
            </>
          ) : (
            t('access.activations.contactNotShared')
          )}
        </dd>
        <dt>{t('access.internet.slots')}</dt>
        <dd>{r.slots.map((s) => t(`access.slots.${s}`)).join(', ')}</dd>
        <dt>{t('access.internet.installHelpLegend')}</dt>
        <dd>
          {r.installHelp ? t('common.yes') : t('common.no')}
          {'installVisitAt' in r && r.installVisitAt
            ? ` — ${t('access.activation.visit', { date: dateTime(r.installVisitAt) })}`
            : ''}
        </dd>
        {r.scheduledFor ? (
          <>
            <dt>{t('access.activation.appointment')}</dt>
            <dd>{dateTime(r.scheduledFor)}</dd>
          </>
        ) : null}
        {r.activatedOn ? (
          <>
            <dt>{t('access.activation.activatedOn')}</dt>
            <dd>
              {date(r.activatedOn)} ({r.equipmentRef})
            </dd>
          </>
        ) : null}
        {r.failureReason ? (
          <>
            <dt>{t('access.activation.failure')}</dt>
            <dd>
              {t(`access.failure.${r.failureReason}`)}
              {r.failureDetail ? ` — ${r.failureDetail}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('access.activation.history')}</h2>
      <ol>
        {events.map((e) => (
          <li key={`${e.at}-${e.kind}`}>
            {dateTime(e.at)} — {t(`access.status.${e.toStatus}`)} ({e.recordedBy})
          </li>
        ))}
      </ol>
      {can.operate && open ? (
        <>
          <Form method="post" className="inline-form">
            <h2>{t('access.activation.schedule')}</h2>
            <input type="hidden" name="kind" value="scheduled" />
            <TextField
              name="scheduledFor"
              id="scheduledFor"
              label={t('access.activation.appointment')}
              type="datetime-local"
              required
            />
            <button type="submit">{t('access.activation.scheduleButton')}</button>
          </Form>
          {r.status === 'scheduled' ? (
            <Form method="post" className="inline-form">
              <h2>{t('access.activation.activate')}</h2>
              <input type="hidden" name="kind" value="activated" />
              <TextField
                name="activatedOn"
                id="activatedOn"
                label={t('access.activation.activatedOn')}
                type="date"
                required
              />
              <TextField
                name="equipmentRef"
                id="equipmentRef"
                label={t('access.activation.equipment')}
                required
              />
              <button type="submit">{t('access.activation.activateButton')}</button>
            </Form>
          ) : null}
          <Form method="post" className="inline-form">
            <h2>{t('access.activation.fail')}</h2>
            <input type="hidden" name="kind" value="failed" />
            <div className="field">
              <label htmlFor="reason">{t('access.activation.failure')}</label>
              <select id="reason" name="reason" required defaultValue="">
                <option value="">{t('votes.choose')}</option>
                {failureReasons.map((f) => (
                  <option key={f} value={f}>
                    {t(`access.failure.${f}`)}
                  </option>
                ))}
              </select>
            </div>
            <TextField name="detail" id="detail" label={t('access.activation.detail')} />
            <button type="submit">{t('access.activation.failButton')}</button>
          </Form>
        </>
      ) : null}
      {can.request && (r.status === 'failed' || open) ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="kind" value={r.status === 'failed' ? 'resent' : 'cancelled'} />
          <button type="submit">
            {r.status === 'failed' ? t('access.activation.resend') : t('access.activation.cancel')}
          </button>
        </Form>
      ) : null}
      {can.install && r.installHelp && r.status !== 'cancelled' ? (
        <Form method="post" className="inline-form">
          <h2>{t('access.activation.installTitle')}</h2>
          <input type="hidden" name="kind" value="install" />
          <TextField
            name="installAt"
            id="installAt"
            label={t('access.activation.installAt')}
            type="datetime-local"
            required
          />
          <button type="submit">{t('access.activation.installButton')}</button>
        </Form>
      ) : null}
      {can.install && 'installVisitAt' in r && r.installVisitAt && r.status !== 'cancelled' ? (
        <Form method="post" className="inline-form">
          <h2>Résultat de la visite à domicile</h2>
          <input type="hidden" name="kind" value="install_outcome" />
          {'installOutcome' in r && r.installOutcome ? (
            <p>
              Dernier résultat : {outcomeLabels[r.installOutcome as InstallOutcome]}
              {r.installOutcomeNote ? ` — ${r.installOutcomeNote}` : ''}
            </p>
          ) : null}
          <fieldset>
            <legend>Comment s’est passée la visite ?</legend>
            {installOutcomes.map((o) => (
              <label key={o}>
                <input type="radio" name="outcome" value={o} required /> {outcomeLabels[o]}
              </label>
            ))}
          </fieldset>
          <TextField name="note" id="installNote" label="Remarque (facultatif)" />
          <button type="submit">Enregistrer le résultat</button>
        </Form>
      ) : null}
    </Page>
  );
}
