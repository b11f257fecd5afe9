import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { insertHouseholds } from '../../households/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, ForbiddenError } from '../../platform/permissions/index.ts';
import {
  getHouseholdQuestionnaire,
  type QuestionnaireInputValue,
  questionnairesDue,
  questionnairesDueCsv,
  questionnaireVersions,
  recordQuestionnaire,
} from '../index.ts';

let db: Db;
let p: TestProgramme;
/** Households added for these tests, by dwelling: N1 (L-003, L-004), N2 (L-102, L-103), S3 (L-202, L-203). */
const extra: Record<string, number> = {};

const answers = { confidence: 'a_little', uses: ['email'], contacts: 'weekly', lonely: 'sometimes' };
const count = async () =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from questionnaire_response`))[0]!.n;

async function answer(
  actor: Actor,
  householdId: number,
  input: QuestionnaireInputValue,
  today: string,
): Promise<string> {
  const result = await recordQuestionnaire({ db, actor, householdId, input, today });
  if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
  return result.version;
}

// A second version of the questionnaire, asked from 1 June 2026 with one more question (dated data).
const laterVersion = {
  ...questionnaireVersions[0]!,
  version: '2026-test',
  from: '2026-06-01',
  questions: [
    ...questionnaireVersions[0]!.questions,
    {
      key: 'device',
      label: 'Avez-vous un ordinateur à la maison ?',
      kind: 'one' as const,
      options: [
        { value: 'yes', label: 'Oui' },
        { value: 'no', label: 'Non' },
      ],
    },
  ],
};

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const refs = ['L-003', 'L-004', 'L-102', 'L-103', 'L-202', 'L-203'];
  await insertHouseholds(
    db,
    p.programmeId,
    refs.map((ref) => ({
      key: ref,
      dwellingReference: ref,
      tenancyStart: '2020-01-01',
      phone: '+33698765432',
      channels: ['phone'],
      members: [{ firstName: 'Prénom', lastName: ref, ageBand: 'not_given' }],
    })),
  );
  const rows = await db.execute<{ ref: string; id: number }>(
    sql`select d.landlord_reference as ref, t.household_id as id from tenancy t join dwelling d on d.id = t.dwelling_id
         where d.landlord_reference in ${refs}`,
  );
  for (const r of rows) extra[r.ref] = r.id;
  questionnaireVersions.push(laterVersion);
});

afterAll(() => {
  questionnaireVersions.splice(questionnaireVersions.indexOf(laterVersion), 1);
});

describe('recording the answers', () => {
  it('a facilitator records « before » for a household of its sectors, audited on the household', async () => {
    const id = extra['L-003']!;
    const result = await recordQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: id,
      input: { moment: 'before', answers },
      today: '2026-01-15',
    });
    expect(result).toMatchObject({ ok: true, moment: 'before', version: '2011-1', answeredOn: '2026-01-15' });
    const [row] = await db.execute<{ answers: unknown; organisation_id: number }>(
      sql`select answers, organisation_id from questionnaire_response where household_id = ${id}`,
    );
    expect(row).toEqual({ answers, organisation_id: p.actors.facilitator.organisationId });
    const [audit] = await db.execute<{ action: string; details: { moment: string } }>(
      sql`select action, details from audit_event where entity_type = 'household' and entity_id = ${String(id)}
           and action = 'questionnaire.answered'`,
    );
    expect(audit).toMatchObject({ action: 'questionnaire.answered', details: { moment: 'before' } });
  });

  it('an all-empty form is accepted: « ne souhaite pas répondre » is an answer too', async () => {
    const id = extra['L-004']!;
    const result = await recordQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: id,
      input: { moment: 'before', answers: { confidence: '', uses: null } },
      today: '2026-01-20',
    });
    expect(result).toMatchObject({ ok: true });
    const [row] = await db.execute<{ answers: unknown }>(
      sql`select answers from questionnaire_response where household_id = ${id}`,
    );
    expect(row!.answers).toEqual({});
  });

  it.each([
    ['« after » before six months', 'L-003', { moment: 'after', answers }, '2026-07-14', 'too_early'],
    ['« before » a second time', 'L-003', { moment: 'before', answers }, '2026-02-01', 'already_answered'],
    ['« after » without « before »', 'L-102', { moment: 'after', answers }, '2026-09-01', 'before_missing'],
    [
      'an unknown option',
      'L-102',
      { moment: 'before', answers: { confidence: 'enormously' } },
      '2026-02-01',
      'invalid',
    ],
    [
      'an unknown question',
      'L-102',
      { moment: 'before', answers: { salary: '2000' } },
      '2026-02-01',
      'invalid',
    ],
    ['an unknown moment', 'L-102', { moment: 'during' as never, answers }, '2026-02-01', 'invalid'],
    [
      'a day to come',
      'L-102',
      { moment: 'before', answers, answeredOn: '2026-02-02' },
      '2026-02-01',
      'answered_in_future',
    ],
  ] as const)('%s is refused in French and changes nothing', async (_, ref, input, today, reason) => {
    const before = await count();
    const result = await recordQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: extra[ref]!,
      input,
      today,
    });
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toMatch(/[éèà]/);
    expect(await count()).toBe(before);
  });

  it('the unknown option is named with its question', async () => {
    const result = await recordQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: extra['L-102']!,
      input: { moment: 'before', answers: { confidence: 'enormously' } },
      today: '2026-02-01',
    });
    expect(result).toMatchObject({
      ok: false,
      field: 'answers.confidence',
      issues: [{ path: 'answers.confidence', message: expect.stringContaining('Réponse inconnue') }],
    });
  });

  it('too early names the date from which « after » can be answered', async () => {
    const result = await recordQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: extra['L-003']!,
      input: { moment: 'after', answers },
      today: '2026-07-14',
    });
    expect(result).toMatchObject({ ok: false, reason: 'too_early', dueFrom: '2026-07-15' });
    if (!result.ok) expect(result.message).toContain('15 juillet 2026');
  });

  it('a household outside the facility’s sectors is forbidden; so is any role that does not record it', async () => {
    await expect(
      recordQuestionnaire({
        db,
        actor: p.actors.facilitator,
        householdId: extra['L-202']!,
        input: { moment: 'before', answers },
        today: '2026-02-01',
      }),
    ).rejects.toThrow(ForbiddenError);
    for (const role of ['landlord_officer', 'adviser', 'operator_agent', 'tenant_rep', 'admin'] as const)
      await expect(
        recordQuestionnaire({
          db,
          actor: p.actors[role],
          householdId: extra['L-102']!,
          input: { moment: 'before', answers },
          today: '2026-02-01',
        }),
      ).rejects.toThrow(ForbiddenError);
  });

  it('« after » six months on completes the household', async () => {
    await answer(
      p.actors.facilitator,
      extra['L-003']!,
      { moment: 'after', answers: { ...answers, confidence: 'fairly' } },
      '2026-07-15',
    );
    const state = await getHouseholdQuestionnaire({
      db,
      actor: p.actors.facilitator,
      householdId: extra['L-003']!,
      today: '2026-08-01',
    });
    expect(state).toMatchObject({
      before: { answeredOn: '2026-01-15' },
      after: { answeredOn: '2026-07-15' },
      next: null,
      name: 'Prénom L-003',
    });
  });

  it('the version is the one asked on the day the answers were given', async () => {
    expect(
      await answer(
        p.actors.coordinator,
        extra['L-102']!,
        { moment: 'before', answers, answeredOn: '2026-05-31' },
        '2026-06-10',
      ),
    ).toBe('2011-1');
    // The question added in June is unknown to the version asked in May…
    const old = await recordQuestionnaire({
      db,
      actor: p.actors.coordinator,
      householdId: extra['L-103']!,
      input: { moment: 'before', answers: { device: 'yes' }, answeredOn: '2026-05-31' },
      today: '2026-06-10',
    });
    expect(old).toMatchObject({ ok: false, reason: 'invalid' });
    // …and is asked from June.
    expect(
      await answer(
        p.actors.coordinator,
        extra['L-103']!,
        { moment: 'before', answers: { device: 'yes' }, answeredOn: '2026-06-02' },
        '2026-06-10',
      ),
    ).toBe('2026-test');
  });

  it('a resident answers for their own household, on the day; never for another', async () => {
    const resident = p.actors.resident;
    const result = await recordQuestionnaire({
      db,
      actor: resident,
      householdId: p.households['L-001']!,
      input: { moment: 'before', answers, answeredOn: '2025-01-01' },
      today: '2026-02-03',
    });
    expect(result).toMatchObject({ ok: true, answeredOn: '2026-02-03' });
    const state = await getHouseholdQuestionnaire({
      db,
      actor: resident,
      householdId: p.households['L-001']!,
      today: '2026-02-04',
    });
    expect(state.next).toEqual({ moment: 'after', dueFrom: '2026-08-03', open: false });
    await expect(
      recordQuestionnaire({
        db,
        actor: resident,
        householdId: p.households['L-002']!,
        input: { moment: 'before', answers },
        today: '2026-02-03',
      }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('the questionnaires due', () => {
  beforeAll(async () => {
    // S3, outside the facility's sectors: answered « before » long ago, by the coordinator.
    await answer(p.actors.coordinator, extra['L-202']!, { moment: 'before', answers }, '2025-06-01');
  });

  it('lists the households whose « before » is six months old and without « after », the longest waiting first', async () => {
    const due = await questionnairesDue({ db, actor: p.actors.coordinator, today: '2026-08-03' });
    // L-003 has answered both; L-102 and L-103 answered in May and June; L-001 becomes due on 3 August.
    expect(due.map((d) => [d.householdId, d.beforeOn, d.dueFrom])).toEqual([
      [extra['L-202'], '2025-06-01', '2025-12-01'],
      [extra['L-004'], '2026-01-20', '2026-07-20'],
      [p.households['L-001'], '2026-02-03', '2026-08-03'],
    ]);
    expect(due[0]).toMatchObject({ sectorName: 'Secteur S3', phone: '06 98 76 54 32', name: 'Prénom L-202' });
  });

  it('a facility sees only its sectors’ households; a resident only their own', async () => {
    const facility = await questionnairesDue({ db, actor: p.actors.facilitator, today: '2026-08-03' });
    expect(facility.map((d) => d.householdId)).toEqual([extra['L-004'], p.households['L-001']]);
    const own = await questionnairesDue({ db, actor: p.actors.resident, today: '2026-08-03' });
    expect(own.map((d) => d.householdId)).toEqual([p.households['L-001']]);
    await expect(questionnairesDue({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
  });

  it('as a CSV for French spreadsheets', async () => {
    const due = await questionnairesDue({ db, actor: p.actors.facilitator, today: '2026-08-03' });
    const csv = questionnairesDueCsv(due);
    expect(csv.startsWith('\uFEFFreference_foyer;nom;telephone;secteur;')).toBe(true);
    expect(csv.split('\r\n')[1]).toMatch(
      /^F-\d+;Prénom L-004;06 98 76 54 32;Secteur N1;2026-01-20;2026-07-20$/,
    );
  });
});
