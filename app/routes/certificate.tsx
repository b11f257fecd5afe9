// One certificate: what it says, its downloads (PDF and Open Badges credential), its public verification address,
// and for the coordinator its revocation with a reason.
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
import { z } from 'zod';
import {
  certificateRefusalMessage,
  getCertificate,
  revokeCertificate,
} from '../../src/certificates/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { SingleLine } from '../../src/platform/validation.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { certificate?: { code: string } } }) => [
  { title: `Certificat ${loaded?.certificate?.code ?? ''} — Palier` },
];

const RevokeForm = z.object({
  reason: SingleLine(3, 300, 'Dites pourquoi le certificat est révoqué.'),
});

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  const { db, config } = services(context);
  const found = await getCertificate({ db, actor, certificateId: intParam(params.id) });
  const areas: { area: string; titles: string[] }[] = [];
  for (const c of found.competencies) {
    const group = areas.find((a) => a.area === c.area);
    if (group) group.titles.push(`${c.code} ${c.title}`);
    else areas.push({ area: c.area, titles: [`${c.code} ${c.title}`] });
  }
  return {
    certificate: {
      id: found.id,
      code: found.code,
      memberId: found.memberId,
      holderName: found.holderName,
      levelTitle: found.levelTitle,
      frameworkLabel: found.frameworkLabel,
      areas,
      issuedOn: found.issuedOn,
      issuedBy: found.issuedBy,
      issuerName: found.issuerName,
      programmeName: found.programmeName,
      revokedAt: found.revokedAt ? found.revokedAt.toISOString() : null,
      revokedBy: found.revokedBy,
      revokeReason: found.revokeReason,
    },
    verifyUrl: `${config.baseUrl.replace(/\/$/, '')}/verify/${found.code}`,
    canRevoke: found.canRevoke,
    canSeePerson: actor.role !== 'resident' && canAtAll(actor, 'household.read'),
    done: new URL(request.url).searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.revoke');
  const certificateId = intParam(params.id);
  const form = await readForm(request);
  const reason = String(form.get('reason') ?? '');
  const parsed = RevokeForm.safeParse({ reason });
  if (!parsed.success)
    return data({ errors: { reason: parsed.error.issues.map((i) => i.message) }, reason }, { status: 400 });
  const done = await revokeCertificate({
    db: services(context).db,
    actor,
    certificateId,
    reason: parsed.data.reason,
  });
  if (!done.ok)
    return data({ errors: { '': [certificateRefusalMessage(done.reason)] }, reason }, { status: 409 });
  return redirect(`/certificats/${certificateId}?fait=revoque`);
});

export default function Certificate() {
  const { certificate: c, verifyUrl, canRevoke, canSeePerson, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> = failed?.errors ?? {};
  const { date } = useI18n();
  const status =
    done === 'delivre'
      ? 'Le certificat est délivré. Donnez-le à la personne : imprimez le PDF ou envoyez-le lui.'
      : done === 'revoque'
        ? 'Le certificat est révoqué. La page de vérification le dit désormais.'
        : null;
  return (
    <Page title={`Certificat ${c.code}`} crumbs={[{ to: '/certificats', label: 'Certificats' }]}>
      {status ? <Notice>{status}</Notice> : null}
      {c.revokedAt ? (
        <div className="vote-problem">
          <p>
            <strong>
              Certificat révoqué le {date(c.revokedAt)}
              {c.revokedBy ? ` par ${c.revokedBy}` : ''}.
            </strong>
          </p>
          {c.revokeReason ? <p>Raison : {c.revokeReason}</p> : null}
        </div>
      ) : (
        <p>
          <strong>Certificat valide.</strong>
        </p>
      )}
      <dl className="facts">
        <dt>Code</dt>
        <dd>
          <code id="code">{c.code}</code>
        </dd>
        <dt>Titulaire</dt>
        <dd>
          {c.holderName}
          {canSeePerson ? (
            <>
              {' '}
              (<Link to={`/competences/personnes/${c.memberId}`}>voir ses compétences</Link>)
            </>
          ) : null}
        </dd>
        <dt>Niveau</dt>
        <dd>{c.levelTitle}</dd>
        <dt>Référentiel</dt>
        <dd>{c.frameworkLabel}</dd>
        <dt>Délivré le</dt>
        <dd>{date(c.issuedOn)}</dd>
        <dt>Délivré par</dt>
        <dd>{c.issuerName}</dd>
        {c.issuedBy ? (
          <>
            <dt>Enregistré par</dt>
            <dd>{c.issuedBy}</dd>
          </>
        ) : null}
        <dt>Programme</dt>
        <dd>{c.programmeName}</dd>
      </dl>

      <section aria-labelledby="competences-title">
        <h2 id="competences-title">Compétences reconnues</h2>
        {c.areas.map((a) => (
          <div key={a.area}>
            <h3>{a.area}</h3>
            <ul className="links">
              {a.titles.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        <ul className="links">
          <li>
            <a href={`/certificats/${c.id}/certificat`} download>
              Télécharger le certificat (PDF)
            </a>
          </li>
          <li>
            <a href={`/certificats/${c.id}/badge`} download>
              Télécharger le badge numérique (Open Badges)
            </a>
          </li>
        </ul>
        <p>
          Vérification publique (pour un employeur) :{' '}
          <a href={verifyUrl} id="verify-url">
            {verifyUrl}
          </a>
        </p>
      </section>

      {canRevoke && !c.revokedAt ? (
        <section aria-labelledby="revoquer-title" id="revoquer">
          <h2 id="revoquer-title">Révoquer le certificat</h2>
          <p>
            Un certificat révoqué reste dans la liste. La page de vérification dit qu’il est révoqué et depuis
            quand.
          </p>
          <Form method="post" action={`/certificats/${c.id}#revoquer`} className="narrow">
            <FormErrors errors={errors['']} />
            <div className={`field${errors.reason?.length ? ' has-error' : ''}`}>
              <label htmlFor="reason">
                Raison de la révocation<span aria-hidden="true"> *</span>
              </label>
              <p className="hint" id="reason-hint">
                Par exemple : délivré à la mauvaise personne.
              </p>
              {errors.reason?.length ? (
                <p className="field-error" id="reason-error" role="alert">
                  {errors.reason.join(' ')}
                </p>
              ) : null}
              <input
                id="reason"
                name="reason"
                type="text"
                required
                defaultValue={failed?.reason}
                aria-invalid={errors.reason?.length ? true : undefined}
                aria-describedby={errors.reason?.length ? 'reason-hint reason-error' : 'reason-hint'}
              />
            </div>
            <button type="submit">Révoquer le certificat</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
