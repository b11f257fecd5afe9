// Reports (bilans), the journey without JavaScript: the coordinator opens the impact dashboard and filters a
// sector, starts a report for that sector and period, writes a section, quotes a testimony, publishes the report
// and downloads its PDF; the testimony is then withdrawn, and a visitor who is not signed in reads the published
// report — without the withdrawn words.
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const stamp = Date.now().toString(36);
const sectionTitle = `Ce que disent les ateliers ${stamp}`;
const words = `Grâce au programme, j’écris enfin à ma fille qui vit au Québec (${stamp}).`;
let reportUrl = '';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

describe('reports', () => {
  it('the coordinator filters a sector on the dashboard, writes its report, publishes it and downloads the PDF', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');

    // The dashboard, filtered on one sector (a GET form: the choice stays in the address).
    await page.goto('/impact');
    await expectAccessible(page);
    const zone = page.getByLabel('Zone', { exact: true });
    // A sector whose service is open (Kerourien in the demo), else the first one.
    const kerourien = zone.locator('option[value^="secteur-"]', { hasText: 'Kerourien' });
    const sectorOption = (await kerourien.count())
      ? kerourien.first()
      : zone.locator('option[value^="secteur-"]').first();
    const sectorValue = (await sectorOption.getAttribute('value'))!;
    const sectorLabel = ((await sectorOption.textContent()) ?? '').trim();
    await zone.selectOption(sectorValue);
    await page.getByRole('button', { name: 'Afficher' }).click();
    expect(new URL(page.url()).searchParams.get('zone')).toBe(sectorValue);
    await expectAccessible(page);

    // A testimony, given with consent, to quote in the report.
    await page.goto('/temoignages');
    await page.getByLabel('Les mots de la personne').fill(words);
    await page.getByRole('radio', { name: 'Sous son prénom' }).check();
    await page.getByLabel('Prénom (si la personne a choisi d’être citée sous son prénom)').fill('Maryvonne');
    await page.getByLabel('Où ces mots ont été dits').fill('Atelier débutants');
    await page.getByRole('radio', { name: 'Formulaire signé' }).check();
    await page.getByRole('button', { name: 'Enregistrer le témoignage' }).click();
    await expect(page.getByText(words).count()).resolves.toBe(1);

    // The reports, then a new one for the sector and the year to yesterday.
    await page.goto('/bilans');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bilans');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Nouveau bilan' }).click();
    await expectAccessible(page);
    const to = isoDay(new Date(Date.now() - 86_400_000));
    const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
    const title = `Bilan annuel ${stamp}`;
    await page.getByLabel(/^Titre/).fill(title);
    await page.getByLabel(/^Du/).fill(from);
    await page.getByLabel(/^Au/).fill(to);
    await page.getByLabel('Territoire').selectOption(sectorValue);
    await page.getByRole('button', { name: 'Créer le bilan' }).click();
    await page.waitForURL(/\/bilans\/\d+\?fait=cree$/);
    reportUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(page.getByText('Projet, visible par la coordination seulement').count()).resolves.toBe(1);
    const sectorCode = sectorLabel
      .replace(/^Secteur /, '')
      .split(' — ')[0]!
      .trim();
    await expect(page.locator('dl.facts').textContent()).resolves.toContain(`Secteur ${sectorCode}`);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expectAccessible(page);

    // A section, and the testimony.
    await page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await expectAccessible(page);
    await page
      .getByLabel('Synthèse de la coordination')
      .fill('Une année de travail avec les habitants du secteur.');
    await page.locator('#section-0-titre').fill(sectionTitle);
    await page
      .locator('#section-0-texte')
      .fill('Les habitants viennent et reviennent.\n\nIls amènent leurs voisins.');
    await page.getByRole('checkbox', { name: new RegExp(`Québec \\(${stamp}\\)`) }).check();
    // « Ajouter une section » keeps what is typed and gives one more empty slot.
    await page.getByRole('button', { name: 'Ajouter une section' }).click();
    await expect(page.locator('#section-0-titre').inputValue()).resolves.toBe(sectionTitle);
    await expect(page.locator('#section-1-titre').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Enregistrer' }).first().click();
    await page.waitForURL(/\?fait=enregistre$/);
    await expect(page.getByRole('heading', { level: 2, name: sectionTitle }).count()).resolves.toBe(1);
    await expect(page.locator('#temoignages').textContent()).resolves.toContain(words);

    // Publishing asks for a confirmation first.
    await page.getByRole('link', { name: 'Publier', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Publier ce bilan ?' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirmer la publication' }).click();
    await page.waitForURL(/\?fait=publie$/);
    await expect(page.getByText(/^Publié le /).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Modifier' }).count()).resolves.toBe(0);
    await expectAccessible(page);

    // The PDF: readable, with the section the coordinator wrote.
    const href = (await page.getByRole('link', { name: 'Télécharger le PDF' }).getAttribute('href'))!;
    const pdf = await page.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(title);
    expect(flat).toContain(sectionTitle);
    expect(flat).toContain('Maryvonne');

    // The person changes her mind: the testimony is withdrawn.
    await page.goto('/temoignages');
    const item = page.locator('li', { hasText: words });
    await item.getByRole('button', { name: /^Retirer/ }).click();
    await page.getByRole('button', { name: 'Oui, retirer le témoignage' }).click();
    await expect(page.getByText(words).count()).resolves.toBe(0);
  });

  it('a visitor who is not signed in reads the published report, without the withdrawn words', async () => {
    expect(reportUrl).toMatch(/^\/bilans\/\d+$/);
    const page = await newPage({ javaScriptEnabled: false });
    const response = await page.goto(reportUrl);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(reportUrl);
    await expect(page.getByRole('heading', { level: 2, name: sectionTitle }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 2, name: 'Synthèse' }).count()).resolves.toBe(1);
    await expect(
      page.getByRole('heading', { level: 2, name: 'Le parcours des foyers' }).count(),
    ).resolves.toBe(1);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain('Québec');
    expect(body).not.toContain('Maryvonne');
    expect(body).toContain('Aucun témoignage dans ce bilan.');
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expectAccessible(page);

    const pdf = await page.request.get(`${reportUrl}/bilan.pdf`);
    expect(pdf.status()).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), {
      mergePages: true,
    });
    expect(text).not.toContain('Québec');
    expect(text).toContain(sectionTitle);
  });
});
