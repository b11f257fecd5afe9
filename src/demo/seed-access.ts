// The demo's collective service: the sectors adopted before Palier (Kerourien's pilot, Keredern in 2012…) with
// their tariff history, months of charges (the older ones closed), and about 12 % of their households asking to be
// connected, with requests in every state, some of them late.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import {
  type ActivationEventInput,
  addTariff,
  closeCharges,
  openService,
  recordActivationEvent,
  requestActivation,
  runCharges,
} from '../access/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { recordHistoricalAgreement } from '../votes/index.ts';

const historical = [
  {
    sector: 'KER',
    adoptedOn: '2010-11-05',
    opensOn: '2012-01-01',
    source: 'Procès-verbal papier du 5 novembre 2010',
  },
  {
    sector: 'KRD-S',
    adoptedOn: '2012-02-24',
    opensOn: '2012-03-01',
    source: 'Procès-verbal papier du 24 février 2012',
  },
  {
    sector: 'PON',
    adoptedOn: '2014-06-13',
    opensOn: '2014-09-01',
    source: 'Procès-verbal papier du 13 juin 2014',
  },
];
/** Brest's tariff history, after the first amount of 1.00 € (2012). */
const laterTariffs = [
  { monthlyAmountCents: 110, effectiveFrom: '2015-01-01' },
  { monthlyAmountCents: 118, effectiveFrom: '2018-01-01' },
  { monthlyAmountCents: 119, effectiveFrom: '2020-01-01' },
  { monthlyAmountCents: 124, effectiveFrom: '2023-01-01' },
];

