// The certificate to print, as a PDF (the holder's household, the issuing facility, the coordinator).
import type { LoaderFunctionArgs } from 'react-router';
import { certificateDocument, getCertificate } from '../../src/certificates/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  const { db, config } = services(context);
  const certificateId = intParam(params.id);
  const { code } = await getCertificate({ db, actor, certificateId });
  const pdf = await certificateDocument({ db, actor, certificateId, baseUrl: config.baseUrl });
  return downloadResponse(pdf, `visa-internet-${code}.pdf`);
});
