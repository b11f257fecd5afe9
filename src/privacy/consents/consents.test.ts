// A household withdraws a consent: what depends on it stops, at once and from then on, with one audit event that
// says what stopped. On a real database, purpose by purpose.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { workshopCycle } from '../../../test/impact-records.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { contactNotShared, listActivationRequests, requestActivation } from '../../access/index.ts';
import {
  getHousehold,
  listHouseholdConsents,
  recordConsent,
  searchHouseholds,
} from '../../households/index.ts';
import {
  listTestimonies,
  loadIndicators,
  loadPublishableTestimonies,
  recordTestimony,
} from '../../impact/index.ts';
import {
  channelUnderConsent,
  deliverDue,
  enqueueNotification,
  type Transport,
} from '../../notifications/index.ts';
import { listAuditEvents } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { scheduleReminders } from '../../workshops/index.ts';
import { consentEffectMessage, withdrawHouseholdConsent } from './index.ts';

let db: Db;
let p: TestProgramme;
const today = '2026-07-01';

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

/** Gives a purpose to a household (if not given yet) and returns the id of the active consent. */
async function given(
  householdId: number,
  purpose: 'contact' | 'operator_sharing' | 'testimony' | 'statistics',
) {
  await recordConsent({
    db,
    actor: p.actors.facilitator,
    householdId,
    input: { purpose, givenOn: '2026-01-10', source: 'paper_form' },
  });
  const { purposes } = await listHouseholdConsents({ db, actor: p.actors.facilitator, householdId });
  return purposes.find((x) => x.purpose === purpose)!.activeId!;
}

const withdraw = (householdId: number, consentId: number) =>
  withdrawHouseholdConsent({ db, actor: p.actors.facilitator, householdId, consentId, withdrawnOn: today });

const message = (
  householdId: number,
  channel: 'sms' | 'email' | 'call' | 'letter',
  topic: string,
  key: string,
) =>
  enqueueNotification(db, {
    programmeId: p.programmeId,
    householdId,
    channel,
    recipientName: 'Aïcha Benali',
    recipient: channel === 'letter' ? '12 rue de Kérourien\n29200 Brest' : '+33612345678',
    subject: 'Sujet',
    body: 'Texte',
    topic,
    dedupeKey: key,
    letterAddress: '12 rue de Kérourien\n29200 Brest',
  });

const statusOf = async (id: number | null) =>
  (
    await db.execute<{ status: string; channel: string }>(
      sql`select status, channel from notification where id = ${id}`,
    )
  )[0];

describe('which channel a message takes without the contact consent', () => {
  it.each([
    ['sms', 'reminder', true, null],
    ['email', 'advice.appointment_reminder', true, null],
    ['call', 'reminder', true, null],
    ['sms', 'promoted', true, 'letter'],
    ['email', 'session_cancelled', true, 'letter'],
    ['call', 'advice.appointment_cancelled', true, 'letter'],
    ['sms', 'something_new', true, 'letter'],
    ['letter', 'convocation', true, 'letter'],
    ['sms', 'reminder', false, 'sms'],
    ['call', 'promoted', false, 'call'],
  ] as const)('%s about %s (withdrawn: %s) → %s', (channel, topic, withdrawn, expected) => {
    expect(channelUnderConsent(channel, topic, withdrawn)).toBe(expected);
  });
});

