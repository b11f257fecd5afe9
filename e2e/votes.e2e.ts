import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, login, newPage, secondOfficer, withBrowser } from './browser.ts';

withBrowser();

/** Opens the demo's running vote (Keredern Nord) from the list. */
async function openRunningVote(page: Page) {
  await page.getByRole('link', { name: 'Consultations' }).first().click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Consultations des locataires',
  );
  await page.locator('tr', { hasText: 'Keredern Nord' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Keredern Nord');
}

/** Counts of one channel's row on the vote page ("Internet", "Papier", "En personne"): [yes, no, blank, invalid]. */
async function channelCounts(page: Page, channel: string): Promise<number[]> {
  const cells = await page.locator('tr', { hasText: channel }).first().locator('td').allTextContents();
  return cells.map((c) => Number(c.replace(/\D/g, '')));
}

/** A resource's size as sent gzipped (the server compresses whole answers and says their length) and as read. */
async function weigh(
  path: string,
): Promise<{ zipped: number; plain: number; body: string; encoding: string | null }> {
  const res = await fetch(`${baseUrl()}${path}`, { headers: { 'accept-encoding': 'gzip' } });
  const body = await res.text();
  return {
    zipped: Number(res.headers.get('content-length') ?? Buffer.byteLength(body)),
    plain: Buffer.byteLength(body),
    body,
    encoding: res.headers.get('content-encoding'),
  };
}

describe('tenant votes', () => {
  it('a vote officer reissues a lost code, and the resident votes with it on a page without JavaScript', async () => {
    const officer = await newPage();
    await login(officer, 'landlord_officer');
    await openRunningVote(officer);
    await expectAccessible(officer);
    const [onlineBefore] = await channelCounts(officer, 'Internet');
    await officer.getByRole('link', { name: 'Logements consultés, codes et votes' }).click();
    await expectAccessible(officer);
    const row = officer.locator('tbody tr', { hasText: 'Pas encore voté' }).first();
    const reference = (await row.locator('td').first().textContent())!.trim();
    await row.getByRole('button', { name: 'Nouveau code' }).click();
    const notice = (await officer.getByRole('status').textContent())!;
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(notice)![1]!;
    await expect(officer.getByRole('link', { name: 'Imprimer la nouvelle lettre' }).count()).resolves.toBe(1);

    const resident = await newPage({ javaScriptEnabled: false });
    await resident.goto('/vote');
    await expect(resident.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Voter pour Internet dans votre résidence',
    );
    await expectAccessible(resident);
    // A typo in one character is caught before anything is looked up.
    const typo = `${code.slice(0, 5)}${code[5] === 'A' ? 'B' : 'A'}${code.slice(6)}`;
    await resident.getByLabel('Votre code de vote').fill(typo);
    await resident.getByRole('button', { name: 'Continuer' }).click();
    await expect(resident.getByRole('alert').textContent()).resolves.toContain(
      'Il y a une erreur dans le code',
    );
    await expectAccessible(resident);
    // Typed as people type it: lower case, spaces instead of dashes.
    await resident.getByLabel('Votre code de vote').fill(code.toLowerCase().replaceAll('-', ' '));
    await resident.getByRole('button', { name: 'Continuer' }).click();
    await expect(resident.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain(
      'Êtes-vous d’accord pour avoir Internet',
    );
    await expect(resident.getByText('1,10 € par mois').count()).resolves.toBe(1);
    await expectAccessible(resident);
    await resident.getByLabel('OUI, je suis d’accord').check();
    await resident.getByRole('button', { name: 'Je vote' }).click();
    await expect(resident.getByRole('status').textContent()).resolves.toContain('Votre vote est enregistré');
    await expect(resident.getByRole('status').textContent()).resolves.toContain('OUI, je suis d’accord');
    await expectAccessible(resident);

    // The same code a second time: a plain explanation and the number to call.
    await resident.goto(`/vote?code=${code}`);
    await expect(resident.getByRole('alert').textContent()).resolves.toContain('Votre logement a déjà voté');
    await expect(resident.getByText('Besoin d’aide ? Appelez le').count()).resolves.toBe(1);

    await officer.goto(officer.url().replace(/\/logements.*$/, ''));
    const [onlineAfter] = await channelCounts(officer, 'Internet');
    expect(onlineAfter).toBe(onlineBefore! + 1);
    await officer.goto(`${officer.url()}/logements?q=${reference}`);
    await expect(officer.locator('tbody tr').first().textContent()).resolves.toContain('Oui · Internet');
  });

  it('the vote page ships no script and weighs under 30 KB compressed, 60 KB uncompressed, with its stylesheet', async () => {
    for (const path of ['/vote', '/vote?code=0000-0000-0000']) {
      const page = await weigh(path);
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).not.toMatch(/modulepreload/);
      const css = await weigh(/href="(\/assets\/[^"]+\.css)"/.exec(page.body)![1]!);
      expect(page.zipped + css.zipped).toBeLessThan(30 * 1024);
      expect(page.plain + css.plain).toBeLessThan(60 * 1024);
    }
    expect((await weigh('/vote')).encoding).toBe('gzip');
  });

  it('two officers enter a paper batch; differences are shown before anything counts', async () => {
    const first = await newPage();
    await login(first, 'landlord_officer');
    await openRunningVote(first);
    const voteUrl = first.url();
    const before = await channelCounts(first, 'Papier');
    await first.goto(`${voteUrl}/logements`);
    const references = (
      await first
        .locator('tbody tr', { hasText: 'Pas encore voté' })
        .locator('td:first-child')
        .allTextContents()
    )
      .slice(0, 3)
      .map((r) => r.trim());
    expect(references).toHaveLength(3);
    await first.goto(voteUrl);
    await first.getByLabel('Nom du lot').fill('Urne du hall A, semaine 4');
    await first.getByRole('button', { name: 'Créer le lot' }).click();
    await expect(first.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Urne du hall A, semaine 4',
    );
    await first
      .getByLabel('Bulletins, un par ligne')
      .fill(`${references[0]} oui\n${references[1]} non\n${references[2]} peut-être`);
    await first.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(first.getByRole('alert').first().textContent()).resolves.toContain(
      'Ligne 3 : réponse « peut-être » inconnue',
    );
    await expectAccessible(first);
    await first
      .getByLabel('Bulletins, un par ligne')
      .fill(`${references[0]} oui\n${references[1]} non\n${references[2]} blanc`);
    await first.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(first.getByText('Première saisie enregistrée').count()).resolves.toBe(1);
    await expect(first.getByText('Vous avez fait la première saisie').count()).resolves.toBe(1);
    const batchUrl = first.url().split('?')[0]!;

    const second = await newPage();
    await login(second, { email: secondOfficer });
    await second.goto(batchUrl);
    await expect(second.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe(
      'Deuxième saisie',
    );
    // Blind: the first entry's lines are nowhere on the page.
    await expect(second.getByText(`${references[1]} non`).count()).resolves.toBe(0);
    await second.getByLabel('Bulletins, un par ligne').fill(`${references[0]} oui\n${references[1]} oui`);
    await second.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(
      second.getByRole('heading', { name: '2 écarts entre les deux saisies' }).count(),
    ).resolves.toBe(1);
    await expectAccessible(second);
    await second.goto(voteUrl);
    expect(await channelCounts(second, 'Papier')).toEqual(before);

    await second.goto(batchUrl);
    await second.getByLabel(`Sur le bulletin du logement ${references[1]}`).selectOption({ label: 'Non' });
    await second.getByLabel(`Sur le bulletin du logement ${references[2]}`).selectOption({ label: 'Blanc' });
    await second.getByRole('button', { name: 'Trancher et compter le lot' }).click();
    await expect(second.getByText('Le lot est compté.').count()).resolves.toBe(1);
    await second.goto(voteUrl);
    expect(await channelCounts(second, 'Papier')).toEqual([
      before[0]! + 1,
      before[1]! + 1,
      before[2]! + 1,
      before[3]!,
    ]);
  });

  it('after closing, everyone allowed sees the certified result and the procès-verbal; choices stay with the officers', async () => {
    const coordinator = await newPage();
    await login(coordinator, 'coordinator');
    await coordinator.goto('/consultations');
    await coordinator.locator('tr', { hasText: 'Recouvrance' }).getByRole('link').first().click();
    await expect(coordinator.getByText('Certifiée').count()).resolves.toBeGreaterThan(0);
    await expect(coordinator.getByText(/^Adopté : /).count()).resolves.toBe(1);
    await expect(
      coordinator.getByText('Un nouveau comptage des bulletins donne les mêmes chiffres.').count(),
    ).resolves.toBe(1);
    await expectAccessible(coordinator);
    await expect(coordinator.getByRole('link', { name: /Lettres à imprimer/ }).count()).resolves.toBe(0);
    const report = await coordinator.request.get(
      (await coordinator.getByRole('link', { name: 'Procès-verbal (PDF)' }).getAttribute('href'))!,
    );
    expect(report.headers()['content-type']).toBe('application/pdf');
    expect((await report.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const voteUrl = coordinator.url();
    const refused = await coordinator.goto(`${voteUrl}/logements`);
    expect(refused!.status()).toBe(403);

    const tenants = await newPage();
    await login(tenants, 'tenant_rep');
    // The tenant association serves Keredern: it follows that vote's counts, not Recouvrance's.
    await tenants.goto('/consultations');
    await expect(tenants.locator('tbody tr').count()).resolves.toBe(1);
    await expect(tenants.locator('tbody tr').first().textContent()).resolves.toContain('Keredern Nord');
    expect((await tenants.goto(voteUrl))!.status()).toBe(403);
  });

  it('a coordinator opens a vote; mistakes are explained next to their fields and nothing is created', async () => {
    const page = await newPage();
    await login(page, 'coordinator');
    await page.goto('/consultations');
    await page.getByRole('link', { name: 'Nouvelle consultation' }).click();
    await expectAccessible(page);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#sectorId').selectOption({
      label: (await page.locator('#sectorId option', { hasText: 'Bellevue Kergoat' }).textContent())!,
    });
    await page.locator('#opensAt').fill(`${day(7)}T09:00`);
    await page.locator('#closesAt').fill(`${day(100)}T18:00`);
    await page.locator('#operatorId').selectOption({ label: 'SFR' });
    await page.locator('#serviceName').fill('Internet collectif 100 Mbit/s');
    await page.locator('#monthlyAmount').fill('un euro');
    await page.locator('#tariffFrom').fill(day(160));
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await expect(page.locator('#monthlyAmount-error').textContent()).resolves.toContain(
      'Montant en euros attendu',
    );
    await expectAccessible(page);
    await page.locator('#monthlyAmount').fill('1,10');
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    // A vote opens the day it is created: its dwellings are frozen at opening.
    await expect(page.locator('#opensAt-error').textContent()).resolves.toContain(
      'le jour où elle est créée',
    );
    await page.goto('/consultations');
    await expect(page.locator('tr', { hasText: 'Bellevue Kergoat' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Nouvelle consultation' }).click();
    const sectorLabel = (await page
      .locator('#sectorId option', { hasText: 'Bellevue Kergoat' })
      .textContent())!;
    await page.locator('#sectorId').selectOption({ label: sectorLabel });
    await page.locator('#procedure').selectOption('opposition');
    // The opening is already filled in: in a few minutes, today.
    await expect(page.locator('#opensAt').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await page.locator('#closesAt').fill(`${day(100)}T18:00`);
    await page.locator('#operatorId').selectOption({ label: 'SFR' });
    await page.locator('#serviceName').fill('Internet collectif 100 Mbit/s');
    await page.locator('#monthlyAmount').fill('1,10');
    await page.locator('#tariffFrom').fill(day(160));
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await expect(page.locator('#closesAt-error').textContent()).resolves.toContain('au plus 2 mois');
    await page.locator('#closesAt').fill(`${day(50)}T18:00`);
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await expect(page.getByText('La consultation est ouverte.').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Bellevue Kergoat',
    );
    await expect(page.getByText('À venir').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
  });
});
