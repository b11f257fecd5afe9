// The demo's evaluation records: residents' testimonies at the three facilities and an association (first names and
// anonymous, one withdrawn), and the before/after questionnaire — « before » for most households that signed up,
// on the day they did, « after » six months later for those who signed up long enough ago, showing what the
// programme changes (more confident, more procedures online, a little less lonely). Recorded through the use cases
// (they check and audit), by the facility that serves each household's sector.
import { base, Faker, fr } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { recordQuestionnaire, recordTestimony, withdrawTestimony } from '../impact/index.ts';
import { addCalendarDays, addCalendarMonths, localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { demoActor } from './actor.ts';

type Answers = Record<string, string | string[]>;

const levels = {
  confidence: ['not_at_all', 'a_little', 'fairly', 'fully'],
  contacts: ['never', 'once_or_twice', 'weekly', 'daily'],
  lonely: ['often', 'sometimes', 'rarely', 'never'],
} as const;

/** Before: mostly first-time users — not at ease, few uses online, many feel alone. */
function beforeAnswers(faker: Faker): Answers {
  // « Ne souhaite pas répondre » to everything: an answer too.
  if (faker.number.float() < 0.05) return {};
  const answers: Answers = {
    confidence: faker.helpers.weightedArrayElement([
      { weight: 45, value: 'not_at_all' },
      { weight: 35, value: 'a_little' },
      { weight: 15, value: 'fairly' },
      { weight: 5, value: 'fully' },
    ]),
    uses: (
      [
        ['email', 0.3],
        ['admin', 0.2],
        ['video', 0.35],
        ['job', 0.1],
        ['school', 0.15],
        ['shopping', 0.15],
        ['news', 0.4],
      ] as const
    )
      .filter(([, p]) => faker.number.float() < p)
      .map(([use]) => use),
    contacts: faker.helpers.weightedArrayElement([
      { weight: 10, value: 'never' },
      { weight: 30, value: 'once_or_twice' },
      { weight: 40, value: 'weekly' },
      { weight: 20, value: 'daily' },
    ]),
    lonely: faker.helpers.weightedArrayElement([
      { weight: 35, value: 'often' },
      { weight: 35, value: 'sometimes' },
      { weight: 20, value: 'rarely' },
      { weight: 10, value: 'never' },
    ]),
  };
  // Some questions left unanswered.
  for (const key of Object.keys(answers)) if (faker.number.float() < 0.07) delete answers[key];
  return answers;
}

const step = (scale: readonly string[], value: string, by: number) =>
  scale[Math.max(0, Math.min(scale.length - 1, scale.indexOf(value) + by))]!;

/** Six months later: more at ease, more procedures and e-mails online, a little less lonely; not for everyone. */
function afterAnswers(faker: Faker, before: Answers): Answers {
  if (Object.keys(before).length === 0 && faker.number.float() < 0.6) return {};
  const after: Answers = {};
  const r = () => faker.number.float();
  if (typeof before.confidence === 'string') {
    const x = r();
    after.confidence = step(
      levels.confidence,
      before.confidence,
      x < 0.5 ? 1 : x < 0.72 ? 2 : x < 0.95 ? 0 : -1,
    );
  }
  if (Array.isArray(before.uses)) {
    const more = { admin: 0.55, email: 0.45, video: 0.3, job: 0.12, school: 0.12, shopping: 0.15, news: 0.2 };
    after.uses = Object.entries(more)
      .filter(([use, p]) => (before.uses!.includes(use) ? r() > 0.05 : r() < p))
      .map(([use]) => use);
  }
  if (typeof before.contacts === 'string')
    after.contacts = step(levels.contacts, before.contacts, r() < 0.25 ? 1 : r() < 0.05 ? -1 : 0);
  if (typeof before.lonely === 'string') {
    const x = r();
    const better = before.lonely === 'often' ? 0.2 : before.lonely === 'sometimes' ? 0.12 : 0.05;
    after.lonely = step(levels.lonely, before.lonely, x < better ? 1 : x > 0.95 ? -1 : 0);
  }
  return after;
}

/** The testimonies: who heard them (an organisation's key), where, how the person wants to be named, when. */
const testimonies = [
  {
    by: 'facility-ker',
    sector: 'KER',
    linkHousehold: true,
    firstName: 'Josiane',
    context: 'Atelier débutants, Kerourien',
    consentForm: 'signed',
    daysAgo: 320,
    quote:
      'Avant, je demandais à ma voisine pour tout. Maintenant je fais mes démarches à la CAF toute seule, et c’est moi qui lui montre comment faire !',
  },
  {
    by: 'facility-ker',
    sector: 'KRD-S',
    firstName: null,
    context: 'Atelier débutants, Keredern',
    consentForm: 'oral',
    daysAgo: 250,
    quote:
      'Je n’avais jamais touché une souris. Au bout de six semaines, j’ai envoyé mon premier e-mail à mon fils qui vit à Lyon.',
  },
  {
    by: 'facility-bel',
    sector: 'BEL',
    firstName: 'Karim',
    context: 'Permanence numérique, Bellevue',
    consentForm: 'signed',
    daysAgo: 210,
    quote:
      'Avec Internet à la maison pour un peu plus d’un euro par mois, mes enfants font leurs devoirs ici, plus sur le parking du supermarché.',
  },
  {
    by: 'facility-bel',
    sector: 'BEL',
    firstName: null,
    context: 'Atelier débutants, Bellevue',
    consentForm: 'online',
    daysAgo: 160,
    quote:
      'L’ordinateur à 40 € de la recyclerie marche très bien. Je regarde les offres d’emploi tous les matins.',
  },
  {
    by: 'facility-pon',
    sector: 'PON',
    linkHousehold: true,
    firstName: 'Mireille',
    context: 'Atelier débutants, Pontanézen',
    consentForm: 'oral',
    daysAgo: 120,
    quote:
      'À 74 ans, je vois mes petits-enfants en vidéo tous les dimanches. Je me sens beaucoup moins seule.',
  },
  {
    by: 'facility-pon',
    sector: 'PON',
    firstName: null,
    context: 'Aide à l’installation à domicile, Pontanézen',
    consentForm: 'signed',
    daysAgo: 75,
    quote: 'Quelqu’un du quartier est venu chez moi brancher la box. Sans ça, je n’aurais jamais osé.',
  },
  {
    by: 'clcv',
    sector: null,
    firstName: 'Sandrine',
    context: 'Permanence CLCV, mairie de quartier de Bellevue',
    consentForm: 'signed',
    daysAgo: 45,
    quote:
      'On m’a aidée à résilier un abonnement vendu au porte-à-porte. J’ai récupéré 180 € et j’ai compris mon contrat.',
  },
  {
    by: 'city',
    sector: 'KRD-S',
    firstName: null,
    context: 'Réunion publique de bilan, Keredern',
    consentForm: 'oral',
    daysAgo: 20,
    quote:
      'Ce qui a tout changé, c’est d’être accompagnés par des gens du quartier, pas d’avoir juste un câble.',
  },
  // The person changed their mind: recorded, then withdrawn (its words are erased).
  {
    by: 'facility-ker',
    sector: 'KER',
    firstName: 'Patrick',
    context: 'Atelier débutants, Kerourien',
    consentForm: 'signed',
    daysAgo: 200,
    withdrawnDaysAgo: 30,
    quote: 'Je ne pensais pas y arriver, et maintenant je lis le journal sur la tablette.',
  },
] as const satisfies {
  by: string;
  sector: string | null;
  linkHousehold?: boolean;
  firstName: string | null;
  context: string;
  consentForm: 'signed' | 'oral' | 'online';
  daysAgo: number;
  withdrawnDaysAgo?: number;
  quote: string;
}[];

const ok = <T extends { ok: boolean; reason?: string; message?: string }>(what: string, result: T) => {
  if (!result.ok) throw new Error(`demo impact ${what}: ${result.reason} ${result.message ?? ''}`);
  return result as Extract<T, { ok: true }>;
};

export async function seedImpact(
  db: Db,
  {
    programmeId,
    organisations,
    now = new Date(),
  }: { programmeId: number; organisations: Map<string, number>; now?: Date },
): Promise<{ before: number; after: number; testimonies: number }> {
  // Its own seeded generator: the same records whatever the other seeds drew before.
  const faker = new Faker({ locale: [fr, base] });
  const today = localDate(now);

  // Each facility acts for the households of the sectors it serves (as the permissions require).
  const facilities = await db.execute<{ id: number; name: string; sector_ids: number[] }>(sql`
    select o.id, o.name, coalesce(array_agg(sp.sector_id order by sp.sector_id)
             filter (where sp.sector_id is not null), '{}') as sector_ids
      from organisation o left join sector_partner sp on sp.organisation_id = o.id
     where o.programme_id = ${programmeId} and o.kind = 'facility'
     group by o.id order by o.id`);
  const facilityActors = new Map<number, Actor>(
    facilities.map((f) => [
      f.id,
      demoActor({
        programmeId,
        role: 'facilitator',
        label: `Animateur·rice — ${f.name} (démo)`,
        organisationId: f.id,
        sectorIds: f.sector_ids,
      }),
    ]),
  );
  const facilityFor = (sectorId: number) => {
    const serving = facilities.find((f) => f.sector_ids.includes(sectorId));
    return serving ? facilityActors.get(serving.id)! : null;
  };
  const coordinator = demoActor({
    programmeId,
    role: 'coordinator',
    label: 'Claire Le Gall (coordination)',
    organisationId: organisations.get('city'),
  });

  // The households that signed up, on the day they first did; not the demo resident's (the first household), whose
  // account shows the questionnaire to answer.
  const signedUp = await db.execute<{ household_id: number; sector_id: number; sent_at: Date }>(sql`
    select distinct on (ar.household_id) ar.household_id, ar.sector_id, ar.sent_at
      from activation_request ar
     where ar.programme_id = ${programmeId}
       and ar.household_id <> (select min(h.household_id) from household_member h where h.programme_id = ${programmeId})
     order by ar.household_id, ar.sent_at`);
  let before = 0;
  let after = 0;
  for (const row of signedUp) {
    // Each household draws from its own seed: its answers do not depend on the day the demo is seeded.
    faker.seed([2012, row.household_id]);
    const answersAgain = faker.number.float() < 0.8;
    const daysToReach = faker.number.int({ min: 0, max: 40 });
    if (faker.number.float() >= 0.85) continue;
    const actor = facilityFor(row.sector_id) ?? coordinator;
    const beforeOn = localDate(new Date(row.sent_at));
    if (beforeOn > today) continue;
    const first = beforeAnswers(faker);
    ok(
      'before',
      await recordQuestionnaire({
        db,
        actor,
        householdId: row.household_id,
        input: { moment: 'before', answers: first },
        today: beforeOn,
      }),
    );
    before++;
    // Six months on (plus the few weeks it takes to reach people), four in five answer again.
    const afterOn = addCalendarDays(addCalendarMonths(beforeOn, 6), daysToReach);
    if (afterOn > today || !answersAgain) continue;
    ok(
      'after',
      await recordQuestionnaire({
        db,
        actor,
        householdId: row.household_id,
        input: { moment: 'after', answers: afterAnswers(faker, first) },
        today: afterOn,
      }),
    );
    after++;
  }

  // Testimonies, each recorded by whoever heard it; two are linked to a household that signed up in their sector.
  const sectorIds = new Map(
    (
      await db.execute<{ code: string; id: number }>(
        sql`select code, id from sector where programme_id = ${programmeId}`,
      )
    ).map((s) => [s.code, s.id]),
  );
  const adviser = demoActor({
    programmeId,
    role: 'adviser',
    label: 'Paul Quéméner (CLCV)',
    organisationId: organisations.get('clcv'),
  });
  const actorOf = (key: string) =>
    key === 'city'
      ? coordinator
      : key === 'clcv'
        ? adviser
        : (facilityActors.get(organisations.get(key) ?? -1) ?? coordinator);
  let recorded = 0;
  for (const t of testimonies) {
    const actor = actorOf(t.by);
    const sectorId = t.sector ? sectorIds.get(t.sector) : undefined;
    const household =
      'linkHousehold' in t && t.linkHousehold && sectorId
        ? signedUp.find((s) => s.sector_id === sectorId && actor.sectorIds.includes(s.sector_id))
        : undefined;
    const consentOn = addCalendarDays(today, -t.daysAgo);
    const { testimonyId } = ok(
      t.context,
      await recordTestimony({
        db,
        actor,
        input: {
          quote: t.quote,
          attribution: t.firstName ? 'first_name' : 'anonymous',
          firstName: t.firstName ?? undefined,
          context: t.context,
          householdId: household?.household_id,
          sectorId: household ? undefined : sectorId,
          consentOn,
          consentForm: t.consentForm,
        },
        today: consentOn,
      }),
    );
    recorded++;
    if ('withdrawnDaysAgo' in t)
      ok(
        'withdrawal',
        await withdrawTestimony({
          db,
          actor,
          testimonyId,
          today: addCalendarDays(today, -t.withdrawnDaysAgo),
        }),
      );
  }
  return { before, after, testimonies: recorded };
}
