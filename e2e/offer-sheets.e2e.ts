import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

describe('offer sheets', () => {
  it('anyone reads the published sheet of Kerourien with JavaScript off, and it prints as a sheet', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const response = await page.goto('/fiches-offres/KER');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Kerourien');
    const text = (await page.locator('main, body').first().textContent())!.replace(/\s/g, ' ');
    expect(text).toContain('Fiche mise à jour le');
    expect(text).toContain('Version 1');
    expect(text).toContain('1,24 €');
    const first = page.locator('table.offer').first();
    await expect(first.locator('caption').textContent()).resolves.toContain('Internet collectif');
    for (const header of [
      'Opérateur',
      'Offre',
      'Prix par mois',
      'Débit',
      'Engagement',
      'Frais',
      'Si vous résiliez',
    ])
      await expect(first.getByRole('rowheader', { name: header, exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('table.offer').count()).resolves.toBeGreaterThan(2);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expectAccessible(page);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.no-print').isVisible()).resolves.toBe(false);

    const missing = await page.goto('/fiches-offres/NOPE');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Pas de fiche pour ce secteur');
  });

  it('a tenant association proposes a sheet and the coordinator publishes it', async () => {
    const tenants = await newPage({ javaScriptEnabled: false });
    await login(tenants, 'tenant_rep');
    await tenants.goto('/fiches');
    await expect(tenants.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Fiches offres');
    await expectAccessible(tenants);
    await tenants.getByLabel(/^Secteur/).selectOption({ label: 'Keredern Nord (KRD-N)' });
    await tenants.getByLabel(/^Titre de la fiche/).fill('Internet à Keredern Nord');
    await tenants.getByRole('button', { name: 'Créer le brouillon' }).click();
    await tenants.waitForURL(/\/fiches\/\d+/);
    await expect(tenants.getByRole('status').textContent()).resolves.toContain('Le brouillon est créé');
    const sheetUrl = tenants.url().split('?')[0]!;

    // A price that is not an amount is refused next to its field.
    const offer = tenants.locator('fieldset', { hasText: 'Offre 1' });
    await offer.getByLabel('Opérateur', { exact: true }).fill('SFR');
    await offer.getByLabel('Nom de l’offre').fill('Internet collectif');
    await offer.getByLabel('Prix par mois (€)').fill('un euro');
    await offer.getByLabel('Débit').fill('Jusqu’à 100 Mbit/s');
    await offer.getByLabel('Engagement (mois)').fill('0');
    await offer.getByLabel('Si vous résiliez').fill('Rien à payer.');
    await tenants.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await expect(tenants.locator('#o0-monthly-error').textContent()).resolves.toContain('Montant en euros');
    await expectAccessible(tenants);
    await tenants.locator('fieldset', { hasText: 'Offre 1' }).getByLabel('Prix par mois (€)').fill('1,24');
    await tenants.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await expect(tenants.getByRole('status').textContent()).resolves.toContain('La fiche est enregistrée');
    await expect(
      tenants.locator('fieldset', { hasText: 'Offre 1' }).getByLabel('Prix par mois (€)').inputValue(),
    ).resolves.toBe('1,24');
    await expect(tenants.getByRole('button', { name: 'Publier la fiche' }).count()).resolves.toBe(0);
    await tenants.getByRole('button', { name: 'Proposer pour publication' }).click();
    await expect(tenants.getByRole('status').textContent()).resolves.toContain('La fiche est proposée');

    const coordinator = await newPage({ javaScriptEnabled: false });
    await login(coordinator, 'coordinator');
    await coordinator.goto('/fiches');
    await expect(coordinator.getByText('1 fiche proposée attend votre publication').count()).resolves.toBe(1);
    await coordinator.getByRole('link', { name: 'Internet à Keredern Nord' }).click();
    await expect(coordinator.locator('dl.facts').textContent()).resolves.toContain('Proposée');
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: 'Publier la fiche' }).click();
    await expect(coordinator.getByRole('status').textContent()).resolves.toContain('La fiche est publiée');
    await expectAccessible(coordinator);

    // Published, it no longer changes: its page offers a new version instead of the form.
    await tenants.goto(sheetUrl);
    await expect(tenants.getByRole('button', { name: 'Enregistrer la fiche' }).count()).resolves.toBe(0);
    await expect(tenants.getByRole('button', { name: 'Écrire une nouvelle version' }).count()).resolves.toBe(
      1,
    );

    const reader = await newPage({ javaScriptEnabled: false });
    await reader.goto('/fiches-offres/KRD-N');
    await expect(reader.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Internet à Keredern Nord',
    );
    await expect(
      reader.getByText('Association des locataires de Keredern', { exact: false }).count(),
    ).resolves.toBe(1);
  });
});
