// The programme's facilities in the national standard's CSV, for the open-data platforms.
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { exportFacilities } from '../../src/workshops/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.read');
  const csv = await exportFacilities({ db: services(context).db, programmeId: actor.programmeId });
  return downloadResponse(
    new TextEncoder().encode(csv),
    'lieux-mediation-numerique.csv',
    'text/csv; charset=utf-8',
  );
});
