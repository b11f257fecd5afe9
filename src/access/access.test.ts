import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adoptSector } from '../../test/adopt.ts';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { endTenancy, getHousehold } from '../households/index.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  addAdjustment,
  addTariff,
  chargeFor,
  chargeSummary,
  chargesCsv,
  closeCharges,
  closeService,
  contactNotShared,
  getActivationRequest,
  listActivationRequests,
  listChargeLines,
  listChargeMonths,
  listServices,
  openService,
  recordActivationEvent,
  recordInstallOutcome,
  requestActivation,
  runCharges,
  scheduleInstallVisit,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let serviceId: number;

const lines = async (month: string) =>
  (await listChargeLines({ db, actor: p.actors.landlord_officer, month })).lines.filter(
    (l) => l.kind === 'charge',
  );

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  await adoptSector(db, p, p.sectorIds.N1, {
    tariffFrom: '2026-01-01',
    opensAt: new Date('2025-10-01T08:00:00Z'),
  });
});

describe('the service and its tariffs', () => {
  it('opens only where the tenants adopted it, from the agreement’s tariff', async () => {
    expect(
      await openService({
        db,
        actor: p.actors.landlord_officer,
        input: { sectorId: p.sectorIds.N2, description: 'Fibre', opensOn: '2026-01-01' },
      }),
    ).toMatchObject({ ok: false, reason: 'not_adopted' });
    await expect(
      openService({
        db,
        actor: p.actors.operator_agent,
        input: { sectorId: p.sectorIds.N1, description: 'x', opensOn: '2026-01-01' },
      }),
    ).rejects.toThrow(ForbiddenError);
    const opened = await openService({
      db,
      actor: p.actors.landlord_officer,
      input: { sectorId: p.sectorIds.N1, description: '100 Mbit/s', opensOn: '2026-01-01' },
    });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    serviceId = opened.serviceId;
    const { services } = await listServices({ db, actor: p.actors.coordinator });
    expect(services[0]).toMatchObject({
      sectorId: p.sectorIds.N1,
      tariffs: [{ monthlyAmountCents: 110, effectiveFrom: '2026-01-01' }],
    });
  });

  it('changes the tariff from a future month only; the past never changes', async () => {
    const now = new Date('2026-03-15T10:00:00Z');
    expect(
      await addTariff({
        db,
        actor: p.actors.coordinator,
        serviceId,
        input: { monthlyAmountCents: 99, effectiveFrom: '2026-03-01' },
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'tariff_in_past' });
    expect(
      await addTariff({
        db,
        actor: p.actors.coordinator,
        serviceId,
        input: { monthlyAmountCents: 124, effectiveFrom: '2026-06-01' },
        now,
      }),
    ).toMatchObject({ ok: true });
    await expect(
      db.execute(sql`update tariff set monthly_amount_cents = 1 where service_id = ${serviceId}`),
    ).rejects.toThrow();
  });
});

describe('monthly charges', () => {
  it.each<[string, string, number]>([
    ['2025-12', 'before the service opened: nothing', 0],
    ['2026-01', 'the month the service opens: every dwelling, occupied or vacant', 4],
    ['2026-06', 'a tariff changing on the 1st applies to that month', 4],
  ])('%s: %s', async (month, _, count) => {
    const run = await runCharges({
      db,
      actor: p.actors.landlord_officer,
      month,
      now: new Date('2026-07-02T08:00:00Z'),
    });
    expect(run.ok).toBe(true);
    const got = await lines(month);
    expect(got).toHaveLength(count);
    // The SQL run and the rule agree dwelling by dwelling.
    const tariffs = (
      await db.execute<{ id: number; monthly_amount_cents: number; effective_from: string }>(
        sql`select id, monthly_amount_cents, effective_from::text from tariff where service_id = ${serviceId}`,
      )
    ).map((t) => ({ id: t.id, monthlyAmountCents: t.monthly_amount_cents, effectiveFrom: t.effective_from }));
    for (const line of got) {
      const tenancies = (
        await db.execute<{ household_id: number; start_date: string; end_date: string | null }>(sql`
        select t.household_id, t.start_date::text, t.end_date::text from tenancy t join dwelling d on d.id = t.dwelling_id
        where d.landlord_reference = ${line.dwellingReference}`)
      ).map((t) => ({ householdId: t.household_id, startDate: t.start_date, endDate: t.end_date }));
      const expected = chargeFor(month, { opensOn: '2026-01-01', closesOn: null }, tariffs, tenancies)!;
      expect(line.amountCents).toBe(expected.amountCents);
      expect(line.householdReference !== null).toBe(expected.householdId !== null);
    }
  });

  it('attributes the month to the tenancy of the 1st, and a vacant dwelling to the landlord; totals reconcile', async () => {
    // L-002's household leaves on 15 April: it pays April; May is vacant.
    await endTenancy({
      db,
      actor: p.actors.landlord_officer,
      householdId: p.households['L-002']!,
      endDate: '2026-04-15',
    });
    const now = new Date('2026-05-02T08:00:00Z');
    await runCharges({ db, actor: p.actors.landlord_officer, month: '2026-04', now });
    await runCharges({ db, actor: p.actors.landlord_officer, month: '2026-05', now });
    const april = await lines('2026-04');
    const may = await lines('2026-05');
    expect(april.find((l) => l.dwellingReference === 'L-002')!.householdReference).not.toBeNull();
    expect(may.find((l) => l.dwellingReference === 'L-002')!.householdReference).toBeNull();
    const summary = (await chargeSummary({ db, actor: p.actors.coordinator, month: '2026-05' }))!;
    expect(summary).toMatchObject({ lines: 4, totalCents: 440, vacantLines: 3, reconciles: true });
    const months = await listChargeMonths({ db, actor: p.actors.coordinator });
    expect(months.find((m) => m.month === '2026-05')).toMatchObject({
      status: 'open',
      lines: 4,
      totalCents: 440,
    });
    expect(months.find((m) => m.month === '2026-04')).toMatchObject({ lines: 4, totalCents: 440 });
    expect(summary.bySector).toEqual([
      { sectorId: p.sectorIds.N1, sectorName: 'Secteur N1', dwellings: 4, tariffCents: 110, totalCents: 440 },
    ]);
  });

  it('runs a month again without duplicates, also when two runs start at once', async () => {
    const now = new Date('2026-05-02T08:00:00Z');
    const runs = await Promise.all(
      [1, 2, 3].map(() => runCharges({ db, actor: p.actors.landlord_officer, month: '2026-05', now })),
    );
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(await lines('2026-05')).toHaveLength(4);
  });

  it('never changes a closed month; corrections are adjustments in a later open month', async () => {
    const officer = p.actors.landlord_officer;
    expect(await closeCharges({ db, actor: officer, month: '2026-04' })).toEqual({ ok: true });
    expect(
      await runCharges({ db, actor: officer, month: '2026-04', now: new Date('2026-05-02T08:00:00Z') }),
    ).toMatchObject({
      ok: false,
      reason: 'month_closed',
    });
    await expect(db.execute(sql`delete from charge_line where month = '2026-04-01'`)).rejects.toThrow();
    await expect(
      db.execute(sql`update charge_line set amount_cents = 1 where month = '2026-04-01'`),
    ).rejects.toThrow();
    const original = (await lines('2026-04'))[0]!;
    expect(
      await addAdjustment({
        db,
        actor: officer,
        month: '2026-04',
        input: { lineId: original.id, amountCents: -110, reason: 'erreur' },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'month_closed',
    });
    const mayLine = (await lines('2026-05'))[0]!;
    expect(
      await addAdjustment({
        db,
        actor: officer,
        month: '2026-06',
        input: { lineId: mayLine.id, amountCents: -110, reason: 'x' },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'line_not_closed',
    });
    const adjusted = await addAdjustment({
      db,
      actor: officer,
      month: '2026-05',
      input: { lineId: original.id, amountCents: -110, reason: 'Logement muré en avril' },
    });
    expect(adjusted.ok).toBe(true);
    // Never more refunded than billed.
    expect(
      await addAdjustment({
        db,
        actor: officer,
        month: '2026-05',
        input: { lineId: original.id, amountCents: -1, reason: 'encore' },
      }),
    ).toMatchObject({ ok: false, reason: 'adjustment_too_large' });
    const summary = (await chargeSummary({ db, actor: officer, month: '2026-05' }))!;
    expect(summary.adjustments).toEqual({ count: 1, totalCents: -110 });
    // Running May again keeps its adjustment.
    await runCharges({ db, actor: officer, month: '2026-05', now: new Date('2026-05-03T08:00:00Z') });
    expect((await chargeSummary({ db, actor: officer, month: '2026-05' }))!.adjustments.count).toBe(1);
  });

  it('stops charging when the service closes', async () => {
    expect(
      await closeService({
        db,
        actor: p.actors.landlord_officer,
        serviceId,
        closesOn: '2026-08-01',
        now: new Date('2026-07-02T08:00:00Z'),
      }),
    ).toEqual({ ok: true });
    await runCharges({
      db,
      actor: p.actors.landlord_officer,
      month: '2026-08',
      now: new Date('2026-08-02T08:00:00Z'),
    });
    expect(await lines('2026-08')).toHaveLength(0);
  });

  it('writes the landlord’s file for French spreadsheets', async () => {
    let csv = '';
    for await (const chunk of chargesCsv({ db, actor: p.actors.landlord_officer, month: '2026-05' }))
      csv += chunk;
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe(
      '\uFEFFmois;type;ligne;reference_logement;adresse;secteur;reference_foyer;montant_euros;ligne_corrigee;motif',
    );
    expect(rows.filter((r) => r.startsWith('2026-05;charge;'))).toHaveLength(4);
    expect(rows.find((r) => r.includes(';ajustement;'))).toMatch(/;-1,10;\d+;Logement muré en avril$/);
  });

  it.each(['operator_agent', 'facilitator', 'tenant_rep', 'resident', 'admin'] as const)(
    'is not for a %s',
    async (role) => {
      await expect(chargeSummary({ db, actor: p.actors[role], month: '2026-05' })).rejects.toThrow(
        ForbiddenError,
      );
      await expect(runCharges({ db, actor: p.actors[role], month: '2026-05' })).rejects.toThrow(
        ForbiddenError,
      );
    },
  );
});

describe('activation requests', () => {
  const now = new Date('2026-07-02T09:00:00Z');
  const signUp = {
    contactName: 'Aïcha Benali',
    contactPhone: '+33612345678',
    slots: ['weekday_evening'],
    installHelp: true,
  };
  let requestId: number;

  it('a resident asks to be connected, once; the consent to share the contact is recorded', async () => {
    const created = await requestActivation({
      db,
      actor: p.actors.resident,
      householdId: p.households['L-001']!,
      input: signUp,
      now,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    requestId = created.requestId;
    expect(
      await requestActivation({
        db,
        actor: p.actors.resident,
        householdId: p.households['L-001']!,
        input: signUp,
        now,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'request_live',
    });
    // L-101 is in N2, where there is no service.
    expect(
      await requestActivation({
        db,
        actor: p.actors.landlord_officer,
        householdId: p.households['L-101']!,
        input: signUp,
        now,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'no_service',
    });
    const [consent] = await db.execute(
      sql`select source from consent where household_id = ${p.households['L-001']} and purpose = 'operator_sharing'`,
    );
    expect(consent).toEqual({ source: 'online' });
    await expect(
      requestActivation({
        db,
        actor: p.actors.resident,
        householdId: p.households['L-201']!,
        input: signUp,
        now,
      }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('shows the operator only what the appointment needs', async () => {
    const { items } = await listActivationRequests({ db, actor: p.actors.operator_agent, now });
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(
      [
        'id',
        'status',
        'dwellingReference',
        'address',
        'postcode',
        'city',
        'floor',
        'contactName',
        'contactPhone',
        'contactShared',
        'slots',
        'installHelp',
        'sentAt',
        'scheduledFor',
        'activatedOn',
        'equipmentRef',
        'failureReason',
        'failureDetail',
        'updatedAt',
        'late',
      ].sort(),
    );
    expect(JSON.stringify(items)).not.toMatch(/minimum|benefit|single|Benali\b.*F-|householdReference/);
    await expect(listActivationRequests({ db, actor: p.actors.recycling_agent })).rejects.toThrow(
      ForbiddenError,
    );
    expect(
      (await listActivationRequests({ db, actor: p.actors.tenant_rep }).catch((e) => e)) instanceof
        ForbiddenError,
    ).toBe(true);
  });

  it('moves through its steps; illegal ones are refused; a replayed event is applied once', async () => {
    const operator = p.actors.operator_agent;
    expect(
      await recordActivationEvent({
        db,
        actor: operator,
        requestId,
        input: { kind: 'activated', activatedOn: '2026-07-05', equipmentRef: 'ONT-1' },
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'illegal_transition', status: 'sent' });
    const scheduled = { kind: 'scheduled' as const, scheduledFor: new Date('2026-07-09T08:00:00Z') };
    expect(
      await recordActivationEvent({
        db,
        actor: operator,
        requestId,
        input: scheduled,
        idempotencyKey: 'k-1',
        now,
      }),
    ).toEqual({
      ok: true,
      status: 'scheduled',
      replayed: false,
    });
    expect(
      await recordActivationEvent({
        db,
        actor: operator,
        requestId,
        input: scheduled,
        idempotencyKey: 'k-1',
        now,
      }),
    ).toEqual({
      ok: true,
      status: 'scheduled',
      replayed: true,
    });
    // The same key for another step is a mistake, not a replay.
    expect(
      await recordActivationEvent({
        db,
        actor: operator,
        requestId,
        input: { kind: 'scheduled', scheduledFor: new Date('2026-07-10T08:00:00Z') },
        idempotencyKey: 'k-1',
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'idempotency_key_reused' });
    await expect(
      recordActivationEvent({ db, actor: p.actors.facilitator, requestId, input: scheduled, now }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await recordActivationEvent({
        db,
        actor: operator,
        requestId,
        input: { kind: 'activated', activatedOn: '2026-07-09', equipmentRef: 'ONT-1' },
        now,
      }),
    ).toMatchObject({ ok: true, status: 'activated' });
    expect(
      await recordActivationEvent({ db, actor: operator, requestId, input: scheduled, now }),
    ).toMatchObject({
      ok: false,
      reason: 'illegal_transition',
    });
    const { events } = await getActivationRequest({ db, actor: p.actors.coordinator, requestId, now });
    expect(events.map((e) => e.toStatus)).toEqual(['sent', 'scheduled', 'activated']);
  });

  it('hides the contact from the operator once the household withdraws its consent', async () => {
    const [given] = await db.execute<{ id: number }>(
      sql`select id from consent where household_id = ${p.households['L-001']} and purpose = 'operator_sharing'`,
    );
    await db.execute(sql`update consent set withdrawn_on = '2026-07-03' where id = ${given!.id}`);
    const { items } = await listActivationRequests({ db, actor: p.actors.operator_agent, now });
    expect(items[0]).toMatchObject({ contactPhone: '', contactName: contactNotShared, contactShared: false });
    await db.execute(sql`update consent set withdrawn_on = null where id = ${given!.id}`);
  });

  it('lets a facility plan its help at home, and the household timeline tells the story', async () => {
    expect(
      await scheduleInstallVisit({
        db,
        actor: p.actors.facilitator,
        requestId,
        at: new Date('2026-07-10T14:00:00Z'),
      }),
    ).toEqual({ ok: true });
    // The visit's outcome: by the facility serving the sector only.
    await expect(
      recordInstallOutcome({ db, actor: p.actors.operator_agent, requestId, outcome: 'connected' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      await recordInstallOutcome({
        db,
        actor: p.actors.facilitator,
        requestId,
        outcome: 'connected',
        note: 'Box branchée, Wi-Fi configuré',
      }),
    ).toEqual({ ok: true });
    const [view] = (await listActivationRequests({ db, actor: p.actors.facilitator, now })).items;
    expect(view).toMatchObject({
      installOutcome: 'connected',
      installOutcomeNote: 'Box branchée, Wi-Fi configuré',
    });
    const household = await getHousehold({
      db,
      actor: p.actors.resident,
      householdId: p.households['L-001']!,
    });
    const access = household.timeline.filter((e) => e.journey === 'access').map((e) => e.kind);
    expect(access).toEqual([
      'access.install_outcome',
      'access.install_visit',
      'access.activated',
      'access.scheduled',
      'access.requested',
    ]);
    const audit = await listAuditEvents(db, p.programmeId, { action: 'access.scheduled' });
    expect(audit).toHaveLength(1);
  });
});
