// Builds a small programme through the modules' own use cases: territory, partners with one user per role,
// households. Tests get an actor for each role.
import { sql } from 'drizzle-orm';
import { insertHouseholds } from '../src/households/index.ts';
import {
  actorFor,
  createOrganisation,
  createUser,
  ensureProgramme,
  findActiveUser,
  type OrganisationKind,
  setOrganisationSectors,
} from '../src/partners/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { type Actor, cliActor, type Role, roles } from '../src/platform/permissions/index.ts';
import { createNeighbourhood, createSector, importDwellings } from '../src/territory/index.ts';

export const testPassword = 'correct horse battery staple';

/** Two neighbourhoods, three sectors (N1, N2 in the first; S3 in the second), 4 dwellings in each sector. */
export const stockCsv = [
  'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur',
  'L-001;12 rue de Kérourien;29200;29019;Brest;B-1;0;3;N1',
  'L-002;12 rue de Kérourien;29200;29019;Brest;B-1;1;2;N1',
  'L-003;14 rue de Kérourien;29200;29019;Brest;B-2;0;4;N1',
  'L-004;14 rue de Kérourien;29200;29019;Brest;B-2;1;1;N1',
  'L-101;3 place Napoléon III;29200;29019;Brest;B-3;2;3;N2',
  'L-102;3 place Napoléon III;29200;29019;Brest;B-3;3;3;N2',
  'L-103;5 place Napoléon III;29200;29019;Brest;B-4;0;2;N2',
  'L-104;5 place Napoléon III;29200;29019;Brest;B-4;1;5;N2',
  'L-201;8 rue Vauban;29200;29019;Brest;B-5;0;3;S3',
  'L-202;8 rue Vauban;29200;29019;Brest;B-5;1;3;S3',
  'L-203;10 rue Vauban;29200;29019;Brest;B-6;0;2;S3',
  'L-204;10 rue Vauban;29200;29019;Brest;B-6;1;4;S3',
].join('\n');

const orgFor: Record<Role, { kind: OrganisationKind; name: string; sectors: string[] } | null> = {
  admin: { kind: 'city', name: 'Ville', sectors: [] },
  coordinator: { kind: 'city', name: 'Ville', sectors: [] },
  landlord_officer: { kind: 'landlord', name: 'Bailleur', sectors: [] },
  operator_agent: { kind: 'operator', name: 'Opérateur', sectors: ['N1'] },
  facilitator: { kind: 'facility', name: 'Centre social', sectors: ['N1', 'N2'] },
  recycling_agent: { kind: 'recycling_centre', name: 'Recyclerie', sectors: [] },
  adviser: { kind: 'consumer_association', name: 'Association de consommateurs', sectors: [] },
  tenant_rep: { kind: 'tenant_association', name: 'Locataires', sectors: ['S3'] },
  resident: null,
};

export interface TestProgramme {
  programmeId: number;
  system: Actor;
  actors: Record<Role, Actor>;
  emails: Record<Role, string>;
  sectorIds: Record<'N1' | 'N2' | 'S3', number>;
  /** Household ids by the dwelling they live in. */
  households: Record<string, number>;
  dwellingIds: Record<string, number>;
}

export async function buildProgramme(db: Db, slug = 'test'): Promise<TestProgramme> {
  const programmeId = await ensureProgramme(db, slug, `Programme ${slug}`);
  const system = cliActor(programmeId, 'tests');
  const north = await createNeighbourhood({
    db,
    actor: system,
    input: { name: 'Nord', inseeCode: '29019' as never, qpvCode: 'QN02904M' as never },
  });
  const south = await createNeighbourhood({
    db,
    actor: system,
    input: { name: 'Sud', inseeCode: '29019' as never },
  });
  if (!north.ok || !south.ok) throw new Error('neighbourhoods');
  const sectorIds = {} as TestProgramme['sectorIds'];
  for (const [code, neighbourhoodId] of [
    ['N1', north.id],
    ['N2', north.id],
    ['S3', south.id],
  ] as const) {
    const created = await createSector({
      db,
      actor: system,
      input: { code, name: `Secteur ${code}`, neighbourhoodId },
    });
    if (!created.ok) throw new Error('sector');
    sectorIds[code] = created.id;
  }
  const report = await importDwellings({ db, actor: system, file: stockCsv });
  if (!report.imported) throw new Error(JSON.stringify(report.errors));

  await insertHouseholds(db, programmeId, [
    household('L-001', 'Aïcha', 'Benali', '2019-03-01'),
    household('L-002', 'Hélène', 'Le Gall', '2020-01-15'),
    household('L-101', 'Yannick', 'Quéré', '2018-06-01'),
    household('L-201', 'Mamadou', 'Diallo', '2021-09-01'),
  ]);
  const households: Record<string, number> = {};
  const dwellingIds: Record<string, number> = {};
  const rows = await db.execute<{ ref: string; dwelling_id: number; household_id: number | null }>(
    sql`select d.landlord_reference as ref, d.id as dwelling_id, t.household_id
        from dwelling d left join tenancy t on t.dwelling_id = d.id where d.programme_id = ${programmeId}`,
  );
  for (const row of rows) {
    dwellingIds[row.ref] = row.dwelling_id;
    if (row.household_id) households[row.ref] = row.household_id;
  }

  const organisations = new Map<string, number>();
  const actors = {} as Record<Role, Actor>;
  const emails = {} as Record<Role, string>;
  for (const role of roles) {
    const org = orgFor[role];
    let organisationId: number | null = null;
    if (org) {
      organisationId = organisations.get(org.name) ?? null;
      if (!organisationId) {
        const created = await createOrganisation({
          db,
          actor: system,
          input: { kind: org.kind, name: org.name },
        });
        if (!created.ok) throw new Error('organisation');
        organisationId = created.id;
        organisations.set(org.name, organisationId);
        if (org.sectors.length) {
          await setOrganisationSectors({
            db,
            actor: system,
            organisationId,
            sectorIds: org.sectors.map((s) => sectorIds[s as 'N1']),
          });
        }
      }
    }
    const email = `${role.replace('_', '-')}@${slug}.example.org`;
    const created = await createUser({
      db,
      actor: system,
      password: testPassword,
      input: {
        name: `Test ${role}`,
        email,
        role,
        organisationId,
        householdId: role === 'resident' ? households['L-001']! : null,
      },
    });
    if (!created.ok) throw new Error(`user ${role}: ${created.reason}`);
    const staff = await findActiveUser(db, created.userId);
    actors[role] = actorFor(staff!, { ip: '127.0.0.1', channel: 'web' });
    emails[role] = email;
  }
  return { programmeId, system, actors, emails, sectorIds, households, dwellingIds };
}

function household(dwellingReference: string, firstName: string, lastName: string, start: string) {
  return {
    key: dwellingReference,
    dwellingReference,
    tenancyStart: start,
    phone: '+33612345678',
    channels: ['letter', 'phone'],
    minimumBenefits: 'yes',
    members: [{ firstName, lastName, birthYear: 1980, ageBand: '45_59' }],
    consents: [{ purpose: 'contact', givenOn: start, source: 'paper_form' }],
  };
}
