// /coordination/comites: the steering committee — the follow-up actions still open (late ones first and marked), the
// meetings, and for the coordinator a new meeting with its decisions, a first action and its minutes.
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
  actionOwners,
  createSteeringMeeting,
  listSteeringActions,
  listSteeringMeetings,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { followAction, textValues } from './coordination-forms.server.ts';
import {
  ActionsTable,
  type Errors,
  FieldAlert,
  Input,
  Section,
  Select,
  TextArea,
} from './coordination-parts.tsx';

export const meta = () => [{ title: 'Comités de pilotage — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'committee.read');
  const { db } = services(context);
  const today = localDate(new Date());
  const manager = canAtAll(actor, 'committee.manage');
  const [actions, meetings, owners] = await Promise.all([
    listSteeringActions({ db, actor, today }),
    listSteeringMeetings({ db, actor }),
    manager ? actionOwners({ db, actor }) : null,
  ]);
  return {
    actions,
    meetings,
    owners: owners?.map((o) => ({ value: o.id, label: o.name })) ?? null,
    today,
    done:
      new URL(request.url).searchParams.get('fait') === 'action'
        ? 'L’état de l’action est enregistré.'
        : null,
  };
});

/** « Une décision par ligne » : the lines typed, without the empty ones. */
const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const { db } = services(context);
  const form = await readForm(request);
  const values = textValues(form);
  if (values.intent === 'status') {
    const actor = await requireActor(request, context, 'committee.read');
    const followed = await followAction(db, actor, values);
    if (!followed.ok)
      return data(
        { form: 'status', actionId: followed.actionId, errors: followed.errors, values },
        { status: 400 },
      );
    return redirect(`/coordination/comites?fait=action#action-${followed.actionId}`);
  }
  const actor = await requireActor(request, context, 'committee.manage');
  const file = form.get('minutes');
  const minutes =
    file instanceof File && file.size > 0
      ? { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }
      : undefined;
  const hasAction = Boolean((values.actionDescription ?? '').trim());
  const created = await createSteeringMeeting({
    db,
    actor,
    input: {
      heldOn: values.heldOn ?? '',
      place: values.place ?? '',
      attendees: values.attendees ?? '',
      decisions: linesOf(values.decisions),
      actions: hasAction
        ? [
            {
              description: values.actionDescription ?? '',
              ownerOrganisationId: values.actionOwnerOrganisationId,
              ownerName: values.actionOwnerName ?? '',
              dueOn: values.actionDueOn ?? '',
            },
          ]
        : [],
    },
    minutes,
  });
  if (!created.ok) {
    // Issues are about `decisions.1` or `actions.0.dueOn`: the form has one decisions box and one action's fields.
    const errors: Errors = {};
    const issues = 'issues' in created ? created.issues : undefined;
    for (const { path, message } of issues ?? [{ path: created.field ?? '', message: created.message }]) {
      const [head = '', , leaf = ''] = path.split('.');
      const field = head === 'actions' ? actionField(leaf) : head;
      errors[field] = [...new Set([...(errors[field] ?? []), message])];
    }
    return data({ form: 'meeting', actionId: null, errors, values }, { status: 400 });
  }
  return redirect(`/coordination/comites/${created.meetingId}?fait=cree`);
});

const actionField = (key: string) =>
  ({
    description: 'actionDescription',
    ownerOrganisationId: 'actionOwnerOrganisationId',
    ownerName: 'actionOwnerName',
    dueOn: 'actionDueOn',
  })[key] ?? key;

