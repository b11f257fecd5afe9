import { describe, expect, it } from 'vitest';
import { createLoginLimiter, sessionCookieSettings } from './index.ts';

const tries = async (n: number, attempt: () => Promise<{ allowed: boolean }>) => {
  const verdicts: boolean[] = [];
  for (let i = 0; i < n; i++) verdicts.push((await attempt()).allowed);
  return verdicts;
};

describe('sign-in limits', () => {
  it('10 failures for one account from one address; another address may still try', async () => {
    const limiter = createLoginLimiter();
    expect(await tries(10, () => limiter.attempt('192.0.2.1', 'a@example.org'))).not.toContain(false);
    expect((await limiter.attempt('192.0.2.1', 'A@example.org ')).allowed).toBe(false);
    expect((await limiter.attempt('192.0.2.2', 'a@example.org')).allowed).toBe(true);
  });

  it('50 failures an hour for one account from all addresses together, whoever tries', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 50; i++)
      expect((await limiter.attempt(`198.51.100.${i}`, 'b@example.org')).allowed).toBe(true);
    const locked = await limiter.attempt('203.0.113.9', 'b@example.org');
    expect(locked).toMatchObject({ allowed: false });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(15 * 60);
    expect((await limiter.attempt('203.0.113.9', 'c@example.org')).allowed).toBe(true);
  });

  it('counts an IPv6 client by its /64: hopping addresses in one block does not escape', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 10; i++)
      expect((await limiter.attempt(`2001:db8:1:2::${i.toString(16)}`, 'd@example.org')).allowed).toBe(true);
    expect((await limiter.attempt('2001:db8:1:2:ffff::1', 'd@example.org')).allowed).toBe(false);
  });

  it('a successful sign-in clears its address’s failures for that account and gives its points back', async () => {
    const limiter = createLoginLimiter();
    await tries(9, () => limiter.attempt('192.0.2.7', 'e@example.org'));
    await limiter.attempt('192.0.2.7', 'e@example.org');
    await limiter.reset('192.0.2.7', 'e@example.org');
    expect(await tries(9, () => limiter.attempt('192.0.2.7', 'e@example.org'))).not.toContain(false);
  });

  it('60 tries from one address over any accounts', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 60; i++)
      expect((await limiter.attempt('192.0.2.8', `u${i}@example.org`)).allowed).toBe(true);
    expect((await limiter.attempt('192.0.2.8', 'new@example.org')).allowed).toBe(false);
  });

  it('accepting invitations: 10 tries a quarter hour from one address', async () => {
    const limiter = createLoginLimiter();
    expect(await tries(10, () => limiter.invitation('192.0.2.9'))).not.toContain(false);
    expect((await limiter.invitation('192.0.2.9')).allowed).toBe(false);
    expect((await limiter.invitation('192.0.2.10')).allowed).toBe(true);
  });
});

describe('session cookies', () => {
  it('over https: Secure, HttpOnly, Lax, Path=/, named __Host-palier.*', () => {
    const settings = sessionCookieSettings('https://palier.example.org');
    expect(settings.defaultCookieAttributes).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
    });
    expect(settings.cookies?.session_token?.name).toBe('__Host-palier.session_token');
    expect(settings.cookies?.session_data?.name).toBe('__Host-palier.session_data');
  });

  it('over http: not Secure (a browser would drop it), and better-auth’s own names', () => {
    const settings = sessionCookieSettings('http://localhost:3000');
    expect(settings.defaultCookieAttributes.secure).toBe(false);
    expect(settings.cookies).toBeUndefined();
    expect(settings.cookiePrefix).toBe('palier');
  });
});
