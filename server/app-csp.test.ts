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
