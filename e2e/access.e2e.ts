import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

describe('access', () => {
  it('a resident asks to be connected, on pages without JavaScript; mistakes are explained', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'resident');
    await page.getByRole('link', { name: 'Internet chez moi : demander le raccordement' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Internet chez moi');
    await expectAccessible(page);
    // Without the consent and a moment for the appointment, nothing is sent.
    await page.getByLabel('Téléphone pour le rendez-vous').fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Demander le raccordement' }).click();
    await expect(page.locator('#slots-error').textContent()).resolves.toContain(
      'Choisissez au moins un moment',
    );
    await expect(page.locator('#consent-error').textContent()).resolves.toContain('Il faut votre accord');
    await expectAccessible(page);
    await page.getByLabel('En semaine, en fin de journée').check();
    await page
      .getByLabel('Je voudrais qu’une personne du centre social m’aide à installer Internet chez moi')
      .check();
    await page
      .getByLabel('J’accepte que mon nom et mon téléphone soient donnés à l’opérateur pour le rendez-vous')
      .check();
    await page.getByRole('button', { name: 'Demander le raccordement' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Votre demande est envoyée');
    await expect(page.getByText('Demande envoyée à l’opérateur').count()).resolves.toBe(1);
    await expectAccessible(page);

    // The operator finds it, with the appointment's details only, and sets the appointment.
    const operator = await newPage();
    await login(operator, 'operator_agent');
    await operator.getByRole('link', { name: 'Raccordements' }).first().click();
    await expectAccessible(operator);
    await operator.getByLabel('État').selectOption({ label: 'Demande envoyée à l’opérateur' });
    await operator.getByRole('button', { name: 'Rechercher' }).click();
    await operator.locator('tbody tr').last().getByRole('link').click();
    await expect(operator.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /Demande de raccordement n° \d+/,
    );
    await expectAccessible(operator);
    const body = (await operator.locator('main').textContent())!;
    expect(body).not.toMatch(/minimaux|Profil|F-\d{6}/);
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await operator.getByLabel('Rendez-vous').fill(`${day}T10:30`);
    await operator.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
    await expect(operator.getByRole('status').textContent()).resolves.toContain('L’étape est enregistrée');
    await expect(operator.locator('dd strong').first().textContent()).resolves.toBe('Rendez-vous fixé');
  });

  it('the landlord computes the month’s charges, downloads the file, and closes the month', async () => {
    const page = await newPage();
    await login(page, 'landlord_officer');
    await page.getByRole('link', { name: 'Charges' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Charges locatives');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Calculer les charges du mois' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Les charges du mois sont calculées',
    );
    await expect(
      page.getByText('Le total est égal aux logements facturés × tarif de chaque secteur.').count(),
    ).resolves.toBe(1);
    await expectAccessible(page);
    const href = (await page
      .getByRole('link', { name: 'Télécharger le fichier des charges (CSV)' })
      .getAttribute('href'))!;
    const file = await page.request.get(href);
    expect(file.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const csv = await file.text();
    expect(csv.startsWith('\uFEFFmois;type;ligne;reference_logement')).toBe(true);
    expect(csv).toMatch(/;charge;\d+;BMH-KER-\d{4};[^;]+;KER;F-\d{6};1,24;;/);
    await page.getByRole('button', { name: 'Clore le mois' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le mois est clos');
    await expect(page.getByRole('button', { name: 'Recalculer ce mois' }).count()).resolves.toBe(0);
    // The coordinator reads the same month; the operator cannot.
    const operator = await newPage();
    await login(operator, 'operator_agent');
    expect((await operator.goto(page.url()))!.status()).toBe(403);
  });

  it('the coordinator follows services and late connections', async () => {
    const page = await newPage();
    await login(page, 'coordinator');
    await page.getByRole('link', { name: 'Services' }).first().click();
    await expect(page.getByText('1,24 €').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    await page.goto('/raccordements?retard=1');
    await expect(page.locator('tbody tr').first().textContent()).resolves.toMatch(/en retard/);
    await expectAccessible(page);
  });
});
