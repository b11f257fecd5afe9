// /donnees-ouvertes/impact.csv: the open data as a file, for anyone (it is under statistical secrecy). The programme
// is the deployment's only one, or the one named in the address (?programme=brest).
import type { LoaderFunctionArgs } from 'react-router';
import { buildOpenData, openDataFileName, openDataProgramme } from '../../src/impact/index.ts';
import { services } from '../lib/services.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = services(context);
  const asked = new URL(request.url).searchParams.get('programme')?.slice(0, 60) || null;
  const { programme } = await openDataProgramme(db, asked);
  if (!programme)
    return new Response(
      asked
        ? `Aucun programme ne s’appelle « ${asked} ».\n`
        : 'Précisez le programme : /donnees-ouvertes?programme=… (voir la page Données ouvertes).\n',
      { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } },
    );
  const { csv } = await buildOpenData(db, { programmeId: programme.id });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${openDataFileName}"`,
      'cache-control': 'public, max-age=3600',
    },
  });
}