describe('withdrawing the contact consent', () => {
  it('cancels the SMS and calls not yet gone, keeps letters, and says so in its audit event', async () => {
    const householdId = p.households['L-001']!;
    const sms = await message(householdId, 'sms', 'reminder', 'r-sms-1');
    const call = await message(householdId, 'call', 'promoted', 'r-call-1');
    const letter = await message(householdId, 'letter', 'convocation', 'r-letter-1');
    const other = await message(p.households['L-002']!, 'sms', 'reminder', 'r-other-1');
    const consentId = (
      await listHouseholdConsents({ db, actor: p.actors.facilitator, householdId })
    ).purposes.find((x) => x.purpose === 'contact')!.activeId!;

    const result = await withdraw(householdId, consentId);
    expect(result).toEqual({ ok: true, purpose: 'contact', effects: { messagesCancelled: 2 } });
    expect(await statusOf(sms)).toMatchObject({ status: 'cancelled' });
    expect(await statusOf(call)).toMatchObject({ status: 'cancelled' });
    expect(await statusOf(letter)).toMatchObject({ status: 'pending' });
    expect(await statusOf(other)).toMatchObject({ status: 'pending' });
    const [event] = await listAuditEvents(db, p.programmeId, { action: 'consent.withdrawn' });
    expect(event).toMatchObject({
      entityType: 'household',
      entityId: String(householdId),
      details: { purpose: 'contact', withdrawnOn: today, effects: { messagesCancelled: 2 } },
    });
    expect(consentEffectMessage('contact', { messagesCancelled: 2 })).toContain(
      '2 messages en attente ont été annulés',
    );
    // A second withdrawal changes nothing.
    expect(await withdraw(householdId, consentId)).toEqual({ ok: false, reason: 'not_active' });
  });

  it('drops reminders and sends what the person needs to know by letter from then on', async () => {
    const householdId = p.households['L-001']!;
    expect(await message(householdId, 'sms', 'reminder', 'after-reminder')).toBeNull();
    const promoted = await message(householdId, 'sms', 'promoted', 'after-promoted');
    expect(await statusOf(promoted)).toEqual({ status: 'pending', channel: 'letter' });
    const [row] = await db.execute<{ recipient: string }>(
      sql`select recipient from notification where id = ${promoted}`,
    );
    expect(row!.recipient).toBe('12 rue de Kérourien\n29200 Brest');
    // Another household still gets its SMS.
    expect(
      await statusOf(await message(p.households['L-002']!, 'sms', 'promoted', 'other-promoted')),
    ).toEqual({
      status: 'pending',
      channel: 'sms',
    });
  });

  it('queues no workshop reminder for the household, and the others get theirs', async () => {
    const now = new Date('2026-09-01T08:00:00Z');
    const cycle = await workshopCycle(db, p.programmeId, {
      updatedOn: '2026-06-01',
      sessions: [['2026-09-02T14:00:00Z', '2026-09-02T16:00:00Z']],
    });
    const members = await db.execute<{ household_id: number; id: number }>(
      sql`select household_id, id from household_member where household_id in (${p.households['L-001']!}, ${p.households['L-002']!})`,
    );
    for (const m of members)
      await db.execute(sql`
        insert into registration (programme_id, course_id, household_id, member_id, status, reminder_channel,
                                  created_by, created_at)
        values (${p.programmeId}, ${cycle.courseId}, ${m.household_id}, ${m.id}, 'registered', 'sms', 'test',
                '2026-08-01T10:00:00Z')`);
    const { queued } = await scheduleReminders({ db, offsetsMinutes: [2880, 120], now });
    expect(queued).toBe(1);
    const reminders = await db.execute<{ household_id: number }>(
      sql`select household_id from notification where topic = 'reminder' and subject_ref = ${`session:${cycle.sessionIds[0]}`}`,
    );
    expect(reminders.map((r) => r.household_id)).toEqual([p.households['L-002']]);
  });

  it('never sends an SMS that slipped into the outbox as the consent was withdrawn', async () => {
    const householdId = p.households['L-001']!;
    const [slipped] = await db.execute<{ id: number }>(sql`
      insert into notification (programme_id, household_id, channel, recipient_name, recipient, subject, body, topic,
                                dedupe_key)
      values (${p.programmeId}, ${householdId}, 'sms', 'Aïcha', '+33612345678', 'S', 'B', 'promoted', 'slipped')
      returning id`);
    const sent: number[] = [];
    const transport: Transport = {
      channel: 'sms',
      send: async (n) => {
        sent.push(n.id);
        return { providerId: 'x' };
      },
    };
    await deliverDue({ db, transports: [transport], now: new Date('2030-01-01T00:00:00Z') });
    expect(sent).not.toContain(slipped!.id);
    expect(await statusOf(slipped!.id)).toMatchObject({ status: 'cancelled' });
  });

  it('lets the household be contacted again once it gives its consent again', async () => {
    const householdId = p.households['L-001']!;
    await given(householdId, 'contact');
    expect(await statusOf(await message(householdId, 'sms', 'reminder', 'again-reminder'))).toEqual({
      status: 'pending',
      channel: 'sms',
    });
  });
});

describe('withdrawing the consent to share the contact with the operator', () => {
  const now = new Date('2026-07-02T09:00:00Z');
  beforeAll(async () => {
    await db.execute(sql`
      insert into sector_service (programme_id, sector_id, operator_id, description, opens_on)
      values (${p.programmeId}, ${p.sectorIds.N1}, ${p.actors.operator_agent.organisationId}, 'Internet N1',
              '2026-01-01')`);
  });

  it('sends new requests without name or phone: the operator sees the dwelling and how to reach it by post', async () => {
    const householdId = p.households['L-002']!;
    const consentId = await given(householdId, 'operator_sharing');
    expect(await withdraw(householdId, consentId)).toMatchObject({ ok: true, effects: {} });
    const created = await requestActivation({
      db,
      actor: p.actors.facilitator,
      householdId,
      input: { slots: ['weekday_morning'], installHelp: false, consent: false },
      now,
    });
    expect(created.ok).toBe(true);
    const [stored] = await db.execute(
      sql`select contact_name, contact_phone from activation_request where household_id = ${householdId}`,
    );
    expect(stored).toEqual({ contact_name: '', contact_phone: '' });
    const { items } = await listActivationRequests({ db, actor: p.actors.operator_agent, householdId, now });
    const seen = items[0]!;
    expect(seen).toMatchObject({ contactName: contactNotShared, contactPhone: '', contactShared: false });
    expect(seen).not.toHaveProperty('householdReference');
    // The withdrawal did not give the consent back.
    const { purposes } = await listHouseholdConsents({ db, actor: p.actors.facilitator, householdId });
    expect(purposes.find((x) => x.purpose === 'operator_sharing')!.state).toBe('withdrawn');
  });

  it('hides the contact of requests already sent as soon as the consent is withdrawn', async () => {
    const householdId = p.households['L-001']!;
    const created = await requestActivation({
      db,
      actor: p.actors.resident,
      householdId,
      input: {
        contactName: 'Aïcha Benali',
        contactPhone: '+33612345678',
        slots: ['weekday_evening'],
        installHelp: false,
        consent: true,
      },
      now,
    });
    expect(created.ok).toBe(true);
    const operatorSees = async () =>
      (await listActivationRequests({ db, actor: p.actors.operator_agent, householdId, now })).items[0]!;
    expect(await operatorSees()).toMatchObject({ contactName: 'Aïcha Benali', contactShared: true });
    const { purposes } = await listHouseholdConsents({ db, actor: p.actors.facilitator, householdId });
    await withdraw(householdId, purposes.find((x) => x.purpose === 'operator_sharing')!.activeId!);
    expect(await operatorSees()).toMatchObject({ contactName: contactNotShared, contactPhone: '' });
  });
});

