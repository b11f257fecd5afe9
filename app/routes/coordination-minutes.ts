// The minutes of a steering committee meeting, for all staff: always a download, never shown in the page.
import type { LoaderFunctionArgs } from 'react-router';
import { getMeetingMinutes } from '../../src/coordination/index.ts';
import { documentHeaders } from '../../src/platform/documents.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'committee.read');
  const doc = await getMeetingMinutes({ db: services(context).db, actor, meetingId: intParam(params.id) });
  return new Response(new Uint8Array(doc.content), { headers: documentHeaders(doc) });
});
