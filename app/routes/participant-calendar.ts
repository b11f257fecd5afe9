// A participant's calendar feed behind its secret address: no sign-in (calendar apps cannot), nothing said about an
// unknown address, never indexed, always fetched afresh so moves and cancellations show up.
import type { LoaderFunctionArgs } from 'react-router';
import { participantCalendarFeed } from '../../src/workshops/index.ts';
import { services } from '../lib/services.server.ts';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const { db, config } = services(context);
  const feed = await participantCalendarFeed({ db, token: params.token ?? '', baseUrl: config.baseUrl });
  const common = { 'cache-control': 'no-cache', 'x-robots-tag': 'noindex' };
  if (feed === null)
    return new Response('Not found', {
      status: 404,
      headers: { ...common, 'content-type': 'text/plain; charset=utf-8' },
    });
  return new Response(feed, {
    headers: {
      ...common,
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="mes-ateliers.ics"',
    },
  });
}
