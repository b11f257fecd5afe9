// A facility's public calendar feed (iCalendar): dates and titles of its sessions, no names, no sign-in.
import type { LoaderFunctionArgs } from 'react-router';
import { facilityCalendarById } from '../../src/workshops/index.ts';
import { guard } from '../lib/guard.server.ts';
import { intParam, services } from '../lib/services.server.ts';

export const loader = guard(async ({ context, params }: LoaderFunctionArgs) => {
  const { db, config } = services(context);
  const feed = await facilityCalendarById({ db, facilityId: intParam(params.id), baseUrl: config.baseUrl });
  return new Response(feed, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="ateliers-lieu-${params.id}.ics"`,
      'cache-control': 'no-cache',
    },
  });
});
