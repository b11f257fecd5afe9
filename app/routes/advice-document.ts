// A document of an advice case, for the association holding the case: always a download, never shown in the page.
import type { LoaderFunctionArgs } from 'react-router';
import { documentHeaders, getDocument } from '../../src/advice/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.read');
  const doc = await getDocument({
    db: services(context).db,
    actor,
    caseId: intParam(params.id),
    documentId: intParam(params.documentId),
  });
  return new Response(new Uint8Array(doc.content), { headers: documentHeaders(doc) });
});
