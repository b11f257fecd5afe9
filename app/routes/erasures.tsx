// The register of erasures (GDPR art. 17): when, why and by whom a household's data was erased, and what was done —
// the proof, naming nobody. Newest first, a page at a time.
import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { ForbiddenError } from '../../src/platform/permissions/index.ts';
import {
  erasureCauseLabels,
  erasureCountsText,
  listErasures,
  mayReadErasures,
  personalDataModules,
} from '../../src/privacy/index.ts';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Registre des effacements — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  if (!mayReadErasures(actor)) throw new ForbiddenError('personal_data.erase');
  const beforeId = optionalIntParam(new URL(request.url).searchParams.get('avant'));
  const page = await listErasures({ db: services(context).db, actor, beforeId, limit: 50 });
  return { ...page, first: beforeId === undefined };
});

const moduleTitles: Record<string, string> = {
  ...Object.fromEntries(personalDataModules.map((m) => [m.key, m.title])),
  audit: 'Journal des actions',
};

export default function ErasuresPage() {
  const { items, nextBeforeId, first } = useLoaderData<typeof loader>();
  const { date, dateTime } = useI18n();
  return (
    <Page title="Registre des effacements" crumbs={[{ to: '/confidentialite', label: 'Confidentialité' }]}>
      <p>
        Chaque effacement des données d’un foyer est inscrit ici : quand, pourquoi, par qui, et ce qui a été
        fait. Le registre ne nomme personne.
      </p>
      {items.length === 0 ? (
        <p>{first ? 'Aucun effacement pour l’instant.' : 'Plus rien après.'}</p>
      ) : (
        <table>
          <caption>Effacements, du plus récent au plus ancien</caption>
          <thead>
            <tr>
              <th scope="col">Effacé le</th>
              <th scope="col">Foyer</th>
              <th scope="col">Pourquoi</th>
              <th scope="col">Demande du</th>
              <th scope="col">Par</th>
              <th scope="col">Ce qui a été fait</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.performedAt)}</td>
                <td>
                  {e.householdId ? (
                    <Link to={`/foyers/${e.householdId}/donnees`}>
                      {e.householdReference ?? `n° ${e.householdId}`}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{erasureCauseLabels[e.cause]}</td>
                <td>{e.requestedOn ? date(e.requestedOn) : '—'}</td>
                <td>{e.actorLabel}</td>
                <td>
                  <details>
                    <summary>
                      {erasureCountsText(e.summary)}
                      {e.summary?.keepCertificates ? ', attestations gardées' : ''}
                    </summary>
                    <ul>
                      {Object.entries(e.summary?.modules ?? {}).map(([module, counts]) => (
                        <li key={module}>
                          {moduleTitles[module] ?? module} :{' '}
                          {Object.entries(counts)
                            .map(([kind, n]) => `${countLabels[kind] ?? kind} ${n}`)
                            .join(', ')}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NextPage cursor={nextBeforeId} param="avant" />
    </Page>
  );
}

/** The register's counts in words. */
const countLabels: Record<string, string> = {
  membersAnonymised: 'membres anonymisés',
  tenanciesKept: 'occupations gardées',
  consentsKept: 'consentements gardés',
  accountsErased: 'comptes fermés',
  rollLinesKept: 'inscriptions au vote gardées',
  ballotsKept: 'votes gardés',
  requestsAnonymised: 'demandes anonymisées',
  requestStepsAnonymised: 'étapes anonymisées',
  chargeLinesKept: 'lignes de charges gardées',
  ordersKept: 'commandes gardées',
  paymentsKept: 'paiements gardés',
  warrantyTicketsAnonymised: 'tickets de garantie anonymisés',
  waitingEntriesKept: 'attentes gardées',
  messagesAnonymised: 'messages anonymisés',
  messagesCancelled: 'messages annulés',
  registrationsKept: 'inscriptions gardées',
  attendanceKept: 'présences gardées',
  calendarFeedsDeleted: 'agendas supprimés',
  validationsAnonymised: 'compétences anonymisées',
  certificatesRevokedOnRequest: 'attestations révoquées à la demande',
  certificatesAnonymised: 'attestations anonymisées',
  certificatesKept: 'attestations gardées valables',
  casesAnonymised: 'dossiers anonymisés',
  caseEntriesAnonymised: 'suivis anonymisés',
  lettersAnonymised: 'courriers anonymisés',
  documentsDeleted: 'documents supprimés',
  appointmentsKept: 'rendez-vous gardés',
  testimoniesWithdrawn: 'témoignages retirés',
  testimoniesAnonymised: 'témoignages anonymisés',
  questionnairesKept: 'questionnaires gardés',
  eventsRelabelled: 'actions renommées',
  eventsScrubbed: 'détails effacés',
};
