import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

/** Every competency still missing, over all levels, on a person's page. */
const missingCount = (page: Page) => page.locator('#niveaux ul.missing li').count();
const missingFor = async (page: Page, level: string) => {
  const block = page.locator('#niveaux .operation', {
    has: page.getByRole('heading', { name: level, exact: true }),
  });
  return (await block.locator('ul.missing li').allTextContents()).map((t) => t.trim().split(' ')[0]!);
};

const chooseLevel = async (page: Page, label: RegExp) => {
  const select = page.locator('#delivrer').getByLabel(/^Niveau/);
  await select.selectOption((await select.locator('option', { hasText: label }).getAttribute('value'))!);
};

/** The certificate the coordinator reads, then the employer checks, then the coordinator revokes. */
let checked: { url: string; code: string; holder: string } | null = null;

describe('certificates', () => {
  it('a facilitator validates what a person showed in the workshop, sees what is missing and issues the certificate', async () => {
    const facilitator = await newPage({ javaScriptEnabled: false });
    await login(facilitator, 'facilitator');
    await facilitator.goto('/competences');
    await expect(facilitator.getByText('Ce que l’animateur observe :').count()).resolves.toBeGreaterThan(10);
    await expect(facilitator.getByText(/^Mène vers Pix 1\.1/).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(facilitator);
    await facilitator.goto('/ateliers');
    await facilitator
      .locator('tr', { hasText: 'Centre social de Kerourien' })
      .filter({ hasText: 'Premiers pas sur l’ordinateur' })
      .getByRole('link')
      .first()
      .click();
    await facilitator.getByRole('link', { name: 'Compétences', exact: true }).click();
    await expect(facilitator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Compétences : Premiers pas sur l’ordinateur',
    );
    await expectAccessible(facilitator);
    const courseUrl = facilitator.url().split('?')[0]!;

    // Someone with something left to validate; how much their levels still miss.
    const row = facilitator
      .locator('tbody tr')
      .filter({ has: facilitator.getByRole('button', { name: /^Valider/ }) })
      .first();
    const name = (await row.locator('th a').textContent())!.trim();
    const personUrl = (await row.locator('th a').getAttribute('href'))!;
    await facilitator.goto(personUrl);
    await expect(facilitator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Compétences de ${name}`,
    );
    const before = await missingCount(facilitator);
    const validatedBefore = await facilitator.locator('#validees tbody tr').count();

    // One tap in the course's table: validated today, from the last session held.
    await facilitator.goto(courseUrl);
    const button = facilitator
      .locator('tbody tr', { hasText: name })
      .getByRole('button', { name: /^Valider/ })
      .first();
    const label = (await button.textContent())!;
    const code = /PIM-\d\.\d/.exec(label)![0];
    await button.click();
    await expect(facilitator.getByRole('status').textContent()).resolves.toContain(`C’est validé : ${code}`);
    await expect(
      facilitator
        .locator('tbody tr', { hasText: name })
        .getByText(/validée le/)
        .count(),
    ).resolves.toBeGreaterThan(0);

    // The person's page shows it, and the levels miss less.
    await facilitator.locator('tbody tr', { hasText: name }).getByRole('link', { name }).click();
    await expectAccessible(facilitator);
    const validated = facilitator.locator('#validees tbody tr', { hasText: code });
    await expect(validated.count()).resolves.toBe(1);
    await expect(validated.textContent()).resolves.toContain('Séance : ');
    await expect(facilitator.locator('#validees tbody tr').count()).resolves.toBe(validatedBefore + 1);
    expect(await missingCount(facilitator)).toBeLessThan(before);

    // Issuing a level not reached says what is missing.
    const notYet = await missingFor(facilitator, 'Visa Internet');
    expect(notYet.length).toBeGreaterThan(0);
    await chooseLevel(facilitator, /^Visa Internet \(/);
    await facilitator.getByRole('button', { name: 'Délivrer le certificat' }).click();
    const refusal = (await facilitator.locator('#delivrer').getByRole('alert').textContent())!;
    expect(refusal).toContain('pas encore validées');
    expect(refusal).toContain(`Il manque : ${notYet[0]}`);

    // The first level: validate what it still needs (an observation outside the workshop), then issue it.
    for (const missing of await missingFor(facilitator, 'Visa Internet — découverte')) {
      const select = facilitator.locator('#valider').getByLabel(/^Compétence/);
      const option = await select.locator('option', { hasText: missing }).first().getAttribute('value');
      await select.selectOption(option!);
      await facilitator.getByLabel('Observation (facultatif)').fill('Vu à l’accueil du centre');
      await facilitator.getByRole('button', { name: 'Valider la compétence' }).click();
      await expect(facilitator.getByRole('status').textContent()).resolves.toContain(
        'La compétence est validée',
      );
    }
    await expect(missingFor(facilitator, 'Visa Internet — découverte')).resolves.toEqual([]);
    await chooseLevel(facilitator, /^Visa Internet — découverte/);
    await expect(facilitator.getByLabel('Nom imprimé sur le certificat').inputValue()).resolves.toBe(name);
    await facilitator.getByRole('button', { name: 'Délivrer le certificat' }).click();
    await facilitator.waitForURL(/\/certificats\/\d+/);
    await expect(facilitator.getByRole('status').textContent()).resolves.toContain(
      'Le certificat est délivré',
    );
    await expect(facilitator.getByText(name).count()).resolves.toBeGreaterThan(0);
    await expect(facilitator.getByText('Visa Internet — découverte').count()).resolves.toBeGreaterThan(0);

    // A validation recorded by mistake is withdrawn, with a reason (the certificate issued stays as it was).
    await facilitator.goto(personUrl);
    const mistaken = facilitator.locator('#validees tbody tr', { hasText: code });
    await mistaken.locator('summary').click();
    await mistaken.getByLabel(/^Raison du retrait/).fill('Validée pour la mauvaise personne');
    await mistaken.getByRole('button', { name: /^Retirer la validation/ }).click();
    await expect(facilitator.getByRole('status').textContent()).resolves.toBe('La validation est retirée.');
    await expect(facilitator.locator('#validees tbody tr', { hasText: code }).count()).resolves.toBe(0);
  });

  it('the coordinator reads the certificates, opens one and downloads its PDF and its badge', async () => {
    const coordinator = await newPage();
    await login(coordinator, 'coordinator');
    await coordinator.getByRole('link', { name: 'Certificats', exact: true }).first().click();
    await expect(coordinator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Certificats');
    await expect(coordinator.getByRole('heading', { name: 'Délivrance automatique' }).count()).resolves.toBe(
      1,
    );
    await expect(
      coordinator.locator('#delivrance tbody tr', { hasText: 'Kerourien' }).textContent(),
    ).resolves.toContain('Autorisé');
    await expectAccessible(coordinator);
    // Authorising a facility, and withdrawing it.
    const pontanezen = () => coordinator.locator('#delivrance tbody tr', { hasText: 'Pontanézen' });
    await pontanezen()
      .getByRole('button', { name: /^Autoriser/ })
      .click();
    await expect(coordinator.getByRole('status').textContent()).resolves.toContain('lieux autorisés');
    await expect(pontanezen().locator('td').nth(1).textContent()).resolves.toBe('Autorisé');
    await pontanezen()
      .getByRole('button', { name: /^Retirer l’autorisation/ })
      .click();
    await expect(pontanezen().locator('td').nth(1).textContent()).resolves.toBe('Non autorisé');

    const row = coordinator.locator('#liste tbody tr', { hasText: 'Valide' }).first();
    const holder = (await row.locator('td').nth(1).textContent())!.trim();
    await row.getByRole('link').click();
    await expect(coordinator.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Certificat P-[0-9A-Z]{8}$/,
    );
    await expectAccessible(coordinator);
    const code = (await coordinator.locator('#code').textContent())!.trim();
    expect(code).toMatch(/^P-[0-9A-HJKMNP-Z]{8}$/);
    await expect(coordinator.locator('#verify-url').textContent()).resolves.toContain(`/verify/${code}`);
    checked = { url: coordinator.url(), code, holder };

    const pdf = await coordinator.request.get(
      (await coordinator
        .getByRole('link', { name: 'Télécharger le certificat (PDF)' })
        .getAttribute('href'))!,
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const badge = await coordinator.request.get(
      (await coordinator
        .getByRole('link', { name: 'Télécharger le badge numérique (Open Badges)' })
        .getAttribute('href'))!,
    );
    expect(badge.headers()['content-type']).toBe('application/vc+jwt');
    expect(badge.headers()['content-disposition']).toContain(`visa-internet-${code}.jwt`);
    expect((await badge.text()).split('.')).toHaveLength(3);
    const keys = await coordinator.request.get('/.well-known/jwks.json');
    expect(((await keys.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('an employer checks a code without an account and without JavaScript', async () => {
    const { code, holder } = checked!;
    const employer = await newPage({ javaScriptEnabled: false });
    await employer.goto('/verify');
    await expect(employer.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex');
    await expectAccessible(employer);
    // Typed as people do: lower case, a space instead of the dash.
    await employer.getByLabel('Code du certificat').fill(code.toLowerCase().replace('-', ' '));
    await employer.getByRole('button', { name: 'Vérifier' }).click();
    expect(new URL(employer.url()).pathname).toBe(`/verify/${code}`);
    await expect(employer.getByRole('heading', { name: 'Certificat valide' }).count()).resolves.toBe(1);
    await expect(employer.getByText(holder, { exact: true }).count()).resolves.toBe(1);
    await expectAccessible(employer);

    await employer.getByLabel('Code du certificat').fill('P-23456789');
    await employer.getByRole('button', { name: 'Vérifier' }).click();
    await expect(employer.getByRole('alert').textContent()).resolves.toContain(
      'Aucun certificat ne porte le code P-23456789',
    );
    await employer.getByLabel('Code du certificat').fill('12345');
    await employer.getByRole('button', { name: 'Vérifier' }).click();
    await expect(employer.getByRole('alert').textContent()).resolves.toContain('commence par P-');
    expect((await employer.request.get('/verify/P-23456789')).status()).toBe(404);
  });

  it('the coordinator revokes a certificate and the public page says so', async () => {
    const { url, code } = checked!;
    const coordinator = await newPage({ javaScriptEnabled: false });
    await login(coordinator, 'coordinator');
    await coordinator.goto(url);
    await coordinator.getByLabel('Raison de la révocation').fill('Délivré par erreur (test)');
    await coordinator.getByRole('button', { name: 'Révoquer le certificat' }).click();
    await expect(coordinator.getByRole('status').textContent()).resolves.toContain(
      'Le certificat est révoqué',
    );
    await expect(coordinator.getByText(/Certificat révoqué le/).count()).resolves.toBe(1);

    const employer = await newPage({ javaScriptEnabled: false });
    await employer.goto(`/verify/${code}`);
    await expect(employer.getByRole('heading', { name: /^Certificat révoqué le/ }).count()).resolves.toBe(1);
    await expect(employer.getByRole('heading', { name: 'Certificat valide' }).count()).resolves.toBe(0);
    await expectAccessible(employer);
  });
});
