// The attendance sheet of a session (PDF, to print and sign): for the facility's own staff.
import type { LoaderFunctionArgs } from 'react-router';
import { listProgrammes } from '../../src/partners/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { attendanceSheet } from '../../src/workshops/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.attendance');
  const { db } = services(context);
  const sessionId = intParam(params.id);
  const programme = (await listProgrammes(db)).find((p) => p.id === actor.programmeId);
  const pdf = await attendanceSheet({ db, actor, sessionId, programmeName: programme?.name ?? '' });
  return downloadResponse(pdf, `emargement-seance-${sessionId}.pdf`);
});
