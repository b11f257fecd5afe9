import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

/** The roll call's counters: [present, expected]. */
async function presentCounter(page: Page): Promise<[number, number]> {
  const text = (await page.getByText(/^Présents : \d+ \/ \d+$/).textContent())!;
  const [, present, total] = /Présents : (\d+) \/ (\d+)/.exec(text)!;
  return [Number(present), Number(total)];
}

const pressed = async (button: Locator) => (await button.getAttribute('aria-pressed')) === 'true';

describe('workshops', () => {
  it('a resident signs up for a course on a page without JavaScript and sees the place (or the waiting position)', async () => {
    const resident = await newPage({ javaScriptEnabled: false });
    await login(resident, 'resident');
    await resident.getByRole('link', { name: /Mes ateliers/ }).click();
    await expect(resident.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mes ateliers');
    await expectAccessible(resident);

    const course = resident.locator('article', { hasText: 'Premiers pas sur l’ordinateur' }).first();
    const title = (await course.getByRole('heading', { level: 3 }).textContent())!.trim();
    const who = course.getByRole('group', { name: 'Qui vient ?' }).getByRole('radio').first();
    await who.check();
    // A letter reaches everyone who has a home; the phone and e-mail may be unknown.
    await course.getByLabel('Par courrier').check();
    await course.getByRole('button', { name: /^M’inscrire/ }).click();

    const status = (await resident.getByRole('status').textContent())!;
    expect(status).toMatch(/a une place à l’atelier|sur la liste d’attente/);
    const mine = resident.locator('#mes-inscriptions');
    await expect(mine.getByText(title).count()).resolves.toBeGreaterThan(0);
    await expect(
      mine.getByText(/Prochaine séance : \S+ \d+(er)? \S+ à \d+ h \d+/).count(),
    ).resolves.toBeGreaterThan(0);
    // Her calendar gets its secret address, which serves the sessions to the phone.
    const address = (await resident.locator('#agenda code').first().textContent())!;
    const feed = await resident.request.get(new URL(address).pathname);
    expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    expect((await resident.request.get('/calendrier/not-a-real-token-at-all-000')).status()).toBe(404);
    await expectAccessible(resident);

    // Signing up twice is explained, with the place's phone number.
    await resident.goto('/mes-ateliers');
    const again = resident.locator('article', { hasText: title }).first();
    await again.getByRole('group', { name: 'Qui vient ?' }).getByRole('radio').first().check();
    await again.getByLabel('Par courrier').check();
    await again.getByRole('button', { name: /^M’inscrire/ }).click();
    await expect(resident.getByRole('alert').first().textContent()).resolves.toContain('déjà inscrite');
    await expect(resident.getByRole('alert').first().textContent()).resolves.toContain('Appelez le');
  });

  it('a facilitator reads the programme, opens a course, takes the roll call and prints the attendance sheet', async () => {
    const facilitator = await newPage();
    await login(facilitator, 'facilitator');
    await facilitator.getByRole('link', { name: 'Ateliers', exact: true }).first().click();
    await expect(facilitator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ateliers');
    await expect(facilitator.getByRole('heading', { name: 'Nouvel atelier' }).count()).resolves.toBe(1);
    await expectAccessible(facilitator);

    await facilitator
      .locator('tr', { hasText: 'Centre social de Kerourien' })
      .filter({ hasText: 'Premiers pas sur l’ordinateur' })
      .getByRole('link')
      .first()
      .click();
    await expect(facilitator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Premiers pas sur l’ordinateur',
    );
    await expect(facilitator.getByRole('heading', { name: /Personnes inscrites/ }).count()).resolves.toBe(1);
    await expectAccessible(facilitator);

    // The last session held (today or before): its roll call.
    await facilitator
      .getByRole('link', { name: /Faire l’appel/ })
      .last()
      .click();
    await expect(facilitator.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Appel');
    await expectAccessible(facilitator);
    const rows = facilitator.locator('li[id^="p-"]');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const rollCallUrl = facilitator.url();

    // One tap each, without reloading the page (once the page's script runs): the counter follows.
    // (A hydrated page needs its loader data streamed: app/entry.server.tsx streams pages with `handle.hydrate`.)
    await facilitator.locator('input[name="fetch"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    const first = rows.nth(0);
    const second = rows.nth(1);
    const firstPresent = first.getByRole('button', { name: /^Présent/ });
    const secondAbsent = second.getByRole('button', { name: /^Absent/ });
    await Promise.all([
      facilitator.waitForResponse((r) => r.request().method() === 'POST'),
      firstPresent.click(),
    ]);
    await Promise.all([
      facilitator.waitForResponse((r) => r.request().method() === 'POST'),
      secondAbsent.click(),
    ]);
    await facilitator.waitForLoadState('networkidle');
    expect(facilitator.url()).toBe(rollCallUrl);
    expect(await pressed(firstPresent)).toBe(true);
    expect(await pressed(secondAbsent)).toBe(true);
    expect(await pressed(first.getByRole('button', { name: /^Absent/ }))).toBe(false);
    const presentRows = await facilitator
      .locator('button[aria-pressed="true"]', { hasText: 'Présent' })
      .count();
    const [present, total] = await presentCounter(facilitator);
    expect(present).toBe(presentRows);
    expect(total).toBe(await rows.count());
    // Recorded for good.
    await facilitator.reload();
    expect(await pressed(rows.nth(0).getByRole('button', { name: /^Présent/ }))).toBe(true);
    expect(await pressed(rows.nth(1).getByRole('button', { name: /^Absent/ }))).toBe(true);

    // Without JavaScript, the same tap is a plain form that comes back to the person.
    const tablet = await newPage({ javaScriptEnabled: false });
    await login(tablet, 'facilitator');
    await tablet.goto(rollCallUrl);
    const [before] = await presentCounter(tablet);
    const row = tablet.locator('li[id^="p-"]').nth(1);
    const rowId = await row.getAttribute('id');
    await row.getByRole('button', { name: /^Présent/ }).click();
    expect(tablet.url()).toContain(`#${rowId}`);
    expect(await pressed(tablet.locator(`#${rowId}`).getByRole('button', { name: /^Présent/ }))).toBe(true);
    await expect(presentCounter(tablet)).resolves.toEqual([before + 1, total]);

    const sheet = await facilitator.request.get(
      (await facilitator.getByRole('link', { name: 'Feuille d’émargement (PDF)' }).getAttribute('href'))!,
    );
    expect(sheet.headers()['content-type']).toBe('application/pdf');
    expect((await sheet.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a facilitator plans a cycle over a public holiday and registers a household in two steps', async () => {
    const facilitator = await newPage({ javaScriptEnabled: false });
    await login(facilitator, 'facilitator');
    await facilitator.goto('/ateliers');
    // A form sent incomplete says what is missing, next to each field.
    await facilitator.getByRole('button', { name: 'Créer l’atelier' }).click();
    await expect(facilitator.getByRole('alert').first().textContent()).resolves.toContain(
      'L’atelier n’est pas créé',
    );
    await expect(facilitator.getByText('Indiquez le titre de l’atelier').count()).resolves.toBe(1);
    await expectAccessible(facilitator);

    await facilitator.getByLabel('Titre').fill('Mon téléphone au quotidien');
    await facilitator
      .getByLabel('Description')
      .fill('Appeler, écrire des messages, prendre des photos et les envoyer.');
    await facilitator.getByLabel('Nombre de places').fill('6');
    // Thursday 4 November 2027: the 11th is Armistice Day.
    await facilitator.getByLabel('Premier jour').fill('2027-11-04');
    await facilitator.getByLabel('Nombre de séances').fill('4');
    await facilitator.getByRole('button', { name: 'Créer l’atelier' }).click();
    await expect(facilitator.getByRole('status').textContent()).resolves.toBe(
      'L’atelier est créé. Le 11 novembre (Armistice 1918) est férié : le cycle finit une semaine plus tard.',
    );
    await expect(facilitator.locator('#seances tbody tr').count()).resolves.toBe(4);
    await expect(facilitator.getByText('jeudi 2 décembre 2027').count()).resolves.toBeGreaterThan(0);

    // Step 1: the household; step 2: who, and how to tell them.
    await facilitator.getByLabel('Référence du foyer').fill('F-999999');
    await facilitator.getByRole('button', { name: 'Chercher le foyer' }).click();
    await expect(facilitator.getByRole('alert').first().textContent()).resolves.toContain('Aucun foyer');
    await facilitator.getByLabel('Référence du foyer').fill('f-000001');
    await facilitator.getByRole('button', { name: 'Chercher le foyer' }).click();
    await facilitator
      .getByRole('group', { name: /Qui inscrire/ })
      .getByRole('radio')
      .first()
      .check();
    await facilitator.getByLabel('Courrier').check();
    await facilitator.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await expect(facilitator.getByRole('status').textContent()).resolves.toContain('a une place');
    await expect(facilitator.locator('#inscrits tbody tr').count()).resolves.toBe(1);
    await expectAccessible(facilitator);
    await facilitator.getByRole('button', { name: /^Annuler l’inscription/ }).click();
    await expect(facilitator.getByRole('status').textContent()).resolves.toContain(
      'L’inscription est annulée',
    );
    await expect(facilitator.locator('#inscrits tbody tr').count()).resolves.toBe(0);
  });
});
