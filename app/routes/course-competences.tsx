// A course's participants against the competencies it works on: one tap validates what the facilitator saw.
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
  certificateRefusalMessage,
  courseProgress,
  memberProgress,
  validateCompetency,
} from '../../src/certificates/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { ForbiddenError } from '../../src/platform/permissions/index.ts';
import { dayText, hourText } from '../../src/workshops/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { title?: string } }) => [
  { title: `Compétences — ${loaded?.title ?? 'Atelier'} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'competency.validate');
  const { db } = services(context);
  const courseId = intParam(params.id);
  const progress = await courseProgress({ db, actor, courseId });
  const now = new Date();
  // Held sessions, newest first: the validations of the day usually come from the last one.
  const held = progress.sessions
    .filter((s) => s.status !== 'cancelled' && s.startsAt <= now)
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
    .map((s) => ({ id: s.id, label: `${dayText(s.startsAt, true)}, ${hourText(s.startsAt)}` }));
  const url = new URL(request.url);
  const chosen = url.searchParams.get('seance');
  const sessionId =
    chosen === 'aucune'
      ? null
      : (held.find((s) => s.id === optionalIntParam(chosen))?.id ?? held[0]?.id ?? null);
  // The dates of what is validated (a course has a handful of people: one look each).
  const dates = new Map<number, string>();
  // A resident of another sector may sign up for the course: their household stays out of the facility's sight.
  const members = await Promise.all(
    progress.people.map((p) =>
      memberProgress({ db, actor, memberId: p.memberId }).catch((error: unknown) => {
        if (error instanceof ForbiddenError) return null;
        throw error;
      }),
    ),
  );
  for (const m of members) for (const v of m?.validations ?? []) dates.set(v.id, v.validatedOn);
  const doneMember = optionalIntParam(url.searchParams.get('m'));
  const doneCompetency = optionalIntParam(url.searchParams.get('k'));
  const certificate = url.searchParams.get('certificat');
  return {
    courseId,
    title: progress.title,
    competencies: progress.competencies,
    people: progress.people.map((p) => ({
      memberId: p.memberId,
      name: p.name,
      cells: progress.competencies.map((c) => {
        const validationId = p.validated[c.code] ?? null;
        return {
          competencyId: c.id,
          code: c.code,
          validatedOn: validationId ? (dates.get(validationId) ?? null) : null,
          validated: validationId !== null,
        };
      }),
    })),
    held,
    sessionId,
    status:
      url.searchParams.get('fait') === 'valide'
        ? {
            who: progress.people.find((p) => p.memberId === doneMember)?.name ?? null,
            what: progress.competencies.find((c) => c.id === doneCompetency) ?? null,
            certificate: certificate && /^P-[0-9A-Z]{8}$/.test(certificate) ? certificate : null,
          }
        : null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'competency.validate');
  const { db } = services(context);
  const courseId = intParam(params.id);
  const form = await readForm(request);
  const memberId = intParam(String(form.get('memberId') ?? ''));
  const competencyId = intParam(String(form.get('competencyId') ?? ''));
  const sessionId = optionalIntParam(String(form.get('sessionId') ?? ''));
  const done = await validateCompetency({
    db,
    actor,
    memberId,
    input: { competencyId, validatedOn: localDate(new Date()), sessionId },
  });
  if (!done.ok)
    return data({ memberId, competencyId, error: certificateRefusalMessage(done.reason) }, { status: 409 });
  const query = new URLSearchParams({ fait: 'valide', m: String(memberId), k: String(competencyId) });
  query.set('seance', sessionId ? String(sessionId) : 'aucune');
  if (done.certificateCode) query.set('certificat', done.certificateCode);
  return redirect(`/ateliers/${courseId}/competences?${query}#p-${memberId}`);
});

export default function CourseCompetences() {
  const { courseId, title, competencies, people, held, sessionId, status } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { date } = useI18n();
  const nameOf = (memberId: number) => people.find((p) => p.memberId === memberId)?.name ?? '';
  return (
    <Page
      title={`Compétences : ${title}`}
      crumbs={[
        { to: '/ateliers', label: 'Ateliers' },
        { to: `/ateliers/${courseId}`, label: title },
      ]}
    >
      {status ? (
        <Notice>
          {status.who && status.what
            ? `C’est validé : ${status.what.code} ${status.what.title} pour ${status.who}.`
            : 'C’est validé.'}
          {status.certificate
            ? ` Toutes les compétences du niveau sont validées : le certificat est délivré (code ${status.certificate}).`
            : ''}
        </Notice>
      ) : null}
      {failed ? (
        <FormErrors
          errors={[nameOf(failed.memberId) ? `${nameOf(failed.memberId)} : ${failed.error}` : failed.error]}
        />
      ) : null}
      <p>
        Quand vous voyez une personne maîtriser une compétence, appuyez sur « Valider ». La date est celle
        d’aujourd’hui. <Link to="/competences">Ce que l’animateur observe pour chaque compétence</Link>.
      </p>

      {competencies.length === 0 ? (
        <p>
          Cet atelier ne travaille pas de compétence du Visa Internet. Vous pouvez valider une compétence
          depuis la page de la personne.
        </p>
      ) : null}

      {competencies.length && held.length ? (
        <form method="get" action={`/ateliers/${courseId}/competences`} className="inline-form">
          <label htmlFor="seance">Séance où vous l’avez vu</label>{' '}
          <select id="seance" name="seance" defaultValue={sessionId ? String(sessionId) : 'aucune'}>
            {held.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
            <option value="aucune">Pas pendant une séance</option>
          </select>{' '}
          <button type="submit" className="secondary">
            Choisir la séance
          </button>
        </form>
      ) : null}

      {people.length === 0 ? (
        <p>Personne n’est inscrit à cet atelier.</p>
      ) : competencies.length ? (
        <table>
          <caption className="visually-hidden">Compétences des personnes inscrites</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              {competencies.map((c) => (
                <th scope="col" key={c.id}>
                  {c.code}
                  <br />
                  <span className="muted">{c.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.memberId} id={`p-${p.memberId}`}>
                <th scope="row">
                  <Link to={`/competences/personnes/${p.memberId}`}>{p.name}</Link>
                </th>
                {p.cells.map((cell) => (
                  <td key={cell.competencyId}>
                    {cell.validated ? (
                      <span>
                        <span aria-hidden="true">✓ </span>validée
                        {cell.validatedOn ? ` le ${date(cell.validatedOn)}` : ''}
                      </span>
                    ) : (
                      <Form method="post" action={`/ateliers/${courseId}/competences`} className="inline">
                        <input type="hidden" name="memberId" value={p.memberId} />
                        <input type="hidden" name="competencyId" value={cell.competencyId} />
                        {sessionId ? <input type="hidden" name="sessionId" value={sessionId} /> : null}
                        <button type="submit" className="secondary">
                          Valider
                          <span className="visually-hidden">
                            {' '}
                            {cell.code} pour {p.name}
                          </span>
                        </button>
                      </Form>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <ul className="links">
          {people.map((p) => (
            <li key={p.memberId}>
              <Link to={`/competences/personnes/${p.memberId}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
