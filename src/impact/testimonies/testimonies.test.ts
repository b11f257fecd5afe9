import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, ForbiddenError, NotFoundError } from '../../platform/permissions/index.ts';
import {
  listOwnTestimonies,
  listTestimonies,
  loadPublishableTestimonies,
  recordTestimony,
  type TestimonyInputValue,
  withdrawTestimony,
} from '../index.ts';

let db: Db;
let p: TestProgramme;
const today = '2026-03-10';

const words = 'Avant, je n’osais pas toucher l’ordinateur. Maintenant je fais mes démarches toute seule.';
const input = (over: Partial<TestimonyInputValue> = {}): TestimonyInputValue => ({
  quote: words,
  attribution: 'first_name',
  firstName: 'Aïcha',
  context: 'Atelier débutants, Kerourien',
  consentOn: '2026-03-02',
  consentForm: 'signed',
  ...over,
});

const count = async (table: string) =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

async function recorded(actor: Actor, over: Partial<TestimonyInputValue> = {}) {
  const result = await recordTestimony({ db, actor, input: input(over), today });
  if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
  return result.testimonyId;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

describe('recording a testimony', () => {
  it('under the first name the person chose: kept for the facilitator’s organisation, audited without the words', async () => {
    const id = await recorded(p.actors.facilitator);
    const [row] = await db.execute<Record<string, unknown>>(
      sql`select quote, attribution, first_name, organisation_id, consent_form from testimony where id = ${id}`,
    );
    expect(row).toEqual({
      quote: words,
      attribution: 'first_name',
      first_name: 'Aïcha',
      organisation_id: p.actors.facilitator.organisationId,
      consent_form: 'signed',
    });
    const [audit] = await db.execute<{ action: string; details: string }>(
      sql`select action, details::text as details from audit_event where entity_type = 'testimony' and entity_id = ${String(id)}`,
    );
    expect(audit!.action).toBe('testimony.recorded');
    expect(audit!.details).not.toContain('Aïcha');
    expect(audit!.details).not.toContain('ordinateur');
  });

  it('anonymously: a first name typed by mistake is not kept', async () => {
    const id = await recorded(p.actors.adviser, {
      attribution: 'anonymous',
      firstName: 'Hélène',
      consentForm: 'oral',
      context: 'Permanence CLCV',
    });
    const [row] = await db.execute<{ first_name: string | null; attribution: string }>(
      sql`select first_name, attribution from testimony where id = ${id}`,
    );
    expect(row).toEqual({ first_name: null, attribution: 'anonymous' });
  });

  it('linked to a household by its reference: the household’s sector comes with it', async () => {
    const [h] = await db.execute<{ reference: string }>(
      sql`select reference from household where id = ${p.households['L-101']!}`,
    );
    const id = await recorded(p.actors.facilitator, { householdReference: h!.reference.toLowerCase() });
    const [row] = await db.execute<{ household_id: number; sector_id: number }>(
      sql`select household_id, sector_id from testimony where id = ${id}`,
    );
    expect(row).toEqual({ household_id: p.households['L-101'], sector_id: p.sectorIds.N2 });
  });

  it.each([
    ['the first name is missing when it was chosen', { firstName: '' }, 'invalid', 'firstName'],
    ['the words are empty', { quote: '  ' }, 'invalid', 'quote'],
    ['the words are too long', { quote: 'a'.repeat(1001) }, 'invalid', 'quote'],
    ['the consent is dated in the future', { consentOn: '2026-03-11' }, 'consent_in_future', 'consentOn'],
    ['the consent form is unknown', { consentForm: 'email' as never }, 'invalid', 'consentForm'],
    [
      'the household is unknown',
      { householdReference: 'F-999999' },
      'unknown_household',
      'householdReference',
    ],
    ['the household identifier is not one', { householdId: -1 }, 'invalid', 'householdId'],
    ['the sector is unknown', { sectorId: 999_999 }, 'unknown_sector', 'sectorId'],
  ] as const)('is refused in French, changing nothing, when %s', async (_, over, reason, field) => {
    const before = await count('testimony');
    const result = await recordTestimony({ db, actor: p.actors.facilitator, input: input(over), today });
    expect(result).toMatchObject({ ok: false, reason, field });
    if (!result.ok) expect(result.message).toMatch(/[a-zé]/);
    expect(await count('testimony')).toBe(before);
  });

  it('a household the facilitator may not read (outside its sectors N1 and N2) is refused as unknown', async () => {
    const result = await recordTestimony({
      db,
      actor: p.actors.facilitator,
      input: input({ householdId: p.households['L-201'] }),
      today,
    });
    expect(result).toMatchObject({ ok: false, reason: 'unknown_household' });
  });

  it('only the coordinator, facilities and associations record testimonies', async () => {
    for (const role of ['landlord_officer', 'operator_agent', 'tenant_rep', 'resident', 'admin'] as const)
      await expect(recordTestimony({ db, actor: p.actors[role], input: input(), today })).rejects.toThrow(
        ForbiddenError,
      );
  });
});

describe('who sees and withdraws a testimony', () => {
  it('the coordinator sees all; an organisation sees only its own', async () => {
    const mine = await recorded(p.actors.facilitator, { context: 'Atelier, visible au centre social' });
    const theirs = await recorded(p.actors.adviser, { context: 'Permanence, visible à l’association' });
    const ids = async (role: 'coordinator' | 'facilitator' | 'adviser') =>
      (await listTestimonies({ db, actor: p.actors[role] })).map((t) => t.id);
    expect(await ids('coordinator')).toEqual(expect.arrayContaining([mine, theirs]));
    expect(await ids('facilitator')).toContain(mine);
    expect(await ids('facilitator')).not.toContain(theirs);
    expect(await ids('adviser')).toContain(theirs);
    expect(await ids('adviser')).not.toContain(mine);
    await expect(listTestimonies({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
  });

  it('withdrawing erases the words and the first name, writes an audit event, and hides it from reports', async () => {
    const id = await recorded(p.actors.facilitator, { firstName: 'Yannick' });
    expect((await loadPublishableTestimonies(db, { programmeId: p.programmeId })).map((t) => t.id)).toContain(
      id,
    );

    const done = await withdrawTestimony({ db, actor: p.actors.facilitator, testimonyId: id, today });
    expect(done).toEqual({ ok: true, withdrawnOn: today });
    const [row] = await db.execute<Record<string, unknown>>(
      sql`select quote, first_name, withdrawn_on::text, withdrawn_by from testimony where id = ${id}`,
    );
    expect(row).toEqual({
      quote: null,
      first_name: null,
      withdrawn_on: today,
      withdrawn_by: p.actors.facilitator.label,
    });
    const audit = await db.execute<{ action: string }>(
      sql`select action from audit_event where entity_type = 'testimony' and entity_id = ${String(id)} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['testimony.recorded', 'testimony.withdrawn']);
    expect(
      (await loadPublishableTestimonies(db, { programmeId: p.programmeId })).map((t) => t.id),
    ).not.toContain(id);
    const listed = (await listTestimonies({ db, actor: p.actors.coordinator })).find((t) => t.id === id);
    expect(listed).toMatchObject({ quote: null, firstName: null, withdrawnOn: today, canWithdraw: false });

    expect(
      await withdrawTestimony({ db, actor: p.actors.coordinator, testimonyId: id, today }),
    ).toMatchObject({
      ok: false,
      reason: 'already_withdrawn',
    });
  });

  it('another organisation can neither see nor withdraw it; the coordinator can', async () => {
    const id = await recorded(p.actors.facilitator);
    await expect(withdrawTestimony({ db, actor: p.actors.adviser, testimonyId: id, today })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      withdrawTestimony({ db, actor: p.actors.landlord_officer, testimonyId: id, today }),
    ).rejects.toThrow(NotFoundError);
    const [row] = await db.execute<{ quote: string | null }>(
      sql`select quote from testimony where id = ${id}`,
    );
    expect(row!.quote).toBe(words);
    expect(
      await withdrawTestimony({ db, actor: p.actors.coordinator, testimonyId: id, today }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('a resident sees and withdraws their own household’s testimony, not another household’s', async () => {
    const own = await recorded(p.actors.facilitator, { householdId: p.households['L-001'] });
    const other = await recorded(p.actors.facilitator, { householdId: p.households['L-002'] });
    const resident = p.actors.resident;
    expect((await listOwnTestimonies({ db, actor: resident })).map((t) => t.id)).toEqual([own]);
    expect((await listOwnTestimonies({ db, actor: p.actors.facilitator })).length).toBe(0);
    await expect(withdrawTestimony({ db, actor: resident, testimonyId: other, today })).rejects.toThrow(
      NotFoundError,
    );
    expect(await withdrawTestimony({ db, actor: resident, testimonyId: own, today })).toMatchObject({
      ok: true,
    });
    expect(await listOwnTestimonies({ db, actor: resident })).toEqual([]);
    const [row] = await db.execute<{ withdrawn_by: string }>(
      sql`select withdrawn_by from testimony where id = ${own}`,
    );
    expect(row!.withdrawn_by).toBe(resident.label);
  });
});
