// The demo's coordination records: the partnership agreements (one due for renewal this winter), the city's
// subsidies to the associations since 2011 (about 20,000 € a year: planned, voted, paid in two parts), and two
// steering committees of the past months with their decisions and follow-up actions (one late).
import {
  commitSubsidy,
  createAgreement,
  createSteeringMeeting,
  planSubsidy,
  recordSubsidyPayment,
  renewAgreement,
  setActionStatus,
} from '../coordination/index.ts';
import { addCalendarDays, localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { demoActor } from './actor.ts';

const ok = <T extends { ok: boolean; reason?: string }>(what: string, result: T) => {
  if (!result.ok) throw new Error(`demo coordination ${what}: ${result.reason}`);
  return result as Extract<T, { ok: true }>;
};

/** Subsidies by association: purpose, yearly amount in cents, first year. */
const subsidies = [
  { key: 'facility-ker', purpose: 'Ateliers multimédia et accompagnement', cents: 800_000, from: 2011 },
  { key: 'facility-bel', purpose: 'Ateliers multimédia et accompagnement', cents: 550_000, from: 2013 },
  { key: 'facility-pon', purpose: 'Ateliers multimédia et accompagnement', cents: 450_000, from: 2014 },
  { key: 'clcv', purpose: 'Permanences de conseil sur les contrats Internet', cents: 200_000, from: 2012 },
  { key: 'tenants', purpose: 'Relais d’information auprès des locataires', cents: 50_000, from: 2016 },
];

export async function seedDemoCoordination(
  db: Db,
  { programmeId, organisations }: { programmeId: number; organisations: Map<string, number> },
) {
  const actor = demoActor({
    programmeId,
    role: 'coordinator',
    label: 'Claire Le Gall (coordination)',
    organisationId: organisations.get('city'),
  });
  const org = (key: string) => organisations.get(key)!;
  const today = localDate(new Date());
  const year = Number(today.slice(0, 4));

  // Agreements. The landlord's ends on 31 December: its renewal is due.
  const agreements = [
    {
      key: 'landlord',
      reference: `CONV-BMH-${year - 3}`,
      object:
        'Partenariat « Internet pour tous » : consultation des locataires, charges et information des habitants',
      startsOn: `${year - 3}-01-01`,
      // Ends in five weeks, whatever day the demo is seeded: its renewal is due.
      endsOn: addCalendarDays(today, 35),
      amountCents: 0,
    },
    {
      key: 'operator',
      reference: 'CONV-SFR-2022',
      object: 'Accès collectif à Internet, assistance téléphonique et raccordement des logements',
      startsOn: '2022-01-01',
      endsOn: `${year + 1}-12-31`,
      amountCents: 0,
    },
    {
      key: 'facility-ker',
      reference: `CONV-CSK-${year - 1}`,
      object: 'Ateliers multimédia, aide à l’installation à domicile et validation du Visa Internet',
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      amountCents: 2_400_000,
    },
    {
      key: 'facility-bel',
      reference: `CONV-MQB-${year - 1}`,
      object: 'Ateliers multimédia et permanence numérique',
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      amountCents: 1_650_000,
    },
    {
      key: 'clcv',
      reference: `CONV-CLCV-${year}`,
      object: 'Permanences de conseil juridique sur les contrats des opérateurs',
      startsOn: `${year}-01-01`,
      endsOn: `${year + 1}-06-30`,
      amountCents: 300_000,
    },
  ];
  for (const a of agreements) {
    const { key, ...input } = a;
    ok(a.reference, await createAgreement({ db, actor, input: { organisationId: org(key), ...input } }));
  }
  // The recycling centre's agreement, renewed once.
  const first = ok(
    'recyclerie',
    await createAgreement({
      db,
      actor,
      input: {
        organisationId: org('recycling'),
        reference: 'CONV-UPDR-2023',
        object: 'Reconditionnement et vente d’ordinateurs à 40 € et 70 €, garantie d’un an',
        startsOn: '2023-01-01',
        endsOn: '2025-12-31',
        amountCents: 900_000,
      },
    }),
  );
  ok(
    'renouvellement',
    await renewAgreement({
      db,
      actor,
      agreementId: first.agreementId,
      input: { reference: 'CONV-UPDR-2026', endsOn: '2028-12-31' },
    }),
  );

  // Subsidies: voted each March, paid 60 % in April and 40 % in October; next year's budget planned only.
  for (const s of subsidies) {
    for (let y = s.from; y <= year + 1; y++) {
      const planned = ok(
        `subvention ${s.key} ${y}`,
        await planSubsidy({
          db,
          actor,
          input: { organisationId: org(s.key), year: y, purpose: s.purpose, plannedCents: s.cents },
        }),
      );
      if (y > year) continue;
      const committed = y === 2020 ? Math.round(s.cents * 0.9) : s.cents;
      ok(
        'vote',
        await commitSubsidy({
          db,
          actor,
          subsidyId: planned.subsidyId,
          // This year's vote, before 20 March, is recorded as held today (a vote is never in the future).
          input: { committedCents: committed, committedOn: [`${y}-03-20`, today].sort()[0]! },
        }),
      );
      const firstPart = Math.round(committed * 0.6);
      const payments = [
        { paidOn: `${y}-04-15`, amountCents: firstPart, reference: `MANDAT-${y}-04` },
        { paidOn: `${y}-10-15`, amountCents: committed - firstPart, reference: `MANDAT-${y}-10` },
        // Pontanézen's second part of this year waits for its activity report.
      ].filter(
        (p) => p.paidOn <= today && !(y === year && s.key === 'facility-pon' && p.paidOn.endsWith('-10-15')),
      );
      for (const p of payments)
        ok(
          'paiement',
          await recordSubsidyPayment({ db, actor, subsidyId: planned.subsidyId, input: p, today }),
        );
    }
  }

  // Two steering committees, eight months and seven weeks ago.
  const march = ok(
    'comité de mars',
    await createSteeringMeeting({
      db,
      actor,
      input: {
        heldOn: addCalendarDays(today, -250),
        place: 'Hôtel de ville de Brest, salle des commissions',
        attendees:
          'Ville de Brest (élue aux usages numériques, Claire Le Gall), Brest métropole habitat, SFR, Centre social de Kerourien, Maison de quartier de Bellevue, Maison Pour Tous de Pontanézen, Un peu d’R, CLCV Brest, Association des locataires de Keredern',
        decisions: [
          `Le budget ${year} de l’accompagnement est adopté : 20 500 € de subventions aux associations.`,
          'La consultation des locataires de Keredern Nord est lancée.',
        ],
        actions: [
          {
            description: 'Organiser la réunion d’information avec les locataires de Keredern Nord',
            ownerOrganisationId: org('city'),
            ownerName: 'Claire Le Gall',
            dueOn: addCalendarDays(today, -200),
          },
          {
            description: 'Préparer la fiche comparative des offres pour Keredern Nord',
            ownerOrganisationId: org('clcv'),
            ownerName: 'CLCV Brest',
            dueOn: addCalendarDays(today, -90),
          },
        ],
      },
    }),
  );
  for (const actionId of march.actionIds)
    ok(
      'action faite',
      await setActionStatus({ db, actor, actionId, input: { status: 'done', note: 'Fait' } }),
    );
  ok(
    'comité d’octobre',
    await createSteeringMeeting({
      db,
      actor,
      input: {
        heldOn: addCalendarDays(today, -51),
        place: 'Maison de quartier de Bellevue',
        attendees:
          'Ville de Brest, Brest métropole habitat, SFR, Centre social de Kerourien, Maison de quartier de Bellevue, CLCV Brest',
        decisions: [
          'Bellevue Kergoat : la consultation des partenaires est lancée.',
          'La convention avec Brest métropole habitat est à renouveler avant sa fin.',
          'Quéliverzan attend un lieu d’ateliers à moins d’un kilomètre avant toute consultation.',
        ],
        actions: [
          {
            description: 'Rédiger la nouvelle convention avec Brest métropole habitat',
            ownerOrganisationId: org('city'),
            ownerName: 'Claire Le Gall',
            dueOn: addCalendarDays(today, 20),
          },
          {
            description:
              'Chercher un lieu pour des ateliers à Quéliverzan (médiathèque, école, local associatif)',
            ownerOrganisationId: org('city'),
            ownerName: 'Service des usages numériques',
            dueOn: addCalendarDays(today, 66),
          },
          {
            description: 'Envoyer le bilan des ateliers de l’année (heures, personnes, Visa Internet)',
            ownerOrganisationId: org('facility-ker'),
            ownerName: 'Centre social de Kerourien',
            // Late: its date has passed.
            dueOn: addCalendarDays(today, -6),
          },
        ],
      },
    }),
  );
}
