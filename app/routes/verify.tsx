// /verify and /verify/:code: anyone (an employer) checks a certificate with its code. Public, no JavaScript, plain
// French; it shows the certificate and its status and nothing else about the person. Lookups are rate-limited.
import { data, type HeadersFunction, type LoaderFunctionArgs, redirect, useLoaderData } from 'react-router';
import {
  normaliseVerificationCode,
  type PublicCertificate,
  verifyCertificate,
} from '../../src/certificates/index.ts';
import { useI18n } from '../lib/i18n.ts';
import { clientIp, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [
  { title: 'Vérifier un certificat — Palier' },
  { name: 'robots', content: 'noindex' },
];

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers(loaderHeaders);
  out.set('X-Robots-Tag', 'noindex');
  return out;
};

type Outcome =
  | { kind: 'start' }
  | { kind: 'found'; certificate: PublicCertificate }
  | { kind: 'malformed' | 'unknown'; typed: string }
  | { kind: 'too_many'; minutes: number };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  let typed = params.code;
  if (typed === undefined) {
    // The form is a GET: /verify?code=… goes to the code's own address when it can be a code.
    const asked = new URL(request.url).searchParams.get('code')?.slice(0, 60).trim();
    if (!asked) return { kind: 'start' } as Outcome;
    const code = normaliseVerificationCode(asked);
    if (code) throw redirect(`/verify/${code}`);
    typed = asked;
  }
  typed = typed.slice(0, 60);
  const { db, verifyLimiter } = services(context);
  const result = await verifyCertificate({ db, limiter: verifyLimiter, typed, ip: clientIp(context) });
  if (result.found) return { kind: 'found', certificate: result.certificate } as Outcome;
  switch (result.reason) {
    case 'too_many': {
      const seconds = Math.max(60, result.retryAfterSeconds ?? 600);
      return data({ kind: 'too_many', minutes: Math.ceil(seconds / 60) } as Outcome, {
        status: 429,
        headers: { 'Retry-After': String(seconds) },
      });
    }
    case 'unknown':
      return data({ kind: 'unknown', typed: normaliseVerificationCode(typed) ?? typed } as Outcome, {
        status: 404,
      });
    default:
      return data({ kind: 'malformed', typed } as Outcome, { status: 400 });
  }
}

export default function Verify() {
  const outcome = useLoaderData<typeof loader>() as Outcome;
  return (
    <div className="public-vote">
      <h1>Vérifier un certificat</h1>
      {outcome.kind === 'start' ? (
        <>
          <p>
            Le Visa Internet reconnaît les compétences de base sur l’ordinateur et Internet. Tapez le code du
            certificat pour savoir s’il est authentique.
          </p>
          <CodeForm />
        </>
      ) : null}
      {outcome.kind === 'found' ? <Found certificate={outcome.certificate} /> : null}
      {outcome.kind === 'unknown' ? (
        <>
          <div className="vote-problem" role="alert">
            <h2>Certificat inconnu</h2>
            <p>
              Aucun certificat ne porte le code <strong>{outcome.typed}</strong>. Vérifiez que le code est
              bien recopié.
            </p>
          </div>
          <CodeForm typed={outcome.typed} invalid />
        </>
      ) : null}
      {outcome.kind === 'malformed' ? (
        <>
          <div className="vote-problem" role="alert">
            <h2>Ce code n’a pas la bonne forme</h2>
            <p>
              Un code de certificat commence par P- suivi de 8 lettres ou chiffres, par exemple P-7K3M9Q2X. Il
              figure en bas du certificat.
            </p>
          </div>
          <CodeForm typed={outcome.typed} invalid />
        </>
      ) : null}
      {outcome.kind === 'too_many' ? (
        <div className="vote-problem" role="alert">
          <h2>Trop de vérifications</h2>
          <p>
            Trop de codes ont été vérifiés depuis votre connexion. Revenez dans{' '}
            {outcome.minutes > 1 ? `${outcome.minutes} minutes` : 'une minute'}.
          </p>
        </div>
      ) : null}
    </div>
  );
}

function CodeForm({ typed, invalid }: { typed?: string; invalid?: boolean }) {
  return (
    <form method="get" action="/verify" className="vote-code">
      <label htmlFor="code">Code du certificat</label>
      <p className="hint" id="code-hint">
        Il commence par P- et figure en bas du certificat.
      </p>
      <input
        id="code"
        name="code"
        className="code-input"
        defaultValue={typed}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={40}
        aria-describedby="code-hint"
        aria-invalid={invalid || undefined}
      />
      <button type="submit" className="big-button">
        Vérifier
      </button>
    </form>
  );
}

function Found({ certificate: c }: { certificate: PublicCertificate }) {
  const { date } = useI18n();
  const areas: { area: string; titles: string[] }[] = [];
  for (const k of c.competencies) {
    const group = areas.find((a) => a.area === k.area);
    if (group) group.titles.push(k.title);
    else areas.push({ area: k.area, titles: [k.title] });
  }
  return (
    <>
      {c.status === 'valid' ? (
        <div className="vote-done">
          <h2>Certificat valide</h2>
          <p>Ce certificat a bien été délivré, et il n’a pas été retiré.</p>
        </div>
      ) : (
        <div className="vote-problem">
          <h2>Certificat révoqué le {date(c.revokedOn)}</h2>
          <p>Ce certificat a été délivré, puis retiré. Il ne compte plus.</p>
        </div>
      )}
      <dl className="facts">
        <dt>Code</dt>
        <dd>{c.code}</dd>
        <dt>Titulaire</dt>
        <dd>
          <strong>{c.holderName}</strong>
        </dd>
        <dt>Niveau</dt>
        <dd>
          {c.levelTitle}
          <br />
          <span className="muted">{c.frameworkLabel}</span>
        </dd>
        <dt>Délivré le</dt>
        <dd>{date(c.issuedOn)}</dd>
        <dt>Délivré par</dt>
        <dd>{c.issuerName}</dd>
        <dt>Programme</dt>
        <dd>{c.programmeName}</dd>
      </dl>
      <h2>Compétences reconnues</h2>
      {areas.map((a) => (
        <div key={a.area}>
          <h3>{a.area}</h3>
          <ul className="links">
            {a.titles.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      ))}
      <h2>Vérifier un autre code</h2>
      <CodeForm />
    </>
  );
}
