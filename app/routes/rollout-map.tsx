// The programme's map: sectors by roll-out stage and the facilities near them, then the same in tables.
import { Form, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { drawMap, getRolloutMap, mapSectorLimit } from '../../src/rollout/index.ts';
import { Page } from '../components/page.tsx';
import { RolloutMap, RolloutMapLegend, sectorHref } from '../components/rollout-map.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Carte du déploiement — Palier' }];

const size = { width: 800, height: 560 };

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const { db, config } = services(context);
  const map = await getRolloutMap({
    db,
    actor,
    neighbourhoodId: optionalIntParam(new URL(request.url).searchParams.get('quartier')),
  });
  const tiles = config.map.tileUrl
    ? { urlTemplate: config.map.tileUrl, attribution: config.map.attribution }
    : null;
  // Only the drawing and the tables' rows go to the page, not every building's coordinates.
  return {
    drawing: map.needsNeighbourhood ? null : drawMap(map, { ...size, tiles }),
    sectors: map.sectors.map(({ points, ...s }) => ({ ...s, placed: points.length > 0 })),
    facilities: map.facilities.map(({ lat: _, lon: __, ...f }) => f),
    neighbourhoods: map.neighbourhoods,
    neighbourhoodId: map.neighbourhoodId,
    needsNeighbourhood: map.needsNeighbourhood,
    facilityReach: map.facilityReachM >= 1000 ? `${map.facilityReachM / 1000} km` : `${map.facilityReachM} m`,
  };
});

export default function RolloutMapPage() {
  const { drawing, sectors, facilities, neighbourhoods, neighbourhoodId, needsNeighbourhood, facilityReach } =
    useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const chosen = neighbourhoods.find((n) => n.id === neighbourhoodId);
  const total = neighbourhoods.reduce((n, x) => n + x.sectorCount, 0);
  const title = chosen ? `Carte du déploiement — ${chosen.name}` : 'Carte du déploiement';
  return (
    <Page title={title}>
      <p className="lead">
        Où en est chaque secteur, et les lieux de médiation numérique à moins de{' '}
        {facilityReach.replace('.', ',')} de ses bâtiments.
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="quartier">Quartier</label>{' '}
        <select id="quartier" name="quartier" defaultValue={neighbourhoodId ?? ''}>
          <option value="">Tous les quartiers ({number(total)} secteurs)</option>
          {neighbourhoods.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name} ({number(n.sectorCount)} secteur{n.sectorCount > 1 ? 's' : ''})
            </option>
          ))}
        </select>{' '}
        <button type="submit">Afficher</button>
      </Form>

      {needsNeighbourhood ? (
        <p role="status">
          Il y a {number(total)} secteurs : au-delà de {number(mapSectorLimit)}, la carte serait illisible.
          Choisissez un quartier pour l’afficher.
        </p>
      ) : drawing && drawing.sectors.length + drawing.facilities.length > 0 ? (
        <>
          <RolloutMap drawing={drawing} title={title} />
          <RolloutMapLegend drawing={drawing} />
        </>
      ) : (
        <p>Aucun bâtiment n’a de coordonnées : rien à placer sur la carte.</p>
      )}

      {needsNeighbourhood ? null : (
        <>
          <h2 id="secteurs">Secteurs</h2>
          {sectors.length === 0 ? (
            <p>Aucun secteur.</p>
          ) : (
            <table>
              <caption>Secteurs de la carte et leur étape du déploiement</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Secteur</th>
                  <th scope="col">Quartier</th>
                  <th scope="col">Étape</th>
                  <th scope="col" className="num">
                    Logements
                  </th>
                </tr>
              </thead>
              <tbody>
                {sectors.map((s) => (
                  <tr key={s.id}>
                    <td>{s.code}</td>
                    <th scope="row">
                      <Link to={sectorHref(s.id)}>{s.name}</Link>
                      {s.placed ? null : (
                        <span className="muted"> (pas sur la carte : aucun bâtiment placé)</span>
                      )}
                    </th>
                    <td>{s.neighbourhood}</td>
                    <td>{t(`rollout.${s.stage}`)}</td>
                    <td className="num">{number(s.dwellings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2 id="lieux">Lieux de médiation numérique</h2>
          {facilities.length === 0 ? (
            <p>Aucun lieu à moins de {facilityReach.replace('.', ',')} des secteurs.</p>
          ) : (
            <table>
              <caption>
                Lieux à moins de {facilityReach.replace('.', ',')} des secteurs, et leurs horaires
              </caption>
              <thead>
                <tr>
                  <th scope="col">Lieu</th>
                  <th scope="col">Adresse</th>
                  <th scope="col">Horaires</th>
                  <th scope="col">Ateliers</th>
                </tr>
              </thead>
              <tbody>
                {facilities.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{f.name}</th>
                    <td>{f.address}</td>
                    <td>{f.hours ?? 'Horaires non renseignés'}</td>
                    <td>{f.offersWorkshops ? 'Oui' : 'Non'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Page>
  );
}