describe('withdrawing the consent to testimonies', () => {
  it('withdraws the household’s testimonies everywhere, and refuses new ones for it until given again', async () => {
    const householdId = p.households['L-101']!;
    const consentId = await given(householdId, 'testimony');
    const recorded = await recordTestimony({
      db,
      actor: p.actors.facilitator,
      input: {
        quote: 'Maintenant j’appelle mes petits-enfants en vidéo.',
        attribution: 'first_name',
        firstName: 'Yannick',
        context: 'Atelier débutants, Kerourien',
        householdId,
        consentOn: '2026-02-01',
        consentForm: 'signed',
      },
      today,
    });
    expect(recorded.ok).toBe(true);
    expect((await loadPublishableTestimonies(db, { programmeId: p.programmeId })).length).toBe(1);

    const result = await withdraw(householdId, consentId);
    expect(result).toMatchObject({ ok: true, effects: { testimoniesWithdrawn: 1 } });
    expect(await loadPublishableTestimonies(db, { programmeId: p.programmeId })).toEqual([]);
    const listed = await listTestimonies({ db, actor: p.actors.coordinator });
    expect(listed[0]).toMatchObject({ quote: null, firstName: null, withdrawnOn: today });
    expect(await listAuditEvents(db, p.programmeId, { action: 'testimony.withdrawn' })).toHaveLength(1);

    const again = await recordTestimony({
      db,
      actor: p.actors.facilitator,
      input: {
        quote: 'Encore un mot.',
        attribution: 'anonymous',
        context: 'Atelier débutants, Kerourien',
        householdId,
        consentOn: '2026-06-01',
        consentForm: 'oral',
      },
      today,
    });
    expect(again).toMatchObject({ ok: false, reason: 'consent_withdrawn' });
  });
});

describe('withdrawing the consent to the statistics profile', () => {
  it('counts the household’s profile answers as not given in the figures', async () => {
    const benefits = async () => {
      const { publication } = await loadIndicators(
        db,
        { programmeId: p.programmeId, from: '2026-01-01', to: '2026-06-30' },
        { raw: true },
      );
      const table = publication.tables.find((t) => t.id === 'profile-minimum-benefits')!;
      return { yes: table.total?.values.a_yes, notGiven: table.total?.values.a_not_given };
    };
    const before = await benefits();
    const householdId = p.households['L-002']!;
    await withdraw(householdId, await given(householdId, 'statistics'));
    const after = await benefits();
    expect(after).toEqual({ yes: Number(before.yes) - 1, notGiven: Number(before.notGiven) + 1 });
    // The answers themselves stay on the record, for the household to see and correct.
    const household = await getHousehold({ db, actor: p.actors.facilitator, householdId });
    expect(household.profile?.minimumBenefits).toBe('yes');
  });
});

describe('the archive', () => {
  it('hides an archived household from lists and from everyone but the coordinator', async () => {
    const householdId = p.households['L-201']!;
    await db.execute(sql`update household set archived_at = now() where id = ${householdId}`);
    const listed = await searchHouseholds({ db, actor: p.actors.landlord_officer, limit: 200 });
    expect(listed.items.map((h) => h.id)).not.toContain(householdId);
    await expect(getHousehold({ db, actor: p.actors.landlord_officer, householdId })).rejects.toThrow(
      'not found',
    );
    const seen = await getHousehold({ db, actor: p.actors.coordinator, householdId });
    expect(seen.archivedAt).not.toBeNull();
    const archived = await searchHouseholds({ db, actor: p.actors.coordinator, archived: true });
    expect(archived.items.map((h) => h.id)).toEqual([householdId]);
    await db.execute(sql`update household set archived_at = null where id = ${householdId}`);
  });
});
