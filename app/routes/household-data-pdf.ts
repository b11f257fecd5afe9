// The person's copy of their household's data to read or print (GDPR art. 15), in plain French. Logged.
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { exportFileName, exportHouseholdData, personalDataPdf } from '../../src/privacy/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'personal_data.export');
  const householdId = intParam(params.id);
  const document = await exportHouseholdData({ db: services(context).db, actor, householdId, format: 'pdf' });
  const reference = document.modules.household.household?.reference ?? `foyer-${householdId}`;
  return downloadResponse(
    await personalDataPdf(document),
    exportFileName(reference, document.generatedAt, 'pdf'),
  );
});
