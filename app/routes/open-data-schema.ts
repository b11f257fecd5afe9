// /donnees-ouvertes/schema.json: the Table Schema of the open data (frictionless, as schema.data.gouv.fr publishes
// them), for anyone.
import { openDataSchema } from '../../src/impact/index.ts';

export function loader() {
  return new Response(`${JSON.stringify(openDataSchema(), null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
  });
}
