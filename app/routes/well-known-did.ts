// The issuer's DID document (did:web): the public keys that verify certificates' credentials.
import type { LoaderFunctionArgs } from 'react-router';
import { didDocument } from '../../src/certificates/index.ts';
import { services } from '../lib/services.server.ts';

export async function loader({ context }: LoaderFunctionArgs) {
  const { db, config } = services(context);
  const document = await didDocument({ db, baseUrl: config.baseUrl, configuredJwk: config.credentialKey });
  return new Response(JSON.stringify(document), {
    headers: {
      'content-type': 'application/did+json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    },
  });
}
