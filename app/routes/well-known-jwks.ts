// The same public keys as a JSON Web Key Set, for verifiers that read JWKS rather than DID documents.
import type { LoaderFunctionArgs } from 'react-router';
import { jwks } from '../../src/certificates/index.ts';
import { services } from '../lib/services.server.ts';

export async function loader({ context }: LoaderFunctionArgs) {
  const { db, config } = services(context);
  const keys = await jwks({ db, baseUrl: config.baseUrl, configuredJwk: config.credentialKey });
  return new Response(JSON.stringify(keys), {
    headers: {
      'content-type': 'application/json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    },
  });
}
