// The suggested roll-out calendar as a file French spreadsheets open (the reader's sectors only, for partners).
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { getRolloutPlan, planCsv } from '../../src/rollout/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const plan = await getRolloutPlan({ db: services(context).db, actor });
  return downloadResponse(
    new TextEncoder().encode(planCsv(plan)),
    `calendrier-deploiement-${plan.today}.csv`,
    'text/csv; charset=utf-8',
  );
});
