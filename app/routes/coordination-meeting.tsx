// /coordination/comites/:id: one steering committee meeting — who came, the minutes, its decisions and follow-up
// actions. The coordinator adds decisions and actions and attaches the minutes; an action's owner says where it stands.
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
  actionOwners,
  addSteeringAction,
  addSteeringDecision,
  attachMeetingMinutes,
  getSteeringMeeting,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';
import { followAction, refusalErrors, textValues } from './coordination-forms.server.ts';
import {
  ActionsTable,
  type Errors,
  FieldAlert,
  Input,
  Section,
  Select,
  sizeText,
  TextArea,
} from './coordination-parts.tsx';

export const meta = () => [{ title: 'Comité de pilotage — Palier' }];

const doneMessages: Record<string, string> = {
  cree: 'La réunion est enregistrée.',
  decision: 'La décision est ajoutée.',
  action: 'L’action est enregistrée.',
  compte_rendu: 'Le compte rendu est joint.',
  etat: 'L’état de l’action est enregistré.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'committee.read');
  const { db } = services(context);
  const today = localDate(new Date());
  const meeting = await getSteeringMeeting({ db, actor, meetingId: intParam(params.id), today });
  const owners = meeting.canManage ? await actionOwners({ db, actor }) : null;
  return {
    meeting: {
      id: meeting.id,
      heldOn: meeting.heldOn,
      place: meeting.place,
      attendees: meeting.attendees,
      createdBy: meeting.createdBy,
      minutes: meeting.minutes
        ? { name: meeting.minutes.name, size: meeting.minutes.size, mediaType: meeting.minutes.mediaType }
        : null,
      decisions: meeting.decisions,
      canManage: meeting.canManage,
    },
    actions: meeting.actions,
    owners: owners?.map((o) => ({ value: o.id, label: o.name })) ?? null,
    today,
    done: doneMessages[new URL(request.url).searchParams.get('fait') ?? ''] ?? null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const { db } = services(context);
  const meetingId = intParam(params.id);
  const form = await readForm(request);
  const values = textValues(form);
  const failed = (formKey: string, errors: Errors, actionId: number | null = null) =>
    data({ form: formKey, errors, values, actionId }, { status: 400 });
  const back = (done: string, anchor: string) =>
    redirect(`/coordination/comites/${meetingId}?fait=${done}#${anchor}`);
  if (values.intent === 'status') {
    const actor = await requireActor(request, context, 'committee.read');
    const followed = await followAction(db, actor, values);
    if (!followed.ok) return failed('status', followed.errors, followed.actionId);
    return back('etat', `action-${followed.actionId}`);
  }
  const actor = await requireActor(request, context, 'committee.manage');
  switch (values.intent) {
    case 'decision': {
      const added = await addSteeringDecision({ db, actor, meetingId, text: values.text ?? '' });
      if (!added.ok)
        return failed('decision', { text: added.issues?.map((i) => i.message) ?? [added.message] });
      return back('decision', 'decisions');
    }
    case 'action': {
      const added = await addSteeringAction({
        db,
        actor,
        meetingId,
        input: {
          description: values.description ?? '',
          ownerOrganisationId: values.ownerOrganisationId,
          ownerName: values.ownerName ?? '',
          dueOn: values.dueOn ?? '',
        },
      });
      if (!added.ok) return failed('action', refusalErrors(added));
      return back('action', 'actions');
    }
    case 'minutes': {
      const file = form.get('minutes');
      if (!(file instanceof File) || (file.size === 0 && !file.name))
        return failed('minutes', { minutes: ['Choisissez un fichier : un PDF ou une photo.'] });
      const attached = await attachMeetingMinutes({
        db,
        actor,
        meetingId,
        upload: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) },
      });
      if (!attached.ok) return failed('minutes', { minutes: [attached.message] });
      return back('compte_rendu', 'compte-rendu');
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

export default function MeetingPage() {
  const { meeting: m, actions, owners, today, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { date } = useI18n();
  const decisionErrors = errorsOf('decision');
  const actionErrors = errorsOf('action');
  const minutesErrors = errorsOf('minutes');
  return (
    <Page
      title={`Comité de pilotage du ${date(m.heldOn)}`}
      crumbs={[
        { to: '/coordination', label: 'Coordination' },
        { to: '/coordination/comites', label: 'Comités de pilotage' },
      ]}
    >
      {done ? <Notice>{done}</Notice> : null}
      <FormErrors errors={errorsOf('')[''] ?? errorsOf('status')['']} />
      <dl className="facts">
        <dt>Lieu</dt>
        <dd>{m.place}</dd>
        <dt>Présents</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{m.attendees}</dd>
        <dt>Enregistrée par</dt>
        <dd>{m.createdBy}</dd>
      </dl>

      <Section id="compte-rendu" title="Compte rendu">
        {m.minutes ? (
          <p>
            <a href={`/coordination/comites/${m.id}/compte-rendu`} download>
              {m.minutes.name}
            </a>{' '}
            ({m.minutes.mediaType === 'application/pdf' ? 'PDF' : 'photo'}, {sizeText(m.minutes.size)})
          </p>
        ) : (
          <p>Pas encore de compte rendu.</p>
        )}
        {m.canManage ? (
          <Form
            method="post"
            action={`/coordination/comites/${m.id}#compte-rendu`}
            encType="multipart/form-data"
            className="narrow"
          >
            <input type="hidden" name="intent" value="minutes" />
            <div className={`field${minutesErrors.minutes ? ' has-error' : ''}`}>
              <label htmlFor="minutes">
                {m.minutes ? 'Remplacer le compte rendu' : 'Compte rendu'} (PDF ou photo, 10 Mo au plus)
              </label>
              <FieldAlert id="minutes-error" errors={minutesErrors.minutes} />
              <input
                id="minutes"
                name="minutes"
                type="file"
                accept=".pdf,.jpg,.jpeg,.png"
                required
                aria-invalid={minutesErrors.minutes ? true : undefined}
                aria-describedby={minutesErrors.minutes ? 'minutes-error' : undefined}
              />
            </div>
            <button type="submit">Joindre le compte rendu</button>
          </Form>
        ) : null}
      </Section>

      <Section id="decisions" title="Décisions">
        {m.decisions.length === 0 ? (
          <p>Aucune décision enregistrée.</p>
        ) : (
          <ol>
            {m.decisions.map((d) => (
              <li key={d.id} style={{ whiteSpace: 'pre-line' }}>
                {d.text}
              </li>
            ))}
          </ol>
        )}
        {m.canManage ? (
          <Form method="post" action={`/coordination/comites/${m.id}#decisions`} className="narrow">
            <input type="hidden" name="intent" value="decision" />
            <TextArea
              id="decision-text"
              name="text"
              label="Nouvelle décision"
              required
              defaultValue={sentTo('decision')?.text}
              errors={decisionErrors.text}
            />
            <button type="submit">Ajouter la décision</button>
          </Form>
        ) : null}
      </Section>

      <Section id="actions" title="Actions de suivi">
        {actions.length === 0 ? (
          <p>Aucune action enregistrée.</p>
        ) : (
          <ActionsTable
            actions={actions}
            caption="Actions décidées lors de cette réunion"
            action={`/coordination/comites/${m.id}`}
            errors={errorsOf('status')}
            failedActionId={actionData?.form === 'status' ? actionData.actionId : null}
            showMeeting={false}
          />
        )}
        {owners ? (
          <Form method="post" action={`/coordination/comites/${m.id}#actions`} className="narrow">
            <h3>Nouvelle action</h3>
            <input type="hidden" name="intent" value="action" />
            <FormErrors errors={actionErrors['']} />
            <TextArea
              id="description"
              name="description"
              label="Action"
              required
              defaultValue={sentTo('action')?.description}
              errors={actionErrors.description}
            />
            <Select
              id="ownerOrganisationId"
              name="ownerOrganisationId"
              label="Partenaire responsable"
              hint="Ses utilisateurs pourront dire où en est l’action."
              placeholder="Aucun"
              options={owners}
              defaultValue={sentTo('action')?.ownerOrganisationId}
              errors={actionErrors.ownerOrganisationId}
            />
            <Input
              id="ownerName"
              name="ownerName"
              label="Qui s’en charge"
              hint="Une personne ou un service."
              required
              defaultValue={sentTo('action')?.ownerName}
              errors={actionErrors.ownerName}
            />
            <Input
              id="dueOn"
              name="dueOn"
              type="date"
              label="Pour le"
              required
              defaultValue={sentTo('action')?.dueOn ?? today}
              errors={actionErrors.dueOn}
            />
            <button type="submit">Ajouter l’action</button>
          </Form>
        ) : null}
      </Section>
    </Page>
  );
}
