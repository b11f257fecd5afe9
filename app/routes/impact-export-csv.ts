// One table of the impact dashboard as CSV for French spreadsheets (`?table=funnel&du=…&au=…&zone=…`): under
// statistical secrecy, except for the coordinator who asked for the raw figures (`brut=1`).
import type { LoaderFunctionArgs } from 'react-router';
import { exportFileName, impactTableIds, tableCsv } from '../../src/impact/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { indicatorsOf, readImpactQuery } from './impact-filter.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const tableId = url.searchParams.get('table') ?? '';
  if (!(impactTableIds as readonly string[]).includes(tableId))
    throw new Response('Tableau inconnu', { status: 404 });
  const query = await readImpactQuery(db, actor, url);
  const indicators = await indicatorsOf(db, actor, query, url.searchParams.get('brut') === '1');
  const table = indicators.publication.tables.find((t) => t.id === tableId);
  if (!table) throw new Response('Tableau inconnu', { status: 404 });
  return downloadResponse(
    new TextEncoder().encode(tableCsv(table, indicators.threshold)),
    exportFileName(indicators, table.title, 'csv'),
    'text/csv; charset=utf-8',
  );
});
