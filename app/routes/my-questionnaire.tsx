// /mon-questionnaire: a resident answers the before/after questionnaire for their household (at sign-up, then six
// months later), in plain words, every question optional; and withdraws a testimony they gave, if they changed their
// mind. A light page, without JavaScript.
import {
  type ActionFunctionArgs,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { getHouseholdQuestionnaire, listOwnTestimonies, withdrawTestimony } from '../../src/impact/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { QuestionnaireFields } from '../components/questionnaire-form.tsx';
import { Problem } from '../components/resident-choices.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { recordPostedQuestionnaire } from '../lib/questionnaire.server.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Mon questionnaire — Palier' }];

const notices: Record<string, string> = {
  before: 'Merci ! Vos réponses sont enregistrées.',
  after: 'Merci ! Vos réponses sont enregistrées. Elles aident à améliorer le programme.',
  retire: 'C’est fait : votre témoignage est retiré. Vos mots sont effacés.',
  'deja-retire': 'Ce témoignage était déjà retiré.',
};

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  if (actor.role !== 'resident' || !actor.householdId)
    throw redirect(canAtAll(actor, 'questionnaire.record') ? '/questionnaires' : '/');
  const { db } = services(context);
  const today = localDate(new Date());
  const [state, testimonies] = await Promise.all([
    getHouseholdQuestionnaire({ db, actor, householdId: actor.householdId, today }),
    listOwnTestimonies({ db, actor }),
  ]);
  const url = new URL(request.url);
  const done = url.searchParams.get('fait');
  return {
    state,
    testimonies: testimonies.map((t) => ({
      id: t.id,
      quote: t.quote,
      context: t.context,
      consentOn: t.consentOn,
      name: t.attribution === 'first_name' ? t.firstName : null,
    })),
    confirm: optionalIntParam(url.searchParams.get('retirer')) ?? null,
    notice: done ? (notices[done] ?? null) : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'questionnaire.record');
  if (actor.role !== 'resident' || !actor.householdId) throw redirect('/');
  const { db } = services(context);
  const form = await readForm(request);
  if (form.get('intent') === 'withdraw') {
    const done = await withdrawTestimony({
      db,
      actor,
      testimonyId: intParam(String(form.get('testimonyId'))),
    });
    return redirect(`/mon-questionnaire?fait=${done.ok ? 'retire' : 'deja-retire'}#temoignages`);
  }
  const result = await recordPostedQuestionnaire({ db, actor, householdId: actor.householdId, form });
  if (!result.ok) return result.response;
  return redirect(`/mon-questionnaire?fait=${result.moment}`);
});

export default function MyQuestionnaire() {
  const { state, testimonies, confirm, notice } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors ?? {};
  const next = state.next;
  return (
    <Page title="Mon questionnaire">
      <div className="resident">
        {notice ? <Notice>{notice}</Notice> : null}
        <p className="lead">
          Quelques questions sur Internet et sur votre vie de tous les jours. Vous répondez une fois au début,
          puis une fois six mois plus tard. Cela nous aide à savoir si le programme est utile.
        </p>
        <p>
          Vous pouvez répondre à toutes les questions, à quelques-unes, ou à aucune. Vos réponses restent
          anonymes dans les bilans : personne ne verra votre nom.
        </p>

        <section aria-labelledby="questions-title" id="questions">
          {next === null ? (
            <>
              <h2 id="questions-title">C’est fini</h2>
              <p>Vous avez répondu aux deux questionnaires. Merci beaucoup !</p>
            </>
          ) : !next.open ? (
            <>
              <h2 id="questions-title">Le prochain questionnaire</h2>
              <p>
                Vous avez déjà répondu le {calendarDayText(state.before?.answeredOn ?? '')}. Merci ! Nous vous
                poserons les mêmes questions à partir du{' '}
                <strong>{calendarDayText(next.dueFrom ?? '')}</strong>.
              </p>
            </>
          ) : (
            <>
              <h2 id="questions-title">
                {next.moment === 'before' ? 'Vos réponses' : 'Six mois plus tard : vos réponses'}
              </h2>
              <Form method="post" action="/mon-questionnaire#questions">
                <input type="hidden" name="moment" value={next.moment} />
                <Problem id="questions-error" errors={errors['']} />
                <QuestionnaireFields
                  questionnaire={state.questionnaire}
                  values={failed?.values}
                  errors={errors}
                  plain
                />
                <button type="submit" className="big-button">
                  Envoyer mes réponses
                </button>
              </Form>
            </>
          )}
        </section>

        {testimonies.length ? (
          <section aria-labelledby="temoignages-title" id="temoignages">
            <h2 id="temoignages-title">Ce que vous avez dit sur le programme</h2>
            <p>
              Vous avez accepté que ces mots soient lus dans les bilans. Vous pouvez changer d’avis : ils
              seront alors effacés.
            </p>
            <ul className="links">
              {testimonies.map((t) => (
                <li key={t.id} id={`temoignage-${t.id}`}>
                  <blockquote>
                    <p>« {t.quote} »</p>
                  </blockquote>
                  <p className="hint">
                    {t.name ? `Avec votre prénom, ${t.name}` : 'Sans votre nom'}
                    {t.context ? ` — ${t.context}` : ''}
                  </p>
                  {confirm === t.id ? (
                    <div className="vote-problem">
                      <p>Voulez-vous vraiment retirer ces mots ? Ils seront effacés pour toujours.</p>
                      <Form method="post" action="/mon-questionnaire">
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="testimonyId" value={t.id} />
                        <button type="submit" className="big-button">
                          Oui, retirer mes mots
                        </button>
                      </Form>
                      <p>
                        <Link to="/mon-questionnaire#temoignages">Non, je les laisse</Link>
                      </p>
                    </div>
                  ) : (
                    <form method="get" action={`/mon-questionnaire#temoignage-${t.id}`}>
                      <input type="hidden" name="retirer" value={t.id} />
                      <button type="submit" className="secondary">
                        Retirer mes mots
                        <span className="visually-hidden"> du {calendarDayText(t.consentOn)}</span>
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <p>
          <Link to="/">Retour à l’accueil</Link>
        </p>
      </div>
    </Page>
  );
}
