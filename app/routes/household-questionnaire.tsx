// /foyers/:id/questionnaire: staff fill in the before/after questionnaire with a household (at sign-up, then six
// months later) — every question optional, one submit, without JavaScript.
import {
  type ActionFunctionArgs,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { getHouseholdQuestionnaire, momentLabels, type QuestionnaireMoment } from '../../src/impact/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { QuestionnaireFields } from '../components/questionnaire-form.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { recordPostedQuestionnaire } from '../lib/questionnaire.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Questionnaire avant / après — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'questionnaire.record');
  if (actor.role === 'resident') throw redirect('/mon-questionnaire');
  const today = localDate(new Date());
  const state = await getHouseholdQuestionnaire({
    db: services(context).db,
    actor,
    householdId: intParam(params.id),
    today,
  });
  const fait = new URL(request.url).searchParams.get('fait');
  const done: QuestionnaireMoment | null = fait === 'before' || fait === 'after' ? fait : null;
  return { state, today, done };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'questionnaire.record');
  const householdId = intParam(params.id);
  const form = await readForm(request);
  const answeredOn = String(form.get('answeredOn') ?? '').trim();
  const result = await recordPostedQuestionnaire({
    db: services(context).db,
    actor,
    householdId,
    form,
    answeredOn: answeredOn || undefined,
  });
  if (!result.ok) return result.response;
  return redirect(`/foyers/${householdId}/questionnaire?fait=${result.moment}`);
});

export default function HouseholdQuestionnaire() {
  const { state, today, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors ?? {};
  const next = state.next;
  const title = state.name ? `Foyer ${state.reference} (${state.name})` : `Foyer ${state.reference}`;
  const momentText = (m: QuestionnaireMoment) => `questionnaire « ${momentLabels[m]} »`;
  return (
    <Page
      title="Questionnaire avant / après"
      crumbs={[
        { to: '/foyers', label: 'Foyers' },
        { to: `/foyers/${state.householdId}`, label: title },
      ]}
    >
      {done ? <Notice>Les réponses du {momentText(done)} sont enregistrées. Merci !</Notice> : null}
      <p className="lead">
        {title}. Quelques questions sur l’aisance avec Internet, les usages et l’isolement : une fois à
        l’inscription (« avant »), une fois six mois plus tard (« après »). Le bilan du programme compare les
        réponses, sans jamais nommer personne.
      </p>
      <dl className="facts">
        <div>
          <dt>Questionnaire « avant »</dt>
          <dd>
            {state.before ? `rempli le ${calendarDayText(state.before.answeredOn)}` : 'pas encore rempli'}
          </dd>
        </div>
        <div>
          <dt>Questionnaire « après »</dt>
          <dd>
            {state.after
              ? `rempli le ${calendarDayText(state.after.answeredOn)}`
              : next?.dueFrom
                ? `à remplir à partir du ${calendarDayText(next.dueFrom)}`
                : 'six mois après le premier'}
          </dd>
        </div>
      </dl>

      {next === null ? (
        <p>Ce foyer a répondu aux deux questionnaires. Merci !</p>
      ) : !next.open ? (
        <p>
          Le questionnaire « après » pourra être rempli à partir du{' '}
          <strong>{calendarDayText(next.dueFrom ?? today)}</strong>. Il apparaîtra alors dans la liste des{' '}
          <Link to="/questionnaires">questionnaires à faire</Link>.
        </p>
      ) : (
        <section aria-labelledby="form-title" id="questionnaire">
          <h2 id="form-title">Remplir le {momentText(next.moment)}</h2>
          <Form method="post" action={`/foyers/${state.householdId}/questionnaire#questionnaire`}>
            <FormErrors errors={errors['']} />
            <input type="hidden" name="moment" value={next.moment} />
            <p>
              Toutes les questions sont facultatives. Si la personne ne souhaite pas répondre, enregistrez le
              questionnaire vide : c’est une réponse aussi.
            </p>
            <div className={`field${errors.answeredOn ? ' has-error' : ''}`}>
              <label htmlFor="answeredOn">Date des réponses</label>
              <p className="hint" id="answeredOn-hint">
                Aujourd’hui, ou le jour où le foyer a rempli un questionnaire papier.
              </p>
              <FieldAlert id="answeredOn-error" errors={errors.answeredOn} />
              <input
                id="answeredOn"
                name="answeredOn"
                type="date"
                max={today}
                defaultValue={failed?.answeredOn || today}
                aria-invalid={errors.answeredOn ? true : undefined}
                aria-describedby={`answeredOn-hint${errors.answeredOn ? ' answeredOn-error' : ''}`}
              />
            </div>
            <QuestionnaireFields
              questionnaire={state.questionnaire}
              values={failed?.values}
              errors={errors}
            />
            <button type="submit">Enregistrer le {momentText(next.moment)}</button>
          </Form>
        </section>
      )}
    </Page>
  );
}
