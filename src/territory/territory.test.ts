import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, stockCsv, type TestProgramme } from '../../test/programme.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import {
  getDwelling,
  importDwellings,
  listBuildings,
  listDwellings,
  listNeighbourhoods,
  listSectors,
  searchDwellings,
} from './index.ts';

let db: Db;
let p: TestProgramme;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

const count = async (table: string) =>
  Number((await db.execute<{ n: string }>(`select count(*) as n from ${table}` as never))[0]!.n);

describe('importing the landlord’s stock', () => {
  it('re-importing the same file changes nothing', async () => {
    const report = await importDwellings({ db, actor: p.actors.landlord_officer, file: stockCsv });
    expect(report).toMatchObject({
      imported: true,
      rows: 12,
      dwellings: { inserted: 0, updated: 0, unchanged: 12 },
      buildings: { inserted: 0, updated: 0 },
    });
  });

  it('accepts a BOM, commas, CRLF and English headers, and counts what it adds and changes', async () => {
    const file =
      '\uFEFFlandlord_reference,address,postcode,insee_code,city,building_reference,floor,rooms,sector\r\n' +
      'L-001,12 rue de Kérourien,29200,29019,Brest,B-1,0,4,N1\r\n' +
      'L-005,16 rue de Kérourien,29200,29019,Brest,B-7,,,N1\r\n';
    const report = await importDwellings({ db, actor: p.actors.landlord_officer, file });
    expect(report).toMatchObject({
      imported: true,
      errors: [],
      dwellings: { inserted: 1, updated: 1, unchanged: 0 },
      buildings: { inserted: 1, updated: 0 },
    });
  });

  it('imports nothing from a file with one bad row, and says which line and why', async () => {
    const before = await count('dwelling');
    const audits = (await listAuditEvents(db, p.programmeId, { action: 'dwellings.imported' })).length;
    const file = `${stockCsv}\nL-900;1 rue X;29200;29019;Brest;B-9;0;2;N1\nL-901;1 rue X;2920;29019;Brest;B-9;0;2;ZZ`;
    const report = await importDwellings({ db, actor: p.actors.landlord_officer, file });
    expect(report.imported).toBe(false);
    expect(report.errors).toEqual([
      { line: 15, message: 'code_postal « 2920 » n’est pas un code à 5 chiffres' },
    ]);
    expect(await count('dwelling')).toBe(before);
    expect((await listAuditEvents(db, p.programmeId, { action: 'dwellings.imported' })).length).toBe(audits);
  });

  it('reports an unknown sector by line', async () => {
    const report = await importDwellings({
      db,
      actor: p.actors.landlord_officer,
      file: `${stockCsv}\nL-902;1 rue X;29200;29019;Brest;B-9;0;2;ZZ`,
    });
    expect(report.errors).toEqual([{ line: 14, message: 'secteur « ZZ » inconnu dans ce programme' }]);
  });

  it('with skip-invalid, imports the valid rows and reports the others, in one audited transaction', async () => {
    const file = `${stockCsv}\nL-903;20 rue de Kérourien;29200;29019;Brest;B-8;0;2;N1\nL-904;;29200;29019;Brest;B-8;0;2;N1`;
    const report = await importDwellings({ db, actor: p.actors.landlord_officer, file, skipInvalid: true });
    expect(report).toMatchObject({
      imported: true,
      errors: [{ line: 15, message: 'adresse est vide' }],
      dwellings: { inserted: 1 },
    });
    const [event] = await listAuditEvents(db, p.programmeId, { action: 'dwellings.imported' });
    expect(event).toMatchObject({
      actorLabel: 'Test landlord_officer (Bailleur)',
      channel: 'web',
      details: { skipped: 1 },
    });
  });

  it('keeps the sector counts of both sectors when a building moves from one to another', async () => {
    const counts = async () =>
      Object.fromEntries(
        (await listSectors({ db, actor: p.actors.coordinator })).map((s) => [
          s.code,
          [s.buildingCount, s.dwellingCount],
        ]),
      );
    const before = await counts();
    await importDwellings({
      db,
      actor: p.actors.landlord_officer,
      file: 'reference_logement;adresse;code_postal;code_insee;reference_batiment;secteur\nL-201;8 rue Vauban;29200;29019;B-5;N2\nL-202;8 rue Vauban;29200;29019;B-5;N2',
    });
    const after = await counts();
    expect(after.S3).toEqual([before.S3![0]! - 1, before.S3![1]! - 2]);
    expect(after.N2).toEqual([before.N2![0]! + 1, before.N2![1]! + 2]);
    await importDwellings({ db, actor: p.actors.landlord_officer, file: stockCsv });
    expect(await counts()).toEqual(before);
  });

  it('refuses a file without the required columns', async () => {
    await expect(
      importDwellings({ db, actor: p.actors.landlord_officer, file: 'adresse;secteur\n1 rue A;N1' }),
    ).rejects.toThrow(
      'colonnes manquantes : reference_logement, code_postal, code_insee, reference_batiment',
    );
  });

  it.each(['operator_agent', 'facilitator', 'tenant_rep', 'resident', 'adviser'] as const)(
    'is refused to a %s',
    async (role) => {
      await expect(importDwellings({ db, actor: p.actors[role], file: stockCsv })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    },
  );
});

describe('browsing the territory', () => {
  it('counts buildings and dwellings per sector in the database', async () => {
    const sectors = await listSectors({ db, actor: p.actors.coordinator });
    const s3 = sectors.find((s) => s.code === 'S3')!;
    expect([s3.buildingCount, s3.dwellingCount, s3.neighbourhoodName]).toEqual([2, 4, 'Sud']);
  });

  it('shows an operator only the sectors it serves', async () => {
    expect((await listSectors({ db, actor: p.actors.operator_agent })).map((s) => s.code)).toEqual(['N1']);
    expect((await listNeighbourhoods({ db, actor: p.actors.operator_agent })).map((n) => n.name)).toEqual([
      'Nord',
    ]);
    await expect(
      getDwelling({ db, actor: p.actors.operator_agent, dwellingId: p.dwellingIds['L-201']! }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages a sector’s dwellings by reference with a cursor', async () => {
    const first = await listDwellings({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N2,
      limit: 3,
    });
    expect(first.items.map((d) => d.landlordReference)).toEqual(['L-101', 'L-102', 'L-103']);
    const next = await listDwellings({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N2,
      limit: 3,
      after: first.nextCursor!,
    });
    expect([next.items.map((d) => d.landlordReference), next.nextCursor]).toEqual([['L-104'], null]);
  });

  it('pages buildings', async () => {
    const page = await listBuildings({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.S3, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBe(page.items[0]!.id);
  });

  it('refuses dwellings to a tenant association (aggregates only)', async () => {
    await expect(
      listDwellings({ db, actor: p.actors.tenant_rep, sectorId: p.sectorIds.S3 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('searching dwellings', () => {
  it.each([
    ['kerourien 12', ['L-001', 'L-002']],
    ['12 RUE DE KÉROURIEN', ['L-001', 'L-002']],
    ['napoleon 5', ['L-103', 'L-104']],
    ['l-10', ['L-101', 'L-102', 'L-103', 'L-104']],
    ['L-204', ['L-204']],
    ['rue inexistante', []],
    ['100%', []],
  ])('finds %j', async (query, references) => {
    const found = await searchDwellings({ db, actor: p.actors.coordinator, query });
    expect(found.map((d) => d.landlordReference)).toEqual(references);
  });

  it('finds for a facilitator only dwellings of its sectors', async () => {
    const found = await searchDwellings({ db, actor: p.actors.facilitator, query: 'rue' });
    expect(new Set(found.map((d) => d.sectorId))).toEqual(new Set([p.sectorIds.N1]));
    expect(await searchDwellings({ db, actor: p.actors.facilitator, query: 'vauban' })).toEqual([]);
  });
});
