import type { LoaderFunctionArgs } from 'react-router';
import { receiptPdf } from '../../src/equipment/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const { pdf, name } = await receiptPdf({
    db: services(context).db,
    actor,
    orderId: intParam(params.id),
    paymentId: intParam(params.paymentId),
  });
  return downloadResponse(pdf, name);
});
