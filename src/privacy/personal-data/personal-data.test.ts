// Access and portability: one action gathers every module's part of a household, logs the read, and gives a JSON
// with stable keys and a PDF in plain French; rectification of a member's name is logged too.
import { sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { chargesOf, householdEverywhere, type PersonStrings } from '../../../test/privacy.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { renameHouseholdMember } from '../../households/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, roles } from '../../platform/permissions/index.ts';
import { exportHouseholdData } from './export-household-data.ts';
import { personalDataModules } from './gather-personal-data.ts';
import { getPersonalDataOverview } from './get-personal-data-overview.ts';
import { personalDataPdf } from './personal-data-pdf.ts';
import { fieldLabels } from './readable.ts';

let db: Db;
let p: TestProgramme;
let a: PersonStrings;

const exports = (householdId: number) =>
  db.execute<{ actor_label: string; details: { format: string } }>(sql`
    select actor_label, details from audit_event
     where action = 'personal_data.export' and entity_id = ${String(householdId)} order by id`);

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  a = await householdEverywhere(db, p, { dwelling: 'L-003', tag: 'A' });
  await chargesOf(db, p);
});

describe('the export of a household’s data', () => {
  it('gathers every module’s part under stable keys, and logs the read in the audit trail', async () => {
    const document = await exportHouseholdData({
      db,
      actor: p.actors.coordinator,
      householdId: a.householdId,
      format: 'json',
    });
    expect(document).toMatchObject({
      format: 'palier-personal-data',
      formatVersion: 1,
      householdId: a.householdId,
    });
    expect(Object.keys(document.modules)).toEqual(personalDataModules.map((m) => m.key));
    const m = document.modules;
    expect(m.household.members.map((x) => x.firstName)).toEqual(['ZéphyrineA', 'OndineA']);
    expect(m.household.household).toMatchObject({ phone: '+33611223344', email: 'zephyrine.a@exemple.fr' });
    expect(m.accounts.accounts).toMatchObject([{ name: 'ZéphyrineA QuintavalleA', role: 'resident' }]);
    expect(m.votes.rolls).toMatchObject([{ ballotRecorded: true, ballotChannel: 'paper' }]);
    // Never how the dwelling voted: that is the vote officers' alone.
    expect(JSON.stringify(m.votes)).not.toContain('"choice"');
    expect(m.access.activationRequests).toMatchObject([
      {
        status: 'failed',
        contactName: 'ZéphyrineA QuintavalleA',
        events: [{ kind: 'sent' }, { kind: 'failed' }],
      },
    ]);
    expect(m.access.charges).toHaveLength(2);
    expect(m.equipment.orders).toMatchObject([{ priceCents: 4000, payments: [{ amountCents: 4000 }] }]);
    expect(m.notifications.messages).toHaveLength(2);
    expect(m.workshops).toMatchObject({ calendarFeeds: 1 });
    expect(m.workshops.registrations).toHaveLength(1);
    expect(m.certificates.certificates).toMatchObject([
      { code: 'P-ABCD2345', holderName: 'ZéphyrineA QuintavalleA' },
    ]);
    expect(m.advice.cases).toMatchObject([
      { reference: 'CONS-2026-A', documents: [{ mediaType: 'application/pdf' }] },
    ]);
    expect(m.advice.appointments).toHaveLength(1);
    expect(m.impact.testimonies).toHaveLength(1);
    expect(m.impact.questionnaires).toHaveLength(2);
    expect(m.history.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['household.read', 'household.contact_updated', 'access.requested']),
    );
    // A password never leaves.
    expect(JSON.stringify(document)).not.toMatch(/password|scrypt/i);
    expect(await exports(a.householdId)).toEqual([
      { actor_label: p.actors.coordinator.label, details: { format: 'json' } },
    ]);
  });

  it('is refused to every role but the coordinator, with nothing logged', async () => {
    for (const role of roles.filter((r) => r !== 'coordinator'))
      await expect(
        exportHouseholdData({ db, actor: p.actors[role], householdId: a.householdId, format: 'json' }),
      ).rejects.toThrow(ForbiddenError);
    await expect(
      exportHouseholdData({ db, actor: p.actors.coordinator, householdId: 999_999, format: 'json' }),
    ).rejects.toThrow(NotFoundError);
    expect(await exports(a.householdId)).toHaveLength(1);
  });

  it('reads as a PDF in plain French: a heading per module, dates in French, amounts in euros', async () => {
    const document = await exportHouseholdData({
      db,
      actor: p.actors.coordinator,
      householdId: a.householdId,
      format: 'pdf',
    });
    const pdf = await personalDataPdf(document);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const { title } of personalDataModules) expect(flat).toContain(title);
    expect(flat).toContain('ZéphyrineA');
    expect(flat).toContain('1er février 2019');
    expect(flat).toContain('40,00');
    expect(flat).toContain('Demandes de raccordement');
    expect((await exports(a.householdId)).at(-1)?.details).toEqual({ format: 'pdf' });
  });

  it('has a French label for every key it writes (outside free-form details)', async () => {
    const document = await exportHouseholdData({
      db,
      actor: p.actors.coordinator,
      householdId: a.householdId,
      format: 'json',
    });
    const missing = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) for (const v of value) walk(v);
      else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (!fieldLabels[k]) missing.add(k);
          if (k !== 'details' && k !== 'answers') walk(v);
        }
    };
    for (const part of Object.values(document.modules)) walk(part);
    expect([...missing]).toEqual([]);
  });
});

