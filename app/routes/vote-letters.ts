// The letters (one A4 page per dwelling, with its live code): for the landlord's vote officers only.
import type { LoaderFunctionArgs } from 'react-router';
import { downloadResponse } from '../../src/platform/http/index.ts';
import { voteLetters } from '../../src/votes/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.conduct');
  const { db, config } = services(context);
  const dwelling = new URL(request.url).searchParams.get('logement');
  const { pdf, reference } = await voteLetters({
    db,
    actor,
    voteId: intParam(params.id),
    dwellingId: dwelling ? intParam(dwelling) : undefined,
    voteUrl: `${config.baseUrl.replace(/\/$/, '')}/vote`,
  });
  return downloadResponse(pdf, `${reference}-lettres${dwelling ? `-${dwelling}` : ''}.pdf`);
});
