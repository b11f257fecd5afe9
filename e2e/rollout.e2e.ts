// The roll-out: the coordinator places a sector by hand and sees the calendar re-plan, follows a sector's
// consultation up to the decision, and a partner reads the same calendar for its sectors only — all without JavaScript.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, login, newPage, withBrowser } from './browser.ts';

withBrowser();

interface Row {
  id: string;
  code: string;
  status: string;
  name: string;
  stage: string;
  consultation: string;
  vote: string;
  service: string;
  reasons: string[];
}

/** The calendar's table, as the page shows it. */
async function planRows(page: Page): Promise<Row[]> {
  const rows = page.locator('#calendrier table tbody tr');
  const out: Row[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const text = async (selector: string) =>
      ((await row.locator(selector).first().textContent()) ?? '').trim();
    out.push({
      id: (await row.getAttribute('id'))!.replace('ligne-', ''),
      code: (await row.getAttribute('data-code'))!,
      status: (await row.getAttribute('data-status'))!,
      name: ((await row.locator('th a').textContent()) ?? '').trim(),
      stage: await text('td:nth-of-type(1)'),
      consultation: await text('[data-phase="consultation"]'),
      vote: await text('[data-phase="vote"]'),
      service: await text('[data-milestone="service_open"]'),
      reasons: (await row.locator('li').allTextContents()).map((r) => r.trim()),
    });
  }
  return out;
}

const frenchMonths = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
/** « du 1 juillet 2027 au … » → 2027-07-01 (the first date of a cell). */
function firstDay(cell: string): string {
  const m = /(\d{1,2}) (\p{L}+) (\d{4})/u.exec(cell);
  if (!m) throw new Error(`no date in « ${cell} »`);
  const month = frenchMonths.indexOf(m[2]!) + 1;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}
