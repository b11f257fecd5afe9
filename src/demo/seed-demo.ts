// Seeds the Brest-like demo programme, deterministically: same data on every machine and every run.
import { fakerFR as faker } from '@faker-js/faker';
import { asc, eq, sql } from 'drizzle-orm';
import {
  ageBandFor,
  type HouseholdSeed,
  household,
  householdMember,
  insertHouseholds,
} from '../households/index.ts';
import {
  createOrganisation,
  createUser,
  ensureProgramme,
  setOrganisationSectors,
} from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';
import { cliActor, type Role } from '../platform/permissions/index.ts';
import {
  building,
  createNeighbourhood,
  createSector,
  importDwellings,
  neighbourhood,
  sector,
} from '../territory/index.ts';
import {
  brestInsee,
  demoAccounts,
  demoNeighbourhoods,
  demoOrganisations,
  demoPassword,
  demoProgramme,
  demoSectors,
} from './brest.ts';
import { seedDemoAccess } from './seed-access.ts';
import { seedDemoAdvice } from './seed-advice.ts';
import { seedDemoCertificates } from './seed-certificates.ts';
import { seedDemoCoordination } from './seed-coordination.ts';
import { seedDemoEquipment } from './seed-equipment.ts';
import { seedImpact } from './seed-impact.ts';
import { seedDemoOfferSheets } from './seed-offer-sheets.ts';
import { seedDemoOfficeHours } from './seed-office-hours.ts';
import { seedDemoRollout } from './seed-rollout.ts';
import { seedDemoVotes } from './seed-votes.ts';
import { seedDemoWorkshops } from './seed-workshops.ts';

export async function seedDemo(
  db: Db,
  progress: (step: string) => void = () => {},
): Promise<{ programmeId: number }> {
  faker.seed(2011);
  const programmeId = await ensureProgramme(db, demoProgramme.slug, demoProgramme.name);
  const actor = cliActor(programmeId, 'démo');

  progress('territoire');
  const neighbourhoodIds = new Map<string, number>();
  for (const n of demoNeighbourhoods) {
    const created = await createNeighbourhood({
      db,
      actor,
      input: { name: n.name, inseeCode: brestInsee as never, qpvCode: n.qpvCode as never },
    });
    if (created.ok) neighbourhoodIds.set(n.name, created.id);
  }
  for (const s of demoSectors) {
    await createSector({
      db,
      actor,
      input: {
        code: s.code,
        name: s.name,
        neighbourhoodId: neighbourhoodIds.get(s.neighbourhood)!,
        identifiedOn: s.identifiedOn,
      },
    });
  }
  await importDwellings({ db, actor, file: demoStockCsv() });
  await placeBuildings(db, programmeId);

  progress('partenaires');
  const sectors = await db
    .select({ id: sector.id, code: sector.code })
    .from(sector)
    .where(eq(sector.programmeId, programmeId));
  const sectorId = new Map(sectors.map((s) => [s.code, s.id]));
  const organisationIds = new Map<string, number>();
  for (const o of demoOrganisations) {
    const created = await createOrganisation({
      db,
      actor,
      input: { kind: o.kind, name: o.name, phone: o.phone ?? undefined },
    });
    if (!created.ok) continue;
    organisationIds.set(o.key, created.id);
    if (o.sectors.length) {
      await setOrganisationSectors({
        db,
        actor,
        organisationId: created.id,
        sectorIds: o.sectors.map((c) => sectorId.get(c)!),
      });
    }
  }

  progress('foyers');
  await insertHouseholds(db, programmeId, demoHouseholds());

  progress('consultations des locataires');
  const landlord = demoOrganisations.find((o) => o.key === 'landlord')!;
  await seedDemoVotes(db, faker, {
    programmeId,
    landlordId: organisationIds.get('landlord')!,
    operatorId: organisationIds.get('operator')!,
    helpPhone: landlord.phone ?? '+33298000000',
  });

  progress('service, charges et raccordements');
  await seedDemoAccess(db, faker, {
    programmeId,
    landlordId: organisationIds.get('landlord')!,
    operatorId: organisationIds.get('operator')!,
    facilityFor: {
      KER: organisationIds.get('facility-ker')!,
      'KRD-S': organisationIds.get('facility-ker')!,
      PON: organisationIds.get('facility-pon')!,
    },
  });

  progress('ordinateurs reconditionnés');
  await seedDemoEquipment(db, faker, { programmeId, centreId: organisationIds.get('recycling')! });

  progress('lieux et ateliers');
  await seedDemoWorkshops(db, faker, {
    programmeId,
    facilityIds: Object.fromEntries(
      ['facility-ker', 'facility-bel', 'facility-pon'].map((k) => [k, organisationIds.get(k)!]),
    ),
  });

  progress('certificats Visa Internet');
  await seedDemoCertificates(db, faker, { programmeId, facilityId: organisationIds.get('facility-ker')! });

  progress('conseil juridique');
  await seedDemoAdvice(db, faker, {
    programmeId,
    associations: [organisationIds.get('clcv')!, organisationIds.get('csf')!],
    operatorId: organisationIds.get('operator')!,
  });
  await seedDemoOfficeHours(db, {
    programmeId,
    associations: [organisationIds.get('clcv')!, organisationIds.get('csf')!],
  });
  await seedDemoOfferSheets(db, {
    programmeId,
    coordinatorOrgId: organisationIds.get('city'),
    associationId: organisationIds.get('tenants')!,
  });

  progress('déploiement des secteurs');
  await seedDemoRollout(db, { programmeId, organisations: organisationIds });

  progress('conventions, subventions et comités de pilotage');
  await seedDemoCoordination(db, { programmeId, organisations: organisationIds });

  progress('témoignages et questionnaires');
  await seedImpact(db, { programmeId, organisations: organisationIds });

  progress('comptes de démonstration');
  const [residentHousehold] = await db
    .select({ id: household.id })
    .from(household)
    .innerJoin(householdMember, eq(householdMember.householdId, household.id))
    .where(eq(household.programmeId, programmeId))
    .orderBy(asc(household.id))
    .limit(1);
  for (const account of demoAccounts) {
    await createUser({
      db,
      actor,
      password: demoPassword,
      input: {
        name: account.name,
        email: account.email,
        role: account.role as Role,
        organisationId: account.organisation ? organisationIds.get(account.organisation)! : null,
        householdId: account.role === 'resident' ? residentHousehold!.id : null,
      },
    });
  }
  // Fresh statistics for the planner: the figures' queries join tables the seed has just filled.
  await db.execute(sql`analyze`);
  return { programmeId };
}

