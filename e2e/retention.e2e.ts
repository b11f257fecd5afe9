// Retention and consents without JavaScript: the coordinator lengthens how long messages are kept, simulates what the
// rules would change today and sees the counts; a landlord officer withdraws a household's consent to be contacted
// and is told what stops.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const text = async (page: Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

describe('retention', () => {
  it('the coordinator changes a duration, runs a simulation and sees what would change', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Confidentialité' })
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Durées de conservation des données',
    );
    await expectAccessible(page);

    // A wrong value is explained, and nothing is saved.
    const messages = page.getByRole('group', { name: /Messages envoyés/ });
    await messages.getByLabel('Usage actif (mois)').fill('0');
    await page.getByRole('button', { name: 'Enregistrer les durées' }).click();
    await expect(text(page, '#notification-active-error')).resolves.toContain('au moins 1 mois');
    await expectAccessible(page);

    await page
      .getByRole('group', { name: /Messages envoyés/ })
      .getByLabel('Usage actif (mois)')
      .fill('4');
    await page.getByRole('button', { name: 'Enregistrer les durées' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Les durées sont enregistrées');
    await expect(
      page
        .getByRole('group', { name: /Messages envoyés/ })
        .getByLabel('Usage actif (mois)')
        .inputValue(),
    ).resolves.toBe('4');
    // The basis of each default is one click away.
    expect(await text(page)).toContain('délibération n° 2023-095');

    await page.getByRole('button', { name: 'Simuler' }).click();
    const status = page.getByRole('status');
    await expect(status.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(/^Simulation au /);
    expect(await text(page, '[role="status"]')).toMatch(/Dossier du foyer : \d+ passés aux archives/);
    expect(await text(page, '[role="status"]')).toMatch(/Journal des consultations : \d+ supprimés/);
    await expectAccessible(page);
    // The simulation is in the list of runs.
    expect(await text(page, 'table')).toContain('Simulation');
  });

  it('the administrator reads the durations and cannot change them', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'admin');
    await page.goto('/confidentialite');
    await expect(page.getByRole('button', { name: 'Enregistrer les durées' }).count()).resolves.toBe(0);
    expect(await text(page)).toContain('En vigueur : usage actif 4 mois');
    await expectAccessible(page);
  });

  it('a landlord officer withdraws a household’s consent to be contacted and sees what stops', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'landlord_officer');
    await page.goto('/foyers/40');
    await page.getByRole('link', { name: /^Consentements/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Consentements du foyer F-\d+$/,
    );
    await expectAccessible(page);
    const contact = page.getByRole('region', { name: 'Être contacté par le programme' });
    if ((await contact.getByRole('button', { name: 'Retirer l’accord' }).count()) === 0) {
      await contact.getByLabel('Recueilli').selectOption({ label: 'en personne' });
      await contact.getByRole('button', { name: 'Noter l’accord' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('L’accord est noté');
    }
    await page
      .getByRole('region', { name: 'Être contacté par le programme' })
      .getByRole('button', { name: 'Retirer l’accord' })
      .click();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Plus aucun SMS, e-mail ni appel pour ce foyer',
    );
    await expect(
      page.getByRole('region', { name: 'Être contacté par le programme' }).getByText('Accord retiré').count(),
    ).resolves.toBe(1);
    await expectAccessible(page);
  });
});
