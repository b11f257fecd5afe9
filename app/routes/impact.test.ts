// The impact dashboard's, exports' and settings' loaders and action, signed in as each role on a small programme:
// who gets raw figures (the coordinator, when asked), who gets them under secrecy, and who sees which sectors.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openService } from '../../src/access/index.ts';
import { listAuditEvents } from '../../src/platform/audit/index.ts';
import { parseCsv } from '../../src/platform/csv/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { clientIpContext, servicesContext } from '../../src/platform/http/index.ts';
import type { Role } from '../../src/platform/permissions/index.ts';
import { adoptSector } from '../../test/adopt.ts';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { sessionCookie, testServices } from '../../test/services.ts';
import { loader as dashboardLoader } from './impact.tsx';
import { loader as csvLoader } from './impact-export-csv.ts';
import { loader as xlsxLoader } from './impact-export-xlsx.ts';
import { action as settingsAction, loader as settingsLoader } from './impact-settings.tsx';

let db: Db;
let p: TestProgramme;
let services: ReturnType<typeof testServices>;
const cookies = {} as Record<Role, string>;
const today = localDate(new Date());
const period = `du=2026-01-01&au=${today}`;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'impact-pages');
  services = testServices(db);
  // N1 (two households) and S3 (one) have their service open; N2 (one household) has not.
  for (const code of ['N1', 'S3'] as const) {
    await adoptSector(db, p, p.sectorIds[code], {
      tariffFrom: '2026-01-01',
      opensAt: new Date('2025-10-01T08:00:00Z'),
    });
    const opened = await openService({
      db,
      actor: p.actors.landlord_officer,
      input: { sectorId: p.sectorIds[code], description: 'Internet collectif', opensOn: '2026-01-01' },
    });
    if (!opened.ok) throw new Error(opened.reason);
  }
  for (const role of ['coordinator', 'landlord_officer', 'operator_agent', 'resident'] as const) {
    cookies[role] = await sessionCookie(services, p.emails[role]);
  }
});

const context = () => {
  const values = new Map<unknown, unknown>([
    [servicesContext, services],
    [clientIpContext, '127.0.0.1'],
  ]);
  return { get: (key: unknown) => values.get(key) };
};
const args = (role: Role, path: string, init: RequestInit = {}) =>
  ({
    request: new Request(`http://palier.test${path}`, {
      ...init,
      headers: { cookie: cookies[role], ...(init.headers ?? {}) },
    }),
    params: {},
    context: context(),
  }) as never;

const dashboard = (role: Role, query = '') => dashboardLoader(args(role, `/impact?${period}${query}`));
const funnelCell = (data: Awaited<ReturnType<typeof dashboard>>, row: string) => {
  const funnel = data.indicators.publication.tables.find((t) => t.id === 'funnel')!;
  const found = funnel.rows.find((r) => r.key === row)!;
  return { value: found.values.households, secret: found.secret?.households };
};
const coverageSectors = (data: Awaited<ReturnType<typeof dashboard>>) =>
  data.indicators.publication.tables.find((t) => t.id === 'coverage')!.total!.values.sectors;
/** The status of what a loader threw (a refusal becomes an HTTP answer). */
async function thrownStatus(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as { init?: { status?: number }; status?: number };
    return e.init?.status ?? e.status;
  }
}

describe('the dashboard', () => {
  it('shows the coordinator the raw figures by default, with the charts drawn from them', async () => {
    const data = await dashboard('coordinator');
    expect(data.indicators.protected).toBe(false);
    expect(data.mayRaw).toBe(true);
    expect(funnelCell(data, 'residents')).toEqual({ value: 3, secret: undefined });
    expect(data.charts.byTable.funnel).toContain('Foyers des secteurs ouverts : 3');
    expect(data.charts.byTable.sectors).toContain('role="img"');
    expect(data.query.areas.neighbourhoods.flatMap((n) => n.sectors.map((s) => s.label))).toEqual([
      'N1 — Secteur N1',
      'N2 — Secteur N2',
      'S3 — Secteur S3',
    ]);
  });

  it('shows the coordinator the figures as published when asked: small numbers hidden, in the charts too', async () => {
    const data = await dashboard('coordinator', '&publie=1');
    expect(data.indicators.protected).toBe(true);
    expect(funnelCell(data, 'residents')).toEqual({ value: null, secret: 'small' });
    expect(data.charts.byTable.funnel).toContain('Foyers des secteurs ouverts : &lt; 11');
    expect(data.charts.byTable.funnel).not.toContain('Foyers des secteurs ouverts : 3');
  });

  it('narrows to one sector', async () => {
    const data = await dashboard('coordinator', `&zone=secteur-${p.sectorIds.S3}`);
    expect(data.indicators.areaLabel).toBe('Secteur S3 — Secteur S3');
    expect(funnelCell(data, 'residents').value).toBe(1);
    expect(data.query.search).toContain(`zone=secteur-${p.sectorIds.S3}`);
  });

  it('gives the landlord the figures under secrecy only, whatever the address asks', async () => {
    const data = await dashboard('landlord_officer', '&brut=1');
    expect(data.indicators.protected).toBe(true);
    expect(data.mayRaw).toBe(false);
    expect(funnelCell(data, 'residents').secret).toBe('small');
    expect(coverageSectors(data)).toBe(3);
  });

  it('gives the operator its own sectors only, and ignores an area it does not serve', async () => {
    const own = await dashboard('operator_agent');
    expect(own.indicators.protected).toBe(true);
    expect(own.query.areas.scoped).toBe(true);
    expect(own.query.areas.neighbourhoods.flatMap((n) => n.sectors.map((s) => s.id))).toEqual([
      p.sectorIds.N1,
    ]);
    expect(coverageSectors(own)).toBe(1);
    const other = await dashboard('operator_agent', `&zone=secteur-${p.sectorIds.S3}`);
    expect(other.query.zone).toBe('');
    expect(other.query.errors.zone).toBe(
      'Zone inconnue ou hors de vos secteurs : toute votre zone est montrée.',
    );
    expect(coverageSectors(other)).toBe(1);
    expect(other.indicators.areaLabel).toContain('vos secteurs');
  });

  it('starts on 1 January and falls back to it on a wrong date, with a French error', async () => {
    const data = await dashboardLoader(args('coordinator', '/impact?du=2026-13-45'));
    expect(data.indicators.filter).toMatchObject({ from: `${today.slice(0, 4)}-01-01`, to: today });
    expect(data.query.errors.from).toBe('Date de début attendue, par exemple 2026-01-01');
  });

  it('is refused to a resident', async () => {
    expect(await thrownStatus(dashboard('resident'))).toBe(403);
  });
});

