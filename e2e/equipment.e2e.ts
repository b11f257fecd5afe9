import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

describe('equipment', () => {
  it('a facility reserves a computer for a household; the centre takes an instalment, hands it over, prints the sheet', async () => {
    // The programme sells to households that asked to be connected: the demo resident (F-000001) asks, if not yet.
    const resident = await newPage();
    await login(resident, 'resident');
    await resident.goto('/foyers/1/internet');
    if (await resident.getByRole('button', { name: 'Demander le raccordement' }).count()) {
      await resident.getByLabel('Téléphone pour le rendez-vous').fill('06 12 34 56 78');
      await resident.getByLabel('En semaine, le matin').check();
      await resident
        .getByLabel('J’accepte que mon nom et mon téléphone soient donnés à l’opérateur pour le rendez-vous')
        .check();
      await resident.getByRole('button', { name: 'Demander le raccordement' }).click();
      await expect(resident.getByRole('status').textContent()).resolves.toContain(
        'Votre demande est envoyée',
      );
    }
    const facility = await newPage();
    await login(facility, 'facilitator');
    await facility.getByRole('link', { name: 'Ordinateurs', exact: true }).first().click();
    await expect(facility.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Ordinateurs reconditionnés',
    );
    await expectAccessible(facility);
    await facility.locator('tbody tr', { hasText: '40 €' }).first().getByRole('link').click();
    await expectAccessible(facility);
    // A mistyped household is explained; nothing is reserved.
    await facility.getByLabel('Référence du foyer').fill('F-999999');
    await facility.getByRole('button', { name: 'Réserver' }).click();
    await expect(facility.getByRole('alert').first().textContent()).resolves.toContain(
      'Aucun foyer avec cette référence',
    );
    await facility.getByLabel('Référence du foyer').fill('F-000001');
    await facility.getByRole('button', { name: 'Réserver' }).click();
    await expect(facility.getByRole('status').textContent()).resolves.toContain(
      'L’ordinateur est réservé pour le foyer',
    );
    await expectAccessible(facility);
    const orderUrl = facility.url().split('?')[0]!;

    const centre = await newPage();
    await login(centre, 'recycling_agent');
    await centre.goto(orderUrl);
    await expect(centre.locator('dd strong').nth(1).textContent()).resolves.toMatch(/^40,00\s€$/);
    await centre.getByLabel('Montant (€)').fill('10');
    await centre.getByLabel('Moyen de paiement').selectOption({ label: 'Espèces' });
    await centre.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await expect(centre.getByRole('status').textContent()).resolves.toContain('Le paiement est enregistré');
    await expect(centre.locator('dd strong').nth(1).textContent()).resolves.toMatch(/^30,00\s€$/);
    const receipt = await centre.request.get(
      (await centre.getByRole('link', { name: 'Reçu (PDF)' }).getAttribute('href'))!,
    );
    expect(receipt.headers()['content-type']).toBe('application/pdf');
    expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await centre.getByRole('button', { name: 'Remettre l’ordinateur' }).click();
    await expect(centre.getByRole('status').textContent()).resolves.toContain('la garantie commence');
    await expectAccessible(centre);
    const sheet = await centre.request.get(
      (await centre.getByRole('link', { name: 'Fiche de remise (PDF)' }).getAttribute('href'))!,
    );
    expect(sheet.headers()['content-type']).toBe('application/pdf');
    expect((await sheet.body()).length).toBeGreaterThan(2000);

    // The coordinator follows the figures, not the households.
    const coordinator = await newPage();
    await login(coordinator, 'coordinator');
    await coordinator.getByRole('link', { name: 'Bilan ordinateurs' }).first().click();
    await expect(coordinator.getByText('Ordinateurs remis par mois').count()).resolves.toBe(1);
    await expectAccessible(coordinator);
    expect((await coordinator.goto(orderUrl))!.status()).toBe(403);
  });
});
