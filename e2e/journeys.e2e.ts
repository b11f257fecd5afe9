import { describe, expect, it } from 'vitest';
import {
  accounts,
  baseUrl,
  type DemoRole,
  expectAccessible,
  login,
  newPage,
  withBrowser,
} from './browser.ts';

withBrowser();

const homeTitles: Record<DemoRole, string> = {
  coordinator: 'Pilotage du programme',
  admin: 'Administration de Palier',
  landlord_officer: 'Espace bailleur',
  operator_agent: 'Espace opérateur',
  facilitator: 'Espace animation',
  recycling_agent: 'Espace recyclerie',
  adviser: 'Espace conseil',
  tenant_rep: 'Espace association de locataires',
  resident: 'Mon foyer',
};

describe('signing in', () => {
  it('the login page lists the demo accounts and is accessible', async () => {
    const page = await newPage();
    await page.goto('/login');
    for (const email of Object.values(accounts)) await expect(page.getByText(email).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it.each(Object.keys(accounts) as DemoRole[])(
    'a %s signs in and lands on a home page made for the role',
    async (role) => {
      const page = await newPage();
      await login(page, role);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(homeTitles[role]);
      // The coordinator is told what to act on: the demo's landlord agreement ends in five weeks, an action is late.
      const alerts = page.locator('section[aria-labelledby="alerts-title"]');
      if (role === 'coordinator') {
        await expect(alerts.getByRole('link', { name: '1 convention à renouveler' }).count()).resolves.toBe(
          1,
        );
        await expect(
          alerts.getByRole('link', { name: '1 action du comité de pilotage en retard' }).count(),
        ).resolves.toBe(1);
      } else await expect(alerts.count()).resolves.toBe(0);
      await expectAccessible(page);
    },
  );

  it('a wrong password gets a plain message and no session', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('Adresse e-mail').fill(accounts.coordinator);
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Adresse e-mail ou mot de passe incorrect.',
    );
    await expectAccessible(page);
    await page.goto('/territoire');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('a page asked for before signing in comes back after it', async () => {
    const page = await newPage();
    await page.goto('/partenaires');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Adresse e-mail').fill(accounts.coordinator);
    await page.getByLabel('Mot de passe').fill('palier-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/partenaires');
  });
});

describe('the territory and households', () => {
  it('a coordinator browses to a dwelling and opens its household, on accessible pages, and the read is audited', async () => {
    const page = await newPage();
    await login(page, 'coordinator');
    await page.getByRole('link', { name: 'Territoire' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Territoire');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Kerourien', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Secteur Kerourien');
    await expectAccessible(page);
    // The tenants adopted the service, open since 2012 and evaluated: the sector's roll-out stage says so, with its
    // votes one click away.
    await expect(page.locator('dd', { hasText: 'évalué (depuis le' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'consultations du secteur' }).count()).resolves.toBe(1);
    await page.locator('table').first().getByRole('link').first().click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/rue|place/);
    await expectAccessible(page);
    await page
      .getByRole('link', { name: /^BMH-KER-/ })
      .first()
      .click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Logement BMH-KER-/);
    await expectAccessible(page);
    const householdLink = page.getByRole('link', { name: /^F-\d{6}/ }).first();
    const householdName = (await householdLink.textContent())!;
    await householdLink.click();
    await expect(page.locator('h1').textContent()).resolves.toContain(householdName.split(' — ')[0]);
    await expect(page.getByRole('heading', { name: 'Parcours' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    const householdPath = new URL(page.url()).pathname;
    await page.goto(`/admin/journal?action=household.read&entityId=${householdPath.split('/').pop()}`);
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('Claire Le Gall');
    await expectAccessible(page);
  });

  it('searching an address without accents finds the dwellings', async () => {
    const page = await newPage();
    await login(page, 'landlord_officer');
    await page.goto('/territoire');
    await page.getByLabel('Rechercher un logement').fill('napoleon');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.locator('caption').first().textContent()).resolves.toMatch(
      /(logements? trouvés? pour|premiers logements pour) « napoleon »/,
    );
    await expect(page.getByRole('cell', { name: /place Napoléon III/ }).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('a facilitator corrects contact preferences; a bad value is explained next to its field and nothing changes', async () => {
    const page = await newPage();
    await login(page, 'facilitator');
    await page.goto('/foyers');
    await expectAccessible(page);
    await page.locator('tbody a').first().click();
    await page.getByText('Modifier les moyens de contact').click();
    const form = page.locator('#contact-form');
    await form.getByLabel('SMS').check();
    await form.getByLabel('Téléphone').fill('12');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('#c-phone-error').textContent()).resolves.toBe(
      'Numéro de téléphone invalide, par exemple 06 12 34 56 78',
    );
    await expect(page.locator('#c-phone').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    await form.getByLabel('Téléphone').fill('06 98 76 54 32');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Les moyens de contact sont enregistrés.',
    );
    await expect(page.getByText('06 98 76 54 32').count()).resolves.toBe(1);
  });

  it('a resident sees only their own household, in plain words, without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'resident');
    await expect(page.getByRole('heading', { name: 'Membres du foyer' }).count()).resolves.toBe(1);
    expect(await page.locator('script').count()).toBe(0);
    await expectAccessible(page);
    const response = await page.goto('/territoire');
    expect(response?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('Accès refusé');
  });
});

describe('refusals', () => {
  it.each([
    ['operator_agent', '/partenaires'],
    ['facilitator', '/admin/jetons'],
    ['landlord_officer', '/admin/journal'],
    ['tenant_rep', '/foyers'],
    ['recycling_agent', '/foyers/1'],
  ] as const)('a %s is refused %s with a plain explanation', async (role, path) => {
    const page = await newPage();
    await login(page, role);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('Accès refusé');
    await expectAccessible(page);
  });
});

describe('partners, accounts and tokens', () => {
  it('a coordinator invites a facilitator, who sets a password and signs in', async () => {
    const coordinator = await newPage();
    await login(coordinator, 'coordinator');
    await coordinator.goto('/partenaires');
    await expectAccessible(coordinator);
    await coordinator.getByRole('link', { name: 'Maison de quartier de Bellevue' }).click();
    await coordinator.getByLabel('Nom').fill('Erwan Pichon');
    await coordinator.getByLabel('E-mail').fill('erwan.pichon@example.org');
    await coordinator.locator('#i-role').selectOption('facilitator');
    await coordinator.getByRole('button', { name: 'Créer l’invitation' }).click();
    const link = (await coordinator.locator('code.break').textContent())!;
    expect(link).toMatch(/\/invitation\/[\w-]+$/);
    await expectAccessible(coordinator);

    const invited = await newPage();
    await invited.goto(new URL(link).pathname);
    await expect(invited.locator('h1').textContent()).resolves.toBe('Bienvenue, Erwan Pichon');
    await expectAccessible(invited);
    await invited.locator('#password').fill('court');
    await invited.locator('#confirm').fill('court');
    await invited.getByRole('button', { name: 'Activer mon compte' }).click();
    await expect(invited.locator('#password-error').textContent()).resolves.toContain(
      'au moins 12 caractères',
    );
    await invited.locator('#password').fill('le phare du petit minou');
    await invited.locator('#confirm').fill('le phare du petit minou');
    await invited.getByRole('button', { name: 'Activer mon compte' }).click();
    await invited.waitForURL('**/login**');
    await invited.getByLabel('Adresse e-mail').fill('erwan.pichon@example.org');
    await invited.getByLabel('Mot de passe').fill('le phare du petit minou');
    await invited.getByRole('button', { name: 'Se connecter' }).click();
    await expect(invited.locator('h1').textContent()).resolves.toBe('Espace animation');
  });

  it('an admin creates an API token that a partner system then uses', async () => {
    const page = await newPage();
    await login(page, 'admin');
    await page.goto('/admin/jetons');
    await expectAccessible(page);
    await page
      .getByLabel('Agit au nom de')
      .selectOption({ label: 'Sophie Kerhervé — Brest métropole habitat (Bailleur)' });
    await page.getByLabel('Nom du jeton').fill('Logiciel de gestion locative');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const token = (await page.locator('code.break').textContent())!;
    const response = await fetch(`${baseUrl()}/api/v1/sectors`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { dwellingCount: number }[] };
    // 4,000 dwellings in the seven sectors on their way, 710 in the three identified ones waiting (260 + 150 + 300).
    expect(body.items.reduce((sum, s) => sum + s.dwellingCount, 0)).toBe(4710);
  });

  it('the API reference is readable and accessible', async () => {
    const page = await newPage();
    await page.goto('/api/docs');
    await expect(page.getByRole('heading', { name: /GET \/api\/v1\/dwellings$/ }).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('the interface switches to English', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });
});
