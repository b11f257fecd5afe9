// The demo's roll-out since 2010: each of the seven sectors' path to where it stands, three sectors identified and
// waiting (one ready near Pontanézen, one waiting for Kerourien's autumn cycle, one with no facility within reach),
// the partners' positions and the meetings they came from, and the cycles planned at the facilities.
import { eq, sql } from 'drizzle-orm';
import { addCalendarDays, localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import {
  decideStage,
  type Involvement,
  type Opinion,
  recordMeeting,
  recordPastStage,
  recordPosition,
  tickChecklistItem,
  updateRolloutSettings,
} from '../rollout/index.ts';
import {
  building,
  createNeighbourhood,
  createSector,
  importDwellings,
  type RolloutStage,
  sector,
} from '../territory/index.ts';
import { createCourse, facility } from '../workshops/index.ts';
import { demoActor } from './actor.ts';
import { brestInsee } from './brest.ts';

/** Past decisions per sector (the votes and openings of the other seeds fill in the rest). */
const histories: Record<string, [RolloutStage, string, string][]> = {
  KER: [
    ['partners_consulted', '2010-05-20', 'Réunion au centre social avec l’association des locataires'],
    ['support_ready', '2010-09-15', 'Ateliers du centre social ouverts aux locataires'],
    ['works', '2011-03-01', 'Câblage des immeubles par l’opérateur'],
    ['evaluated', '2013-06-20', 'Bilan présenté au comité de pilotage de juin 2013'],
  ],
  'KRD-S': [
    ['partners_consulted', '2011-06-15', 'Accord de la maison de quartier et des locataires'],
    ['support_ready', '2011-10-01', 'Permanence multimédia du mardi'],
    ['works', '2012-02-27', 'Travaux de câblage'],
    ['evaluated', '2014-03-10', 'Bilan de deux ans de service'],
  ],
  PON: [
    ['partners_consulted', '2013-01-15', 'Réunion à la Maison Pour Tous'],
    ['support_ready', '2013-09-01', 'Cycle « Premiers pas » prévu à la rentrée'],
    ['works', '2014-06-20', 'Câblage des tours'],
  ],
  REC: [
    ['partners_consulted', '2024-11-18', 'Réunion à la mairie de quartier'],
    ['support_ready', '2025-01-20', 'Accueil des habitants à la Maison Pour Tous de Pontanézen'],
  ],
  VAL: [
    ['partners_consulted', '2025-03-12', 'Réunion à la maison de quartier de Bellevue'],
    ['support_ready', '2025-06-02', 'Ateliers de la maison de quartier'],
  ],
  'KRD-N': [
    ['partners_consulted', '2026-05-12', 'Réunion avec l’association des locataires de Keredern'],
    ['support_ready', '2026-09-08', 'Ateliers et permanences prévus au centre social'],
  ],
};

/** Three sectors identified and waiting, with their own stock. */
const waiting = [
  {
    code: 'LAM',
    name: 'Lambézellec Bourg',
    neighbourhood: 'Lambézellec',
    qpvCode: undefined,
    centre: [48.4195, -4.4905],
    dwellings: 260,
    streets: ['rue de Lambézellec', 'rue Mathurin Méheut'],
  },
  {
    code: 'STP',
    name: 'Saint-Pierre Kerourien',
    neighbourhood: 'Saint-Pierre',
    qpvCode: undefined,
    centre: [48.396, -4.525],
    dwellings: 150,
    streets: ['rue Victor Eusen', 'rue de Quilbignon'],
  },
  {
    code: 'QLV',
    name: 'Quéliverzan',
    neighbourhood: 'Quéliverzan',
    qpvCode: 'QN02905M',
    centre: [48.3935, -4.479],
    dwellings: 300,
    streets: ['rue de Quéliverzan', 'rue Frédéric Le Guyader'],
  },
] as const;

export async function seedDemoRollout(
  db: Db,
  {
    programmeId,
    organisations,
  }: {
    programmeId: number;
    /** The demo's partner organisations by key (see demoOrganisations). */
    organisations: Map<string, number>;
  },
) {
  const coordinator = demoActor({
    programmeId,
    role: 'coordinator',
    label: 'Claire Le Gall (coordination)',
    organisationId: organisations.get('city'),
  });
  const today = localDate(new Date());
  const sectorIds = new Map(
    (
      await db
        .select({ id: sector.id, code: sector.code })
        .from(sector)
        .where(eq(sector.programmeId, programmeId))
    ).map((s) => [s.code, s.id]),
  );

  // The demo programme's pace: two sectors at once, free seats counted six months ahead, six sessions per beginner.
  await updateRolloutSettings({
    db,
    actor: coordinator,
    input: {
      walkingDistanceM: 1000,
      demandRatePercent: 12,
      beginnerSeats: 6,
      capacityHorizonMonths: 6,
      maxConcurrent: 2,
      consultationMonths: 2,
      preparationMonths: 1,
      voteMonths: 2,
      worksMonths: 3,
      evaluationMonths: 12,
      requiredConsultees: ['facility', 'tenant_association'],
    },
  });

  for (const [code, steps] of Object.entries(histories)) {
    for (const [stage, decidedOn, comment] of steps) {
      const done = await recordPastStage({
        db,
        actor: coordinator,
        sectorId: sectorIds.get(code)!,
        input: { stage, decidedOn, comment },
      });
      if (!done.ok) throw new Error(`demo history ${code}: ${done.reason}`);
    }
  }

  // Positions of the local actors, from the meetings they came from.
  const position = async (
    code: string,
    meetingId: number | undefined,
    key: string,
    opinion: Opinion,
    agrees: boolean,
    involvement: Involvement[],
    comment?: string,
  ) => {
    const done = await recordPosition({
      db,
      actor: coordinator,
      sectorId: sectorIds.get(code)!,
      input: { organisationId: organisations.get(key)!, opinion, agrees, involvement, meetingId, comment },
    });
    if (!done.ok) throw new Error(`demo position ${code}: ${done.reason}`);
  };
  const meeting = async (code: string, heldOn: string, place: string, attendees: string) => {
    const done = await recordMeeting({
      db,
      actor: coordinator,
      sectorId: sectorIds.get(code)!,
      input: { heldOn, place, attendees },
    });
    if (!done.ok) throw new Error(`demo meeting ${code}: ${done.reason}`);
    return done.meetingId;
  };

  const krdn = await meeting(
    'KRD-N',
    '2026-05-12',
    'Centre social de Kerourien',
    'Ville de Brest (Claire Le Gall), Brest métropole habitat, Centre social de Kerourien, Association des locataires de Keredern (4 personnes)',
  );
  await position('KRD-N', krdn, 'facility-ker', 'favourable', true, ['host_workshops', 'home_help']);
  await position('KRD-N', krdn, 'tenants', 'favourable', true, ['relay_information']);
  await position('KRD-N', krdn, 'landlord', 'favourable', true, ['relay_information']);

  const rec = await meeting(
    'REC',
    '2024-11-18',
    'Mairie de quartier des Quatre Moulins',
    'Ville de Brest, Brest métropole habitat, Maison Pour Tous de Pontanézen, locataires de la rue de la Porte',
  );
  await position('REC', rec, 'facility-pon', 'favourable', true, ['host_workshops']);
  await position('REC', rec, 'landlord', 'favourable', true, ['relay_information']);

  const val = await meeting(
    'VAL',
    '2025-03-12',
    'Maison de quartier de Bellevue',
    'Ville de Brest, Brest métropole habitat, Maison de quartier de Bellevue',
  );
  await position(
    'VAL',
    val,
    'facility-bel',
    'reserved',
    true,
    ['host_workshops'],
    'Peu de bénévoles le soir',
  );

  // Bellevue: consulted this autumn; the maison de quartier agrees, the tenants want to see the offer first.
  const bel = await meeting(
    'BEL',
    addCalendarDays(today, -40),
    'Maison de quartier de Bellevue',
    'Ville de Brest, Brest métropole habitat, Maison de quartier de Bellevue, CLCV Brest',
  );
  await position('BEL', bel, 'facility-bel', 'favourable', true, ['host_workshops', 'home_help']);
  await position('BEL', bel, 'clcv', 'favourable', true, ['office_hours']);
  await position('BEL', bel, 'landlord', 'favourable', true, ['relay_information']);
  await tickChecklistItem({
    db,
    actor: coordinator,
    sectorId: sectorIds.get('BEL')!,
    input: { itemKey: 'tenants_informed', done: true, comment: 'Affiches dans les halls' },
  });
  await recordPastStage({
    db,
    actor: coordinator,
    sectorId: sectorIds.get('BEL')!,
    input: {
      stage: 'partners_consulted',
      decidedOn: addCalendarDays(today, -30),
      comment: 'Accord des partenaires ; les locataires attendent la fiche des offres',
    },
  });

  // Recouvrance: the vote was adopted; the operator's works are decided.
  for (const itemKey of ['operator_order', 'works_schedule'])
    await tickChecklistItem({
      db,
      actor: coordinator,
      sectorId: sectorIds.get('REC')!,
      input: { itemKey, done: true },
    });
  const works = await decideStage({
    db,
    actor: coordinator,
    sectorId: sectorIds.get('REC')!,
    input: { stage: 'works', comment: 'Bon de commande signé avec l’opérateur' },
  });
  if (!works.ok) throw new Error(`demo works REC: ${works.reason}`);

  // The three sectors waiting.
  const lines = [
    'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur;statut',
  ];
  for (const w of waiting) {
    const created = await createNeighbourhood({
      db,
      actor: coordinator,
      input: { name: w.neighbourhood, inseeCode: brestInsee as never, qpvCode: w.qpvCode as never },
    });
    if (!created.ok) throw new Error(`demo neighbourhood ${w.neighbourhood}`);
    const made = await createSector({
      db,
      actor: coordinator,
      input: { code: w.code, name: w.name, neighbourhoodId: created.id, identifiedOn: '2025-10-06' },
    });
    if (!made.ok) throw new Error(`demo sector ${w.code}`);
    sectorIds.set(w.code, made.id);
    for (let n = 1; n <= w.dwellings; n++) {
      const buildingNo = Math.ceil(n / 20);
      const street = w.streets[buildingNo % w.streets.length]!;
      lines.push(
        [
          `BMH-${w.code}-${String(n).padStart(4, '0')}`,
          `${2 * buildingNo + 1} ${street}`,
          '29200',
          brestInsee,
          'Brest',
          `${w.code}-B${String(buildingNo).padStart(3, '0')}`,
          String((n - 1) % 5),
          String(2 + (n % 3)),
          w.code,
          'occupe',
        ].join(';'),
      );
    }
  }
  const imported = await importDwellings({
    db,
    actor: demoActor({
      programmeId,
      role: 'landlord_officer',
      label: 'Brest métropole habitat',
      organisationId: organisations.get('landlord'),
    }),
    file: Buffer.from(lines.join('\n')),
  });
  if (!imported.imported)
    throw new Error(`demo stock of the waiting sectors: ${JSON.stringify(imported.errors[0])}`);
  for (const w of waiting) {
    const [lat, lon] = w.centre;
    await db.execute(sql`update ${building}
      set latitude = round((${lat} + ((id * 7919) % 80 - 40) / 10000.0)::numeric, 6),
          longitude = round((${lon} + ((id * 104729) % 120 - 60) / 10000.0)::numeric, 6)
      where sector_id = ${sectorIds.get(w.code)!}`);
  }
  await position(
    'LAM',
    undefined,
    'facility-pon',
    'favourable',
    true,
    ['host_workshops'],
    'Prêts à ouvrir un cycle de plus',
  );

  // Cycles planned at the facilities: Pontanézen after the winter holidays, Kerourien's autumn cycle next year.
  const facilityOf = async (key: string) =>
    (
      await db
        .select({ id: facility.id })
        .from(facility)
        .where(eq(facility.organisationId, organisations.get(key)!))
    )[0]!.id;
  const firstMonday = (month: string) => {
    let day = `${month}-01`;
    while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1) day = addCalendarDays(day, 1);
    return day;
  };
  const nextYear = String(Number(today.slice(0, 4)) + 1);
  const planned = [
    {
      key: 'facility-pon',
      title: 'Premiers pas — session d’hiver',
      firstDay: firstMonday(`${nextYear}-01`),
      capacity: 12,
    },
    {
      key: 'facility-pon',
      title: 'Premiers pas — session de printemps',
      firstDay: firstMonday(`${nextYear}-03`),
      capacity: 12,
    },
    {
      key: 'facility-ker',
      title: 'Premiers pas — session d’automne',
      firstDay: firstMonday(`${nextYear}-09`),
      capacity: 12,
    },
  ];
  for (const c of planned) {
    const facilityId = await facilityOf(c.key);
    const staff = demoActor({
      programmeId,
      role: 'facilitator',
      label: 'Animatrice',
      organisationId: organisations.get(c.key),
    });
    const made = await createCourse({
      db,
      actor: staff,
      input: {
        kind: 'cycle',
        facilityId,
        title: c.title,
        level: 'beginner',
        audience: 'Débutants, tout public',
        description: 'La souris, le clavier, les fichiers, puis Internet et l’e-mail, à son rythme.',
        competencies: ['PIM-1.1', 'PIM-1.2', 'PIM-3.1'],
        capacity: c.capacity,
        startTime: '14:00',
        endTime: '16:00',
        firstDay: c.firstDay,
        sessionCount: 10,
        everyWeeks: 1,
        skipHolidays: true,
      } as never,
    });
    if (!made.ok) throw new Error(`demo planned course: ${made.reason}`);
  }
}
