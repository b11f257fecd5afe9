// The suggested roll-out calendar's milestones as an iCalendar file, to put in an agenda.
import type { LoaderFunctionArgs } from 'react-router';
import { listProgrammes } from '../../src/partners/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { getRolloutPlan, planIcal } from '../../src/rollout/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const { db, config } = services(context);
  const [plan, programmes] = await Promise.all([getRolloutPlan({ db, actor }), listProgrammes(db)]);
  const programmeName = programmes.find((p) => p.id === actor.programmeId)?.name ?? 'Palier';
  return downloadResponse(
    new TextEncoder().encode(planIcal(plan, { baseUrl: config.baseUrl, programmeName })),
    `calendrier-deploiement-${plan.today}.ics`,
    'text/calendar; charset=utf-8',
  );
});
