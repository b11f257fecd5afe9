import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

/** The case the adviser opens, which nobody outside the association may read. */
let caseUrl: string | null = null;

const download = async (page: Page, href: string) => {
  const response = await page.request.get(href);
  return { response, body: await response.body() };
};

describe('advice', () => {
  it('an adviser opens a case, adds a document, prepares a letter and closes the case as resolved', async () => {
    const adviser = await newPage({ javaScriptEnabled: false });
    await login(adviser, 'adviser');
    await adviser.goto('/conseil');
    await expect(adviser.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Conseil');
    await expectAccessible(adviser);

    // Step 1, the household by its reference; step 2, the person and the request.
    await adviser.getByLabel('Référence du foyer').fill('F-999999');
    await adviser.getByRole('button', { name: 'Chercher le foyer' }).click();
    await expect(adviser.getByRole('alert').first().textContent()).resolves.toContain('Aucun foyer');
    await adviser.getByLabel('Référence du foyer').fill('f-000002');
    await adviser.getByRole('button', { name: 'Chercher le foyer' }).click();
    const form = adviser.locator('#nouveau');
    await form.locator('fieldset', { hasText: 'Pour qui ?' }).getByRole('radio').first().check();
    await form.getByLabel(/^Sujet/).selectOption({ label: 'Facture contestée' });
    await form.getByLabel('Opérateur', { exact: true }).selectOption({ label: 'SFR' });
    await form
      .getByLabel(/^Résumé de la demande/)
      .fill('Facture de mars plus élevée que l’offre souscrite : 45 € de frais inconnus.');
    await expectAccessible(adviser);
    await adviser.getByRole('button', { name: 'Ouvrir le dossier' }).click();
    await adviser.waitForURL(/\/conseil\/\d+/);
    await expect(adviser.getByRole('status').textContent()).resolves.toContain('Le dossier est ouvert');
    await expect(adviser.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Dossier CONS-\d{4}-\d{4}$/,
    );
    await expect(adviser.locator('dl.facts').textContent()).resolves.toContain('Facture contestée');
    caseUrl = adviser.url().split(/[?#]/)[0]!;
    await expectAccessible(adviser);

    // A file that is not what it says is refused, next to the field.
    const fileField = adviser.getByLabel('Document (PDF ou photo, 10 Mo au plus)');
    await fileField.setInputFiles({
      name: 'facture.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ this is not a PDF'),
    });
    await adviser.getByRole('button', { name: 'Ajouter le document' }).click();
    await expect(adviser.locator('#document-error').textContent()).resolves.toContain('n’est pas accepté');

    // A PDF is added, and downloads as itself, never shown in the page.
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    await adviser
      .getByLabel('Document (PDF ou photo, 10 Mo au plus)')
      .setInputFiles({ name: 'facture mars.pdf', mimeType: 'application/pdf', buffer: pdf });
    await adviser.getByRole('button', { name: 'Ajouter le document' }).click();
    await expect(adviser.getByRole('status').textContent()).resolves.toContain('Le document est ajouté');
    const documentLink = adviser.locator('#documents').getByRole('link', { name: 'facture mars.pdf' });
    const document = await download(adviser, (await documentLink.getAttribute('href'))!);
    expect(document.response.status()).toBe(200);
    expect(document.response.headers()['content-type']).toBe('application/pdf');
    expect(document.response.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(document.response.headers()['x-content-type-options']).toBe('nosniff');
    // The document's own policy survives the site-wide headers: nothing in it may run.
    expect(document.response.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(document.body.equals(pdf)).toBe(true);

    // A letter from one of the association's templates (the starting ones when it has none yet).
    await adviser.goto('/conseil/modeles');
    await expectAccessible(adviser);
    const seed = adviser.getByRole('button', { name: 'Ajouter les modèles de départ' });
    if (await seed.count()) {
      await seed.click();
      await expect(adviser.getByRole('status').textContent()).resolves.toContain('modèles de départ');
    }
    await expect(adviser.getByText('{{titulaire}}').count()).resolves.toBeGreaterThan(0);
    await adviser.goto(caseUrl);
    const template = adviser.getByLabel('Modèle', { exact: true });
    const templateName = (await template.locator('option:not([disabled])').first().textContent())!;
    await template.selectOption({ label: templateName });
    await adviser.getByRole('button', { name: 'Préparer le courrier' }).click();
    await expect(adviser.getByRole('status').textContent()).resolves.toContain('Le courrier est prêt');
    const letterLink = adviser
      .locator('#courriers')
      .getByRole('link', { name: /^Télécharger \(PDF\)/ })
      .first();
    const letter = await download(adviser, (await letterLink.getAttribute('href'))!);
    expect(letter.response.status()).toBe(200);
    expect(letter.response.headers()['content-type']).toBe('application/pdf');
    expect(letter.body.subarray(0, 5).toString()).toBe('%PDF-');
    // The follow-up says the letter was prepared.
    await expect(adviser.locator('#suivi tbody').textContent()).resolves.toContain('Courrier envoyé');
    await expectAccessible(adviser);

    // Closed as resolved, with the money recovered.
    await adviser.getByLabel('État', { exact: true }).selectOption({ label: 'Résolu' });
    await adviser
      .getByLabel('Résultat', { exact: true })
      .fill('Frais annulés par l’opérateur après le courrier.');
    await adviser.getByLabel('Somme récupérée (€)').fill('45,00');
    await adviser.getByRole('button', { name: 'Enregistrer l’état' }).click();
    await expect(adviser.getByRole('status').textContent()).resolves.toContain(
      'L’état du dossier est enregistré',
    );
    const facts = (await adviser.locator('dl.facts').textContent())!.replace(/\s/g, ' ');
    expect(facts).toContain('Résolu');
    expect(facts).toContain('45,00 €');

    // The list shows it.
    await adviser.goto('/conseil?etat=resolved');
    await expect(adviser.locator('tbody tr').first().textContent()).resolves.toContain('Résolu');
    await expectAccessible(adviser);
  });

  it('the coordinator sees anonymous counts only, never the case', async () => {
    expect(caseUrl).not.toBeNull();
    const coordinator = await newPage({ javaScriptEnabled: false });
    await login(coordinator, 'coordinator');
    await coordinator.goto('/conseil/bilan');
    await expect(coordinator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Bilan du conseil',
    );
    await expectAccessible(coordinator);
    // A wide period: all the demo's cases (this month alone may count fewer than 11, then nothing is shown).
    await coordinator.goto('/conseil/bilan?du=2015-01-01');
    const cells = await coordinator.locator('td.num').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => /^(< 11|\d[\d\s\u202f]*)$/.test(c.trim()))).toBe(true);
    await expect(coordinator.getByText('secret statistique').count()).resolves.toBeGreaterThan(0);
    await expect(coordinator.locator('tfoot td.num').first().textContent()).resolves.toMatch(/\d/);

    const refused = await coordinator.goto(caseUrl!);
    expect([403, 404]).toContain(refused!.status());
    const document = await coordinator.request.get(`${caseUrl}/documents/1`);
    expect([403, 404]).toContain(document.status());
    expect((await coordinator.goto('/conseil'))!.status()).toBe(403);
  });

  it('the audit trail does not tell the city which households saw an association', async () => {
    const coordinator = await newPage();
    await login(coordinator, 'coordinator');
    // The demo opened cases and booked appointments: the trail keeps them, the journal page does not show them.
    for (const action of ['advice.case_opened', 'advice.appointment_booked']) {
      await coordinator.goto(`/admin/journal?action=${action}`);
      await expect(coordinator.locator('tbody tr').count()).resolves.toBe(0);
    }
  });

  it('a landlord reads no case', async () => {
    const landlord = await newPage();
    await login(landlord, 'landlord_officer');
    expect((await landlord.goto('/conseil'))!.status()).toBe(403);
    expect((await landlord.goto(caseUrl!))!.status()).toBe(403);
    expect((await landlord.goto('/conseil/bilan'))!.status()).toBe(200);
  });
});