/** The landlord's stock file for the demo, built like a real export and imported through the same path. */
export function demoStockCsv(): string {
  const lines = [
    'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur;statut',
  ];
  for (const s of demoSectors) {
    let made = 0;
    let buildingNo = 0;
    while (made < s.dwellings) {
      buildingNo++;
      const street = s.streets[buildingNo % s.streets.length]!;
      const number = 2 * buildingNo + (buildingNo % 3);
      const floors = faker.number.int({ min: 3, max: 10 });
      const perFloor = faker.number.int({ min: 2, max: 5 });
      const size = Math.min(floors * perFloor, s.dwellings - made);
      const buildingRef = `${s.code}-B${String(buildingNo).padStart(3, '0')}`;
      for (let i = 0; i < size; i++) {
        made++;
        const floor = Math.floor(i / perFloor);
        const status =
          faker.number.float() < 0.92 ? 'occupe' : faker.number.float() < 0.8 ? 'vacant' : 'indisponible';
        lines.push(
          [
            `BMH-${s.code}-${String(made).padStart(4, '0')}`,
            `${number} ${street}`,
            '29200',
            brestInsee,
            'Brest',
            buildingRef,
            floor,
            faker.helpers.weightedArrayElement([
              { weight: 1, value: 1 },
              { weight: 3, value: 2 },
              { weight: 4, value: 3 },
              { weight: 3, value: 4 },
              { weight: 1, value: 5 },
            ]),
            s.code,
            status,
          ].join(';'),
        );
      }
    }
  }
  return lines.join('\n');
}

