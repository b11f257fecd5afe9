import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { addEntry, adviceStats, getCase, listCases, openCase, setCaseStatus } from './index.ts';

let db: Db;
let p: TestProgramme;
let otherAdviser: Actor;
const today = new Date().toISOString().slice(0, 10);

const memberOf = async (ref: string) =>
  (await getHousehold({ db, actor: p.actors.landlord_officer, householdId: p.households[ref]! })).members[0]!
    .id;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'consumer_association', name: 'CSF' },
  });
  if (!org.ok) throw new Error('org');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Autre conseil',
      email: 'csf@test.example.org',
      role: 'adviser',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error(user.reason);
  otherAdviser = actorFor((await findActiveUser(db, user.userId))!, { ip: null, channel: 'web' });
});

describe('advice cases', () => {
  it('an adviser opens a case, follows it and closes it with money recovered; only its association sees it', async () => {
    const opened = await openCase({
      db,
      actor: p.actors.adviser,
      input: {
        householdId: p.households['L-001']!,
        memberId: await memberOf('L-001'),
        topic: 'doorstep_sale',
        operatorId: p.actors.operator_agent.organisationId!,
        summary: 'Contrat signé à domicile, box jamais installée, facturée depuis 3 mois.',
        openedOn: today,
      },
    });
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.reference).toMatch(/^CONS-\d{4}-0001$/);
    await addEntry({
      db,
      actor: p.actors.adviser,
      caseId: opened.caseId,
      input: { kind: 'formal_notice', on: today, body: 'Mise en demeure envoyée en LRAR.' },
    });
    expect(
      await setCaseStatus({
        db,
        actor: p.actors.adviser,
        caseId: opened.caseId,
        input: { status: 'resolved', outcome: 'Contrat annulé, remboursement', recoveredCents: 8970 },
      }),
    ).toEqual({ ok: true });
    expect(
      await setCaseStatus({
        db,
        actor: p.actors.adviser,
        caseId: opened.caseId,
        input: { status: 'closed_no_result' },
      }),
    ).toMatchObject({ ok: false, reason: 'illegal_status' });
    const file = await getCase({ db, actor: p.actors.adviser, caseId: opened.caseId });
    expect(file).toMatchObject({ status: 'resolved', recoveredCents: 8970, operator: 'Opérateur' });
    expect(file.entries.map((e) => e.kind)).toEqual(['formal_notice']);

    // Everybody else: not found (the other association) or forbidden (everyone without advice rights).
    await expect(getCase({ db, actor: otherAdviser, caseId: opened.caseId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const role of [
      'coordinator',
      'landlord_officer',
      'operator_agent',
      'facilitator',
      'tenant_rep',
      'admin',
      'resident',
    ] as const)
      await expect(getCase({ db, actor: p.actors[role], caseId: opened.caseId })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    expect(await listCases({ db, actor: otherAdviser })).toEqual([]);
    expect((await listCases({ db, actor: p.actors.adviser })).map((c) => c.id)).toContain(opened.caseId);
    await expect(listCases({ db, actor: p.actors.coordinator })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      addEntry({
        db,
        actor: otherAdviser,
        caseId: opened.caseId,
        input: { kind: 'note', on: today, body: 'x' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCase({ db, actor: p.actors.adviser, caseId: 999_999 })).rejects.toBeInstanceOf(
      NotFoundError,
    );

    // The household's timeline shows the case to the household and the association only.
    const seenBy = async (actor: Actor) =>
      (await getHousehold({ db, actor, householdId: p.households['L-001']! })).timeline.some(
        (e) => e.kind === 'advice.case_opened',
      );
    expect(await seenBy(p.actors.resident)).toBe(true);
    expect(await seenBy(p.actors.adviser)).toBe(true);
    expect(await seenBy(p.actors.landlord_officer)).toBe(false);
    expect(await seenBy(p.actors.facilitator)).toBe(false);
    expect(await seenBy(otherAdviser)).toBe(false);
  });

  it('refuses a stranger to the household and a partner that is not an operator', async () => {
    const base = {
      householdId: p.households['L-002']!,
      topic: 'termination' as const,
      summary: 'Résilier',
      openedOn: today,
    };
    expect(
      await openCase({ db, actor: p.actors.adviser, input: { ...base, memberId: await memberOf('L-001') } }),
    ).toMatchObject({ ok: false, reason: 'not_a_member' });
    expect(
      await openCase({
        db,
        actor: p.actors.adviser,
        input: {
          ...base,
          memberId: await memberOf('L-002'),
          operatorId: p.actors.facilitator.organisationId!,
        },
      }),
    ).toMatchObject({ ok: false, reason: 'not_an_operator' });
    await expect(
      openCase({
        db,
        actor: p.actors.landlord_officer,
        input: { ...base, memberId: await memberOf('L-002') },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('the city and the landlord see anonymous counts, cells under 11 hidden with their neighbour', async () => {
    const memberId = await memberOf('L-101');
    for (let i = 0; i < 25; i++)
      await openCase({
        db,
        actor: p.actors.adviser,
        input: {
          householdId: p.households['L-101']!,
          memberId,
          topic: i < 14 ? 'disputed_bill' : i < 20 ? 'termination' : 'other',
          operatorName: 'Autre FAI',
          summary: `Dossier ${i}`,
          openedOn: today,
        },
      });
    const from = `${today.slice(0, 4)}-01-01`;
    const to = `${Number(today.slice(0, 4)) + 1}-01-01`;
    const stats = await adviceStats({ db, actor: p.actors.landlord_officer, from, to });
    const topic = Object.fromEntries(stats.byTopic.cells.map((c) => [c.key, c.count]));
    expect(topic.disputed_bill).toBe(14);
    expect(topic.termination).toBeNull(); // 6 (+1 from the test above) → hidden
    expect(topic.other).toBeNull();
    expect(JSON.stringify(stats)).not.toMatch(/Dossier|L-101|CONS-/);
    await expect(adviceStats({ db, actor: p.actors.adviser, from, to })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(adviceStats({ db, actor: p.actors.facilitator, from, to })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const [n] = await db.execute<{ n: number }>(sql`select count(*)::int as n from advice_case`);
    expect(n!.n).toBe(26);
  });
});
