// The competency frameworks: what the Visa Internet validates (areas, competencies, what the facilitator observes),
// its levels, and the Pix competencies each one leads to.
import { type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listFrameworks } from '../../src/certificates/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Compétences du Visa Internet — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  await requireActor(request, context);
  const frameworks = await listFrameworks({ db: services(context).db });
  // The newest version of the Pix reference names the competencies ours lead to.
  const pix = frameworks.filter((f) => f.kind === 'reference' && f.code === 'pix').at(-1);
  const pixTitles = Object.fromEntries((pix?.competencies ?? []).map((c) => [c.code, c.title] as const));
  return {
    frameworks: frameworks.map((f) => {
      const titles = new Map(f.competencies.map((c) => [c.code, c.title] as const));
      const areas: { code: string; title: string; competencies: typeof f.competencies }[] = [];
      for (const c of f.competencies) {
        const area = areas.find((a) => a.code === c.areaCode);
        if (area) area.competencies.push(c);
        else areas.push({ code: c.areaCode, title: c.areaTitle, competencies: [c] });
      }
      return {
        id: f.id,
        code: f.code,
        version: f.version,
        title: f.title,
        description: f.description,
        kind: f.kind,
        publishedOn: f.publishedOn,
        areas: areas.map((a) => ({
          code: a.code,
          title: a.title,
          competencies: a.competencies.map((c) => ({
            id: c.id,
            code: c.code,
            title: c.title,
            observe: c.observe,
            pix: c.pixRefs.map((code) => ({ code, title: pixTitles[code] ?? '' })),
          })),
        })),
        levels: f.levels.map((l) => ({
          id: l.id,
          title: l.title,
          description: l.description,
          required: l.required.map((code) => ({ code, title: titles.get(code) ?? '' })),
        })),
      };
    }),
  };
});

type Framework = ReturnType<typeof useLoaderData<typeof loader>>['frameworks'][number];

function CertificateFramework({ framework }: { framework: Framework }) {
  const id = `referentiel-${framework.id}`;
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{framework.title}</h2>
      <p>
        {framework.description} <span className="muted">Version {framework.version}.</span>
      </p>

      <h3>Les niveaux du certificat</h3>
      {framework.levels.map((l) => (
        <div key={l.id} className="operation">
          <p>
            <strong>{l.title}</strong> — {l.description}
          </p>
          <p>Compétences à valider ({l.required.length}) :</p>
          <ul className="links">
            {l.required.map((c) => (
              <li key={c.code}>
                {c.code} {c.title}
              </li>
            ))}
          </ul>
        </div>
      ))}

      {framework.areas.map((a) => (
        <section key={a.code} aria-labelledby={`${id}-${a.code}`}>
          <h3 id={`${id}-${a.code}`}>
            {a.code} — {a.title}
          </h3>
          <dl>
            {a.competencies.map((c) => (
              <div key={c.id} className="operation">
                <dt>
                  <strong>
                    {c.code} {c.title}
                  </strong>
                </dt>
                <dd>Ce que l’animateur observe : {c.observe}</dd>
                {c.pix.length ? (
                  <dd>
                    Mène vers{' '}
                    {c.pix.map((p, i) => (
                      <span key={p.code}>
                        {i > 0 ? ', ' : ''}Pix {p.code}
                        {p.title ? ` ${p.title}` : ''}
                      </span>
                    ))}
                    .
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
        </section>
      ))}
    </section>
  );
}

function ReferenceFramework({ framework }: { framework: Framework }) {
  const id = `referentiel-${framework.id}`;
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>Pour aller plus loin : {framework.title}</h2>
      <p>
        {framework.description} <span className="muted">Version {framework.version}.</span> Le Visa Internet
        n’évalue pas ces compétences : il prépare à les travailler.
      </p>
      {framework.areas.map((a) => (
        <div key={a.code}>
          <h3>
            {a.code}. {a.title}
          </h3>
          <ul className="links">
            {a.competencies.map((c) => (
              <li key={c.id}>
                {c.code} {c.title}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export default function Competences() {
  const { frameworks } = useLoaderData<typeof loader>();
  const certificate = frameworks.filter((f) => f.kind === 'certificate');
  const reference = frameworks.filter((f) => f.kind === 'reference');
  return (
    <Page title="Compétences du Visa Internet">
      <p className="lead">
        Les animateurs et animatrices valident les compétences qu’ils voient une personne maîtriser, en
        atelier ou ailleurs. Quand toutes les compétences d’un niveau sont validées, la personne reçoit son
        certificat.
      </p>
      {certificate.map((f) => (
        <CertificateFramework key={f.id} framework={f} />
      ))}
      {reference.map((f) => (
        <ReferenceFramework key={f.id} framework={f} />
      ))}
    </Page>
  );
}
