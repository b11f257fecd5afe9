import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import {
  addAgreementDocument,
  addSteeringAction,
  attachMeetingMinutes,
  commitSubsidy,
  createAgreement,
  createSteeringMeeting,
  getAgreement,
  getAgreementDocument,
  getMeetingMinutes,
  getSteeringMeeting,
  getSubsidy,
  listAgreements,
  listRenewalsDue,
  listSteeringActions,
  listSteeringMeetings,
  listSubsidies,
  planSubsidy,
  recordSubsidyPayment,
  renewAgreement,
  renewalsCsv,
  setActionStatus,
  subsidyBudget,
  subsidyBudgetCsv,
  terminateAgreement,
  updateAgreement,
} from './index.ts';

let db: Db;
let p: TestProgramme;
const org = (role: keyof TestProgramme['actors']) => p.actors[role].organisationId!;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

const count = async (table: string, where = sql`true`) => {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
  );
  return row!.n;
};
const auditActions = async (entityType: string, entityId: number) =>
  (
    await db.execute<{ action: string }>(
      sql`select action from audit_event where entity_type = ${entityType} and entity_id = ${String(entityId)} order by id`,
    )
  ).map((r) => r.action);

async function agreementFor(role: keyof TestProgramme['actors'], reference: string, over = {}) {
  const created = await createAgreement({
    db,
    actor: p.actors.coordinator,
    input: {
      organisationId: org(role),
      reference,
      object: 'Ateliers multimédia pour les débutants',
      startsOn: '2024-01-01',
      endsOn: '2024-12-31',
      amountCents: 1_200_000,
      ...over,
    },
  });
  if (!created.ok) throw new Error(created.reason);
  return created.agreementId;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

describe('partnership agreements', () => {
  it('the coordinator records an agreement with past dates; the amount is kept in cents; an audit event is written', async () => {
    const id = await agreementFor('facilitator', 'CONV-2011-01', {
      startsOn: '2011-09-01',
      endsOn: '2012-08-31',
      amountCents: 2_000_000,
      noticeDays: undefined,
    });
    const found = await getAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      today: '2012-07-01',
    });
    expect(found).toMatchObject({
      reference: 'CONV-2011-01',
      organisationName: 'Centre social',
      amountCents: 2_000_000,
      noticeDays: 90,
      state: 'renewal_due',
      alertFrom: '2012-06-02',
      canManage: true,
    });
    expect(await auditActions('agreement', id)).toEqual(['agreement.created']);
  });

  it('bad input gets a French message on its field and changes nothing', async () => {
    const before = await count('agreement');
    const backwards = await createAgreement({
      db,
      actor: p.actors.coordinator,
      input: {
        organisationId: org('facilitator'),
        reference: 'CONV-X',
        object: 'Objet',
        startsOn: '2025-06-01',
        endsOn: '2025-05-31',
      },
    });
    expect(backwards).toMatchObject({
      ok: false,
      reason: 'invalid',
      issues: [{ path: 'endsOn', message: 'La fin doit être le jour du début ou après' }],
    });
    const taken = await createAgreement({
      db,
      actor: p.actors.coordinator,
      input: {
        organisationId: org('adviser'),
        reference: 'CONV-2011-01',
        object: 'Permanences',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
      },
    });
    expect(taken).toMatchObject({
      ok: false,
      reason: 'reference_taken',
      field: 'reference',
      message: expect.stringContaining('déjà cette référence'),
    });
    const stranger = await createAgreement({
      db,
      actor: p.actors.coordinator,
      input: {
        organisationId: 999_999,
        reference: 'CONV-Y',
        object: 'Objet',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
      },
    });
    expect(stranger).toMatchObject({ ok: false, reason: 'unknown_partner', field: 'organisationId' });
    expect(await count('agreement')).toBe(before);
  });

  it('is renewed by a new agreement starting the day after the old end; the old one no longer raises an alert', async () => {
    const oldId = await agreementFor('adviser', 'CONV-2024-CLCV', { noticeDays: 60 });
    const due = await listRenewalsDue({ db, actor: p.actors.coordinator, today: '2024-11-15' });
    expect(due.map((a) => a.reference)).toContain('CONV-2024-CLCV');
    expect(
      (await listRenewalsDue({ db, actor: p.actors.coordinator, today: '2024-10-31' })).map(
        (a) => a.reference,
      ),
    ).not.toContain('CONV-2024-CLCV');

    const early = await renewAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: oldId,
      input: { reference: 'CONV-2025-CLCV', endsOn: '2024-12-31' },
    });
    expect(early).toMatchObject({ ok: false, reason: 'invalid', issues: [{ path: 'endsOn' }] });
    expect((early as { issues: { message: string }[] }).issues[0]!.message).toContain('01/01/2025');

    const renewed = await renewAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: oldId,
      input: { reference: 'CONV-2025-CLCV', endsOn: '2025-12-31', amountCents: 1_300_000 },
    });
    expect(renewed).toMatchObject({ ok: true, startsOn: '2025-01-01' });
    if (!renewed.ok) return;
    const next = await getAgreement({ db, actor: p.actors.coordinator, agreementId: renewed.agreementId });
    expect(next).toMatchObject({
      organisationId: org('adviser'),
      object: 'Ateliers multimédia pour les débutants',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      amountCents: 1_300_000,
      noticeDays: 60,
      renewsId: oldId,
      renews: { id: oldId, reference: 'CONV-2024-CLCV' },
    });
    const old = await getAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: oldId,
      today: '2024-11-15',
    });
    expect(old).toMatchObject({ state: 'renewed', renewedBy: { id: renewed.agreementId } });
    expect(
      (await listRenewalsDue({ db, actor: p.actors.coordinator, today: '2025-01-10' })).map(
        (a) => a.reference,
      ),
    ).not.toContain('CONV-2024-CLCV');
    expect(await auditActions('agreement', renewed.agreementId)).toEqual(['agreement.renewed']);

    const again = await renewAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: oldId,
      input: { reference: 'CONV-2025-CLCV-BIS', endsOn: '2025-12-31' },
    });
    expect(again).toMatchObject({ ok: false, reason: 'already_renewed' });
  });

  it('two renewals of the same agreement at once: one is recorded, the other is told it is already renewed', async () => {
    const oldId = await agreementFor('recycling_agent', 'CONV-2024-RECY');
    const results = await Promise.all(
      ['A', 'B', 'C'].map((suffix) =>
        renewAgreement({
          db,
          actor: p.actors.coordinator,
          agreementId: oldId,
          input: { reference: `CONV-2025-RECY-${suffix}`, endsOn: '2025-12-31' },
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual([
      'already_renewed',
      'already_renewed',
    ]);
    expect(await count('agreement', sql`renews_id = ${oldId}`)).toBe(1);
  });

  it('is corrected, keeping a renewal chain in order, and terminated: it then ends that day and changes no more', async () => {
    const id = await agreementFor('tenant_rep', 'CONV-2024-LOC');
    const changed = await updateAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      input: {
        reference: 'CONV-2024-LOC',
        object: 'Relais d’information auprès des locataires',
        startsOn: '2024-01-01',
        endsOn: '2024-12-31',
        amountCents: 50_000,
        noticeDays: 30,
      },
    });
    expect(changed).toEqual({ ok: true });
    const renewed = await renewAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      input: { reference: 'CONV-2025-LOC', endsOn: '2025-12-31' },
    });
    if (!renewed.ok) throw new Error(renewed.reason);
    const overlapping = await updateAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      input: { reference: 'CONV-2024-LOC', object: 'Relais', startsOn: '2024-01-01', endsOn: '2025-01-15' },
    });
    expect(overlapping).toMatchObject({ ok: false, reason: 'overlaps_next', field: 'endsOn' });
    const backwards = await updateAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: renewed.agreementId,
      input: { reference: 'CONV-2025-LOC', object: 'Relais', startsOn: '2024-12-01', endsOn: '2025-12-31' },
    });
    expect(backwards).toMatchObject({ ok: false, reason: 'overlaps_previous', field: 'startsOn' });

    const late = await terminateAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: renewed.agreementId,
      input: { on: '2026-02-01', reason: 'Fin du partenariat' },
    });
    expect(late).toMatchObject({ ok: false, reason: 'terminate_after_end', field: 'on' });
    const ended = await terminateAgreement({
      db,
      actor: p.actors.coordinator,
      agreementId: renewed.agreementId,
      input: { on: '2025-06-30', reason: 'L’association cesse son activité' },
    });
    expect(ended).toEqual({ ok: true });
    const after = await getAgreement({ db, actor: p.actors.coordinator, agreementId: renewed.agreementId });
    expect(after).toMatchObject({ status: 'terminated', endsOn: '2025-06-30', state: 'terminated' });
    const [event] = await db.execute<{ details: { plannedEndsOn: string; reason: string } }>(
      sql`select details from audit_event where action = 'agreement.terminated' and entity_id = ${String(renewed.agreementId)}`,
    );
    expect(event!.details).toMatchObject({
      plannedEndsOn: '2025-12-31',
      reason: 'L’association cesse son activité',
    });
    for (const refused of [
      await terminateAgreement({
        db,
        actor: p.actors.coordinator,
        agreementId: renewed.agreementId,
        input: { on: '2025-06-30', reason: 'Encore' },
      }),
      await renewAgreement({
        db,
        actor: p.actors.coordinator,
        agreementId: renewed.agreementId,
        input: { reference: 'CONV-2026-LOC', endsOn: '2026-12-31' },
      }),
    ])
      expect(refused).toMatchObject({ ok: false, reason: 'terminated' });
  });

  it('keeps a PDF checked by its content; a web page named .pdf is refused and nothing is stored', async () => {
    const id = await agreementFor('facilitator', 'CONV-2024-CS');
    const added = await addAgreementDocument({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      upload: { name: 'convention signée.pdf', bytes: pdf },
    });
    expect(added.ok).toBe(true);
    const documents = await count('coordination_document');
    const refused = await addAgreementDocument({
      db,
      actor: p.actors.coordinator,
      agreementId: id,
      upload: { name: 'convention.pdf', bytes: html },
    });
    expect(refused).toMatchObject({
      ok: false,
      reason: 'unsupported_type',
      message: expect.stringContaining('PDF'),
    });
    expect(await count('coordination_document')).toBe(documents);
    expect(
      await addAgreementDocument({
        db,
        actor: p.actors.coordinator,
        agreementId: id,
        upload: { name: 'vide.pdf', bytes: Buffer.alloc(0) },
      }),
    ).toMatchObject({ ok: false, reason: 'empty' });
    if (!added.ok) return;
    // The partner reads its own agreement's document; another partner does not even see the agreement.
    const doc = await getAgreementDocument({
      db,
      actor: p.actors.facilitator,
      agreementId: id,
      documentId: added.documentId,
    });
    expect(doc).toMatchObject({ name: 'convention signée.pdf', mediaType: 'application/pdf' });
    expect(doc.content.equals(pdf)).toBe(true);
    await expect(
      getAgreementDocument({ db, actor: p.actors.adviser, agreementId: id, documentId: added.documentId }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      addAgreementDocument({
        db,
        actor: p.actors.facilitator,
        agreementId: id,
        upload: { name: 'x.pdf', bytes: pdf },
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(await auditActions('agreement', id)).toEqual(['agreement.created', 'agreement.document_added']);
  });

  it('each role reads what it may: coordinator and admin all, a partner its own read-only, a resident nothing', async () => {
    const all = await listAgreements({ db, actor: p.actors.coordinator });
    expect(new Set(all.map((a) => a.organisationId)).size).toBeGreaterThan(2);
    expect((await listAgreements({ db, actor: p.actors.admin })).length).toBe(all.length);
    const facility = await listAgreements({ db, actor: p.actors.facilitator });
    expect(facility.length).toBeGreaterThan(0);
    expect(facility.every((a) => a.organisationId === org('facilitator'))).toBe(true);
    const theirs = all.find((a) => a.organisationId === org('adviser'))!;
    await expect(getAgreement({ db, actor: p.actors.facilitator, agreementId: theirs.id })).rejects.toThrow(
      NotFoundError,
    );
    expect(await listAgreements({ db, actor: p.actors.landlord_officer })).toEqual([]);
    const own = facility[0]!;
    expect((await getAgreement({ db, actor: p.actors.facilitator, agreementId: own.id })).canManage).toBe(
      false,
    );
    for (const actor of [p.actors.admin, p.actors.facilitator]) {
      await expect(
        createAgreement({
          db,
          actor,
          input: {
            organisationId: org('facilitator'),
            reference: 'Z',
            object: 'Objet',
            startsOn: '2025-01-01',
            endsOn: '2025-12-31',
          },
        }),
      ).rejects.toThrow(ForbiddenError);
      await expect(
        terminateAgreement({ db, actor, agreementId: own.id, input: { on: '2024-06-01', reason: 'Non' } }),
      ).rejects.toThrow(ForbiddenError);
    }
    await expect(listAgreements({ db, actor: p.actors.resident })).rejects.toThrow(ForbiddenError);
    await expect(listRenewalsDue({ db, actor: p.actors.resident })).rejects.toThrow(ForbiddenError);
  });

  it('the renewals due are listed expired first and exported as a French CSV', async () => {
    await agreementFor('operator_agent', 'CONV-2024-SFR');
    const rows = await listRenewalsDue({ db, actor: p.actors.coordinator, today: '2025-01-10' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'expired' || r.state === 'renewal_due')).toBe(true);
    const csv = renewalsCsv(rows);
    expect(csv.startsWith('\uFEFFreference;partenaire;objet;debut;fin;')).toBe(true);
    expect(csv.split('\r\n')[1]).toMatch(
      /^CONV-2011-01;Centre social;.*;2011-09-01;2012-08-31;90;2012-06-02;-4515;échue;20000,00$/,
    );
    const facility = await listRenewalsDue({ db, actor: p.actors.facilitator, today: '2025-01-10' });
    expect(facility.map((r) => r.id)).toEqual(
      rows.filter((r) => r.organisationId === org('facilitator')).map((r) => r.id),
    );
    expect(rows.map((r) => r.reference)).toContain('CONV-2024-SFR');
    expect(facility.length).toBeLessThan(rows.length);
  });
});

describe('subsidies', () => {
  let subsidyId: number;

  it('are planned for associations only, once per year and purpose', async () => {
    const planned = await planSubsidy({
      db,
      actor: p.actors.coordinator,
      input: {
        organisationId: org('facilitator'),
        year: 2024,
        purpose: 'Ateliers multimédia',
        plannedCents: 1_000_000,
      },
    });
    expect(planned.ok).toBe(true);
    if (planned.ok) subsidyId = planned.subsidyId;
    expect(
      await planSubsidy({
        db,
        actor: p.actors.coordinator,
        input: {
          organisationId: org('facilitator'),
          year: 2024,
          purpose: 'Ateliers multimédia',
          plannedCents: 5,
        },
      }),
    ).toMatchObject({ ok: false, reason: 'subsidy_exists' });
    expect(
      await planSubsidy({
        db,
        actor: p.actors.coordinator,
        input: { organisationId: org('landlord_officer'), year: 2024, purpose: 'Travaux', plannedCents: 5 },
      }),
    ).toMatchObject({ ok: false, reason: 'not_an_association', field: 'organisationId' });
    const clcv = (await listAgreements({ db, actor: p.actors.coordinator })).find(
      (a) => a.organisationId === org('adviser'),
    )!;
    expect(
      await planSubsidy({
        db,
        actor: p.actors.coordinator,
        input: {
          organisationId: org('facilitator'),
          year: 2024,
          purpose: 'Aide à l’installation',
          plannedCents: 5,
          agreementId: clcv.id,
        },
      }),
    ).toMatchObject({ ok: false, reason: 'unknown_agreement' });
    expect(
      await planSubsidy({
        db,
        actor: p.actors.coordinator,
        input: {
          organisationId: org('adviser'),
          year: 2024,
          purpose: 'Permanences',
          plannedCents: 400_000,
          agreementId: clcv.id,
        },
      }),
    ).toMatchObject({ ok: true });
    await expect(
      planSubsidy({
        db,
        actor: p.actors.facilitator,
        input: { organisationId: org('facilitator'), year: 2025, purpose: 'Ateliers', plannedCents: 5 },
      }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('are paid only once voted, up to the amount voted: a payment above it is refused with the amounts and changes nothing', async () => {
    const early = await recordSubsidyPayment({
      db,
      actor: p.actors.coordinator,
      subsidyId,
      input: { paidOn: '2024-03-01', amountCents: 100 },
    });
    expect(early).toMatchObject({ ok: false, reason: 'not_committed' });
    expect(
      await commitSubsidy({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { committedCents: 800_000, committedOn: '2024-02-15' },
      }),
    ).toEqual({ ok: true });
    const first = await recordSubsidyPayment({
      db,
      actor: p.actors.coordinator,
      subsidyId,
      input: { paidOn: '2024-03-01', amountCents: 500_000, reference: 'Mandat 2024-118' },
    });
    expect(first).toMatchObject({ ok: true, paidCents: 500_000, remainingCents: 300_000 });

    const over = await recordSubsidyPayment({
      db,
      actor: p.actors.coordinator,
      subsidyId,
      input: { paidOn: '2024-06-01', amountCents: 300_001 },
    });
    expect(over).toMatchObject({ ok: false, reason: 'over_committed', field: 'amountCents' });
    const message = (over as { message: string }).message.replace(/\s/g, ' ');
    expect(message).toBe(
      'Ce versement de 3 000,01 € dépasse ce qui reste à verser : 3 000,00 € (voté 8 000,00 €, déjà versé 5 000,00 €).',
    );
    // A vote is recorded once held: a later one, dated tomorrow, changes nothing.
    expect(
      await commitSubsidy({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { committedCents: 900_000, committedOn: '2024-12-02' },
        today: '2024-12-01',
      }),
    ).toMatchObject({ ok: false, reason: 'committed_in_future', field: 'committedOn' });
    for (const refused of [
      await recordSubsidyPayment({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { paidOn: '2024-02-01', amountCents: 1 },
      }),
      await recordSubsidyPayment({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { paidOn: '2024-12-02', amountCents: 1 },
        today: '2024-12-01',
      }),
      await recordSubsidyPayment({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { paidOn: '2024-06-01', amountCents: 0 },
      }),
      await commitSubsidy({
        db,
        actor: p.actors.coordinator,
        subsidyId,
        input: { committedCents: 499_999, committedOn: '2024-02-15' },
      }),
    ])
      expect(refused.ok).toBe(false);
    const subsidy = await getSubsidy({ db, actor: p.actors.coordinator, subsidyId });
    expect(subsidy).toMatchObject({ paidCents: 500_000, remainingCents: 300_000, stage: 'partly_paid' });
    expect(subsidy.payments.map((x) => [x.paidOn, x.amountCents, x.reference])).toEqual([
      ['2024-03-01', 500_000, 'Mandat 2024-118'],
    ]);
    expect(await auditActions('subsidy', subsidyId)).toEqual([
      'subsidy.planned',
      'subsidy.committed',
      'subsidy.payment_recorded',
    ]);
  });

  it('two payments at once whose sum exceeds the amount voted: one is recorded, the other refused', async () => {
    const results = await Promise.all(
      [200_000, 200_000].map((amountCents) =>
        recordSubsidyPayment({
          db,
          actor: p.actors.coordinator,
          subsidyId,
          input: { paidOn: '2024-07-01', amountCents },
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'over_committed' });
    const [row] = await db.execute<{ paid: number; sum: number }>(
      sql`select s.paid_cents as paid, (select sum(amount_cents)::int from subsidy_payment where subsidy_id = s.id) as sum
          from subsidy s where s.id = ${subsidyId}`,
    );
    expect(row).toEqual({ paid: 700_000, sum: 700_000 });
  });

  it('the database refuses a paid amount above the amount voted, whatever the code does', async () => {
    await expect(
      db.execute(sql`update subsidy set paid_cents = 900000 where id = ${subsidyId}`),
    ).rejects.toThrow();
  });

  it('the budget sums planned, voted and paid for the year and over the years', async () => {
    await planSubsidy({
      db,
      actor: p.actors.coordinator,
      input: {
        organisationId: org('recycling_agent'),
        year: 2023,
        purpose: 'Ordinateurs',
        plannedCents: 300_000,
      },
    });
    const budget = await subsidyBudget({ db, actor: p.actors.coordinator, year: 2024 });
    expect(budget.totals).toEqual({
      plannedCents: 1_400_000,
      committedCents: 800_000,
      paidCents: 700_000,
      remainingCents: 100_000,
      subsidies: 2,
    });
    expect(budget.byAssociation.map((a) => a.organisationName)).toEqual([
      'Association de consommateurs',
      'Centre social',
    ]);
    expect(budget.years.map((y) => y.year)).toEqual([2023, 2024]);
    const csv = await subsidyBudgetCsv({ db, actor: p.actors.coordinator, year: 2024 });
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFannee;objet;subventions;prevu_euros;vote_euros;verse_euros;reste_a_verser_euros',
      '2024;Ateliers multimédia;1;10000,00;8000,00;7000,00;1000,00',
      '2024;Permanences;1;4000,00;0,00;0,00;0,00',
    ]);
  });

  it('an association sees its own subsidies; the landlord, the operator and the administrator none', async () => {
    const own = await listSubsidies({ db, actor: p.actors.facilitator });
    expect(own.map((s) => s.purpose)).toEqual(['Ateliers multimédia']);
    expect((await subsidyBudget({ db, actor: p.actors.facilitator, year: 2024 })).totals.plannedCents).toBe(
      1_000_000,
    );
    const other = (await listSubsidies({ db, actor: p.actors.coordinator })).find(
      (s) => s.organisationId === org('adviser'),
    )!;
    await expect(getSubsidy({ db, actor: p.actors.facilitator, subsidyId: other.id })).rejects.toThrow(
      NotFoundError,
    );
    expect((await getSubsidy({ db, actor: p.actors.facilitator, subsidyId })).canManage).toBe(false);
    await expect(
      recordSubsidyPayment({
        db,
        actor: p.actors.facilitator,
        subsidyId,
        input: { paidOn: '2024-08-01', amountCents: 1 },
      }),
    ).rejects.toThrow(ForbiddenError);
    for (const actor of [
      p.actors.landlord_officer,
      p.actors.operator_agent,
      p.actors.admin,
      p.actors.resident,
    ]) {
      await expect(listSubsidies({ db, actor })).rejects.toThrow(ForbiddenError);
      await expect(subsidyBudget({ db, actor, year: 2024 })).rejects.toThrow(ForbiddenError);
      await expect(getSubsidy({ db, actor, subsidyId })).rejects.toThrow(ForbiddenError);
    }
  });
});

describe('the steering committee', () => {
  let meetingId: number;
  let facilityAction: number;
  let landlordAction: number;

  it('records a meeting with its decisions, actions and minutes at once; bad minutes store nothing', async () => {
    const before = await count('steering_meeting');
    const refused = await createSteeringMeeting({
      db,
      actor: p.actors.coordinator,
      input: { heldOn: '2012-02-10', place: 'Mairie', attendees: 'Ville, bailleur' },
      minutes: { name: 'cr.pdf', bytes: html },
    });
    expect(refused).toMatchObject({ ok: false, reason: 'unsupported_type', field: 'minutes' });
    const unknownOwner = await createSteeringMeeting({
      db,
      actor: p.actors.coordinator,
      input: {
        heldOn: '2012-02-10',
        place: 'Mairie',
        attendees: 'Ville',
        actions: [
          { description: 'Relancer', ownerOrganisationId: 999_999, ownerName: 'Xavier', dueOn: '2012-03-01' },
        ],
      },
    });
    expect(unknownOwner).toMatchObject({
      ok: false,
      reason: 'unknown_owner',
      field: 'actions.0.ownerOrganisationId',
    });
    expect(await count('steering_meeting')).toBe(before);

    const created = await createSteeringMeeting({
      db,
      actor: p.actors.coordinator,
      input: {
        heldOn: '2012-02-10',
        place: 'Mairie de quartier de Bellevue',
        attendees: 'Ville (usages numériques), Bailleur, Centre social, SFR',
        decisions: ['Étendre le programme à Keredern', 'Un bilan à six mois'],
        actions: [
          {
            description: 'Organiser la consultation des locataires de Keredern',
            ownerOrganisationId: org('landlord_officer'),
            ownerName: 'Service clientèle',
            dueOn: '2012-04-30',
          },
          {
            description: 'Ouvrir un deuxième cycle d’ateliers',
            ownerOrganisationId: org('facilitator'),
            ownerName: 'Animatrice multimédia',
            dueOn: '2099-01-31',
          },
          { description: 'Rédiger le bilan', ownerName: 'Chef de projet', dueOn: '2012-08-31' },
        ],
      },
      minutes: { name: 'compte-rendu.pdf', bytes: pdf },
    });
    expect(created).toMatchObject({ ok: true, decisionIds: [expect.any(Number), expect.any(Number)] });
    if (!created.ok) return;
    meetingId = created.meetingId;
    [landlordAction, facilityAction] = created.actionIds as [number, number];
    const meeting = await getSteeringMeeting({
      db,
      actor: p.actors.operator_agent,
      meetingId,
      today: '2013-01-01',
    });
    expect(meeting.decisions.map((d) => d.text)).toEqual([
      'Étendre le programme à Keredern',
      'Un bilan à six mois',
    ]);
    expect(meeting.minutes).toMatchObject({ name: 'compte-rendu.pdf' });
    expect(meeting.actions.map((a) => [a.ownerOrganisationName, a.overdue, a.canFollow])).toEqual([
      ['Bailleur', true, false],
      [null, true, false],
      ['Centre social', false, false],
    ]);
    expect(meeting.canManage).toBe(false);
    expect((await getMeetingMinutes({ db, actor: p.actors.tenant_rep, meetingId })).content.equals(pdf)).toBe(
      true,
    );
    expect(await auditActions('steering_meeting', meetingId)).toEqual(['steering_meeting.created']);
  });

  it('lists the open actions, late ones first; the coordinator adds an action and replaces the minutes', async () => {
    const added = await addSteeringAction({
      db,
      actor: p.actors.coordinator,
      meetingId,
      input: { description: 'Préparer la convention CSF', ownerName: 'Coordination', dueOn: '2013-06-30' },
    });
    expect(added.ok).toBe(true);
    expect(
      await attachMeetingMinutes({
        db,
        actor: p.actors.coordinator,
        meetingId,
        upload: { name: 'cr-v2.pdf', bytes: pdf },
      }),
    ).toMatchObject({ ok: true });
    const open = await listSteeringActions({ db, actor: p.actors.facilitator, today: '2013-01-01' });
    expect(open.map((a) => [a.dueOn, a.overdue])).toEqual([
      ['2012-04-30', true],
      ['2012-08-31', true],
      ['2013-06-30', false],
      ['2099-01-31', false],
    ]);
    expect((await listSteeringMeetings({ db, actor: p.actors.recycling_agent }))[0]).toMatchObject({
      id: meetingId,
      decisions: 2,
      actions: 4,
      openActions: 4,
      hasMinutes: true,
    });
    await expect(
      addSteeringAction({
        db,
        actor: p.actors.facilitator,
        meetingId,
        input: { description: 'Moi aussi', ownerName: 'Moi', dueOn: '2013-06-30' },
      }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('the owner organisation updates its own action, not another’s; a dropped action says why', async () => {
    expect(
      await setActionStatus({
        db,
        actor: p.actors.facilitator,
        actionId: facilityAction,
        input: { status: 'done', note: 'Cycle ouvert en mars' },
      }),
    ).toEqual({ ok: true });
    await expect(
      setActionStatus({
        db,
        actor: p.actors.facilitator,
        actionId: landlordAction,
        input: { status: 'done' },
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await setActionStatus({
        db,
        actor: p.actors.landlord_officer,
        actionId: landlordAction,
        input: { status: 'dropped' },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
      issues: [{ path: 'note', message: 'Dites pourquoi l’action est abandonnée' }],
    });
    expect(
      await setActionStatus({
        db,
        actor: p.actors.coordinator,
        actionId: landlordAction,
        input: { status: 'dropped', note: 'Remplacée par le vote de juin' },
      }),
    ).toEqual({ ok: true });
    const meeting = await getSteeringMeeting({
      db,
      actor: p.actors.facilitator,
      meetingId,
      today: '2013-01-01',
    });
    expect(meeting.actions.map((a) => [a.status, a.statusNote, a.canFollow])).toEqual([
      ['dropped', 'Remplacée par le vote de juin', false],
      ['open', null, false],
      ['open', null, false],
      ['done', 'Cycle ouvert en mars', true],
    ]);
    expect(await auditActions('steering_action', facilityAction)).toEqual(['steering_action.status_changed']);
    expect(
      (
        await listSteeringActions({ db, actor: p.actors.facilitator, filter: { status: 'done', mine: true } })
      ).map((a) => a.id),
    ).toEqual([facilityAction]);
  });

  it('a resident reads nothing of the committee and changes nothing', async () => {
    await expect(listSteeringMeetings({ db, actor: p.actors.resident })).rejects.toThrow(ForbiddenError);
    await expect(getSteeringMeeting({ db, actor: p.actors.resident, meetingId })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      setActionStatus({ db, actor: p.actors.resident, actionId: facilityAction, input: { status: 'open' } }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      createSteeringMeeting({
        db,
        actor: p.actors.resident,
        input: { heldOn: '2012-02-10', place: 'X', attendees: 'Y' },
      }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('another programme’s records are not found', async () => {
    const other = await buildProgramme(db, 'autre');
    await expect(getSteeringMeeting({ db, actor: other.actors.coordinator, meetingId })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      setActionStatus({
        db,
        actor: other.actors.coordinator,
        actionId: facilityAction,
        input: { status: 'open' },
      }),
    ).rejects.toThrow(NotFoundError);
    expect(await listAgreements({ db, actor: other.actors.coordinator })).toEqual([]);
    expect(localDate(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
