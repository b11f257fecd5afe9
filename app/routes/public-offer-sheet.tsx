// /fiches-offres/:sectorCode: the published offer sheet of a sector, for anyone — plain French, no JavaScript,
// printable. It names organisations, never people.
import { data, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { type Offer, type PublicSheet, publicSheet } from '../../src/advice/index.ts';
import { useI18n } from '../lib/i18n.ts';
import { services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = ({ data: loaded }: { data?: { sheet: { title: string } | null } }) => [
  { title: `${loaded?.sheet?.title ?? 'Fiche offres Internet'} — Palier` },
];

export async function loader({ context, params }: LoaderFunctionArgs) {
  const code = String(params.sectorCode ?? '').slice(0, 40);
  const sheet = await publicSheet({ db: services(context).db, sectorCode: code });
  if (!sheet) return data({ sheet: null as PublicSheet | null, code }, { status: 404 });
  return { sheet: sheet as PublicSheet | null, code };
}

function OfferTable({ offer, index }: { offer: Offer; index: number }) {
  const { cents } = useI18n();
  return (
    <table className="offer">
      <caption>
        Offre {index + 1} : {offer.operator}, {offer.offer}
      </caption>
      <tbody>
        <tr>
          <th scope="row">Opérateur</th>
          <td>{offer.operator}</td>
        </tr>
        <tr>
          <th scope="row">Offre</th>
          <td>{offer.offer}</td>
        </tr>
        <tr>
          <th scope="row">Prix par mois</th>
          <td className="price">{cents(offer.monthlyCents)}</td>
        </tr>
        <tr>
          <th scope="row">Débit</th>
          <td>{offer.speed}</td>
        </tr>
        <tr>
          <th scope="row">Engagement</th>
          <td>
            {offer.commitmentMonths
              ? `${offer.commitmentMonths} mois : vous payez au moins ${offer.commitmentMonths} mois`
              : 'Sans engagement : vous arrêtez quand vous voulez'}
          </td>
        </tr>
        <tr>
          <th scope="row">Frais</th>
          <td style={{ whiteSpace: 'pre-line' }}>{offer.fees || 'Aucun'}</td>
        </tr>
        <tr>
          <th scope="row">Si vous résiliez</th>
          <td style={{ whiteSpace: 'pre-line' }}>{offer.termination}</td>
        </tr>
      </tbody>
    </table>
  );
}

export default function PublicOfferSheet() {
  const { sheet, code } = useLoaderData<typeof loader>();
  const { date } = useI18n();
  return (
    <div className="public-vote offer-sheet">
      {sheet ? (
        <>
          <h1>{sheet.title}</h1>
          <p className="lead">
            Secteur {sheet.sectorName}. Les offres Internet pour votre logement, expliquées simplement.
          </p>
          <p>
            Fiche mise à jour le {date(sheet.publishedAt)}. Prix vérifiés le {date(sheet.validOn)}. Version{' '}
            {sheet.version}. Écrite par {sheet.authorLabel}.
          </p>
          {sheet.intro ? <p style={{ whiteSpace: 'pre-line' }}>{sheet.intro}</p> : null}
          <h2>Les offres</h2>
          {sheet.offers.map((o, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a published sheet never changes; its offers keep their places.
            <OfferTable key={i} offer={o} index={i} />
          ))}
          <h2>Avant de signer</h2>
          <ul>
            <li>Ne signez rien à votre porte : prenez le temps de comparer.</li>
            <li>Demandez le prix après la période de promotion, et la durée d’engagement.</li>
            <li>Vous avez 14 jours pour changer d’avis après un contrat signé chez vous ou par téléphone.</li>
            <li>Un doute, un problème ? Les associations de consommateurs vous aident gratuitement.</li>
          </ul>
          <p className="no-print hint">
            Pour imprimer cette fiche, utilisez « Imprimer » dans votre navigateur.
          </p>
        </>
      ) : (
        <>
          <h1>Fiche offres Internet</h1>
          <div className="vote-problem" role="alert">
            <h2>Pas de fiche pour ce secteur</h2>
            <p>
              Aucune fiche n’est publiée pour le secteur <strong>{code}</strong>. Vérifiez l’adresse, ou
              demandez-la à votre association de locataires.
            </p>
          </div>
        </>
      )}
    </div>
  );
}
