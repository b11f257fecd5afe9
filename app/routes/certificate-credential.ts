// The certificate as a signed Open Badges 3.0 credential (VC-JWT), for a wallet or an employer.
import type { LoaderFunctionArgs } from 'react-router';
import { certificateCredential, getCertificate } from '../../src/certificates/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  const { db, config } = services(context);
  const certificateId = intParam(params.id);
  const { code } = await getCertificate({ db, actor, certificateId });
  const jwt = await certificateCredential({
    db,
    actor,
    certificateId,
    baseUrl: config.baseUrl,
    configuredJwk: config.credentialKey,
  });
  return downloadResponse(new TextEncoder().encode(jwt), `visa-internet-${code}.jwt`, 'application/vc+jwt');
});