const addMonths = (day: string, n: number) => {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-${day.slice(8, 10)}`;
};
const frenchDate = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(
    new Date(`${day}T12:00:00Z`),
  );
const monthText = (day: string) => `${frenchMonths[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
const comparable = (rows: Row[]) =>
  rows.map(({ code, status, consultation, vote, service }) => ({
    code,
    status,
    consultation,
    vote,
    service,
  }));
/** The codes a reason « Attend une place : … (BEL, KRD-N ; limite 2) » names. */
const waitedFor = (reason: string) =>
  reason.startsWith('Attend une place')
    ? (/\(([^()]*) ; limite \d+\)$/.exec(reason)?.[1] ?? '').split(/, | et /).filter(Boolean)
    : [];
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let coordinatorCodes: string[] = [];
let coordinatorOnly: Row | undefined;

describe('the roll-out', () => {
  it('the coordinator places a sector later, sees the calendar re-plan around it, then gives it back', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Déploiement' })
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Déploiement');
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expectAccessible(page);
    const original = await planRows(page);
    coordinatorCodes = original.map((r) => r.code);
    // Counts per stage add up to the sectors of the calendar.
    const counts = (await page.locator('#etapes tbody td').allTextContents()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(original.length);

    // The coordinator runs one sector at a time: the sectors ready compete for the same months.
    await page.getByRole('link', { name: 'Réglages du calendrier' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Réglages du déploiement',
    );
    await expectAccessible(page);
    const concurrent = page.getByLabel('Secteurs menés en même temps, au plus');
    const walking = page.getByLabel('Distance à pied jusqu’à un lieu d’ateliers (mètres)');
    const originalConcurrent = await concurrent.inputValue();
    const originalWalking = await walking.inputValue();
    const consultationMonths = Number(
      await page.getByLabel('Durée de la consultation des partenaires (mois)').inputValue(),
    );
    await walking.fill('5');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect(page.locator('#walkingDistanceM-error').textContent()).resolves.toContain('100 au moins');
    await expectAccessible(page);
    await page.getByLabel('Distance à pied jusqu’à un lieu d’ateliers (mètres)').fill(originalWalking);
    await page.getByLabel('Secteurs menés en même temps, au plus').fill('1');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Les réglages sont enregistrés');

    await page.goto('/deploiement');
    const before = await planRows(page);
    // A sector waiting for the place another one holds (« Attend une place : … (X ; limite 1) »).
    const waiting = before.find(
      (r) =>
        r.status === 'planned' &&
        r.reasons.some((reason) =>
          waitedFor(reason).some((code) => before.find((x) => x.code === code)?.status === 'planned'),
        ),
    );
    expect(
      waiting,
      'the demo needs two identified sectors ready to be planned in overlapping months',
    ).toBeDefined();
    const heldBy = waitedFor(waiting!.reasons.find((r) => r.startsWith('Attend une place'))!).find(
      (code) => before.find((x) => x.code === code)?.status === 'planned',
    )!;
    const moved = before.find((r) => r.code === heldBy)!;
    expect(moved.stage).toBe('Identifié');

    // Later: a year after the waiting sector's current start, well past its vote.
    const month = addMonths(firstDay(waiting!.consultation), 12).slice(0, 7);
    const form = page.locator(`#pin-${moved.id}`);
    await form.getByLabel(/^Placer en/).fill(month);
    await form.getByLabel(/^Pourquoi/).fill('Après les travaux de la rue');
    await form.getByRole('button', { name: `Placer ${moved.name}` }).click();
    await page.waitForURL(/fait=place/);
    const status = (await page.getByRole('status').textContent()) ?? '';
    expect(status).toContain(
      `${moved.name} est placé à la main : sa consultation commence en ${monthText(`${month}-01`)}`,
    );
    expect(status).toContain(waiting!.name);
    await expectAccessible(page);

    const after = await planRows(page);
    const movedAfter = after.find((r) => r.code === moved.code)!;
    expect(movedAfter.status).toBe('pinned');
    expect(movedAfter.consultation).toBe(
      `du ${frenchDate(`${month}-01`)} au ${frenchDate(addMonths(`${month}-01`, consultationMonths))}`,
    );
    expect(movedAfter.consultation).not.toBe(moved.consultation);
    expect(movedAfter.reasons[0]).toContain('Placé à la main par');
    expect(movedAfter.reasons).toContain('Commentaire : Après les travaux de la rue');
    // The timeline says the same, in text.
    await expect(
      page.getByText(`Consultation : ${movedAfter.consultation}`).count(),
    ).resolves.toBeGreaterThan(0);
    // The sector that waited for it starts earlier, and no longer waits for it.
    const waitingAfter = after.find((r) => r.code === waiting!.code)!;
    expect(firstDay(waitingAfter.consultation) < firstDay(waiting!.consultation)).toBe(true);
    expect(waitingAfter.reasons.flatMap(waitedFor)).not.toContain(moved.code);

    await page
      .locator(`#pin-${moved.id}`)
      .getByRole('button', { name: `Retirer l’épinglage de ${moved.name}` })
      .click();
    await page.waitForURL(/fait=retire/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      `${moved.name} n’est plus placé à la main`,
    );
    expect(comparable(await planRows(page))).toEqual(comparable(before));

    await page.goto('/deploiement/reglages');
    await page.getByLabel('Secteurs menés en même temps, au plus').fill(originalConcurrent);
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Les réglages sont enregistrés');
    await page.goto('/deploiement');
    expect(comparable(await planRows(page))).toEqual(comparable(original));
    coordinatorOnly = original.find((r) => r.stage === 'Identifié');

    // Both files download.
    const csv = await page.request.get('/deploiement/calendrier.csv');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const ics = await page.request.get('/deploiement/calendrier.ics');
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
  });

  it('the coordinator records a meeting, a position and a tick, and is told what is still missing', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'coordinator');
    await page.goto('/deploiement');
    const rows = await planRows(page);
    // An identified sector no partner serves yet (the last one the calendar lists).
    const target = [...rows].reverse().find((r) => r.stage === 'Identifié')!;
    expect(target, 'the demo needs an identified sector').toBeDefined();
    await page.locator(`#ligne-${target.id} th a`).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Déploiement : ${target.name}`,
    );
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Identifié depuis le');
    await expectAccessible(page);

    // A meeting with its minutes.
    const meeting = page.locator('#reunions form');
    await meeting.getByLabel(/^Lieu/).fill('Maison de quartier');
    await meeting.getByLabel(/^Présents/).fill('Ville de Brest, maison de quartier, deux locataires');
    await meeting
      .getByLabel(/^Compte rendu/)
      .setInputFiles({ name: 'compte-rendu.pdf', mimeType: 'application/pdf', buffer: pdf });
    await meeting.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('La réunion est enregistrée.');
    const download = page.locator('#reunions table a', { hasText: 'Télécharger' }).first();
    const minutes = await page.request.get((await download.getAttribute('href'))!);
    expect(minutes.status()).toBe(200);
    expect(minutes.headers()['content-type']).toBe('application/pdf');
    expect(minutes.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.from(await minutes.body()).equals(pdf)).toBe(true);

    // A facility's position: favourable, agrees, hosts workshops, from that meeting.
    const position = page.locator('#avis form');
    const partner = position.getByLabel(/^Partenaire/);
    const facilityOption = (await partner.locator('option').allTextContents()).find((o) =>
      o.includes('(lieu de médiation numérique)'),
    )!;
    await partner.selectOption({ label: facilityOption });
    await position.getByLabel('Favorable').check();
    await position.getByLabel('Le partenaire est d’accord pour le déploiement dans le secteur').check();
    await position.getByLabel('Accueillir des ateliers').check();
    await position.getByLabel(/^Réunion où l’avis a été donné/).selectOption({ index: 1 });
    await position.getByLabel(/^Commentaire/).fill('Un cycle de plus à la rentrée');
    await position.getByRole('button', { name: 'Enregistrer l’avis' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'L’avis du partenaire est enregistré.',
    );
    const positionRow = page.locator('#avis table tbody tr', {
      hasText: facilityOption.replace(/ \(.*\)$/, ''),
    });
    await expect(positionRow.textContent()).resolves.toContain('Accueillir des ateliers');
    await expect(positionRow.textContent()).resolves.toContain('Favorable');

    // A manual item ticked.
    await page.getByLabel('Les locataires ont été informés (affiches, réunion)').check();
    await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('La liste est enregistrée.');
    await expect(
      page.locator('#liste li', { hasText: 'Les locataires ont été informés' }).textContent(),
    ).resolves.toMatch(/^✓ Fait :.*coché par/);

    // What is still missing, then the decision refused with the same list in French.
    const missing = (await page.locator('#liste li', { hasText: 'Manque :' }).allTextContents()).map((text) =>
      text.replace(/^✗ Manque : /, '').replace(/ \(.*\)$/, ''),
    );
    expect(missing).toContain(
      'Le lieu de médiation et les représentants des locataires ont donné leur accord',
    );
    await page.getByRole('button', { name: 'Décider le passage à « partenaires consultés »' }).click();
    const alert = page.locator('#etape [role="alert"]');
    await expect(alert.locator('p').first().textContent()).resolves.toBe(
      'Il manque des éléments pour passer à cette étape.',
    );
    await expect(alert.locator('li').allTextContents()).resolves.toEqual(missing);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Identifié depuis le');
    await expectAccessible(page);

    // The sector's page links here.
    await page.goto(`/territoire/secteurs/${target.id}`);
    await page.getByRole('link', { name: 'Voir le déploiement du secteur' }).click();
    await page.waitForURL(`**/territoire/secteurs/${target.id}/deploiement`);
  });

  it('a partner (the operator) reads the calendar of its sectors, with nothing to change', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, 'operator_agent');
    await page.goto('/deploiement');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Déploiement');
    await expect(
      page.getByText('Vous voyez les secteurs que suit votre organisation.').count(),
    ).resolves.toBe(1);
    await expect(
      page
        .getByRole('button')
        .filter({ hasText: /^Placer/ })
        .count(),
    ).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Réglages du calendrier' }).count()).resolves.toBe(0);
    const rows = await planRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => coordinatorCodes.includes(r.code))).toBe(true);
    expect(rows.map((r) => r.code)).not.toContain(coordinatorOnly!.code);
    await expectAccessible(page);

    // An address made up to name another sector, with a month that is not one, shows nothing of it and breaks nothing.
    const crafted = await page.goto(
      `/deploiement?fait=place&secteur=${rows[0]!.id}&mois=zz&autres=${coordinatorOnly!.id}`,
    );
    expect(crafted?.status()).toBe(200);
    const notice = (await page.getByRole('status').textContent()) ?? '';
    expect(notice).toContain(`${rows[0]!.name} est placé à la main : sa consultation commence en —.`);
    expect(notice).not.toContain(coordinatorOnly!.name);

    await page.locator(`#ligne-${rows[0]!.id} th a`).click();
    await expect(page.getByRole('heading', { name: 'Historique des étapes' }).count()).resolves.toBe(1);
    await expect(page.locator('main form').count()).resolves.toBe(0);
    await expectAccessible(page);

    expect((await page.goto(`/territoire/secteurs/${coordinatorOnly!.id}/deploiement`))?.status()).toBe(403);
    expect((await page.goto('/deploiement/reglages'))?.status()).toBe(403);
    const csv = await page.request.get('/deploiement/calendrier.csv');
    expect(csv.status()).toBe(200);
    const body = Buffer.from(await csv.body());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).not.toContain(`${coordinatorOnly!.code};`);

    const resident = await newPage({ javaScriptEnabled: false });
    await login(resident, 'resident');
    expect((await resident.goto('/deploiement'))?.status()).toBe(403);
  });
});
