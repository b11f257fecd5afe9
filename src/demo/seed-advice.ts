// The demo's legal advice: CLCV and CSF, about 60 cases over the years with a realistic spread of topics, operators
// and outcomes, built through the use cases.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { type AdviceTopic, addEntry, openCase, seedTemplates, setCaseStatus } from '../advice/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { demoActor } from './actor.ts';

const day = 86_400_000;

const topics: { weight: number; value: AdviceTopic; summary: string }[] = [
  {
    weight: 8,
    value: 'disputed_bill',
    summary: 'Facture plus élevée que l’offre souscrite, frais inconnus.',
  },
  {
    weight: 6,
    value: 'termination',
    summary: 'Veut résilier son abonnement ; frais de résiliation réclamés.',
  },
  {
    weight: 5,
    value: 'doorstep_sale',
    summary: 'Contrat signé à domicile après un démarchage, sans délai de réflexion expliqué.',
  },
  { weight: 4, value: 'contract', summary: 'Ne comprend pas son contrat (engagement, options).' },
  {
    weight: 3,
    value: 'change_operator',
    summary: 'Veut passer à l’accès collectif du programme et arrêter son ancien abonnement.',
  },
  { weight: 3, value: 'equipment_not_returned', summary: 'Box rendue mais facturée comme non restituée.' },
  {
    weight: 3,
    value: 'payment_difficulty',
    summary: 'Retards de paiement, relances d’une société de recouvrement.',
  },
  {
    weight: 2,
    value: 'choice_of_offer',
    summary: 'Cherche l’offre la moins chère pour un téléphone et Internet.',
  },
  { weight: 1, value: 'other', summary: 'Question sur la portabilité du numéro.' },
];

export async function seedDemoAdvice(
  db: Db,
  faker: typeof fakerFR,
  {
    programmeId,
    associations,
    operatorId,
  }: { programmeId: number; associations: number[]; operatorId: number },
): Promise<void> {
  const households = await db.execute<{ household_id: number; member_id: number }>(sql`
    select distinct on (h.id) h.id as household_id, m.id as member_id
      from household h join household_member m on m.household_id = h.id
     where h.programme_id = ${programmeId} order by h.id, m.id limit 500`);
  const people = faker.helpers.arrayElements([...households], 60);
  const now = Date.now();
  for (const organisationId of associations)
    await seedTemplates({
      db,
      actor: demoActor({ programmeId, role: 'adviser', label: 'démo', organisationId }),
    });
  for (const [i, person] of people.entries()) {
    const organisationId = associations[i % associations.length]!;
    const adviser: Actor = demoActor({
      programmeId,
      role: 'adviser',
      label: `${faker.person.firstName()} ${faker.person.lastName()} (conseil)`,
      organisationId,
    });
    const topic = faker.helpers.weightedArrayElement(topics.map((t) => ({ weight: t.weight, value: t })));
    const opened = new Date(now - Math.round(faker.number.float() ** 1.4 * 8 * 365 * day) - 3 * day);
    const operator = faker.helpers.weightedArrayElement([
      { weight: 4, value: { operatorId } },
      { weight: 3, value: { operatorName: 'Orange' } },
      { weight: 2, value: { operatorName: 'Free' } },
      { weight: 2, value: { operatorName: 'Bouygues Telecom' } },
    ]);
    const created = await openCase({
      db,
      actor: adviser,
      input: {
        householdId: person.household_id,
        memberId: person.member_id,
        topic: topic.value,
        ...operator,
        summary: topic.summary,
        openedOn: localDate(opened),
      },
    });
    if (!created.ok) continue;
    const step = (days: number) => localDate(new Date(Math.min(opened.getTime() + days * day, now)));
    await addEntry({
      db,
      actor: adviser,
      caseId: created.caseId,
      input: { kind: 'note', on: step(0), body: 'Premier rendez-vous : documents relus avec la personne.' },
    });
    const recent = now - opened.getTime() < 45 * day;
    if (recent && faker.number.float() < 0.6) {
      await setCaseStatus({
        db,
        actor: adviser,
        caseId: created.caseId,
        input: { status: 'waiting_operator' },
      });
      continue;
    }
    const action = faker.helpers.weightedArrayElement([
      {
        weight: 5,
        value: { kind: 'letter_sent' as const, body: 'Courrier de contestation envoyé à l’opérateur.' },
      },
      {
        weight: 3,
        value: { kind: 'formal_notice' as const, body: 'Mise en demeure envoyée en recommandé.' },
      },
      {
        weight: 2,
        value: { kind: 'ombudsman' as const, body: 'Saisine du médiateur des communications électroniques.' },
      },
      {
        weight: 1,
        value: { kind: 'social_worker' as const, body: 'Orientation vers une assistante sociale (dette).' },
      },
    ]);
    await addEntry({ db, actor: adviser, caseId: created.caseId, input: { ...action, on: step(7) } });
    const resolved = faker.number.float() < 0.7;
    await setCaseStatus({
      db,
      actor: adviser,
      caseId: created.caseId,
      input: resolved
        ? {
            status: 'resolved',
            outcome: faker.helpers.arrayElement([
              'Frais annulés par l’opérateur',
              'Contrat annulé et remboursé',
              'Résiliation sans frais obtenue',
              'Échéancier de paiement accepté',
            ]),
            recoveredCents: faker.helpers.arrayElement([0, 2990, 4500, 8970, 12000, 15950]),
          }
        : {
            status: 'closed_no_result',
            outcome: 'Pas de réponse de l’opérateur ; la personne n’a pas souhaité aller plus loin',
          },
      now: new Date(Math.min(opened.getTime() + 40 * day, now)),
    });
  }
}
