// The demo's recycling centre: 40 € and 70 € tiers, ~80 computers in stock in every state, ~200 handed over in the
// past years (some paid in instalments, a few brought back under warranty), and a waiting list.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import {
  addDevice,
  closeTicket,
  defaultEligibility,
  handOver,
  joinWaitingList,
  moveDevice,
  type NewDeviceInput,
  openTicket,
  recordErasure,
  recordPayment,
  reserveDevice,
  setPriceTier,
} from '../equipment/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { demoActor } from './actor.ts';

const day = 86_400_000;
const models = [
  { kind: 'laptop', make: 'Lenovo', model: 'ThinkPad T450', cpu: 'Intel Core i5-5300U', tier: 'standard' },
  { kind: 'laptop', make: 'Dell', model: 'Latitude E7470', cpu: 'Intel Core i5-6300U', tier: 'premium' },
  { kind: 'desktop', make: 'HP', model: 'EliteDesk 800 G2', cpu: 'Intel Core i5-6500', tier: 'standard' },
  { kind: 'desktop', make: 'Fujitsu', model: 'Esprimo P757', cpu: 'Intel Core i5-7500', tier: 'premium' },
] as const;

export async function seedDemoEquipment(
  db: Db,
  faker: typeof fakerFR,
  { programmeId, centreId }: { programmeId: number; centreId: number },
): Promise<void> {
  const centre: Actor = demoActor({
    programmeId,
    role: 'recycling_agent',
    label: 'Gwen Abgrall (Un peu d’R)',
    organisationId: centreId,
  });
  await setPriceTier({
    db,
    actor: centre,
    input: { tier: 'standard', label: '40 € (standard)', amountCents: 4000, effectiveFrom: '2012-01-01' },
  });
  await setPriceTier({
    db,
    actor: centre,
    input: { tier: 'premium', label: '70 € (supérieur)', amountCents: 7000, effectiveFrom: '2012-01-01' },
  });
  const rule = defaultEligibility;
  let serial = 1000;
  const newDevice = (receivedOn: Date): NewDeviceInput => {
    const m = faker.helpers.arrayElement(models);
    return {
      kind: m.kind,
      bundle: m.kind === 'desktop',
      make: m.make,
      model: m.model,
      cpu: m.cpu,
      ramGb: faker.helpers.arrayElement([4, 8, 8, 16]),
      storageGb: faker.helpers.arrayElement([128, 240, 256, 500]),
      os: faker.helpers.arrayElement(['Linux Mint', 'Emmabuntüs', 'Windows 10']),
      grade: faker.helpers.arrayElement(['A', 'B', 'B', 'C']),
      serial: `SN-DEMO-${serial++}`,
      donor: faker.helpers.arrayElement(['Crédit Mutuel Arkéa', 'Brest métropole', 'Particulier', 'Thales']),
      receivedOn: receivedOn.toISOString().slice(0, 10),
      tier: m.tier,
    } as NewDeviceInput;
  };
  const prepare = async (receivedOn: Date, upTo: 'received' | 'refurbishing' | 'ready' | 'recycled') => {
    const added = await addDevice({ db, actor: centre, input: newDevice(receivedOn) });
    if (!added.ok) throw new Error(added.reason);
    if (upTo === 'received') return added.deviceId;
    if (upTo === 'recycled') {
      await moveDevice({
        db,
        actor: centre,
        deviceId: added.deviceId,
        event: 'recycle',
        reason: 'Carte mère hors service',
      });
      return added.deviceId;
    }
    const on = new Date(receivedOn.getTime() + 3 * day).toISOString().slice(0, 10);
    await recordErasure({
      db,
      actor: centre,
      deviceId: added.deviceId,
      input: { method: 'nwipe (3 passes) et vérification', on, by: 'Gwen Abgrall', result: 'passed' },
    });
    await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'refurbish' });
    if (upTo === 'ready') await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'ready' });
    return added.deviceId;
  };

  const households = await db.execute<{ household_id: number; signed_up: boolean }>(sql`
      select t.household_id, exists (select 1 from activation_request a where a.household_id = t.household_id)
             as signed_up
      from tenancy t join dwelling d on d.id = t.dwelling_id
      join sector_service s on s.sector_id = d.sector_id
      where t.programme_id = ${programmeId} and t.end_date is null order by t.household_id`);
  // Households that signed up for Internet come first: most buyers are the programme's participants.
  const shuffled = faker.helpers.shuffle(households.slice(1));
  const buyers = [...shuffled.filter((h) => h.signed_up), ...shuffled.filter((h) => !h.signed_up)].map(
    (h) => h.household_id,
  );
  const now = Date.now();
  let next = 0;

  // ~200 sold over the past three years.
  for (let i = 0; i < 200; i++) {
    const reservedAt = new Date(now - faker.number.int({ min: 120, max: 1000 }) * day);
    const deviceId = await prepare(new Date(reservedAt.getTime() - 30 * day), 'ready');
    // A household that did not live in an open sector at that date is not eligible then: the next one buys.
    let reserved: Awaited<ReturnType<typeof reserveDevice>> | null = null;
    while (next < buyers.length && !reserved?.ok) {
      reserved = await reserveDevice({
        db,
        actor: centre,
        deviceId,
        householdId: buyers[next++]!,
        now: reservedAt,
        rule,
      });
      if (!reserved.ok && reserved.reason !== 'not_eligible')
        throw new Error(`demo reservation: ${reserved.reason}`);
    }
    if (!reserved?.ok) break;
    const instalments = faker.number.float() < 0.4 ? 4 : 1;
    const each = Math.floor(reserved.priceCents / instalments);
    await recordPayment({
      db,
      actor: centre,
      orderId: reserved.orderId,
      input: { amountCents: each, method: faker.helpers.arrayElement(['cash', 'cheque', 'card']) },
      now: reservedAt,
    });
    const handedAt = new Date(reservedAt.getTime() + faker.number.int({ min: 1, max: 14 }) * day);
    await handOver({
      db,
      actor: centre,
      orderId: reserved.orderId,
      mode: faker.number.float() < 0.2 ? 'delivery' : 'centre',
      warrantyMonths: 6,
      now: handedAt,
    });
    for (let k = 1; k < instalments; k++)
      await recordPayment({
        db,
        actor: centre,
        orderId: reserved.orderId,
        input: {
          amountCents: k === instalments - 1 ? reserved.priceCents - each * (instalments - 1) : each,
          method: 'cash',
        },
        now: new Date(handedAt.getTime() + k * 30 * day),
      });
    if (faker.number.float() < 0.05) {
      const ticket = await openTicket({
        db,
        actor: centre,
        orderId: reserved.orderId,
        fault: faker.helpers.arrayElement([
          'L’écran reste noir',
          'Ne démarre plus',
          'Batterie qui ne charge pas',
        ]),
        now: new Date(handedAt.getTime() + 20 * day),
      });
      if (ticket.ok && faker.number.float() < 0.7)
        await closeTicket({
          db,
          actor: centre,
          ticketId: ticket.ticketId,
          input: { diagnosis: 'Pièce remplacée', outcome: 'repaired' },
          now: new Date(handedAt.getTime() + 25 * day),
        });
    }
  }

  // Today's stock: ~80 computers in every state, some reserved and waiting to be paid.
  const states = ['received', 'refurbishing', 'ready', 'recycled'] as const;
  for (let i = 0; i < 72; i++)
    await prepare(new Date(now - faker.number.int({ min: 1, max: 60 }) * day), states[i % 4]!);
  for (let i = 0; i < 8; i++) {
    const deviceId = await prepare(new Date(now - 20 * day), 'ready');
    await reserveDevice({
      db,
      actor: centre,
      deviceId,
      householdId: buyers[next++]!,
      now: new Date(now - faker.number.int({ min: 0, max: 6 }) * day),
      rule,
    });
  }
  // Premium laptops are scarce: those in stock are all still in the workshop, and households wait for them.
  const scarce = await db.execute<{ id: number }>(sql`
    select id from device where programme_id = ${programmeId} and status = 'ready' and tier = 'premium' and kind = 'laptop'`);
  for (const d of scarce) await moveDevice({ db, actor: centre, deviceId: d.id, event: 'refurbish' });
  // Households waiting for the premium laptops, which are scarce.
  for (let i = 0; i < 6; i++)
    await joinWaitingList({
      db,
      actor: centre,
      input: { householdId: buyers[next++]!, tier: 'premium', kind: 'laptop' },
      rule,
      now: new Date(now - (30 - i) * day),
    });
}
