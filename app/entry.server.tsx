// Pages are rendered whole with renderToString: they ship no JavaScript and await nothing after the loaders,
// so streaming would only add work (stream conversions, many small writes) to every request. A page that ships its
// script (`handle.hydrate`) is streamed instead: hydration reads the loaders' data from the stream's tail.
import { renderToReadableStream, renderToString } from 'react-dom/server';
import { type EntryContext, ServerRouter } from 'react-router';

export default async function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  context: EntryContext,
) {
  headers.set('Content-Type', 'text/html; charset=utf-8');
  const app = <ServerRouter context={context} url={request.url} />;
  const hydrates = context.staticHandlerContext.matches.some(
    (m) => (context.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate === true,
  );
  if (!hydrates) return new Response(`<!DOCTYPE html>${renderToString(app)}`, { status, headers });
  const body = await renderToReadableStream(app, { signal: request.signal });
  await body.allReady;
  return new Response(body, { status, headers });
}
