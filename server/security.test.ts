import { describe, expect, it } from 'vitest';
import { bodyLimitFor, fromOwnPages, publicUrl } from './security.ts';

describe('the body limit of a request', () => {
  it.each([
    ['/login', 'application/x-www-form-urlencoded', 'form'],
    ['/api/v1/households', 'application/json', 'form'],
    ['/conseil/3', 'multipart/form-data; boundary=x', 'document'],
    ['/api/v1/advice-cases/3/documents', 'multipart/form-data; boundary=x', 'document'],
    ['/territoire/import', 'multipart/form-data; boundary=x', 'import'],
    ['/lieux/import/', 'multipart/form-data; boundary=x', 'import'],
    ['/equipement', 'multipart/form-data; boundary=x', 'import'],
    ['/api/v1/dwellings/import', 'text/csv; charset=utf-8', 'import'],
    ['/api/v1/devices/import', 'application/octet-stream', 'import'],
    ['/login', '', 'form'],
  ] as const)('%s (%s): %s', (path, type, kind) => {
    expect(bodyLimitFor(path, type)).toBe(kind);
  });
});

describe('whether a post comes from Palier’s pages', () => {
  const allowed = new Set(['https://palier.example.org']);
  const judge = (headers: Record<string, string>) => fromOwnPages(new Headers(headers), allowed);

  it('trusts Origin first, and never `null`', () => {
    expect(judge({ origin: 'https://palier.example.org', referer: 'https://evil.example/' })).toBe(true);
    expect(judge({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(judge({ origin: 'null', referer: 'https://palier.example.org/' })).toBe(false);
    expect(judge({ origin: 'http://palier.example.org' })).toBe(false);
  });

  it('without Origin, Sec-Fetch-Site must say same-origin; without either, the Referer must be Palier', () => {
    expect(judge({ 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(judge({ 'sec-fetch-site': 'same-site', referer: 'https://palier.example.org/' })).toBe(false);
    expect(judge({ referer: 'https://palier.example.org/foyers?page=2' })).toBe(true);
    expect(judge({ referer: 'https://palier.example.org.evil.example/' })).toBe(false);
    expect(judge({})).toBe(false);
  });
});

describe('the public address of a request', () => {
  const config = { baseUrl: 'https://palier.example.org', trustProxy: false };
  it('takes the configured scheme for the configured host (a TLS proxy that keeps the host)', () => {
    expect(publicUrl('http://palier.example.org/login?x=1', config).href).toBe(
      'https://palier.example.org/login?x=1',
    );
  });
  it('takes the configured origin behind a trusted proxy that rewrote the host', () => {
    expect(publicUrl('http://127.0.0.1:3000/login', { ...config, trustProxy: true }).href).toBe(
      'https://palier.example.org/login',
    );
  });
  it('leaves any other address alone (a laptop reached by its IP)', () => {
    expect(publicUrl('http://192.168.1.20:3000/login', config).href).toBe('http://192.168.1.20:3000/login');
  });
});
