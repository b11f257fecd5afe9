import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/platform/config.ts';
import type { AppServices } from '../src/platform/http/index.ts';
import { createApp } from './app.ts';

const appWith = (env: Record<string, string>) =>
  createApp(
    {
      config: loadConfig({
        PALIER_SECRET: 'test-secret-test-secret-test-secret-1234',
        DATABASE_URL: 'postgres://unused',
        ...env,
      }),
    } as AppServices,
    null,
  );
const imgSrc = async (env: Record<string, string>) => {
  const res = await appWith(env).request('/favicon.ico');
  return /img-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
};

describe('images the pages may load', () => {
  it('come from Palier only, unless a map tile server is configured', async () => {
    await expect(imgSrc({})).resolves.toBe("'self' data:");
    await expect(
      imgSrc({ PALIER_MAP_TILES: 'https://tile.example.org:8443/osm/{z}/{x}/{y}.png' }),
    ).resolves.toBe("'self' data: https://tile.example.org:8443");
  });
});

describe('the other security headers', () => {
  const headers = async (env: Record<string, string>) => (await appWith(env).request('/favicon.ico')).headers;

  it('sends HSTS only when Palier is served over https, never on a laptop over http', async () => {
    expect(
      (await headers({ PALIER_BASE_URL: 'https://palier.example.org' })).get('strict-transport-security'),
    ).toBe('max-age=31536000; includeSubDomains');
    expect((await headers({})).get('strict-transport-security')).toBeNull();
    expect(
      (await headers({ PALIER_BASE_URL: 'http://palier.lan:3000' })).get('strict-transport-security'),
    ).toBeNull();
  });

  it('forbids framing, sniffing, sending the address elsewhere and the browser features Palier does not use', async () => {
    const h = await headers({});
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    // same-origin, not no-referrer: with no-referrer browsers post `Origin: null`, which the form check refuses.
    expect(h.get('referrer-policy')).toBe('same-origin');
    expect(h.get('permissions-policy')).toBe(
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    );
  });

  it('runs scripts from Palier or with the response’s own nonce only, a new one each time', async () => {
    const scripts = async () =>
      /script-src ([^;]*)/.exec((await headers({})).get('content-security-policy') ?? '')?.[1];
    const [one, two] = [await scripts(), await scripts()];
    expect(one).toMatch(/^'self' 'nonce-[^']+'$/);
    expect(one).not.toContain('unsafe-inline');
    expect(one).not.toBe(two);
  });
});
