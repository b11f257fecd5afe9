// Compresses HTML and JSON answers in one piece: pages are small and rendered whole, so one gzip call and one
// socket write beat a compression stream fed by many small chunks.
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const compressible = /^(text\/|application\/(json|javascript|xml))/;

export function compressWhole(minBytes = 1024): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = c.res;
    if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '') || response.headers.has('content-encoding'))
      return;
    if (!compressible.test(response.headers.get('content-type') ?? '') || !response.body) return;
    // Downloads (a month of charges for a whole country) are streamed, never held in memory to be compressed.
    if (response.headers.has('content-disposition')) return;
    const body = Buffer.from(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    // Hono copies the previous answer's headers onto a new one (a static file's content-length among them):
    // forget the previous answer first, its headers are already in `headers`.
    c.res = undefined as unknown as Response;
    headers.append('vary', 'Accept-Encoding');
    if (body.length < minBytes) {
      c.res = new Response(body, { status: response.status, statusText: response.statusText, headers });
      return;
    }
    const zipped = gzipSync(body);
    headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(zipped.length));
    c.res = new Response(zipped, { status: response.status, statusText: response.statusText, headers });
  };
}
