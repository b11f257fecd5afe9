// Erasure of a household across every module, on a real database: afterwards nothing in any text or JSON column of
// any table names the household's people, while the money, the votes, the indicators and the register stay whole.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { chargesOf, householdEverywhere, type PersonStrings, whereFound } from '../../../test/privacy.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { revokedOnRequest } from '../../certificates/index.ts';
import { loadIndicators } from '../../impact/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, roles } from '../../platform/permissions/index.ts';
import { gatherPersonalData } from '../personal-data/gather-personal-data.ts';
import { eraseHousehold } from './erase-household.ts';

let db: Db;
let p: TestProgramme;
let a: PersonStrings;
let b: PersonStrings;
const period = { from: '2026-01-01', to: '2026-06-30' };

const chargeTotals = () =>
  db.execute<{ month: string; cents: number; lines: number }>(sql`
    select to_char(month, 'YYYY-MM') as month, sum(amount_cents)::int as cents, count(*)::int as lines
      from charge_line where programme_id = ${p.programmeId} group by 1 order by 1`);
const voteCounts = () =>
  db.execute(sql`
    select v.id, v.dwellings_concerned, v.certified_counts, count(b.*)::int as cast,
           count(b.*) filter (where b.choice = 'yes')::int as yes, count(distinct vd.dwelling_id)::int as roll
      from tenant_vote v left join ballot b on b.vote_id = v.id left join vote_dwelling vd on vd.vote_id = v.id
     where v.programme_id = ${p.programmeId} group by v.id order by v.id`);
const indicators = async () => {
  const { publication, areaLabel } = await loadIndicators(
    db,
    { programmeId: p.programmeId, ...period },
    { raw: true },
  );
  return { publication, areaLabel };
};
const counts = (table: string) =>
  db
    .execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)
    .then((r) => r[0]!.n);

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  a = await householdEverywhere(db, p, { dwelling: 'L-003', tag: 'A' });
  b = await householdEverywhere(db, p, { dwelling: 'L-004', tag: 'B' });
  await chargesOf(db, p);
});

