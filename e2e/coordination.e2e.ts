import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const year = day(0).slice(0, 4);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
const text = async (page: import('playwright-core').Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

describe('coordination', () => {
  it('the coordinator records a convention, attaches its PDF and sees the renewal alert', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Coordination' })
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Coordination');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Conventions', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Conventions');
    await expectAccessible(page);
    const form = page.locator('#nouvelle');
    await form.getByLabel(/^Partenaire/).selectOption({ label: 'Centre social de Kerourien' });
    await form.getByLabel(/^Référence/).fill('CONV-E2E-01');
    await form.getByLabel(/^Objet/).fill('Ateliers multimédia pour les débutants de Kerourien');
    await form.getByLabel(/^Début/).fill(day(-300));
    await form.getByLabel(/^Fin/).fill(day(30));
    await form.getByLabel('Montant (€)').fill('beaucoup');
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await expect(page.locator('#amount-error').textContent()).resolves.toContain('Montant en euros attendu');
    await expect(page.locator('#amount-error').getAttribute('role')).resolves.toBe('alert');
    await expectAccessible(page);
    await page.locator('#nouvelle').getByLabel('Montant (€)').fill('12 000');
    await page.locator('#nouvelle').getByRole('button', { name: 'Enregistrer la convention' }).click();
    await page.waitForURL(/\/coordination\/conventions\/\d+/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('La convention est enregistrée');
    expect(await text(page, 'dl.facts')).toContain('12 000,00 €');
    expect(await text(page)).toContain('préparez son renouvellement');
    await expectAccessible(page);

    // A web page named .pdf is refused by its content; the real PDF is kept and downloads as itself.
    await page
      .getByLabel(/^Document \(PDF/)
      .setInputFiles({ name: 'piege.pdf', mimeType: 'application/pdf', buffer: html });
    await page.getByRole('button', { name: 'Joindre le document' }).click();
    await expect(page.locator('#document-error').textContent()).resolves.toContain('n’est pas accepté');
    await page
      .getByLabel(/^Document \(PDF/)
      .setInputFiles({ name: 'convention signée.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Joindre le document' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le document est joint');
    const link = page.getByRole('link', { name: 'convention signée.pdf' });
    const file = await page.request.get((await link.getAttribute('href'))!);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(file.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.from(await file.body()).equals(pdf)).toBe(true);

    await page.goto('/coordination/conventions');
    expect(await text(page)).toMatch(/conventions? (est|sont) à renouveler/);
    const row = page.getByRole('row', { name: /CONV-E2E-01/ });
    expect(await text(page, `tr:has-text("CONV-E2E-01")`)).toContain('à renouveler');
    await expect(row.count()).resolves.toBe(1);
    await page.goto('/coordination');
    expect(await text(page, '#renouvellements')).toContain('CONV-E2E-01');
    const csv = await page.request.get('/coordination/conventions/renouvellements.csv');
    expect(await csv.text()).toContain('CONV-E2E-01;Centre social de Kerourien;');
  });

  it('the coordinator plans, votes and pays a subsidy — never more than voted — and sees the budget', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page.goto('/coordination/subventions');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Subventions');
    await expectAccessible(page);
    const form = page.locator('#nouvelle');
    await form.getByLabel(/^Association/).selectOption({ label: 'Centre social de Kerourien' });
    await form.getByLabel(/^Année/).fill(year);
    await form.getByLabel(/^Objet/).fill('Ateliers du soir (E2E)');
    await form.getByLabel(/^Montant prévu/).fill('5 000');
    await form.getByRole('button', { name: 'Prévoir la subvention' }).click();
    await page.waitForURL(/\/coordination\/subventions\/\d+/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('La subvention est prévue');
    await expectAccessible(page);

    await page.getByLabel(/^Montant voté/).fill('4 000');
    await page.getByRole('button', { name: 'Enregistrer le montant voté' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le montant voté est enregistré');
    await page.getByLabel(/^Montant versé/).fill('3 000');
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le versement est enregistré');
    await page.getByLabel(/^Montant versé/).fill('2 000');
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    const refusal = (await page.locator('#amount-error').textContent())!.replace(/\s/g, ' ');
    expect(refusal).toContain('dépasse ce qui reste à verser : 1 000,00 €');
    expect(refusal).toContain('déjà versé 3 000,00 €');
    await expectAccessible(page);
    expect(await text(page, 'dl.facts')).toMatch(/Reste à verser ?1 000,00 €/);

    await page.goto(`/coordination/subventions?annee=${year}`);
    expect(await text(page, '#budget')).toContain('Centre social de Kerourien');
    expect(await text(page, '#budget')).toContain('Ateliers du soir (E2E)');
    await expect(page.getByRole('heading', { name: 'Au fil des années' }).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('the coordinator records a committee with a decision and an action; its owner says it is done', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page.goto('/coordination/comites');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Comités de pilotage');
    await expectAccessible(page);
    const form = page.locator('#nouvelle');
    await form.getByLabel(/^Date/).fill(day(-20));
    await form.getByLabel(/^Lieu/).fill('Mairie de quartier de Bellevue');
    await form
      .getByLabel(/^Présents/)
      .fill('Ville, Brest métropole habitat, Centre social de Kerourien, SFR');
    await form.getByLabel(/^Décisions/).fill('Ouvrir un cycle d’ateliers du soir à Kerourien');
    await form.getByLabel(/^Action/).fill('Trouver une salle pour le cycle du soir (E2E)');
    await form.getByLabel(/^Partenaire responsable/).selectOption({ label: 'Centre social de Kerourien' });
    await form.getByLabel(/^Qui s’en charge/).fill('Animatrice multimédia');
    await form.getByLabel(/^Pour le/).fill(day(-5));
    await form
      .getByLabel(/^Compte rendu/)
      .setInputFiles({ name: 'cr.pdf', mimeType: 'application/pdf', buffer: pdf });
    await form.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.waitForURL(/\/coordination\/comites\/\d+/);
    const meetingUrl = page.url().split('?')[0]!;
    await expect(page.getByRole('status').textContent()).resolves.toContain('La réunion est enregistrée');
    expect(await text(page, '#decisions')).toContain('Ouvrir un cycle d’ateliers du soir à Kerourien');
    expect(await text(page, '#actions')).toContain('En retard');
    await expect(page.getByRole('link', { name: 'cr.pdf' }).count()).resolves.toBe(1);
    await expectAccessible(page);

    // The operator reads the committee but may not say where the centre's action stands.
    const operator = await newPage({ javaScriptEnabled: false });
    await login(operator, 'operator_agent');
    await operator.goto(meetingUrl);
    expect(await text(operator, '#actions')).toContain('Trouver une salle pour le cycle du soir (E2E)');
    await expect(operator.getByRole('button', { name: 'Enregistrer' }).count()).resolves.toBe(0);

    const centre = await newPage({ javaScriptEnabled: false });
    await login(centre, 'facilitator');
    await centre.goto('/coordination/comites');
    const row = centre.locator('tr', { hasText: 'Trouver une salle pour le cycle du soir (E2E)' });
    expect((await row.textContent())!).toContain('En retard');
    await row.getByLabel('Nouvel état').selectOption({ label: 'fait' });
    await row.getByLabel('Note').fill('Salle trouvée à la maison de quartier');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(centre.getByRole('status').textContent()).resolves.toContain(
      'L’état de l’action est enregistré',
    );
    await expect(
      centre.locator('tr', { hasText: 'Trouver une salle pour le cycle du soir (E2E)' }).count(),
    ).resolves.toBe(0);
    await centre.goto(meetingUrl);
    expect(await text(centre, '#actions')).toContain('Salle trouvée à la maison de quartier');
    await expectAccessible(centre);
  });

  it('a partner reads its own convention, read-only; the landlord sees no subsidies; a resident nothing', async () => {
    const centre = await newPage({ javaScriptEnabled: false });
    await login(centre, 'facilitator');
    await centre.goto('/coordination/conventions');
    await expect(centre.locator('#nouvelle').count()).resolves.toBe(0);
    await centre.getByRole('link', { name: 'CONV-E2E-01' }).click();
    await expect(centre.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Convention CONV-E2E-01',
    );
    for (const button of ['Renouveler la convention', 'Résilier la convention', 'Joindre le document'])
      await expect(centre.getByRole('button', { name: button }).count()).resolves.toBe(0);
    await expect(centre.getByRole('link', { name: 'convention signée.pdf' }).count()).resolves.toBe(1);
    await expectAccessible(centre);
    await centre.goto('/coordination');
    await expectAccessible(centre);

    const adviser = await newPage({ javaScriptEnabled: false });
    await login(adviser, 'adviser');
    await adviser.goto('/coordination/conventions');
    expect(await text(adviser)).not.toContain('CONV-E2E-01');

    const landlord = await newPage({ javaScriptEnabled: false });
    await login(landlord, 'landlord_officer');
    const refused = await landlord.goto('/coordination/subventions');
    expect(refused?.status()).toBe(403);
    await landlord.goto('/coordination');
    await expect(landlord.locator('#budget').count()).resolves.toBe(0);

    const resident = await newPage({ javaScriptEnabled: false });
    await login(resident, 'resident');
    expect((await resident.goto('/coordination'))?.status()).toBe(403);
  });
});
