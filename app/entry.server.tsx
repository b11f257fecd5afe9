// Pages are rendered whole with renderToString: they ship no JavaScript and await nothing after the loaders,
// so streaming would only add work (stream conversions, many small writes) to every request. A page that ships its
// script (`handle.hydrate`) is streamed instead: hydration reads the loaders' data from the stream's tail.
// Its inline scripts carry the response's CSP nonce (server/security.ts): React Router's `<Scripts>` and the data
// it streams take it from `<ServerRouter nonce>`, React's own from `renderToReadableStream`.
import { renderToReadableStream, renderToString } from 'react-dom/server';
import {
  type EntryContext,
  isRouteErrorResponse,
  type RouterContextProvider,
  ServerRouter,
} from 'react-router';
import { cspNonceContext, describeForLog, pathForLog } from '../src/platform/http/index.ts';

export default async function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  context: EntryContext,
  loadContext: RouterContextProvider,
) {
  headers.set('Content-Type', 'text/html; charset=utf-8');
  const nonce = loadContext.get(cspNonceContext) ?? undefined;
  const app = <ServerRouter context={context} url={request.url} nonce={nonce} />;
  const hydrates = context.staticHandlerContext.matches.some(
    (m) => (context.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate === true,
  );
  if (!hydrates) return new Response(`<!DOCTYPE html>${renderToString(app)}`, { status, headers });
  const body = await renderToReadableStream(app, { signal: request.signal, nonce });
  await body.allReady;
  return new Response(body, { status, headers });
}

/** Errors of loaders and actions, logged without what a failed query was given nor secrets in the address. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A route's error response wraps the error thrown, when there was one.
  const wrapped = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  const inner = wrapped ?? error;
  console.error(`${request.method} ${pathForLog(new URL(request.url).pathname)}: ${describeForLog(inner)}`);
}