describe('who may erase', () => {
  it.each(roles.filter((r) => r !== 'coordinator'))(
    'the %s is refused, and nothing changes',
    async (role) => {
      const before = await gatherPersonalData(db, a.householdId, { id: p.programmeId, name: '' });
      await expect(
        eraseHousehold(db, p.actors[role], {
          householdId: a.householdId,
          cause: 'request',
          requestedOn: '2026-11-01',
        }),
      ).rejects.toThrow(ForbiddenError);
      const after = await gatherPersonalData(db, a.householdId, { id: p.programmeId, name: '' });
      expect(after.modules).toEqual(before.modules);
    },
  );

  it('an unknown household, or another programme’s, is not found', async () => {
    await expect(
      eraseHousehold(db, p.actors.coordinator, {
        householdId: 999_999,
        cause: 'request',
        requestedOn: '2026-11-01',
      }),
    ).rejects.toThrow(NotFoundError);
    const other = await buildProgramme(db, 'autre');
    await expect(
      eraseHousehold(db, other.actors.coordinator, {
        householdId: a.householdId,
        cause: 'request',
        requestedOn: '2026-11-01',
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('a household with something still running', () => {
  it('is refused in French with what remains, and nothing changes', async () => {
    const c = p.households['L-101']!;
    await db.execute(sql`
      insert into activation_request (programme_id, household_id, dwelling_id, sector_id, operator_id, status,
                                      contact_name, contact_phone, slots, created_by)
      select ${p.programmeId}, ${c}, t.dwelling_id, d.sector_id, ${p.actors.operator_agent.organisationId}, 'sent',
             'Yannick Quéré', '+33600000001', '{weekday_morning}', 'test'
        from tenancy t join dwelling d on d.id = t.dwelling_id where t.household_id = ${c}`);
    const before = await gatherPersonalData(db, c, { id: p.programmeId, name: '' });
    const audit = await counts('audit_event');
    const summary = await eraseHousehold(db, p.actors.coordinator, {
      householdId: c,
      cause: 'request',
      requestedOn: '2026-11-01',
    });
    expect(summary).toMatchObject({
      status: 'refused',
      reason: 'in_progress',
      inProgress: [{ kind: 'activation_request', count: 1, label: '1 demande de raccordement en cours' }],
    });
    expect(summary.status === 'refused' && summary.message).toContain('ne peut pas encore être effacé');
    expect((await gatherPersonalData(db, c, { id: p.programmeId, name: '' })).modules).toEqual(
      before.modules,
    );
    expect(await counts('audit_event')).toBe(audit);
    expect(await whereFound(db, 'Quéré')).not.toEqual([]);
  });
});

describe('erasing a household on request', () => {
  let charges: Awaited<ReturnType<typeof chargeTotals>>;
  let votes: Awaited<ReturnType<typeof voteCounts>>;
  let figures: Awaited<ReturnType<typeof indicators>>;

  beforeAll(async () => {
    // Everything is there before: each identifying string is found somewhere.
    for (const needle of a.identifying) expect(await whereFound(db, needle), needle).not.toEqual([]);
    charges = await chargeTotals();
    votes = await voteCounts();
    figures = await indicators();
    const summary = await eraseHousehold(db, p.actors.coordinator, {
      householdId: a.householdId,
      cause: 'request',
      requestedOn: '2026-11-01',
    });
    expect(summary.status).toBe('erased');
  });

  it('leaves no name, phone, e-mail or free text of the household in any text or JSON column of any table', async () => {
    const left: Record<string, string[]> = {};
    for (const needle of a.identifying) {
      const found = await whereFound(db, needle);
      if (found.length) left[needle] = found;
    }
    expect(left).toEqual({});
  });

  it('keeps the charges of every month, closed or not, to the cent', async () => {
    expect(await chargeTotals()).toEqual(charges);
    const [lines] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from charge_line where household_id = ${a.householdId}`,
    );
    expect(lines!.n).toBe(2);
  });

  it('keeps the votes countable: roll, ballots, turnout and certified counts unchanged', async () => {
    expect(await voteCounts()).toEqual(votes);
    const [roll] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from vote_dwelling where household_id = ${a.householdId}`,
    );
    expect(roll!.n).toBe(1);
  });

  it('keeps the indicators of the period exactly as they were', async () => {
    expect(await indicators()).toEqual(figures);
  });

  it('revokes the certificate « à la demande », naming nobody, still counted as issued', async () => {
    const [cert] = await db.execute<{ holder_name: string; revoke_reason: string; revoked_at: Date | null }>(
      sql`select holder_name, revoke_reason, revoked_at from certificate where household_id = ${a.householdId}`,
    );
    expect(cert).toMatchObject({ holder_name: 'Personne effacée', revoke_reason: revokedOnRequest });
    expect(cert!.revoked_at).not.toBeNull();
  });

  it('keeps the household row, anonymised, its members « Personne effacée », its account closed', async () => {
    const [h] = await db.execute<{ reference: string; phone: string | null; anonymised_at: Date | null }>(
      sql`select reference, phone, anonymised_at from household where id = ${a.householdId}`,
    );
    expect(h).toMatchObject({ reference: `F-${String(a.householdId).padStart(6, '0')}`, phone: null });
    expect(h!.anonymised_at).not.toBeNull();
    const members = await db.execute<{ first_name: string; last_name: string; age_band: string }>(
      sql`select first_name, last_name, age_band from household_member where household_id = ${a.householdId} order by id`,
    );
    expect(members).toEqual([
      { first_name: 'Personne', last_name: 'effacée', age_band: '30_44' },
      { first_name: 'Personne', last_name: 'effacée', age_band: 'under_18' },
    ]);
    const [account] = await db.execute<{ status: string; household_id: number | null }>(
      sql`select status, household_id from "user" where id = ${a.resident.userId}`,
    );
    expect(account).toEqual({ status: 'deactivated', household_id: null });
    expect(
      await db.execute(sql`select 1 from session s where s.user_id = ${a.resident.userId}
                           union all select 1 from account where user_id = ${a.resident.userId}`),
    ).toHaveLength(0);
  });

  it('writes the register row with counts per module, and one audit event', async () => {
    const [row] = await db.execute<{
      cause: string;
      requested_on: string;
      actor_label: string;
      summary: never;
    }>(
      sql`select cause, requested_on::text, actor_label, summary from erasure where household_id = ${a.householdId}`,
    );
    expect(row).toMatchObject({
      cause: 'request',
      requested_on: '2026-11-01',
      actor_label: p.actors.coordinator.label,
      summary: {
        keepCertificates: false,
        modules: {
          // The contact consent, and the one to share the contact with the operator given with the request.
          household: { membersAnonymised: 2, tenanciesKept: 1, consentsKept: 2 },
          accounts: { accountsErased: 1 },
          votes: { rollLinesKept: 1, ballotsKept: 1 },
          access: { requestsAnonymised: 1, chargeLinesKept: 2 },
          equipment: { ordersKept: 1, paymentsKept: 1, warrantyTicketsAnonymised: 1 },
          notifications: { messagesAnonymised: 2, messagesCancelled: 1 },
          workshops: { registrationsKept: 1, attendanceKept: 2, calendarFeedsDeleted: 1 },
          certificates: { certificatesRevokedOnRequest: 1, certificatesKept: 0 },
          advice: { casesAnonymised: 1, documentsDeleted: 1, lettersAnonymised: 1 },
          impact: { testimoniesWithdrawn: 1, questionnairesKept: 2 },
        },
      },
    });
    const events = await db.execute<{ action: string; details: Record<string, unknown> }>(sql`
      select action, details from audit_event
       where entity_type = 'household' and entity_id = ${String(a.householdId)} and action = 'personal_data.erased'`);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ cause: 'request', requestedOn: '2026-11-01' });
  });

  it('is idempotent: a second call changes nothing and says what the first did', async () => {
    const audit = await counts('audit_event');
    const register = await counts('erasure');
    const again = await eraseHousehold(db, p.actors.coordinator, {
      householdId: a.householdId,
      cause: 'request',
      requestedOn: '2026-11-02',
    });
    expect(again).toMatchObject({
      status: 'already_erased',
      requestedOn: '2026-11-01',
      message: 'Ce foyer est déjà effacé : il n’y a plus rien à effacer.',
      modules: { household: { membersAnonymised: 2 } },
    });
    expect(await counts('audit_event')).toBe(audit);
    expect(await counts('erasure')).toBe(register);
  });
});

describe('erasing a household that keeps its certificates', () => {
  it('keeps the certificate valid with its holder’s name, and erases everything else', async () => {
    const figures = await indicators();
    const summary = await eraseHousehold(db, p.actors.coordinator, {
      householdId: b.householdId,
      cause: 'request',
      requestedOn: '2026-11-01',
      keepCertificates: true,
    });
    expect(summary).toMatchObject({ status: 'erased', keepCertificates: true });
    const [cert] = await db.execute<{ holder_name: string; revoked_at: Date | null }>(
      sql`select holder_name, revoked_at from certificate where household_id = ${b.householdId}`,
    );
    expect(cert).toEqual({ holder_name: b.holderName, revoked_at: null });
    // The name lives on only where the person wanted it: on their certificate.
    const [first, last] = b.identifying as [string, string];
    expect(await whereFound(db, first)).toEqual(['certificate.holder_name']);
    expect(await whereFound(db, last)).toEqual(['certificate.holder_name']);
    for (const needle of b.identifying.slice(2)) expect(await whereFound(db, needle), needle).toEqual([]);
    expect(await indicators()).toEqual(figures);
  });
});

describe('erasing at the end of retention', () => {
  it('records the cause without a request date', async () => {
    const d = p.households['L-201']!;
    const summary = await eraseHousehold(db, p.actors.coordinator, { householdId: d, cause: 'retention' });
    expect(summary).toMatchObject({ status: 'erased', cause: 'retention', requestedOn: null });
    // (Another programme of this file has a Diallo of its own.)
    expect(
      await db.execute(
        sql`select 1 from household_member where household_id = ${d} and last_name = 'Diallo'`,
      ),
    ).toHaveLength(0);
  });
});
