// Shared fixtures for the journeys: a Chromium, a fresh context per person, login, and an axe check per page.
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const demoPassword = 'palier-demo-2026';
export const accounts = {
  coordinator: 'coordination@demo.palier.fr',
  admin: 'admin@demo.palier.fr',
  landlord_officer: 'bailleur@demo.palier.fr',
  operator_agent: 'operateur@demo.palier.fr',
  facilitator: 'animation@demo.palier.fr',
  recycling_agent: 'recyclerie@demo.palier.fr',
  adviser: 'conseil@demo.palier.fr',
  tenant_rep: 'locataires@demo.palier.fr',
  resident: 'resident@demo.palier.fr',
} as const;
export type DemoRole = keyof typeof accounts;

let browser: Browser;
export const baseUrl = () => inject('baseUrl');

export function withBrowser() {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/** A new person at a new browser. Pages ship no script either way; `javaScriptEnabled: false` proves they need none. */
export async function newPage({ javaScriptEnabled = true } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled, locale: 'fr-FR' });
  const page = await context.newPage();
  if (!javaScriptEnabled) scriptless.add(page);
  return page;
}

const scriptless = new WeakSet<Page>();

/** The second vote officer of the demo (paper ballots are entered by two people). */
export const secondOfficer = 'bailleur2@demo.palier.fr';

export async function login(page: Page, role: DemoRole | { email: string }) {
  await page.goto('/login');
  await page.getByLabel('Adresse e-mail').fill(typeof role === 'string' ? accounts[role] : role.email);
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  // axe runs as a script: for a no-JavaScript visit, check the same URL in a script-enabled twin of the context.
  let target = page;
  if (scriptless.has(page)) {
    const twin = await browser.newContext({
      baseURL: baseUrl(),
      locale: 'fr-FR',
      storageState: await page.context().storageState(),
    });
    target = await twin.newPage();
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) on ${page.url()}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
}
