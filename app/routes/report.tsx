// /bilans/:id: a report as a web page — the same content as its PDF: the summary, the coordinator's sections, the
// indicator tables under statistical secrecy with their charts, the testimonies. A published report is public
// (anyone, signed in or not); a draft is the coordinator's, who edits it and publishes it after a confirmation.
import {
  type ActionFunctionArgs,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useLoaderData,
} from 'react-router';
import { getReportContent, publishReport } from '../../src/impact/index.ts';
import { actorFor } from '../../src/partners/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { Notice } from '../components/form.tsx';
import { ImpactChart } from '../components/impact-chart.tsx';
import { Page, Section } from '../components/page.tsx';
import { StatTableView } from '../components/stat-table.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { clientIp, currentUser, intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { report?: { title: string } } }) => [
  { title: `${loaded?.report?.title ?? 'Bilan'} — Palier` },
];

const notices: Record<string, string> = {
  cree: 'Le bilan est créé. Écrivez sa synthèse et ses sections, choisissez les témoignages, puis publiez-le.',
  enregistre: 'Le bilan est enregistré.',
  publie: 'Le bilan est publié : ses chiffres sont figés et tout le monde peut le lire, en ligne ou en PDF.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const staff = await currentUser(request, context);
  const actor = staff ? actorFor(staff, { ip: clientIp(context), channel: 'web' }) : null;
  const reportId = intParam(params.id);
  const { indicators, ...report } = await getReportContent({ db: services(context).db, actor, reportId });
  const url = new URL(request.url);
  const draft = report.status !== 'published';
  const { chapters, publishedAt, ...rest } = report;
  return {
    report: {
      ...rest,
      id: reportId,
      publishedOn: publishedAt ? calendarDayText(localDate(new Date(publishedAt))) : null,
      chapters,
    },
    signedIn: actor !== null,
    confirming: draft && report.canManage && url.searchParams.get('publier') === '1',
    notice: notices[url.searchParams.get('fait') ?? ''] ?? null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.manage');
  const reportId = intParam(params.id);
  const form = await readForm(request);
  // Published twice (from two tabs): it is published all the same.
  if (form.get('intent') === 'publish') await publishReport({ db: services(context).db, actor, reportId });
  return redirect(`/bilans/${reportId}?fait=publie`);
});

/** Typed text: paragraphs separated by blank lines, line breaks kept. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a text have no other identity
          <p key={i} style={{ whiteSpace: 'pre-line' }}>
            {p}
          </p>
        ))}
    </>
  );
}

export default function Report() {
  const { report, signedIn, confirming, notice } = useLoaderData<typeof loader>();
  const draft = report.status !== 'published';
  const manage = report.canManage && draft;
  return (
    <Page title={report.title} crumbs={signedIn ? [{ to: '/bilans', label: 'Bilans' }] : []}>
      {notice ? <Notice>{notice}</Notice> : null}
      <dl className="facts">
        <div>
          <dt>Programme</dt>
          <dd>{report.programmeName}</dd>
        </div>
        <div>
          <dt>Territoire</dt>
          <dd>{report.areaLabel}</dd>
        </div>
        <div>
          <dt>Période</dt>
          <dd>{report.periodText}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            {report.publishedOn
              ? `Publié le ${report.publishedOn} : les chiffres sont ceux de ce jour-là`
              : 'Projet, visible par la coordination seulement : les chiffres sont calculés à chaque lecture'}
          </dd>
        </div>
      </dl>

      <ul className="links">
        <li>
          <a href={`/bilans/${report.id}/bilan.pdf`} download>
            Télécharger le PDF
          </a>
        </li>
        {manage ? (
          <>
            <li>
              <Link to={`/bilans/${report.id}/modifier`}>Modifier</Link>
            </li>
            <li>
              <Link to={`/bilans/${report.id}/modifier#temoignages`}>Choisir les témoignages</Link>
            </li>
            {confirming ? null : (
              <li>
                <Link to={`/bilans/${report.id}?publier=1#publier`}>Publier</Link>
              </li>
            )}
          </>
        ) : null}
      </ul>

      {confirming ? (
        <section id="publier" aria-labelledby="publier-title" className="notice">
          <h2 id="publier-title">Publier ce bilan ?</h2>
          <p>
            Ses chiffres seront figés à aujourd’hui et il ne pourra plus être modifié. Tout le monde pourra le
            lire, en ligne ou en PDF, même sans compte. Un témoignage retiré plus tard disparaîtra du bilan.
          </p>
          <Form method="post" className="inline">
            <button type="submit" name="intent" value="publish">
              Confirmer la publication
            </button>{' '}
            <Link to={`/bilans/${report.id}`}>Annuler</Link>
          </Form>
        </section>
      ) : null}

      <Section id="synthese" title="Synthèse">
        <p>{report.headline.join(' ')}</p>
        <Paragraphs text={report.summary} />
      </Section>

      {report.sections.map((section, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections are in the order written
        <Section key={i} id={`section-${i + 1}`} title={section.heading}>
          <Paragraphs text={section.body} />
        </Section>
      ))}

      {report.chapters.map((chapter) => (
        <Section key={chapter.id} id={chapter.id} title={chapter.title}>
          {chapter.chart ? <ImpactChart svg={chapter.chart} /> : null}
          {chapter.tables.map(({ table, chart }) => (
            <div key={table.id} id={`t-${table.id}`} style={{ marginTop: '2rem' }}>
              {chart ? <ImpactChart svg={chart} /> : null}
              <StatTableView table={table} threshold={report.threshold} />
            </div>
          ))}
        </Section>
      ))}

      <Section id="temoignages" title="Témoignages">
        {report.testimonies.length === 0 ? (
          <p>
            Aucun témoignage dans ce bilan.
            {manage ? (
              <>
                {' '}
                <Link to={`/bilans/${report.id}/modifier#temoignages`}>Choisir des témoignages</Link>
              </>
            ) : null}
          </p>
        ) : (
          report.testimonies.map((t) => (
            <figure key={t.id}>
              <blockquote>
                <p>« {t.quote} »</p>
              </blockquote>
              <figcaption>
                — {t.author}
                {t.context ? `, ${t.context}` : ''}
              </figcaption>
            </figure>
          ))
        )}
      </Section>
    </Page>
  );
}
