// The impact dashboard without JavaScript: the coordinator reads the raw figures, narrows them to a sector, looks at
// them as published and downloads a table and the workbook; a landlord and an operator see them under statistical
// secrecy only, the operator for its own sectors.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

/** A table of the dashboard as the page shows it: each row's header and cells. */
async function tableRows(page: Page, id: string): Promise<{ label: string; cells: string[] }[]> {
  const rows = page.locator(`[data-table="${id}"] tbody tr`);
  const out: { label: string; cells: string[] }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({
      label: ((await row.locator('th').textContent()) ?? '').trim(),
      cells: (await row.locator('td').allTextContents()).map((c) => c.trim()),
    });
  }
  return out;
}
const zoneOptions = async (page: Page) =>
  (await page
    .locator('#zone option')
    .evaluateAll((options) =>
      options.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o.textContent ?? '').trim() })),
    )) as { value: string; label: string }[];
const csvOf = async (page: Page, href: string) => {
  const response = await page.request.get(href);
  return { response, text: Buffer.from(await response.body()).toString('utf8') };
};
const numberOf = (cell: string) => Number(cell.replace(/[\s\u202f\u00a0]/g, ''));

let coordinatorSectors: { value: string; label: string }[] = [];

describe('the impact dashboard', () => {
  it('the coordinator reads the raw figures, filters a sector, sees them as published and downloads them', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    const started = Date.now();
    await page.goto('/impact');
    const loadMs = Date.now() - started;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Impact du programme');
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expect(page.getByText('Chiffres bruts : ne pas diffuser.').count()).resolves.toBe(1);
    // Charts are images with a name, each followed by its table.
    await expect(page.locator('svg[role="img"]').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(page.locator('#parcours svg[role="img"] title').textContent()).resolves.toBe(
      'Parcours des foyers',
    );
    await expect(page.getByRole('table', { name: 'Parcours des foyers' }).count()).resolves.toBe(1);
    const funnel = await tableRows(page, 'funnel');
    expect(funnel.map((r) => r.label)[0]).toBe('Foyers des secteurs ouverts');
    expect(funnel.every((r) => /^\d[\d\s\u202f]*$/.test(r.cells[0]!))).toBe(true);
    await expectAccessible(page);
    // Loose guard on a shared machine; the server-side time is measured and reported separately.
    expect(loadMs).toBeLessThan(3000);

    // One open sector: the tables change to that sector only.
    const bySector = await tableRows(page, 'sectors');
    expect(bySector.length).toBeGreaterThan(1);
    const chosen = bySector[0]!;
    coordinatorSectors = (await zoneOptions(page)).filter((o) => o.value.startsWith('secteur-'));
    await page.getByLabel('Zone', { exact: true }).selectOption({ label: `Secteur ${chosen.label}` });
    await page.getByRole('button', { name: 'Afficher' }).click();
    expect(new URL(page.url()).searchParams.get('zone')).toMatch(/^secteur-\d+$/);
    await expect(page.locator('.lead').textContent()).resolves.toContain(`Secteur ${chosen.label}`);
    const narrowed = await tableRows(page, 'sectors');
    expect(narrowed.map((r) => r.label)).toEqual([chosen.label]);
    expect(narrowed[0]!.cells).toEqual(chosen.cells);
    const households = (await tableRows(page, 'funnel'))[0]!.cells[0]!;
    expect(numberOf(households)).toBe(numberOf(chosen.cells[1]!));
    await expectAccessible(page);

    // As published: the same sector, under secrecy, and the way back.
    await page.getByRole('link', { name: 'Voir comme publié' }).click();
    expect(new URL(page.url()).searchParams.get('publie')).toBe('1');
    expect(new URL(page.url()).searchParams.get('zone')).toMatch(/^secteur-\d+$/);
    await expect(page.getByText('Chiffres bruts : ne pas diffuser.').count()).resolves.toBe(0);
    await expect(page.getByText('Vous voyez les chiffres comme ils sont publiés').count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Revenir aux chiffres bruts' }).count()).resolves.toBe(1);
    const published = await tableRows(page, 'funnel');
    await expectAccessible(page);

    // The funnel's CSV is the table on the page, and the workbook opens as one.
    const csvHref = await page.locator('[data-table="funnel"] a', { hasText: 'CSV' }).getAttribute('href');
    expect(csvHref).toContain('table=funnel');
    expect(csvHref).not.toContain('brut=1');
    const csv = await csvOf(page, csvHref!);
    expect(csv.response.status()).toBe(200);
    expect(csv.response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.response.headers()['content-disposition']).toMatch(
      /^attachment; filename="parcours-des-foyers-secteur-.*\.csv"$/,
    );
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFÉtape;Foyers');
    expect(lines.slice(1, published.length + 1)).toEqual(
      published.map(
        (r) => `${r.label};${/^\d/.test(r.cells[0]!) ? String(numberOf(r.cells[0]!)) : r.cells[0]}`,
      ),
    );
    const xlsxHref = await page.getByRole('link', { name: 'Tous les tableaux (XLSX)' }).getAttribute('href');
    const xlsx = await page.request.get(xlsxHref!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(
      Buffer.from(await xlsx.body())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // The settings: a wrong threshold is refused in French; the page passes axe.
    await page.goto('/impact');
    await page.getByRole('link', { name: 'Réglages des chiffres' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Réglages des chiffres',
    );
    await expectAccessible(page);
    await page.getByLabel('Seuil du secret statistique (personnes)').fill('3');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect(page.locator('#secrecyThreshold-error').textContent()).resolves.toContain('5 au moins');
    await expectAccessible(page);
    await page.getByLabel('Seuil du secret statistique (personnes)').fill('11');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Les réglages sont enregistrés');
  });

  it('a landlord sees the figures under secrecy only, with no way to the raw ones', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'landlord_officer');
    await page.goto('/impact');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Impact du programme');
    await expect(page.getByText('Chiffres bruts : ne pas diffuser.').count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Voir comme publié' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Réglages des chiffres' }).count()).resolves.toBe(0);
    await expect(page.getByText('Chiffres publiés sous secret statistique').count()).resolves.toBe(1);
    await expectAccessible(page);
    // Asking for raw figures in the address changes nothing.
    const csvHref = await page.locator('[data-table="funnel"] a', { hasText: 'CSV' }).getAttribute('href');
    const asked = await csvOf(page, `${csvHref}&brut=1`);
    expect(asked.text).toBe((await csvOf(page, csvHref!)).text);
    expect(asked.response.headers()['content-disposition']).not.toContain('brut');
    expect((await page.goto('/impact/reglages'))?.status()).toBe(403);
  });

  it('an operator sees its sectors only, and an address naming another sector shows nothing of it', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'operator_agent');
    await page.goto('/impact');
    await expect(
      page.getByText('Vous voyez les secteurs que suit votre organisation.').count(),
    ).resolves.toBe(1);
    await expect(page.getByText('Chiffres bruts : ne pas diffuser.').count()).resolves.toBe(0);
    const own = (await zoneOptions(page)).filter((o) => o.value.startsWith('secteur-'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o) => coordinatorSectors.some((c) => c.value === o.value))).toBe(true);
    const other = coordinatorSectors.find((c) => !own.some((o) => o.value === c.value));
    expect(other, 'the demo needs a sector the operator does not serve').toBeDefined();
    await expectAccessible(page);

    await page.goto(`/impact?zone=${other!.value}`);
    await expect(page.locator('#zone-error').textContent()).resolves.toContain('hors de vos secteurs');
    const code = other!.label.replace(/^Secteur /, '');
    const shown = [...(await tableRows(page, 'sectors')), ...(await tableRows(page, 'charges'))].map(
      (r) => r.label,
    );
    expect(shown).not.toContain(code);
    await expect(page.locator('.lead').textContent()).resolves.toContain('vos secteurs');
    await expectAccessible(page);
    const csv = await csvOf(page, `/impact/export.csv?table=coverage&zone=${other!.value}`);
    expect(csv.response.status()).toBe(200);
    const charges = await csvOf(page, `/impact/export.csv?table=charges&zone=${other!.value}`);
    expect(charges.text).not.toContain(code);
  });
});
