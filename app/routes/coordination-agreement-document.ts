// A document of an agreement, for whoever may read the agreement: always a download, never shown in the page.
import type { LoaderFunctionArgs } from 'react-router';
import { getAgreementDocument } from '../../src/coordination/index.ts';
import { documentHeaders } from '../../src/platform/documents.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.read');
  const doc = await getAgreementDocument({
    db: services(context).db,
    actor,
    agreementId: intParam(params.id),
    documentId: intParam(params.documentId),
  });
  return new Response(new Uint8Array(doc.content), { headers: documentHeaders(doc) });
});
