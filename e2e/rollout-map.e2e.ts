import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoOrganisations } from '../src/demo/brest.ts';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const map = (page: Page) => page.getByRole('group', { name: /^Carte du déploiement/ });
const sectorTable = (page: Page) => page.getByRole('table', { name: /^Secteurs de la carte/ });

/** The sectors the map links to, and the sectors the table lists (its codes, its links for those drawn). */
async function mapAndTable(page: Page) {
  const mapLinks = await page
    .locator('figure.rollout-map svg a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  const rows = await sectorTable(page)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        code: tr.querySelector('td')!.textContent!.trim(),
        href: tr.querySelector('a')!.getAttribute('href')!,
        drawn: !tr.textContent!.includes('pas sur la carte'),
      })),
    );
  return { mapLinks, rows };
}

describe('the roll-out map', () => {
  it('the coordinator sees every sector on the map and the same ones in the table, with no script', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page.goto('/deploiement/carte');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Carte du déploiement');
    await expect(map(page).count()).resolves.toBe(1);
    await expect(page.locator('figure.rollout-map svg desc').textContent()).resolves.toMatch(
      /secteurs dessinés selon l’étape du déploiement/,
    );

    const { mapLinks, rows } = await mapAndTable(page);
    expect(rows.map((r) => r.code)).toEqual(expect.arrayContaining(['KER', 'KRD-N', 'KRD-S', 'VAL', 'PON']));
    expect(mapLinks.length).toBeGreaterThanOrEqual(7);
    // One link per sector drawn, and the table lists the same sectors (and says which ones could not be placed).
    expect(new Set(mapLinks).size).toBe(mapLinks.length);
    expect([...mapLinks].sort()).toEqual(
      rows
        .filter((r) => r.drawn)
        .map((r) => r.href)
        .sort(),
    );
    // Each sector's link names it, with its stage, for a pointer's tooltip.
    await expect(
      page
        .locator(`figure.rollout-map svg a[href="${rows.find((r) => r.code === 'KER')!.href}"] title`)
        .textContent(),
    ).resolves.toMatch(/^KER — Kerourien \(Kerourien\) : .+, [\d\s ]+ logements$/);

    // The legend gives every stage; facilities are in their own table with their hours.
    const legend = page.getByRole('region', { name: 'Légende' });
    await expect(legend.getByText('service ouvert', { exact: false }).count()).resolves.toBe(1);
    await expect(legend.getByText('Lieu avec des ateliers').count()).resolves.toBe(1);
    const facilities = page.getByRole('table', { name: /^Lieux à moins de/ });
    const kerourien = facilities.getByRole('row', { name: /Centre social de Kerourien/ });
    await expect(kerourien.locator('td').nth(1).textContent()).resolves.toMatch(/^(Ouvert|Fermé) maintenant/);
    await expect(kerourien.locator('td').nth(2).textContent()).resolves.toBe('Oui');
    await expect(page.locator('figure.rollout-map svg image').count()).resolves.toBe(0);
    await expectAccessible(page);

    // Narrowed to one neighbourhood with the plain GET form.
    const keredern = await page
      .getByLabel('Quartier')
      .locator('option', { hasText: /^Keredern \(/ })
      .getAttribute('value');
    await page.getByLabel('Quartier').selectOption(keredern!);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/quartier=\d+/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Carte du déploiement — Keredern',
    );
    const narrowed = await mapAndTable(page);
    expect(narrowed.rows.map((r) => r.code).sort()).toEqual(['KRD-N', 'KRD-S']);
    expect(narrowed.mapLinks.sort()).toEqual(narrowed.rows.map((r) => r.href).sort());
  });

  it('an operator sees only the sectors it serves', async () => {
    const served = demoOrganisations.find((o) => o.kind === 'operator')!.sectors as readonly string[];
    const page = await newPage();
    await login(page, 'operator_agent');
    await page.goto('/deploiement/carte');
    const { mapLinks, rows } = await mapAndTable(page);
    expect(rows.map((r) => r.code).sort()).toEqual([...served].sort());
    expect(mapLinks.sort()).toEqual(
      rows
        .filter((r) => r.drawn)
        .map((r) => r.href)
        .sort(),
    );
    await expectAccessible(page);

    const tenants = await newPage();
    await login(tenants, 'tenant_rep');
    await tenants.goto('/deploiement/carte');
    const theirs = await mapAndTable(tenants);
    expect(theirs.rows.map((r) => r.code).sort()).toEqual(['KRD-N', 'KRD-S']);
    expect(theirs.mapLinks).toHaveLength(2);
  });

  it('a resident is refused', async () => {
    const page = await newPage();
    await login(page, 'resident');
    const response = await page.goto('/deploiement/carte');
    expect(response?.status()).toBe(403);
  });
});
