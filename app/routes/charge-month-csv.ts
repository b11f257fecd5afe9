// The landlord's charges file for a month (CSV for French spreadsheets), streamed.
import type { LoaderFunctionArgs } from 'react-router';
import { chargesCsv, Month } from '../../src/access/index.ts';
import { NotFoundError } from '../../src/platform/permissions/index.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'charges.read');
  const month = Month.safeParse(params.month ?? '');
  if (!month.success) throw new NotFoundError('charge_month');
  const lines = chargesCsv({ db: services(context).db, actor, month: month.data });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="charges-${month.data}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
