// The minutes of a consultation meeting, for those who read the sector's roll-out: always a download.
import type { LoaderFunctionArgs } from 'react-router';
import { documentHeaders } from '../../src/platform/documents.ts';
import { getMeetingMinutes } from '../../src/rollout/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const doc = await getMeetingMinutes({ db: services(context).db, actor, meetingId: intParam(params.id) });
  return new Response(new Uint8Array(doc.content), { headers: documentHeaders(doc) });
});
