// /territoire/secteurs/:id/deploiement: one sector's roll-out — its stage and history, what the next stage needs, the decision,
// how ready it is for accompaniment, the local partners' positions and the consultation meetings, its pin.

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
import { listOrganisations } from '../../src/partners/index.ts';
import { localDate, monthText } from '../../src/platform/dates.ts';
import { can, canAtAll } from '../../src/platform/permissions/index.ts';
import { capitalised } from '../../src/platform/text.ts';
import {
  decideStage,
  getSectorRollout,
  involvements,
  MeetingInput,
  opinions,
  PinInput,
  PositionInput,
  pinSector,
  recordMeeting,
  recordPosition,
  rolloutRefusalMessage,
  StageDecision,
  tickChecklistItem,
  unpinSector,
} from '../../src/rollout/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { sector: { name: string } } }) => [
  { title: `Déploiement — ${loaderData?.sector.name ?? 'Secteur'} — Palier` },
];

type Errors = Record<string, string[]>;

const doneMessages: Record<string, string> = {
  etape: 'La décision est enregistrée : le secteur change d’étape.',
  retour: 'Le secteur revient à l’étape choisie. La raison est notée dans l’historique.',
  liste: 'La liste est enregistrée.',
  avis: 'L’avis du partenaire est enregistré.',
  reunion: 'La réunion est enregistrée.',
  place:
    'Le secteur est placé à la main dans le calendrier. Les autres secteurs sont replacés autour de lui.',
  retire: 'Le secteur n’est plus placé à la main : il reprend sa place dans le calendrier proposé.',
};

/** What brings the stage after this one when no person decides it. */
const nextEvent: Partial<Record<string, string>> = {
  support_ready: 'Le secteur passe à l’étape suivante quand le bailleur ouvre le vote des locataires.',
  vote_open: 'Le secteur passe à l’étape suivante avec le résultat du vote des locataires.',
  works: 'Le secteur passe à l’étape suivante quand le service ouvre.',
  evaluated: 'Le déploiement de ce secteur est terminé.',
};

const checkLabels: Record<string, string> = {
  facility_nearby: 'Accompagnement à distance de marche',
  capacity: 'Places d’ateliers',
  partners_agree: 'Accord des partenaires',
  tenant_representation: 'Représentation des locataires',
  qpv: 'Quartier prioritaire',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const { db } = services(context);
  const sectorId = intParam(params.id);
  const view = await getSectorRollout({ db, actor, sectorId });
  const canManage = can(actor, 'rollout.manage', { programmeId: actor.programmeId, sectorIds: [sectorId] });
  const organisations = canManage
    ? (await listOrganisations({ db, actor }))
        .filter((o) => o.active)
        .map((o) => ({ id: o.id, name: o.name, kind: o.kind }))
    : [];
  const ticks = new Map(view.ticks.map((tick) => [tick.itemKey, tick]));
  return {
    sector: view.sector,
    since: view.history.find((h) => h.stage === view.sector.stage)?.decidedOn ?? null,
    history: view.history.map((h) => ({
      id: h.id,
      fromStage: h.fromStage,
      stage: h.stage,
      decidedOn: h.decidedOn,
      source: h.source,
      decidedBy: h.decidedBy,
      comment: h.comment,
    })),
    next: view.next
      ? {
          ...view.next,
          items: view.next.items.map((i) => {
            const tick = ticks.get(i.key);
            return { ...i, tickedBy: tick?.tickedBy ?? null, tickedAt: tick?.tickedAt.toISOString() ?? null };
          }),
        }
      : null,
    backTo: view.backTo,
    positions: view.positions.map((p) => ({ ...p, recordedAt: p.recordedAt.toISOString() })),
    meetings: view.meetings.map(({ minutesDocumentId, ...m }) => ({
      ...m,
      hasMinutes: minutesDocumentId !== null,
    })),
    pin: view.pin
      ? { startsOn: view.pin.startsOn, comment: view.pin.comment, pinnedBy: view.pin.pinnedBy }
      : null,
    readiness: view.readiness,
    unplacedBuildings: view.unplacedBuildings,
    requiredConsultees: view.requiredConsultees,
    organisations,
    canManage,
    canSeeSector: canAtAll(actor, 'territory.read'),
    today: localDate(new Date()),
    status: doneMessages[new URL(request.url).searchParams.get('fait') ?? ''] ?? null,
  };
});

