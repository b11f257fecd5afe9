import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('appointments with a consumer association', () => {
  it('a resident books an appointment without JavaScript, sees it and cancels it', async () => {
    const resident = await newPage({ javaScriptEnabled: false });
    await login(resident, 'resident');
    await resident
      .getByRole('link', { name: 'Prendre rendez-vous avec une association de consommateurs' })
      .click();
    await resident.waitForURL(/\/rendez-vous$/);
    await expect(resident.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mes rendez-vous');
    await expect(resident.locator('#mes-rendez-vous').textContent()).resolves.toContain(
      'Vous n’avez pas de rendez-vous',
    );
    await expectAccessible(resident);

    // The first place's nearest free slot, the first person of the household, the channel proposed.
    const place = resident.locator('#prendre article').first();
    const association = (await place.getByRole('heading', { level: 3 }).textContent())!.split(' — ')[0]!;
    const slot = place
      .locator('fieldset', { hasText: 'Quel jour et à quelle heure ?' })
      .getByRole('radio')
      .first();
    const when = await place.locator(`label[for="${await slot.getAttribute('id')}"]`).textContent();
    await slot.check();
    await place.locator('fieldset', { hasText: 'Qui vient ?' }).getByRole('radio').first().check();
    await place.getByLabel('Par un appel téléphonique').check();
    await place.getByRole('button', { name: /^Prendre ce rendez-vous/ }).click();
    await resident.waitForURL(/fait=pris/);
    await expect(resident.getByRole('status').textContent()).resolves.toContain('le rendez-vous est pris');
    const mine = resident.locator('#mes-rendez-vous');
    await expect(mine.textContent()).resolves.toContain(association);
    await expect(mine.textContent()).resolves.toContain(when!);
    await expectAccessible(resident);

    // Cancelling asks first, then frees the slot.
    await mine.getByRole('button', { name: /^Annuler le rendez-vous/ }).click();
    await expect(resident.getByText('Voulez-vous vraiment annuler ce rendez-vous ?').count()).resolves.toBe(
      1,
    );
    await expectAccessible(resident);
    await resident.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
    await resident.waitForURL(/fait=annule/);
    await expect(resident.getByRole('status').textContent()).resolves.toContain('le rendez-vous est annulé');
    await expect(resident.locator('#mes-rendez-vous').textContent()).resolves.toContain(
      'Vous n’avez pas de rendez-vous',
    );
  });

  it('an adviser publishes office hours from a weekly rule and cancels a slot', async () => {
    const adviser = await newPage({ javaScriptEnabled: false });
    await login(adviser, 'adviser');
    await adviser.goto('/conseil/permanences');
    await expect(adviser.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Permanences');
    // The demo's weekly office hours at Kerourien, some already booked.
    await expect(adviser.locator('#creneaux').textContent()).resolves.toContain('Centre social de Kerourien');
    await expectAccessible(adviser);

    // An end before the start is refused next to the field.
    const form = adviser.locator('#ajouter');
    await form.getByLabel('Lieu').selectOption({ label: 'Maison Pour Tous de Pontanézen (Brest)' });
    await form.getByLabel('Premier jour').fill(inDays(15));
    await form.getByLabel('Heure de début').fill('10:00');
    await form.getByLabel('Heure de fin').fill('09:00');
    await form.getByRole('button', { name: 'Créer les permanences' }).click();
    await expect(adviser.locator('#endTime-error').textContent()).resolves.toContain(
      'La fin doit suivre le début',
    );
    await expectAccessible(adviser);

    await form.getByLabel('Heure de fin').fill('11:00');
    await form.getByLabel('Durée d’un rendez-vous').selectOption({ label: '30 minutes' });
    await form.getByLabel('Nombre de permanences').fill('2');
    await form.getByRole('button', { name: 'Créer les permanences' }).click();
    await adviser.waitForURL(/fait=cree/);
    await expect(adviser.getByRole('status').textContent()).resolves.toMatch(/C’est fait : [1-4] créneau/);
    await expect(adviser.locator('#creneaux').textContent()).resolves.toContain(
      'Maison Pour Tous de Pontanézen',
    );
    await expectAccessible(adviser);

    await adviser
      .locator('#creneaux')
      .getByRole('button', { name: /^Annuler ce créneau/ })
      .first()
      .click();
    await adviser.waitForURL(/fait=annule/);
    await expect(adviser.getByRole('status').textContent()).resolves.toContain('Le créneau est annulé');
  });
});
