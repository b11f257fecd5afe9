// Evaluation records without JavaScript: a facilitator fills in a household's « before » questionnaire, records a
// testimony (a forgotten first name is explained, nothing recorded) and withdraws it when the person changes their
// mind; a resident answers their own questionnaire and withdraws words they gave.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

const text = async (page: Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** A household of the facility's sectors that has not answered yet (not the demo resident's, the first one). */
async function householdToAsk(page: Page): Promise<number> {
  for (let id = 2; id < 80; id++) {
    const response = await page.goto(`/foyers/${id}/questionnaire`);
    if (response?.status() !== 200) continue;
    if ((await page.getByRole('button', { name: 'Enregistrer le questionnaire « avant »' }).count()) === 1)
      return id;
  }
  throw new Error('no household of the facility without a questionnaire');
}

/** The reference of a household (« F-12 »), from the title of its page. */
async function referenceOf(page: Page, householdId: number): Promise<string> {
  await page.goto(`/foyers/${householdId}`);
  return /F-\d+/.exec((await heading(page)) ?? '')![0];
}

describe('testimonies and the before/after questionnaire', () => {
  it('a facilitator fills in a household’s questionnaire, records a testimony, then withdraws it', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'facilitator');
    const householdId = await householdToAsk(page);
    const reference = await referenceOf(page, householdId);

    // From the household's page to the form.
    await page.getByRole('link', { name: 'Questionnaire avant / après' }).click();
    await expect(heading(page)).resolves.toBe('Questionnaire avant / après');
    await expectAccessible(page);
    await page
      .getByRole('group', { name: /Vous sentez-vous à l’aise/ })
      .getByLabel('Un peu')
      .check();
    await page.getByLabel('Lire ou envoyer des e-mails').check();
    await page.getByLabel('Des appels vidéo avec des proches').check();
    await page
      .getByRole('group', { name: /Vous arrive-t-il/ })
      .getByLabel('Souvent')
      .check();
    await page.getByRole('button', { name: 'Enregistrer le questionnaire « avant »' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Les réponses du questionnaire « avant » sont enregistrées',
    );
    expect(await text(page, 'dl.facts')).toMatch(
      /« après »\s*à remplir à partir du \d{1,2}(er)? \p{L}+ \d{4}/u,
    );
    await expect(page.getByRole('button', { name: /Enregistrer le questionnaire/ }).count()).resolves.toBe(0);
    await expectAccessible(page);

    await page.goto('/questionnaires');
    await expect(heading(page)).resolves.toBe('Questionnaires à faire');
    await expectAccessible(page);

    // A testimony: the first name chosen but forgotten is explained, and nothing is recorded.
    const quote = `Grâce à l’atelier, je parle à ma sœur en vidéo (${reference}).`;
    await page.goto('/temoignages');
    await expect(heading(page)).resolves.toBe('Témoignages');
    await expectAccessible(page);
    const form = page.locator('#nouveau');
    await form.getByLabel('Les mots de la personne').fill(quote);
    await form.getByLabel('Sous son prénom', { exact: true }).check();
    await form.getByLabel('Où ces mots ont été dits').fill('Atelier débutants, Kerourien');
    await form.getByLabel('Foyer (facultatif)').fill(reference);
    await form.getByLabel('À l’oral, noté par l’équipe').check();
    await form.getByRole('button', { name: 'Enregistrer le témoignage' }).click();
    await expect(page.locator('#firstName-error').textContent()).resolves.toContain(
      'La personne a choisi son prénom : écrivez-le',
    );
    await expect(page.locator('#firstName-error').getAttribute('role')).resolves.toBe('alert');
    await expect(page.locator('#liste blockquote', { hasText: quote }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await page
      .locator('#nouveau')
      .getByLabel(/^Prénom/)
      .fill('Gwenaëlle');
    await page.locator('#nouveau').getByRole('button', { name: 'Enregistrer le témoignage' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le témoignage est enregistré');
    const item = page.locator('#liste li', { hasText: quote });
    expect(await text(page, `#liste li:has-text("${quote}") figcaption`)).toContain(
      'Gwenaëlle, Atelier débutants, Kerourien',
    );
    expect(await item.textContent()).toContain(`foyer ${reference}`);

    // The person changes their mind: a confirmation, then the words are gone.
    await item.getByRole('button', { name: /^Retirer/ }).click();
    await expect(page.getByText('Ses mots et le prénom seront effacés pour toujours').count()).resolves.toBe(
      1,
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Oui, retirer le témoignage' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Le témoignage est retiré');
    expect(await text(page)).not.toContain(quote);
    expect(await text(page)).not.toContain('Gwenaëlle');
    await expectAccessible(page);
  });

  it('a resident answers their own questionnaire and withdraws the words they gave', async () => {
    // The facilitator notes words of the demo resident's household (the first household, in Kerourien).
    const staff = await newPage({ javaScriptEnabled: false });
    await login(staff, 'facilitator');
    const reference = await referenceOf(staff, 1);
    const quote = 'Je ne savais pas allumer un ordinateur, maintenant je fais mes courses en ligne.';
    await staff.goto('/temoignages');
    const form = staff.locator('#nouveau');
    await form.getByLabel('Les mots de la personne').fill(quote);
    await form.getByLabel('Anonyme', { exact: true }).check();
    await form.getByLabel('Où ces mots ont été dits').fill('Atelier débutants, Kerourien');
    await form.getByLabel('Foyer (facultatif)').fill(reference);
    await form.getByLabel('Formulaire signé').check();
    await form.getByRole('button', { name: 'Enregistrer le témoignage' }).click();
    await expect(staff.getByRole('status').textContent()).resolves.toContain('Le témoignage est enregistré');

    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'resident');
    await page.getByRole('link', { name: 'Mon questionnaire : donner mon avis sur Internet' }).click();
    await expect(heading(page)).resolves.toBe('Mon questionnaire');
    await expectAccessible(page);
    await page
      .getByRole('group', { name: /Vous sentez-vous à l’aise/ })
      .getByLabel('Pas du tout')
      .check();
    await page.getByLabel('Des démarches (CAF, impôts, France Travail, Ameli…)').check();
    await page
      .getByRole('group', { name: /échangé avec des proches/ })
      .getByLabel('Chaque semaine')
      .check();
    // The last question left aside: « Je préfère ne pas répondre » stays chosen.
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Vos réponses sont enregistrées');
    expect(await text(page, '#questions')).toMatch(
      /les mêmes questions à partir du \d{1,2}(er)? \p{L}+ \d{4}/u,
    );
    await expectAccessible(page);

    // Their words, and changing their mind.
    expect(await text(page, '#temoignages')).toContain(quote);
    await page
      .locator('#temoignages li', { hasText: quote })
      .getByRole('button', { name: /^Retirer mes mots/ })
      .click();
    await page.getByRole('button', { name: 'Oui, retirer mes mots' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('votre témoignage est retiré');
    expect(await text(page)).not.toContain(quote);
    await expectAccessible(page);

    // The facility's list no longer shows the words either.
    await staff.goto('/temoignages');
    expect(await text(staff)).not.toContain(quote);
  });
});