function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.manage');
  const { db } = services(context);
  const sectorId = intParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  values.involvementList = form.getAll('involvement').map(String).join(',');
  const failed = (formKey: string, errors: Errors, status = 400, missing: string[] = []) =>
    data({ form: formKey, errors, values, missing }, { status });
  const back = (done: string, anchor: string) =>
    redirect(`/territoire/secteurs/${sectorId}/deploiement?fait=${done}#${anchor}`);

  switch (intent) {
    case 'decide':
    case 'back': {
      const parsed = StageDecision.safeParse({
        stage: values.stage ?? '',
        decidedOn: values.decidedOn ?? '',
        comment: values.comment ?? '',
      });
      if (!parsed.success) return failed(intent, issuesByField(parsed.error));
      const result = await decideStage({ db, actor, sectorId, input: parsed.data });
      if (!result.ok)
        return failed(
          intent,
          { [result.field ?? '']: [rolloutRefusalMessage(result.reason)] },
          409,
          result.missing ?? [],
        );
      return back(intent === 'decide' ? 'etape' : 'retour', 'etape');
    }
    case 'checklist': {
      const view = await getSectorRollout({ db, actor, sectorId });
      const wanted = new Set(form.getAll('done').map(String));
      const ticked = new Set(view.ticks.map((tick) => tick.itemKey));
      const manual = (view.next?.items ?? []).filter((i) => i.kind === 'manual').map((i) => i.key);
      for (const itemKey of manual) {
        if (wanted.has(itemKey) === ticked.has(itemKey)) continue;
        const result = await tickChecklistItem({
          db,
          actor,
          sectorId,
          input: { itemKey, done: wanted.has(itemKey) },
        });
        if (!result.ok) return failed('checklist', { '': [rolloutRefusalMessage(result.reason)] }, 409);
      }
      return back('liste', 'liste');
    }
    case 'position': {
      const parsed = PositionInput.safeParse({
        organisationId: values.organisationId ?? '',
        opinion: values.opinion ?? '',
        agrees: values.agrees,
        involvement: form.getAll('involvement').map(String),
        meetingId: values.meetingId ?? '',
        comment: values.comment ?? '',
      });
      if (!parsed.success) return failed('position', issuesByField(parsed.error));
      const result = await recordPosition({ db, actor, sectorId, input: parsed.data });
      if (!result.ok)
        return failed('position', { [result.field ?? '']: [rolloutRefusalMessage(result.reason)] }, 409);
      return back('avis', 'avis');
    }
    case 'meeting': {
      const parsed = MeetingInput.safeParse({
        heldOn: values.heldOn ?? '',
        place: values.place ?? '',
        attendees: values.attendees ?? '',
      });
      if (!parsed.success) return failed('meeting', issuesByField(parsed.error));
      const file = form.get('minutes');
      const minutes =
        file instanceof File && file.size > 0
          ? { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }
          : null;
      const result = await recordMeeting({ db, actor, sectorId, input: parsed.data, minutes });
      if (!result.ok) {
        if ('message' in result) return failed('meeting', { minutes: [result.message] });
        return failed('meeting', { [result.field ?? '']: [rolloutRefusalMessage(result.reason)] }, 409);
      }
      return back('reunion', 'reunions');
    }
    case 'pin': {
      const parsed = PinInput.safeParse({ month: values.month ?? '', comment: values.comment ?? '' });
      if (!parsed.success) return failed('pin', issuesByField(parsed.error));
      const result = await pinSector({ db, actor, sectorId, input: parsed.data });
      if (!result.ok)
        return failed('pin', { [result.field ?? '']: [rolloutRefusalMessage(result.reason)] }, 409);
      return back('place', 'calendrier');
    }
    case 'unpin': {
      await unpinSector({ db, actor, sectorId });
      return back('retire', 'calendrier');
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

// ---- Pieces -------------------------------------------------------------------------------------------------------

const describedBy = (...ids: (string | false | undefined | null)[]) =>
  ids.filter(Boolean).join(' ') || undefined;
const textareaStyle = { width: '100%', font: 'inherit', padding: '0.45rem 0.5rem' } as const;
const yesNo = (ok: boolean) => (
  <strong style={{ color: ok ? 'var(--ok)' : 'var(--danger)', whiteSpace: 'nowrap' }}>
    <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
    {ok ? 'Oui' : 'Non'}
  </strong>
);

/** A free-text field of a form (input or textarea), with its label, hint and errors. */
function TextInput({
  id,
  name,
  label,
  hint,
  errors,
  defaultValue,
  type = 'text',
  required,
  rows,
  max,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  defaultValue?: string;
  type?: string;
  required?: boolean;
  rows?: number;
  max?: string;
}) {
  const common = {
    id,
    name,
    required,
    defaultValue,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy(hint && `${id}-hint`, !!errors?.length && `${id}-error`),
  };
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${id}-error`} errors={errors} />
      {rows ? (
        <textarea {...common} rows={rows} style={textareaStyle} />
      ) : (
        <input {...common} type={type} max={max} />
      )}
    </div>
  );
}

// ---- The page -----------------------------------------------------------------------------------------------------

export default function RolloutSector() {
  const loaded = useLoaderData<typeof loader>();
  const {
    sector,
    since,
    history,
    next,
    backTo,
    positions,
    meetings,
    pin,
    readiness,
    canManage,
    today,
    status,
  } = loaded;
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { t, date, dateTime, number } = useI18n();
  const stage = (s: string) => t(`rollout.${s}`);
  const meetingLabel = (id: number | null) => {
    const m = meetings.find((x) => x.id === id);
    return m ? `${date(m.heldOn)}, ${m.place}` : '—';
  };
  const pinnable = sector.stage === 'identified' || sector.stage === 'vote_rejected';

  return (
    <Page
      title={`Déploiement : ${sector.name}`}
      crumbs={[
        { to: '/deploiement', label: t('rolloutPage.title') },
        ...(loaded.canSeeSector ? [{ to: `/territoire/secteurs/${sector.id}`, label: sector.name }] : []),
      ]}
    >
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      <dl className="facts">
        <dt>Étape actuelle</dt>
        <dd>
          <strong>{capitalised(stage(sector.stage))}</strong>
          {since ? ` depuis le ${date(since)}` : ''}
        </dd>
        <dt>Code du secteur</dt>
        <dd>{sector.code}</dd>
        <dt>Dans le calendrier</dt>
        <dd>
          {pin
            ? `Placé à la main par ${pin.pinnedBy} : consultation à partir de ${monthText(pin.startsOn)}${pin.comment ? ` (${pin.comment})` : ''}.`
            : 'À la place que propose le calendrier.'}{' '}
          <Link to={`/deploiement#ligne-${sector.id}`}>Voir le calendrier</Link>
        </dd>
      </dl>

      <Section id="etape" title="Prochaine étape">
        {nextStage()}
      </Section>

      <Section id="historique" title="Historique des étapes">
        {history.length === 0 ? (
          <p>Aucune étape enregistrée.</p>
        ) : (
          <table>
            <caption className="visually-hidden">
              Étapes du secteur, de la plus récente à la plus ancienne
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Étape</th>
                <th scope="col">Origine</th>
                <th scope="col">Par</th>
                <th scope="col">Commentaire</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{date(h.decidedOn)}</td>
                  <td>
                    {h.fromStage ? (
                      <>
                        {capitalised(stage(h.fromStage))} <span aria-hidden="true">→</span>
                        <span className="visually-hidden">vers</span> {stage(h.stage)}
                      </>
                    ) : (
                      capitalised(stage(h.stage))
                    )}
                  </td>
                  <td>{capitalised(t(`rolloutPage.source.${h.source}`))}</td>
                  <td>{h.decidedBy}</td>
                  <td style={{ whiteSpace: 'pre-line' }}>{h.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="accompagnement" title="Accompagnement près du secteur">
        {readinessView()}
      </Section>

      <Section id="avis" title="Avis des partenaires">
        {positionsView()}
      </Section>

      <Section id="reunions" title="Réunions de consultation">
        {meetingsView()}
      </Section>

      {canManage && (pinnable || pin) ? (
        <Section id="calendrier" title="Place dans le calendrier">
          {pinForms()}
        </Section>
      ) : null}
    </Page>
  );

  function nextStage() {
    const decideErrors = errorsOf('decide');
    const backErrors = errorsOf('back');
    const checklistErrors = errorsOf('checklist');
    const missing = actionData?.form === 'decide' ? actionData.missing : [];
    if (!next)
      return (
        <>
          <p>{nextEvent[sector.stage] ?? 'La prochaine étape vient d’un événement.'}</p>
          {backForm(backErrors)}
        </>
      );
    const manual = next.items.filter((i) => i.kind === 'manual');
    const label = `« ${stage(next.stage)} »`;
    return (
      <>
        <p>
          Pour passer à l’étape {label}, il faut :{' '}
          {next.complete ? (
            <strong>tout est prêt.</strong>
          ) : (
            <strong>il manque {next.missing.length} élément(s).</strong>
          )}
        </p>
        <ul id="liste" style={{ listStyle: 'none', paddingLeft: 0 }}>
          {next.items.map((i) => (
            <li key={i.key} style={{ margin: '0.3rem 0' }}>
              <strong style={{ color: i.done ? 'var(--ok)' : 'var(--danger)' }}>
                <span aria-hidden="true">{i.done ? '✓ ' : '✗ '}</span>
                {i.done ? 'Fait' : 'Manque'} :
              </strong>{' '}
              {i.label}{' '}
              <span className="muted">
                {i.kind === 'auto'
                  ? '(automatique)'
                  : i.tickedBy
                    ? `(coché par ${i.tickedBy} le ${dateTime(i.tickedAt!)})`
                    : '(à cocher par la coordination)'}
              </span>
            </li>
          ))}
        </ul>
        <p className="hint">
          Les éléments automatiques sont vérifiés par Palier d’après les avis des partenaires, les réunions et
          les lieux d’ateliers proches.
        </p>
        {canManage && manual.length ? (
          <Form
            method="post"
            action={`/territoire/secteurs/${sector.id}/deploiement#liste`}
            className="narrow"
          >
            <input type="hidden" name="intent" value="checklist" />
            <FormErrors errors={checklistErrors['']} />
            <fieldset>
              <legend>À cocher par la coordination</legend>
              {manual.map((i) => (
                <div className="check" key={i.key}>
                  <input
                    type="checkbox"
                    id={`done-${i.key}`}
                    name="done"
                    value={i.key}
                    defaultChecked={i.done}
                  />
                  <label htmlFor={`done-${i.key}`}>{i.label}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="secondary">
              Enregistrer la liste
            </button>
          </Form>
        ) : null}
        {canManage ? (
          <Form
            method="post"
            action={`/territoire/secteurs/${sector.id}/deploiement#etape`}
            className="narrow"
            noValidate
          >
            <h3>Décider le passage à {label}</h3>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="stage" value={next.stage} />
            {decideErrors[''] || decideErrors.stage ? (
              <div className="form-error" role="alert">
                {[...(decideErrors[''] ?? []), ...(decideErrors.stage ?? [])].map((e) => (
                  <p key={e}>{e}</p>
                ))}
                {missing.length ? (
                  <ul>
                    {missing.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <TextInput
              id="decide-on"
              name="decidedOn"
              label="Date de la décision"
              hint="Aujourd’hui, ou le jour où la décision a été prise."
              type="date"
              max={today}
              required
              errors={decideErrors.decidedOn}
              defaultValue={sentTo('decide')?.decidedOn ?? today}
            />
            <TextInput
              id="decide-comment"
              name="comment"
              label="Commentaire (facultatif)"
              rows={3}
              errors={decideErrors.comment}
              defaultValue={sentTo('decide')?.comment ?? ''}
            />
            <button type="submit">Décider le passage à {label}</button>
          </Form>
        ) : null}
        {backForm(backErrors)}
      </>
    );
  }

  function backForm(errors: Errors) {
    if (!canManage || backTo.length === 0) return null;
    const only = backTo.length === 1 ? backTo[0]! : null;
    return (
      <Form
        method="post"
        action={`/territoire/secteurs/${sector.id}/deploiement#etape`}
        className="narrow"
        noValidate
      >
        <h3>{only ? `Revenir à « ${stage(only)} »` : 'Revenir à une étape précédente'}</h3>
        <p>Un partenaire se retire, un lieu ferme : le secteur peut revenir en arrière, avec une raison.</p>
        <input type="hidden" name="intent" value="back" />
        <FormErrors errors={errors['']} />
        {only ? (
          <input type="hidden" name="stage" value={only} />
        ) : (
          <div className={`field${errors.stage ? ' has-error' : ''}`}>
            <label htmlFor="back-stage">Revenir à l’étape</label>
            <FieldAlert id="back-stage-error" errors={errors.stage} />
            <select id="back-stage" name="stage" defaultValue={sentTo('back')?.stage ?? backTo[0]}>
              {backTo.map((s) => (
                <option key={s} value={s}>
                  {capitalised(stage(s))}
                </option>
              ))}
            </select>
          </div>
        )}
        <input type="hidden" name="decidedOn" value={today} />
        <TextInput
          id="back-comment"
          name="comment"
          label="Pourquoi le secteur revient en arrière"
          rows={3}
          required
          errors={errors.comment}
          defaultValue={sentTo('back')?.comment ?? ''}
        />
        <button type="submit" className="secondary">
          {only ? `Revenir à « ${stage(only)} »` : 'Revenir à l’étape choisie'}
        </button>
      </Form>
    );
  }

  function readinessView() {
    if (!readiness)
      return <p>Le service est ouvert : l’accompagnement n’est plus évalué pour le calendrier.</p>;
    return (
      <>
        <table>
          <caption className="visually-hidden">Ce qui rend le secteur prêt à être accompagné</caption>
          <thead>
            <tr>
              <th scope="col">Critère</th>
              <th scope="col">Rempli</th>
              <th scope="col">Ce que Palier a trouvé</th>
            </tr>
          </thead>
          <tbody>
            {readiness.checks.map((c) => (
              <tr key={c.key}>
                <th scope="row" style={{ background: 'none' }}>
                  {checkLabels[c.key] ?? c.key}
                </th>
                <td>{yesNo(c.ok)}</td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <strong>Demande attendue :</strong> {number(readiness.demandSeats)} places d’ateliers ;{' '}
          <strong>places libres à portée :</strong> {number(readiness.freeSeats)}.{' '}
          {readiness.ready ? 'Le secteur est prêt.' : 'Le secteur n’est pas encore prêt.'}
          {readiness.earliestStart && readiness.earliestStart > today
            ? ` La consultation peut commencer à partir de ${monthText(readiness.earliestStart)}.`
            : ''}
        </p>
        {readiness.waitReason ? <p>{readiness.waitReason}.</p> : null}
        {readiness.nearbyFacilities.length ? (
          <table style={{ maxWidth: '36rem' }}>
            <caption>Lieux d’ateliers à distance de marche</caption>
            <thead>
              <tr>
                <th scope="col">Lieu</th>
                <th scope="col" className="num">
                  Distance
                </th>
              </tr>
            </thead>
            <tbody>
              {readiness.nearbyFacilities.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/lieux/${f.id}`}>{f.name}</Link>
                  </td>
                  <td className="num">{number(f.distanceM)} m</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : readiness.nearestFacility ? (
          <p>
            Le lieu d’ateliers le plus proche : {readiness.nearestFacility.name}, à{' '}
            {number(readiness.nearestFacility.distanceM)} m.
          </p>
        ) : null}
        <p className="muted">
          {number(readiness.buildingsCovered)} immeuble(s) sur {number(readiness.buildingsPlaced)} placés sur
          la carte ont un lieu d’ateliers à distance de marche.
          {loaded.unplacedBuildings
            ? ` ${number(loaded.unplacedBuildings)} immeuble(s) n’ont pas de coordonnées et ne sont pas comptés.`
            : ''}
        </p>
      </>
    );
  }

  function positionsView() {
    const errors = errorsOf('position');
    const sent = sentTo('position');
    const sentInvolvement = actionData?.form === 'position' ? sent?.involvementList?.split(',') : undefined;
    return (
      <>
        <p className="muted">
          L’étape « {stage('partners_consulted')} » demande l’accord de :{' '}
          {loaded.requiredConsultees.map((k) => t(`organisationKinds.${k}`).toLowerCase()).join(', ')}.
        </p>
        {positions.length === 0 ? (
          <p>Aucun avis pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Avis des partenaires sur le déploiement du secteur</caption>
            <thead>
              <tr>
                <th scope="col">Partenaire</th>
                <th scope="col">Avis</th>
                <th scope="col">D’accord</th>
                <th scope="col">Engagement</th>
                <th scope="col">Réunion</th>
                <th scope="col">Commentaire</th>
                <th scope="col">Noté par</th>
              </tr>
            </thead>
            <tbody>
              {positions.map((p) => (
                <tr key={p.id}>
                  <th scope="row" style={{ background: 'none' }}>
                    {p.organisationName}
                    <br />
                    <span className="muted" style={{ fontWeight: 'normal' }}>
                      {t(`organisationKinds.${p.kind}`)}
                    </span>
                  </th>
                  <td>{capitalised(t(`rolloutPage.opinion.${p.opinion}`))}</td>
                  <td>{yesNo(p.agrees)}</td>
                  <td>
                    {p.involvement.length
                      ? capitalised(p.involvement.map((i) => t(`rolloutPage.involvement.${i}`)).join(', '))
                      : '—'}
                  </td>
                  <td>{meetingLabel(p.meetingId)}</td>
                  <td style={{ whiteSpace: 'pre-line' }}>{p.comment ?? ''}</td>
                  <td>
                    {p.recordedBy}, {dateTime(p.recordedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage ? (
          <Form
            method="post"
            action={`/territoire/secteurs/${sector.id}/deploiement#avis`}
            className="narrow"
            noValidate
          >
            <h3>Noter l’avis d’un partenaire</h3>
            <p className="hint">
              Un nouvel avis du même partenaire remplace l’ancien ; l’ancien reste dans le journal.
            </p>
            <input type="hidden" name="intent" value="position" />
            <FormErrors errors={errors['']} />
            <div className={`field${errors.organisationId ? ' has-error' : ''}`}>
              <label htmlFor="organisationId">
                Partenaire<span aria-hidden="true"> *</span>
              </label>
              <FieldAlert id="organisationId-error" errors={errors.organisationId} />
              <select
                id="organisationId"
                name="organisationId"
                required
                defaultValue={sent?.organisationId ?? ''}
                aria-invalid={errors.organisationId ? true : undefined}
                aria-describedby={errors.organisationId ? 'organisationId-error' : undefined}
              >
                <option value="" disabled>
                  Choisissez le partenaire
                </option>
                {loaded.organisations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} ({t(`organisationKinds.${o.kind}`).toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <fieldset
              className={`field${errors.opinion ? ' has-error' : ''}`}
              aria-describedby={errors.opinion ? 'opinion-error' : undefined}
            >
              <legend>
                Avis<span aria-hidden="true"> *</span>
              </legend>
              <FieldAlert id="opinion-error" errors={errors.opinion} />
              {opinions.map((o) => (
                <div className="check" key={o}>
                  <input
                    type="radio"
                    id={`opinion-${o}`}
                    name="opinion"
                    value={o}
                    required
                    defaultChecked={sent?.opinion === o}
                  />
                  <label htmlFor={`opinion-${o}`}>{capitalised(t(`rolloutPage.opinion.${o}`))}</label>
                </div>
              ))}
            </fieldset>
            <div className="check field">
              <input
                type="checkbox"
                id="agrees"
                name="agrees"
                defaultChecked={sent ? sent.agrees === 'on' : false}
              />
              <label htmlFor="agrees">Le partenaire est d’accord pour le déploiement dans le secteur</label>
            </div>
            <fieldset className={`field${errors.involvement ? ' has-error' : ''}`}>
              <legend>Comment le partenaire s’engage</legend>
              <FieldAlert id="involvement-error" errors={errors.involvement} />
              {involvements.map((i) => (
                <div className="check" key={i}>
                  <input
                    type="checkbox"
                    id={`involvement-${i}`}
                    name="involvement"
                    value={i}
                    defaultChecked={sentInvolvement?.includes(i) ?? false}
                  />
                  <label htmlFor={`involvement-${i}`}>{capitalised(t(`rolloutPage.involvement.${i}`))}</label>
                </div>
              ))}
            </fieldset>
            <div className={`field${errors.meetingId ? ' has-error' : ''}`}>
              <label htmlFor="meetingId">Réunion où l’avis a été donné (facultatif)</label>
              <FieldAlert id="meetingId-error" errors={errors.meetingId} />
              <select
                id="meetingId"
                name="meetingId"
                defaultValue={sent?.meetingId ?? ''}
                aria-invalid={errors.meetingId ? true : undefined}
                aria-describedby={errors.meetingId ? 'meetingId-error' : undefined}
              >
                <option value="">Aucune réunion</option>
                {meetings.map((m) => (
                  <option key={m.id} value={m.id}>
                    {meetingLabel(m.id)}
                  </option>
                ))}
              </select>
            </div>
            <TextInput
              id="position-comment"
              name="comment"
              label="Commentaire (facultatif)"
              rows={3}
              errors={errors.comment}
              defaultValue={sent?.comment ?? ''}
            />
            <button type="submit">Enregistrer l’avis</button>
          </Form>
        ) : null}
      </>
    );
  }

  function meetingsView() {
    const errors = errorsOf('meeting');
    const sent = sentTo('meeting');
    return (
      <>
        {meetings.length === 0 ? (
          <p>Aucune réunion pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Réunions avec les acteurs du quartier</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Lieu</th>
                <th scope="col">Présents</th>
                <th scope="col">Compte rendu</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{date(m.heldOn)}</td>
                  <td>{m.place}</td>
                  <td style={{ whiteSpace: 'pre-line' }}>{m.attendees}</td>
                  <td>
                    {m.hasMinutes ? (
                      <a href={`/deploiement/reunions/${m.id}/compte-rendu`} download>
                        Télécharger
                        <span className="visually-hidden"> le compte rendu du {date(m.heldOn)}</span>
                      </a>
                    ) : (
                      'Pas de compte rendu'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage ? (
          <Form
            method="post"
            action={`/territoire/secteurs/${sector.id}/deploiement#reunions`}
            encType="multipart/form-data"
            className="narrow"
            noValidate
          >
            <h3>Noter une réunion</h3>
            <input type="hidden" name="intent" value="meeting" />
            <FormErrors errors={errors['']} />
            <TextInput
              id="heldOn"
              name="heldOn"
              label="Date de la réunion"
              type="date"
              max={today}
              required
              errors={errors.heldOn}
              defaultValue={sent?.heldOn ?? today}
            />
            <TextInput
              id="place"
              name="place"
              label="Lieu"
              required
              errors={errors.place}
              defaultValue={sent?.place ?? ''}
            />
            <TextInput
              id="attendees"
              name="attendees"
              label="Présents"
              hint="Les partenaires et les personnes présentes."
              rows={3}
              required
              errors={errors.attendees}
              defaultValue={sent?.attendees ?? ''}
            />
            <div className={`field${errors.minutes ? ' has-error' : ''}`}>
              <label htmlFor="minutes">Compte rendu (facultatif : PDF ou photo, 10 Mo au plus)</label>
              <p className="hint" id="minutes-hint">
                Un fichier PDF, ou une photo JPEG ou PNG du compte rendu.
              </p>
              <FieldAlert id="minutes-error" errors={errors.minutes} />
              <input
                id="minutes"
                name="minutes"
                type="file"
                accept=".pdf,.jpg,.jpeg,.png"
                aria-invalid={errors.minutes ? true : undefined}
                aria-describedby={describedBy('minutes-hint', errors.minutes && 'minutes-error')}
              />
            </div>
            <button type="submit">Enregistrer la réunion</button>
          </Form>
        ) : null}
      </>
    );
  }

  function pinForms() {
    const errors = errorsOf('pin');
    return (
      <>
        {pinnable ? (
          <Form
            method="post"
            action={`/territoire/secteurs/${sector.id}/deploiement#calendrier`}
            className="narrow"
            noValidate
          >
            <input type="hidden" name="intent" value="pin" />
            <FormErrors errors={errors['']} />
            <TextInput
              id="pin-month"
              name="month"
              label="Placer en (mois de début de la consultation)"
              type="month"
              required
              errors={errors.month}
              defaultValue={sentTo('pin')?.month ?? (pin?.startsOn ?? today).slice(0, 7)}
            />
            <TextInput
              id="pin-comment"
              name="comment"
              label="Pourquoi (facultatif)"
              errors={errors.comment}
              defaultValue={sentTo('pin')?.comment ?? pin?.comment ?? ''}
            />
            <button type="submit">Placer</button>
          </Form>
        ) : null}
        {pin ? (
          <Form method="post" action={`/territoire/secteurs/${sector.id}/deploiement#calendrier`}>
            <input type="hidden" name="intent" value="unpin" />
            <button type="submit" className="secondary">
              Retirer l’épinglage
            </button>
          </Form>
        ) : null}
      </>
    );
  }
}