/** Coordinates around each neighbourhood's centre, a building a few dozen metres from the next. */
async function placeBuildings(db: Db, programmeId: number) {
  const rows = await db
    .select({ id: building.id, name: neighbourhood.name })
    .from(building)
    .innerJoin(sector, eq(sector.id, building.sectorId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(eq(building.programmeId, programmeId))
    .orderBy(asc(building.id));
  const centres = new Map<string, readonly number[]>(demoNeighbourhoods.map((n) => [n.name, n.centre]));
  await db.transaction(async (tx) => {
    for (const row of rows) {
      const [lat = 0, lon = 0] = centres.get(row.name)!;
      await tx
        .update(building)
        .set({
          latitude: Number((lat + faker.number.float({ min: -0.004, max: 0.004 })).toFixed(6)),
          longitude: Number((lon + faker.number.float({ min: -0.006, max: 0.006 })).toFixed(6)),
        })
        .where(eq(building.id, row.id));
    }
  });
}

/** The seed's own "today", so that age bands do not change from one year to the next. */
const seedDay = new Date('2026-01-01T00:00:00Z');

const answer = (yes: number, no: number) => {
  const r = faker.number.float();
  return r < yes ? 'yes' : r < yes + no ? 'no' : 'not_given';
};

function demoHouseholds(): HouseholdSeed[] {
  const seeds: HouseholdSeed[] = [];
  for (const s of demoSectors) {
    for (let n = 1; n <= s.dwellings; n++) {
      const dwellingReference = `BMH-${s.code}-${String(n).padStart(4, '0')}`;
      // About 88 % of dwellings have a household today; some had another one before.
      if (faker.number.float() < 0.1) {
        seeds.push(householdSeed(`${dwellingReference}-old`, dwellingReference, '1998-01-01', '2015-06-30'));
      }
      if (faker.number.float() < 0.88) {
        const start = faker.date.between({ from: '2015-07-01', to: '2026-06-30' }).toISOString().slice(0, 10);
        seeds.push(householdSeed(dwellingReference, dwellingReference, start, null));
      }
    }
  }
  return seeds;
}

function householdSeed(
  key: string,
  dwellingReference: string,
  start: string,
  end: string | null,
): HouseholdSeed {
  const lastName = faker.person.lastName();
  const size = faker.helpers.weightedArrayElement([
    { weight: 40, value: 1 },
    { weight: 25, value: 2 },
    { weight: 15, value: 3 },
    { weight: 12, value: 4 },
    { weight: 8, value: 5 },
  ]);
  const adultYear = faker.number.int({ min: 1940, max: 2004 });
  const members = Array.from({ length: size }, (_, i) => {
    const child = i >= 2 || (i === 1 && faker.number.float() < 0.5);
    const birthYear = child
      ? faker.number.int({ min: Math.max(adultYear + 18, 1990), max: 2024 })
      : adultYear + faker.number.int({ min: -3, max: 3 });
    const given = faker.number.float() < 0.8;
    return {
      firstName: faker.person.firstName(),
      lastName: i === 0 || faker.number.float() < 0.8 ? lastName : faker.person.lastName(),
      birthYear: given ? birthYear : null,
      ageBand: given ? ageBandFor(birthYear, seedDay) : 'not_given',
    };
  });
  const hasPhone = faker.number.float() < 0.85;
  const hasEmail = faker.number.float() < 0.3;
  const channels = [
    'letter',
    ...(hasPhone ? ['phone'] : []),
    ...(hasPhone && faker.number.float() < 0.6 ? ['sms'] : []),
    ...(hasEmail ? ['email'] : []),
  ];
  return {
    key,
    dwellingReference,
    tenancyStart: start,
    tenancyEnd: end,
    phone: hasPhone ? `+336${faker.string.numeric(8)}` : null,
    email: hasEmail ? faker.internet.email({ lastName, provider: 'example.org' }).toLowerCase() : null,
    channels,
    language: faker.helpers.weightedArrayElement([
      { weight: 90, value: 'fr' },
      { weight: 4, value: 'ar' },
      { weight: 3, value: 'tr' },
      { weight: 3, value: 'wo' },
    ]),
    minimumBenefits: answer(0.55, 0.3),
    singleParent: size > 1 ? answer(0.3, 0.55) : answer(0, 0.85),
    livesAlone: size === 1 ? 'yes' : 'no',
    firstTimeUser: answer(0.4, 0.4),
    members,
    consents:
      faker.number.float() < 0.7 ? [{ purpose: 'contact', givenOn: start, source: 'paper_form' }] : [],
  };
}
