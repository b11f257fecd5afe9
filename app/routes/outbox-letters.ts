// The letters waiting to be posted, one A4 page each, for the facility (or the programme) to print.
import { type LoaderFunctionArgs, redirect } from 'react-router';
import { lettersPdf } from '../../src/notifications/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'notification.handle');
  const letters = await lettersPdf({ db: services(context).db, actor });
  if (!letters) return redirect('/messages?fait=aucun-courrier#courriers');
  return downloadResponse(letters.pdf, letters.name);
});
