// Open data: a visitor without an account (and without JavaScript) opens /donnees-ouvertes, reads what the data is,
// its licence and the secrecy rule, and downloads the CSV and its schema.
import { describe, expect, it } from 'vitest';
import { demoProgramme } from '../src/demo/brest.ts';
import { expectAccessible, newPage, withBrowser } from './browser.ts';

withBrowser();

describe('open data', () => {
  it('a visitor opens the open-data page and downloads the CSV and its schema', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const response = await page.goto('/donnees-ouvertes');
    expect(response?.status()).toBe(200);
    // Public: no redirect to the login page.
    expect(new URL(page.url()).pathname).toBe('/donnees-ouvertes');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Données ouvertes');
    // When another journey (the route matrix) has added a second programme, the page first asks which one.
    const choice = page.getByRole('link', { name: demoProgramme.name });
    if ((await choice.count()) === 1) {
      await expectAccessible(page);
      await choice.click();
      expect(new URL(page.url()).searchParams.get('programme')).toBe(demoProgramme.slug);
    }
    await expect(page.getByRole('link', { name: 'Licence Ouverte 2.0 (Etalab)' }).count()).resolves.toBe(1);
    await expect(page.locator('#secret').textContent()).resolves.toContain('moins de 11');
    await expect(page.locator('#contenu').textContent()).resolves.toMatch(/jusqu’au 31 décembre \d{4}/);
    await expectAccessible(page);

    const link = page.getByRole('link', { name: /Télécharger les données/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('impact-secteurs.csv');
    const file = await page.request.get((await link.getAttribute('href'))!);
    expect(file.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const csv = await file.text();
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'programme,code_insee,code_qpv,code_secteur,nom_secteur,annee,date_debut,date_fin,etape,service_ouvert,logements,foyers_residents,foyers_inscrits,foyers_raccordes,foyers_equipes,foyers_premier_atelier,certificats_delivres,dossiers_conseil_ouverts,charges_facturees_euros',
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(',ensemble,'))).toBe(true);
    expect(csv).not.toContain('< 11');

    const schemaHref = (await page.getByRole('link', { name: /schéma des données/ }).getAttribute('href'))!;
    const schema = await (await page.request.get(schemaHref)).json();
    expect(schema.fields.map((f: { name: string }) => f.name).join(',')).toBe(header);
  });
});
