// Every table of the impact dashboard as one XLSX workbook (`?du=…&au=…&zone=…`): under statistical secrecy, except
// for the coordinator who asked for the raw figures (`brut=1`), which the workbook then says in red on every sheet.
import type { LoaderFunctionArgs } from 'react-router';
import { exportFileName, publicationXlsx } from '../../src/impact/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { indicatorsOf, readImpactQuery } from './impact-filter.server.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const query = await readImpactQuery(db, actor, url);
  const indicators = await indicatorsOf(db, actor, query, url.searchParams.get('brut') === '1');
  return downloadResponse(
    new Uint8Array(await publicationXlsx(indicators)),
    exportFileName(indicators, 'indicateurs d’impact', 'xlsx'),
    xlsxType,
  );
});