describe('the page’s overview', () => {
  it('counts what each module holds, says what still runs, and logs the read', async () => {
    const overview = await getPersonalDataOverview({
      db,
      actor: p.actors.coordinator,
      householdId: a.householdId,
    });
    expect(overview.household).toMatchObject({ name: 'ZéphyrineA QuintavalleA', anonymisedAt: null });
    expect(overview.modules.find((m) => m.key === 'household')?.lines).toEqual([
      'coordonnées (téléphone, e-mail)',
      '2 membres',
      '1 logement occupé',
      '2 consentements',
    ]);
    expect(overview.modules.find((m) => m.key === 'access')?.lines).toEqual([
      '1 demande de raccordement',
      '2 lignes de charges',
    ]);
    expect(overview.inProgress).toEqual([]);
    expect(overview.canErase).toBe(true);
    const [read] = await db.execute<{ details: unknown }>(sql`
      select details from audit_event where action = 'household.read' and entity_id = ${String(a.householdId)}
       order by id desc limit 1`);
    expect(read!.details).toEqual({ view: 'personal_data' });
  });
});

describe('rectification of a member’s name', () => {
  it('corrects the name through the household’s use case and logs which member, not the names', async () => {
    const [, child] = a.memberIds as [number, number];
    expect(
      await renameHouseholdMember({
        db,
        actor: p.actors.facilitator,
        householdId: a.householdId,
        name: { memberId: child, firstName: 'Ondina', lastName: 'QuintavalleA' },
      }),
    ).toEqual({ ok: true });
    const [member] = await db.execute(sql`select first_name from household_member where id = ${child}`);
    expect(member).toEqual({ first_name: 'Ondina' });
    const [event] = await db.execute<{ details: unknown }>(sql`
      select details from audit_event where action = 'household.member_renamed' and entity_id = ${String(a.householdId)}`);
    expect(event!.details).toEqual({ memberId: child });
    // Another household's member is not this household's to rename.
    const other = p.households['L-001']!;
    expect(
      await renameHouseholdMember({
        db,
        actor: p.actors.facilitator,
        householdId: other,
        name: { memberId: child, firstName: 'X', lastName: 'Y' },
      }),
    ).toEqual({ ok: false, reason: 'unknown_member' });
    await expect(
      renameHouseholdMember({
        db,
        actor: p.actors.operator_agent,
        householdId: a.householdId,
        name: { memberId: child, firstName: 'X', lastName: 'Y' },
      }),
    ).rejects.toThrow(ForbiddenError);
  });
});