export default function Meetings() {
  const { actions, meetings, owners, today, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const statusErrors = failed?.form === 'status' ? failed.errors : {};
  const errors: Errors = failed?.form === 'meeting' ? failed.errors : {};
  const sent = failed?.form === 'meeting' ? failed.values : undefined;
  const { date } = useI18n();
  const overdue = actions.filter((a) => a.overdue).length;
  return (
    <Page title="Comités de pilotage" crumbs={[{ to: '/coordination', label: 'Coordination' }]}>
      {done ? <Notice>{done}</Notice> : null}
      <FormErrors errors={statusErrors['']} />
      <Section id="actions" title="Actions à suivre">
        {actions.length === 0 ? (
          <p>Aucune action en cours.</p>
        ) : (
          <>
            {overdue ? (
              <p>
                <strong>
                  {overdue === 1 ? '1 action est en retard' : `${overdue} actions sont en retard`}.
                </strong>
              </p>
            ) : null}
            <ActionsTable
              actions={actions}
              caption="Actions en cours, les retards d’abord"
              action="/coordination/comites"
              errors={statusErrors}
              failedActionId={failed?.form === 'status' ? failed.actionId : null}
            />
          </>
        )}
      </Section>

      <Section id="reunions" title="Réunions">
        {meetings.length === 0 ? (
          <p>Aucune réunion enregistrée.</p>
        ) : (
          <table>
            <caption className="visually-hidden">
              Réunions du comité de pilotage, la plus récente d’abord
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Lieu</th>
                <th scope="col" className="num">
                  Décisions
                </th>
                <th scope="col" className="num">
                  Actions en cours
                </th>
                <th scope="col">Compte rendu</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/coordination/comites/${m.id}`}>{date(m.heldOn)}</Link>
                  </td>
                  <td>{m.place}</td>
                  <td className="num">{m.decisions}</td>
                  <td className="num">
                    {m.openActions} sur {m.actions}
                  </td>
                  <td>
                    {m.hasMinutes ? (
                      <a href={`/coordination/comites/${m.id}/compte-rendu`} download>
                        Télécharger
                        <span className="visually-hidden"> le compte rendu du {date(m.heldOn)}</span>
                      </a>
                    ) : (
                      'Pas encore'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {owners ? (
        <Section id="nouvelle" title="Nouvelle réunion">
          <Form
            method="post"
            action="/coordination/comites#nouvelle"
            encType="multipart/form-data"
            className="narrow"
          >
            <input type="hidden" name="intent" value="meeting" />
            <FormErrors errors={errors['']} />
            <Input
              id="heldOn"
              name="heldOn"
              type="date"
              label="Date"
              required
              defaultValue={sent?.heldOn ?? today}
              errors={errors.heldOn}
            />
            <Input
              id="place"
              name="place"
              label="Lieu"
              required
              defaultValue={sent?.place}
              errors={errors.place}
            />
            <TextArea
              id="attendees"
              name="attendees"
              label="Présents"
              hint="Les partenaires et les personnes présentes."
              required
              defaultValue={sent?.attendees}
              errors={errors.attendees}
            />
            <TextArea
              id="decisions"
              name="decisions"
              label="Décisions"
              hint="Une décision par ligne. Vous pourrez en ajouter ensuite."
              rows={4}
              defaultValue={sent?.decisions}
              errors={errors.decisions}
            />
            <fieldset>
              <legend>Première action de suivi (facultatif)</legend>
              <p className="hint">Vous pourrez ajouter d’autres actions sur la page de la réunion.</p>
              <TextArea
                id="actionDescription"
                name="actionDescription"
                label="Action"
                defaultValue={sent?.actionDescription}
                errors={errors.actionDescription}
              />
              <Select
                id="actionOwnerOrganisationId"
                name="actionOwnerOrganisationId"
                label="Partenaire responsable"
                hint="Ses utilisateurs pourront dire où en est l’action."
                placeholder="Aucun"
                options={owners}
                defaultValue={sent?.actionOwnerOrganisationId}
                errors={errors.actionOwnerOrganisationId}
              />
              <Input
                id="actionOwnerName"
                name="actionOwnerName"
                label="Qui s’en charge"
                hint="Une personne ou un service."
                defaultValue={sent?.actionOwnerName}
                errors={errors.actionOwnerName}
              />
              <Input
                id="actionDueOn"
                name="actionDueOn"
                type="date"
                label="Pour le"
                defaultValue={sent?.actionDueOn}
                errors={errors.actionDueOn}
              />
            </fieldset>
            <div className={`field${errors.minutes ? ' has-error' : ''}`}>
              <label htmlFor="minutes">Compte rendu (facultatif : PDF ou photo, 10 Mo au plus)</label>
              <FieldAlert id="minutes-error" errors={errors.minutes} />
              <input
                id="minutes"
                name="minutes"
                type="file"
                accept=".pdf,.jpg,.jpeg,.png"
                aria-invalid={errors.minutes ? true : undefined}
                aria-describedby={errors.minutes ? 'minutes-error' : undefined}
              />
            </div>
            <button type="submit">Enregistrer la réunion</button>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
