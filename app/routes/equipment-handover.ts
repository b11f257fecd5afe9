import type { LoaderFunctionArgs } from 'react-router';
import { handoverPdf } from '../../src/equipment/index.ts';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { NotFoundError } from '../../src/platform/permissions/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  const { db, config } = services(context);
  const sheet = await handoverPdf({
    db,
    actor,
    orderId: intParam(params.id),
    warrantyMonths: config.warrantyMonths,
  });
  if (!sheet) throw new NotFoundError('handover');
  return downloadResponse(sheet.pdf, sheet.name);
});
