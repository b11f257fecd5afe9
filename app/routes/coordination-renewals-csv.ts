// The agreements due for renewal (or expired) the reader may see, as CSV for French spreadsheets.
import type { LoaderFunctionArgs } from 'react-router';
import { listRenewalsDue, renewalsCsv } from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.read');
  const today = localDate(new Date());
  const rows = await listRenewalsDue({ db: services(context).db, actor, today });
  return downloadResponse(
    new TextEncoder().encode(renewalsCsv(rows)),
    `conventions-a-renouveler-${today}.csv`,
    'text/csv; charset=utf-8',
  );
});
