// A letter of an advice case as a PDF to print, for the association holding the case.
import type { LoaderFunctionArgs } from 'react-router';
import { documentHeaders, letterPdf } from '../../src/advice/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.read');
  const letterId = intParam(params.letterId);
  const pdf = await letterPdf({ db: services(context).db, actor, caseId: intParam(params.id), letterId });
  return new Response(new Uint8Array(pdf), {
    headers: documentHeaders({
      name: `courrier-${letterId}.pdf`,
      mediaType: 'application/pdf',
      size: pdf.length,
    }),
  });
});
