// /bilans/:id/bilan.pdf: a report as a PDF — public once published (anyone, signed in or not), the coordinator's
// while a draft (marked « PROJET »).
import type { LoaderFunctionArgs } from 'react-router';
import { reportPdf } from '../../src/impact/index.ts';
import { actorFor } from '../../src/partners/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { clientIp, currentUser, intParam, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const staff = await currentUser(request, context);
  const actor = staff ? actorFor(staff, { ip: clientIp(context), channel: 'web' }) : null;
  const { fileName, bytes } = await reportPdf({
    db: services(context).db,
    actor,
    reportId: intParam(params.id),
  });
  return downloadResponse(bytes, fileName);
});
