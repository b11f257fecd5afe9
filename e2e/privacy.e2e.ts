import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const text = async (page: import('playwright-core').Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

describe('residents’ rights', () => {
  it('the coordinator hands a demo household its data, erases it after confirming, and finds it in the register', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page.goto('/foyers');
    const ids = await page
      .locator('main table a[href^="/foyers/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/')[2]!));
    expect(ids.length).toBeGreaterThan(5);

    // A household with nothing still running (a demo household may have a request or a workshop to come).
    let id: string | undefined;
    for (const candidate of ids.reverse()) {
      await page.goto(`/foyers/${candidate}/donnees`);
      if (await page.getByRole('button', { name: 'Continuer' }).count()) {
        id = candidate;
        break;
      }
    }
    expect(id).toBeDefined();

    // From the household's page, the link for those allowed.
    await page.goto(`/foyers/${id}`);
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/F-\d{6}/)![0];
    await page.getByRole('link', { name: /^Données personnelles/ }).click();
    await page.waitForURL(`**/foyers/${id}/donnees`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Données personnelles du foyer ${reference}`,
    );
    expect(await text(page, '#held')).toContain('Le foyer');
    await expectAccessible(page);

    // The person's copy: JSON with stable keys, and a PDF.
    const json = await page.request.get(
      (await page.getByRole('link', { name: /^Télécharger en JSON/ }).getAttribute('href'))!,
    );
    expect(json.status()).toBe(200);
    expect(json.headers()['content-disposition']).toContain(`donnees-${reference}-`);
    const document = await json.json();
    expect(document).toMatchObject({ format: 'palier-personal-data', formatVersion: 1 });
    expect(document.modules.household.household.reference).toBe(reference);
    const pdf = await page.request.get(
      (await page.getByRole('link', { name: /^Télécharger en PDF/ }).getAttribute('href'))!,
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // A request without its date is refused next to the field, in French.
    await page.getByLabel('Date de la demande').fill('');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.locator('#requestedOn-error').textContent()).resolves.toContain(
      'Indiquez le jour où la personne a demandé l’effacement',
    );
    await expectAccessible(page);

    // Then the confirmation step, and only its button erases.
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Date de la demande').fill(today);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(
      page.getByRole('heading', { name: `Confirmer l’effacement du foyer ${reference}` }).count(),
    ).resolves.toBe(1);
    expect(await text(page, '#erase')).toContain('ne peut pas être annulé');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await page.waitForURL(`**/foyers/${id}/donnees?efface`);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Les données du foyer sont effacées',
    );
    expect(await text(page)).toContain('Ce foyer a été effacé le');
    expect(await page.getByRole('button', { name: 'Continuer' }).count()).toBe(0);
    await expectAccessible(page);

    // The household's own page is gone; the register says when, why and by whom.
    expect((await page.goto(`/foyers/${id}`))!.status()).toBe(404);
    await page.goto('/confidentialite/effacements');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Registre des effacements',
    );
    const row = page.locator('main table tbody tr', { hasText: reference });
    expect(await row.count()).toBe(1);
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain('À la demande de la personne');
    await expectAccessible(page);
  });

  it('other roles find neither the page nor the register', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'landlord_officer');
    expect((await page.goto('/foyers/1/donnees'))!.status()).toBe(403);
    expect((await page.goto('/confidentialite/effacements'))!.status()).toBe(403);
  });
});