const day = 86_400_000;
const monthOf = (date: Date) => `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/** How much more likely a household is to sign up than average, from its profile (Brest's participants' profile). */
const takeUpWeight = sql`(case h.minimum_benefits when 'yes' then 2.2 when 'no' then 0.4 else 1 end)
  * (case h.first_time_user when 'yes' then 2.5 when 'no' then 0.5 else 1 end)
  * (case when h.single_parent = 'yes' then 1.9 when h.lives_alone = 'yes' then 1.4 else 1 end)`;

export async function seedDemoAccess(
  db: Db,
  faker: typeof fakerFR,
  {
    programmeId,
    landlordId,
    operatorId,
    facilityFor,
  }: { programmeId: number; landlordId: number; operatorId: number; facilityFor: Record<string, number> },
): Promise<void> {
  const actor = (
    role: Actor['role'],
    label: string,
    organisationId: number,
    sectorIds: number[] = [],
  ): Actor => ({
    userId: null,
    label,
    role,
    programmeId,
    organisationId,
    sectorIds,
    householdId: null,
    ip: null,
    channel: 'cli',
  });
  const landlord = actor('landlord_officer', 'Brest métropole habitat (reprise de l’historique)', landlordId);
  const sectors = new Map(
    (
      await db.execute<{ id: number; code: string }>(
        sql`select id, code from sector where programme_id = ${programmeId}`,
      )
    ).map((s) => [s.code, s.id]),
  );
  for (const h of historical) {
    const sectorId = sectors.get(h.sector)!;
    await recordHistoricalAgreement({
      db,
      actor: landlord,
      input: {
        sectorId,
        operatorId,
        serviceName: 'Internet collectif',
        monthlyAmountCents: 100,
        effectiveFrom: h.opensOn < '2012-01-01' ? '2012-01-01' : h.opensOn,
        adoptedOn: h.adoptedOn,
        recordedFrom: h.source,
      },
    });
    const opened = await openService({
      db,
      actor: landlord,
      input: { sectorId, description: 'Internet collectif, 2 Mbit/s puis 100 Mbit/s', opensOn: h.opensOn },
    });
    if (!opened.ok) throw new Error(`demo service ${h.sector}: ${opened.reason}`);
    for (const t of laterTariffs)
      await addTariff({
        db,
        actor: landlord,
        serviceId: opened.serviceId,
        input: t,
        now: new Date(`${Number(t.effectiveFrom.slice(0, 4)) - 1}-10-01T10:00:00Z`),
      });
  }

  // Charges: the last four months, the three older ones closed (sent to the rent software).
  const now = new Date();
  for (let back = 3; back >= 0; back--) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1, 8));
    const month = monthOf(first);
    const run = await runCharges({
      db,
      actor: landlord,
      month,
      now: new Date(Math.max(first.getTime() + day, 0)),
    });
    if (!run.ok) throw new Error(`demo charges ${month}: ${run.reason}`);
    if (back > 0)
      await closeCharges({ db, actor: landlord, month, now: new Date(first.getTime() + 6 * day) });
  }

  // About 12 % of the households of the open sectors ask to be connected, over the last years — as in Brest, mostly
  // households on minimum benefits, single parents, people living alone and first-time users (weights below).
  const openSectorIds = historical.map((h) => sectors.get(h.sector)!);
  const households = await db.execute<{
    household_id: number;
    name: string;
    phone: string | null;
    sector_code: string;
    weight: number;
    days_there: number;
  }>(sql`
    select t.household_id, m.first_name || ' ' || m.last_name as name, h.phone, sc.code as sector_code,
           (${takeUpWeight})::float as weight, (current_date - t.start_date)::int as days_there
    from tenancy t join dwelling d on d.id = t.dwelling_id join sector sc on sc.id = d.sector_id
    join household h on h.id = t.household_id
    join household_member m on m.household_id = h.id and m.is_reference_person = 'yes'
    where d.sector_id in (${sql.join(
      openSectorIds.map((id) => sql`${id}`),
      sql`, `,
    )}) and t.end_date is null
    order by t.household_id`);
  // The facility that serves the household's sector helps it ask (as the real permissions require).
  const facilitators = new Map(
    Object.entries(facilityFor).map(([code, organisationId]) => [
      code,
      actor('facilitator', 'Animatrice du centre social (démo)', organisationId, [sectors.get(code)!]),
    ]),
  );
  const operator = actor('operator_agent', 'Karim Benali (SFR)', operatorId, openSectorIds);
  // The demo resident's household (the first one) has not asked yet: its account shows the sign-up form.
  const first = Math.min(...households.map((h) => h.household_id));
  const meanWeight = households.reduce((n, h) => n + h.weight, 0) / Math.max(1, households.length);
  for (const h of households) {
    if (faker.number.float() >= (0.12 * h.weight) / meanWeight || h.household_id === first) continue;
    // Over the last two and a half years (since the household moved in, if later): older requests have moved on.
    const sentAt = new Date(
      now.getTime() -
        faker.number.int({ min: 1, max: Math.max(2, Math.min(900, h.days_there - 1)) }) * day -
        faker.number.int({ min: 0, max: 8 }) * 3_600_000,
    );
    const created = await requestActivation({
      db,
      actor: facilitators.get(h.sector_code)!,
      householdId: h.household_id,
      now: sentAt,
      input: {
        contactName: h.name,
        contactPhone: h.phone ?? '+33298000000',
        slots: [
          faker.helpers.arrayElement([
            'weekday_morning',
            'weekday_afternoon',
            'weekday_evening',
            'saturday_morning',
          ]),
        ],
        installHelp: faker.number.float() < 0.3,
      },
    });
    if (!created.ok) continue;
    const age = (now.getTime() - sentAt.getTime()) / day;
    const fate = faker.number.float();
    // Recent requests wait; older ones moved on — some stay stuck (late), a few failed or were cancelled.
    if (age < 5 || (fate < 0.06 && age < 120)) continue;
    const scheduledFor = new Date(sentAt.getTime() + faker.number.int({ min: 4, max: 12 }) * day);
    const step = (input: ActivationEventInput, at: Date, by: Actor = operator) =>
      recordActivationEvent({ db, actor: by, requestId: created.requestId, input, now: at });
    await step({ kind: 'scheduled', scheduledFor }, new Date(sentAt.getTime() + 2 * day));
    if (scheduledFor.getTime() > now.getTime() || (fate < 0.14 && age < 120)) continue;
    if (fate < 0.22) {
      await step(
        {
          kind: 'failed',
          reason: faker.helpers.arrayElement(['nobody_home', 'wiring_fault', 'equipment_missing']),
        },
        scheduledFor,
      );
      if (fate < 0.18)
        await step(
          { kind: 'cancelled' },
          new Date(scheduledFor.getTime() + 3 * day),
          facilitators.get(h.sector_code)!,
        );
      continue;
    }
    await step(
      {
        kind: 'activated',
        activatedOn: scheduledFor.toISOString().slice(0, 10),
        equipmentRef: `ONT-${faker.string.alphanumeric({ length: 8, casing: 'upper' })}`,
      },
      scheduledFor,
    );
  }
}
