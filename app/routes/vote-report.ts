// The procès-verbal: a draft until certified, for everyone who may follow the vote.
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { voteReport } from '../../src/votes/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.read');
  const { db, config } = services(context);
  const { pdf, reference } = await voteReport({
    db,
    actor,
    voteId: intParam(params.id),
    voteUrl: `${config.baseUrl.replace(/\/$/, '')}/vote`,
  });
  return downloadResponse(pdf, `${reference}-proces-verbal.pdf`);
});