describe('the exports', () => {
  const csv = async (role: Role, query: string) => {
    const response = (await csvLoader(args(role, `/impact/export.csv?${period}${query}`))) as Response;
    return { response, parsed: parseCsv(Buffer.from(await response.arrayBuffer())) };
  };

  it('give the coordinator one table as CSV, raw only when asked', async () => {
    const raw = await csv('coordinator', '&table=funnel&brut=1');
    expect(raw.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(raw.response.headers.get('content-disposition')).toBe(
      `attachment; filename="parcours-des-foyers-programme-impact-pages-2026-01-01-au-${today}-brut.csv"`,
    );
    expect(raw.parsed.headers).toEqual(['étape', 'foyers']);
    expect(raw.parsed.records[0]!.values).toEqual({ étape: 'Foyers des secteurs ouverts', foyers: '3' });
    const published = await csv('coordinator', '&table=funnel');
    expect(published.parsed.records[0]!.values.foyers).toBe('< 11');
  });

  it('never give a partner raw figures', async () => {
    const landlord = await csv('landlord_officer', '&table=funnel&brut=1');
    expect(landlord.parsed.records[0]!.values.foyers).toBe('< 11');
    expect(landlord.response.headers.get('content-disposition')).not.toContain('brut');
    const operator = await csv('operator_agent', `&table=coverage&zone=secteur-${p.sectorIds.S3}`);
    expect(operator.parsed.records.at(-1)!.values.secteurs).toBe('1');
  });

  it('refuse an unknown table and a resident', async () => {
    expect(
      await thrownStatus(csvLoader(args('coordinator', `/impact/export.csv?table=nope&${period}`))),
    ).toBe(404);
    expect(await thrownStatus(csvLoader(args('resident', `/impact/export.csv?table=funnel&${period}`)))).toBe(
      403,
    );
  });

  it('give every table in one workbook', async () => {
    const response = (await xlsxLoader(
      args('landlord_officer', `/impact/export.xlsx?${period}`),
    )) as Response;
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets[0]!.name).toBe('À lire');
    expect(workbook.worksheets).toHaveLength(20);
    expect(workbook.getWorksheet('Parcours des foyers')!.getCell('B3').value).toBe('< 11');
  });
});

describe('the settings', () => {
  const post = (role: Role, fields: Record<string, string>) =>
    settingsAction(
      args(role, '/impact/reglages', {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );

  it('refuse a threshold below 5 in French, and change nothing', async () => {
    const result = (await post('coordinator', { secrecyThreshold: '4', takeUpReferencePercent: '' })) as {
      data: { errors: Record<string, string[]> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.errors.secrecyThreshold).toEqual(['Seuil du secret statistique : 5 au moins']);
    expect(result.data.errors.takeUpReferencePercent).toEqual([
      'Taux d’adhésion de référence (%) : nombre entier attendu',
    ]);
    expect((await settingsLoader(args('coordinator', '/impact/reglages'))).settings.secrecyThreshold).toBe(
      11,
    );
  });

  it('are saved and audited, and published figures use the new threshold', async () => {
    const saved = (await post('coordinator', {
      secrecyThreshold: '5',
      takeUpReferencePercent: '15 %',
    })) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get('location')).toBe('/impact/reglages?fait=enregistre');
    expect((await settingsLoader(args('coordinator', '/impact/reglages'))).settings).toEqual({
      secrecyThreshold: 5,
      takeUpReferencePercent: 15,
    });
    expect(await listAuditEvents(db, p.programmeId, { action: 'impact.settings_changed' })).toHaveLength(1);
    const data = await dashboard('coordinator', '&publie=1');
    expect(data.indicators.threshold).toBe(5);
    expect(data.charts.byTable.funnel).toContain('Foyers des secteurs ouverts : &lt; 5');
    expect(data.charts.byTable.sectors).toContain('Référence : 15');
  });

  it('are the coordinator’s only', async () => {
    expect(await thrownStatus(settingsLoader(args('landlord_officer', '/impact/reglages')))).toBe(403);
    expect(
      await thrownStatus(post('landlord_officer', { secrecyThreshold: '20', takeUpReferencePercent: '12' })),
    ).toBe(403);
  });
});
