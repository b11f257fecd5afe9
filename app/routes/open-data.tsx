// /donnees-ouvertes: the programme's open data for anyone, without an account — what it is, its licence, the
// statistical-secrecy rule in plain French, the CSV and its schema. Light: the file itself is computed when it is
// downloaded. The programme is the deployment's only one, or the one named in the address (?programme=brest), as
// other public pages find theirs by a public identifier.
import { data, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { openDataFields, openDataInfo, openDataProgramme } from '../../src/impact/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { Section } from '../components/page.tsx';
import { services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Données ouvertes — Palier' }];

const licenceUrl = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = services(context);
  const asked = new URL(request.url).searchParams.get('programme')?.slice(0, 60) || null;
  const { programme, choices } = await openDataProgramme(db, asked);
  if (!programme)
    return data(
      { kind: 'choose' as const, asked, choices: choices.map(({ slug, name }) => ({ slug, name })) },
      { status: asked || choices.length === 0 ? 404 : 200 },
    );
  const today = localDate(new Date());
  const info = await openDataInfo(db, programme.id, today);
  // The files' addresses name the programme only when the visitor's did (or when there are several).
  const query = asked || choices.length > 1 ? `?programme=${encodeURIComponent(programme.slug)}` : '';
  return {
    kind: 'programme' as const,
    name: programme.name,
    today,
    ...info,
    csvUrl: `/donnees-ouvertes/impact.csv${query}`,
    schemaUrl: '/donnees-ouvertes/schema.json',
    apiUrl: `/api/v1/open-data${query}`,
    // The secrecy note every people column carries in the schema is said once, in its own section, here.
    fields: openDataFields.map(({ name, title, description, type }) => {
      const [meaning, secret] = description.split(' « s » :');
      return { name, title, description: meaning!, type, secret: secret !== undefined };
    }),
  };
}

const typeLabels: Record<string, string> = {
  string: 'texte',
  integer: 'nombre entier',
  number: 'nombre décimal',
  date: 'date',
  boolean: 'oui / non',
};

export default function OpenData() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === 'choose')
    return (
      <div className="open-data">
        <h1>Données ouvertes</h1>
        {loaded.choices.length === 0 ? (
          <p>Aucun programme ne publie encore de données.</p>
        ) : (
          <>
            {loaded.asked ? <p role="alert">Aucun programme ne s’appelle « {loaded.asked} ».</p> : null}
            <p>Choisissez le programme dont vous voulez les données :</p>
            <ul>
              {loaded.choices.map((p) => (
                <li key={p.slug}>
                  <a href={`/donnees-ouvertes?programme=${encodeURIComponent(p.slug)}`}>{p.name}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  const { name, threshold, lastYear, sectors, today } = loaded;
  return (
    <div className="open-data">
      <h1>Données ouvertes</h1>
      <p className="lead">
        {name} : ce que le programme d’accès accompagné à Internet a fait, secteur par secteur et année par
        année, publié pour tous — habitants, élus, partenaires, autres villes qui veulent s’en inspirer.
      </p>

      <Section id="fichiers" title="Les fichiers">
        <ul>
          <li>
            <a href={loaded.csvUrl} download>
              Télécharger les données (CSV, impact-secteurs.csv)
            </a>
          </li>
          <li>
            <a href={loaded.schemaUrl}>Le schéma des données (Table Schema, JSON)</a>
          </li>
        </ul>
        <p>
          Le fichier est au format des plateformes de données ouvertes (data.gouv.fr) : UTF-8, virgule entre
          les colonnes, dates écrites AAAA-MM-JJ, point décimal. Un logiciel de données le lit directement ;
          un tableur l’ouvre par « Importer un fichier texte » en choisissant la virgule comme séparateur. Les
          mêmes données sont aussi servies en JSON à l’adresse <code>{loaded.apiUrl}</code>.
        </p>
      </Section>

      <Section id="contenu" title="Ce que contiennent les données">
        <p>
          Une ligne par secteur ({sectors.toLocaleString('fr-FR')} secteurs) et par année civile complète,
          puis une ligne « ensemble » par secteur qui additionne ses années. Pour chaque ligne : la commune et
          le quartier prioritaire, l’étape du déploiement et l’ouverture du service en fin d’année, les
          logements et les foyers qui y habitent, puis ce qui s’est passé pendant l’année — foyers inscrits,
          raccordés, équipés d’un ordinateur, venus à un premier atelier, certificats délivrés, dossiers de
          conseil ouverts, charges facturées.
        </p>
        <p>
          <strong>Mise à jour :</strong> les chiffres sont recalculés à partir des données du programme à
          chaque téléchargement (page consultée le {calendarDayText(today)}). Ils vont jusqu’au 31 décembre{' '}
          {lastYear}, dernière année complète : l’année en cours n’est publiée qu’une fois terminée.
        </p>
        <table>
          <caption>Les colonnes du fichier</caption>
          <thead>
            <tr>
              <th scope="col">Colonne</th>
              <th scope="col">Signification</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {loaded.fields.map((f) => (
              <tr key={f.name}>
                <th scope="row">
                  <code>{f.name}</code>
                  <br />
                  {f.title}
                </th>
                <td>{f.description}</td>
                <td>
                  {typeLabels[f.type] ?? f.type}
                  {f.secret ? ', ou « s »' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="secret" title="Le secret statistique">
        <p>
          Personne ne doit pouvoir être reconnu dans ces chiffres. Aucun nombre publié ne compte moins de{' '}
          {threshold} personnes ou foyers : à la place, le fichier écrit « s ». Quand un nombre est caché, un
          autre l’est aussi (une autre année, ou la ligne « ensemble »), pour qu’on ne puisse pas le retrouver
          en faisant une soustraction. Les logements et les montants en euros ne comptent pas des personnes :
          ils sont toujours publiés.
        </p>
      </Section>

      <Section id="licence" title="Licence">
        <p>
          Les données sont publiées sous la <a href={licenceUrl}>Licence Ouverte 2.0 (Etalab)</a> : vous
          pouvez les réutiliser librement, y compris commercialement, en citant la source (« {name}, données
          Palier ») et la date de téléchargement.
        </p>
      </Section>
    </div>
  );
}
