import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compressWhole } from './compress.ts';

describe('whole-answer compression', () => {
  const css = 'body { color: black; }\n'.repeat(200);
  const app = new Hono();
  app.use('*', compressWhole());
  // Like a static file: the handler says its length.
  app.get(
    '/file.css',
    () =>
      new Response(css, { headers: { 'content-type': 'text/css', 'content-length': String(css.length) } }),
  );
  app.get('/small', (c) => c.text('short'));

  it.each<[string, string | undefined, string | null, number]>([
    ['/file.css', 'gzip, br', 'gzip', -1],
    ['/file.css', undefined, null, css.length],
    ['/small', 'gzip', null, 5],
  ])('%s with Accept-Encoding %s', async (path, accept, encoding, plainLength) => {
    const res = await app.request(path, { headers: accept ? { 'accept-encoding': accept } : {} });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-encoding')).toBe(encoding);
    // The announced length is the length sent, compressed or not.
    if (res.headers.has('content-length'))
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    if (plainLength >= 0) expect(bytes.length).toBe(plainLength);
    else expect(bytes.length).toBeLessThan(css.length / 10);
  });
});
