// The web defences in a real browser against the built server (ADR 040): the page that ships its script hydrates
// under the nonce-based Content-Security-Policy without a single violation, and another site's form cannot post to
// Palier even for a signed-in reader.
import { describe, expect, it } from 'vitest';
import { baseUrl, login, newPage, withBrowser } from './browser.ts';

withBrowser();

describe('the Content-Security-Policy in a browser', () => {
  it('the roll call hydrates with its nonce, and the browser reports no violation', async () => {
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    await login(page, 'facilitator');

    const response = await page.goto('/ateliers');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(/script-src ([^;]*)/.exec(csp)?.[1]).toMatch(/^'self' 'nonce-[^']+'$/);
    expect(response?.headers()['strict-transport-security']).toBeUndefined();

    await page.locator('tr', { hasText: 'Premiers pas sur l’ordinateur' }).getByRole('link').first().click();
    await page
      .getByRole('link', { name: /Faire l’appel/ })
      .last()
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Appel');
    // The page's script ran: React hydrated it and added its fetch marker to the forms.
    await page.locator('input[name="fetch"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.locator('script:not([nonce])').count()).toBe(0);
    expect(violations).toEqual([]);
  });
});

describe('forms from another site', () => {
  it('are refused with a plain French page, even for a signed-in reader, and change nothing', async () => {
    const page = await newPage();
    await login(page, 'coordinator');
    // A page of another site with a form aimed at Palier's language switch (the simplest post with an effect).
    await page.context().route('http://evil.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html lang="en"><body><form method="post" action="${baseUrl()}/langue">
          <input type="hidden" name="lang" value="en"><button>Go</button></form></body></html>`,
      }),
    );
    await page.goto('http://evil.test/');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/langue')),
      page.getByRole('button', { name: 'Go' }).click(),
    ]);
    expect(answer.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Envoi refusé');
    // Still French, still signed in.
    await page.goto('/');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.getByRole('button', { name: 'Se déconnecter' }).count()).resolves.toBe(1);
  });
});
