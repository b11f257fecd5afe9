// The certificates issued (the programme's for the coordinator, the facility's own for a facilitator), and for the
// coordinator which facilities may issue and whether issuing is automatic.
import {
  type ActionFunctionArgs,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useLoaderData,
} from 'react-router';
import { issuingSettings, listCertificates, setAutoIssue, setIssuer } from '../../src/certificates/index.ts';
import { can } from '../../src/platform/permissions/index.ts';
import { Notice } from '../components/form.tsx';
import { NextPage, Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Certificats — Palier' }];

const pageSize = 50;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  if (actor.role === 'resident') throw redirect('/mes-ateliers#certificats');
  const { db } = services(context);
  const url = new URL(request.url);
  const beforeId = optionalIntParam(url.searchParams.get('avant'));
  const coordinates = can(actor, 'certificate.revoke', { programmeId: actor.programmeId });
  const [rows, settings] = await Promise.all([
    listCertificates({ db, actor, beforeId, limit: pageSize + 1 }),
    coordinates ? issuingSettings({ db, actor }) : null,
  ]);
  const items = rows.slice(0, pageSize);
  return {
    items: items.map((c) => ({
      id: c.id,
      code: c.code,
      holderName: c.holderName,
      levelTitle: c.levelTitle,
      issuerName: c.issuerName,
      issuedOn: c.issuedOn,
      revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
    })),
    next: rows.length > pageSize ? (items.at(-1)?.id ?? null) : null,
    settings,
    done: url.searchParams.get('fait'),
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.revoke');
  const { db } = services(context);
  const form = await readForm(request);
  switch (String(form.get('intent') ?? '')) {
    case 'auto-issue':
      await setAutoIssue({ db, actor, auto: form.get('auto') === 'on' });
      return redirect('/certificats?fait=auto#delivrance');
    case 'issuer':
      await setIssuer({
        db,
        actor,
        organisationId: intParam(String(form.get('organisationId') ?? '')),
        authorised: form.get('authorised') === 'true',
      });
      return redirect('/certificats?fait=lieu#delivrance');
    default:
      return redirect('/certificats');
  }
});

export default function Certificates() {
  const { items, next, settings, done } = useLoaderData<typeof loader>();
  const { date } = useI18n();
  const status =
    done === 'auto'
      ? 'Le réglage de la délivrance automatique est enregistré.'
      : done === 'lieu'
        ? 'Les lieux autorisés sont enregistrés.'
        : null;
  return (
    <Page title="Certificats">
      {status ? <Notice>{status}</Notice> : null}
      <p>
        Le Visa Internet reconnaît les compétences de base validées en atelier. Chaque certificat a un code
        qu’un employeur peut vérifier sur la <Link to="/verify">page de vérification</Link>.{' '}
        <Link to="/competences">Voir les compétences et les niveaux</Link>.
      </p>

      <section aria-labelledby="liste-title" id="liste">
        <h2 id="liste-title">Certificats délivrés</h2>
        {items.length === 0 ? (
          <p>Aucun certificat pour le moment.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Certificats délivrés, les plus récents d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Titulaire</th>
                <th scope="col">Niveau</th>
                <th scope="col">Délivré par</th>
                <th scope="col">Date</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Link to={`/certificats/${c.id}`}>{c.code}</Link>
                  </td>
                  <td>{c.holderName}</td>
                  <td>{c.levelTitle}</td>
                  <td>{c.issuerName}</td>
                  <td>{date(c.issuedOn)}</td>
                  <td>{c.revokedAt ? <strong>Révoqué le {date(c.revokedAt)}</strong> : 'Valide'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <NextPage cursor={next} param="avant" />
      </section>

      {settings ? (
        <section aria-labelledby="delivrance-title" id="delivrance">
          <h2 id="delivrance-title">Délivrance des certificats</h2>
          <h3>Délivrance automatique</h3>
          <Form method="post" action="/certificats#delivrance" className="narrow">
            <input type="hidden" name="intent" value="auto-issue" />
            <div className="check">
              <input
                type="checkbox"
                id="auto"
                name="auto"
                defaultChecked={settings.auto}
                aria-describedby="auto-hint"
              />
              <label htmlFor="auto">
                Délivrer le certificat dès que les compétences d’un niveau sont validées
              </label>
            </div>
            <p className="hint" id="auto-hint">
              Seulement par un lieu autorisé ci-dessous. Sans cette case, l’animateur délivre le certificat
              lui-même depuis la page de la personne.
            </p>
            <button type="submit">Enregistrer</button>
          </Form>

          <h3>Lieux autorisés à délivrer</h3>
          {settings.facilities.length === 0 ? (
            <p>Aucun lieu de médiation numérique n’est partenaire du programme.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Lieux autorisés à délivrer des certificats</caption>
              <thead>
                <tr>
                  <th scope="col">Lieu</th>
                  <th scope="col">Autorisation</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {settings.facilities.map((f) => (
                  <tr key={f.id}>
                    <td>{f.name}</td>
                    <td>{f.authorised ? <strong>Autorisé</strong> : 'Non autorisé'}</td>
                    <td>
                      <Form method="post" action="/certificats#delivrance" className="inline">
                        <input type="hidden" name="intent" value="issuer" />
                        <input type="hidden" name="organisationId" value={f.id} />
                        <input type="hidden" name="authorised" value={f.authorised ? 'false' : 'true'} />
                        <button type="submit" className="secondary">
                          {f.authorised ? 'Retirer l’autorisation' : 'Autoriser'}
                          <span className="visually-hidden"> : {f.name}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Page>
  );
}
