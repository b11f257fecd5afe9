// The person's copy of their household's data, machine-readable (GDPR art. 20): every module's part under stable keys
// (docs/privacy.md). The download is in the audit trail.
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { exportFileName, exportHouseholdData } from '../../src/privacy/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'personal_data.export');
  const householdId = intParam(params.id);
  const document = await exportHouseholdData({
    db: services(context).db,
    actor,
    householdId,
    format: 'json',
  });
  const reference = document.modules.household.household?.reference ?? `foyer-${householdId}`;
  return downloadResponse(
    new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`),
    exportFileName(reference, document.generatedAt, 'json'),
    'application/json; charset=utf-8',
  );
});
