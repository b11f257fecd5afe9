import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { endTenancy, insertHouseholds, type PhoneNumber } from '../households/index.ts';
import { actorFor, createUser, findActiveUser } from '../partners/index.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError } from '../platform/permissions/index.ts';
import { importDwellings } from '../territory/index.ts';
import {
  castOnlineBallot,
  certifyVote,
  createBallotLimiter,
  createPaperBatch,
  enterPaperBatch,
  formatBallotCode,
  getPaperBatch,
  getVote,
  listVoteDwellings,
  listVotes,
  lookupBallotCode,
  type NewVoteInput,
  openVote,
  recordInPersonBallot,
  reissueCode,
  settlePaperBatch,
  verifyVoteCount,
  voteLetters,
  voteReport,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let operatorId: number;
let secondOfficer: Actor;
const limiter = () => createBallotLimiter();

// The votes in these tests run in January 2027 (Paris time is UTC+1 then).
const opensAt = new Date('2027-01-04T07:00:00Z');
const closesAt = new Date('2027-02-26T17:00:00Z');
const during = new Date('2027-01-20T10:00:00Z');
const after = new Date('2027-02-27T09:00:00Z');
const before = new Date('2026-12-01T09:00:00Z');
/** A vote opens the day it is created: the officer opens it a minute before its opening time. */
const opening = new Date(opensAt.getTime() - 60_000);

const voteInput = (sectorId: number, extra: Partial<NewVoteInput> = {}): NewVoteInput => ({
  sectorId,
  procedure: 'approval',
  opensAt,
  closesAt,
  operatorId,
  serviceName: 'Internet collectif 100 Mbit/s',
  monthlyAmountCents: 110,
  tariffFrom: '2027-04-01',
  meetingAt: new Date('2027-01-12T17:30:00Z'),
  meetingPlace: 'Maison de quartier de Kerourien',
  helpPhone: '+33298000000' as PhoneNumber,
  ...extra,
});

async function codesOf(voteId: number): Promise<Map<string, string>> {
  const rows = await db.execute<{ reference: string; code: string }>(sql`
    select d.landlord_reference as reference, c.code from ballot_code c join dwelling d on d.id = c.dwelling_id
    where c.vote_id = ${voteId} and c.revoked_at is null`);
  return new Map(rows.map((r) => [r.reference, r.code]));
}

/** The database's own refusal, under Drizzle's "Failed query" wrapper. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
  );

const ballotCount = async (voteId: number) =>
  Number(
    (
      await db.execute<{ n: number }>(sql`select count(*)::int as n from ballot where vote_id = ${voteId}`)
    )[0]!.n,
  );

/** A sector with `size` occupied dwellings, for the concurrency tests. */
async function bigSector(code: string, size: number): Promise<number> {
  const lines = [
    'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur',
  ];
  for (let i = 0; i < size; i++)
    lines.push(
      `${code}-${i};${1 + Math.floor(i / 50)} rue de Quizac;29200;29019;Brest;${code}-B${Math.floor(i / 50)};0;3;${code}`,
    );
  const [north] = await db.execute<{ id: number }>(
    sql`select id from neighbourhood where programme_id = ${p.programmeId} limit 1`,
  );
  await db.execute(
    sql`insert into sector (programme_id, neighbourhood_id, code, name) values (${p.programmeId}, ${north!.id}, ${code}, ${`Secteur ${code}`})`,
  );
  const report = await importDwellings({ db, actor: p.system, file: lines.join('\n') });
  if (!report.imported) throw new Error(JSON.stringify(report.errors.slice(0, 3)));
  await insertHouseholds(
    db,
    p.programmeId,
    Array.from({ length: size }, (_, i) => ({
      key: `${code}-${i}`,
      dwellingReference: `${code}-${i}`,
      tenancyStart: '2020-01-01',
      channels: ['letter'],
      members: [{ firstName: 'Test', lastName: `N${i}`, ageBand: 'not_given' }],
    })),
  );
  const [sector] = await db.execute<{ id: number }>(
    sql`select id from sector where code = ${code} and programme_id = ${p.programmeId}`,
  );
  return sector!.id;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  operatorId = p.actors.operator_agent.organisationId!;
  const created = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Second officer',
      email: 'second-officer@test.example.org',
      role: 'landlord_officer',
      organisationId: p.actors.landlord_officer.organisationId,
      householdId: null,
    },
  });
  if (!created.ok) throw new Error(created.reason);
  secondOfficer = actorFor((await findActiveUser(db, created.userId))!, { ip: '127.0.0.1', channel: 'web' });
});

describe('opening a vote', () => {
  it('freezes the dwellings with a tenancy on the opening day and gives each a code', async () => {
    const officer = p.actors.landlord_officer;
    const opened = await openVote({ db, actor: officer, input: voteInput(p.sectorIds.N1), now: opening });
    expect(opened).toMatchObject({
      ok: true,
      dwellingsConcerned: 2,
      reference: expect.stringMatching(/^CV-2027-\d{4}$/),
    });
    if (!opened.ok) return;
    const codes = await codesOf(opened.voteId);
    expect([...codes.keys()].sort()).toEqual(['L-001', 'L-002']);
    const [sector] = await db.execute<{ rollout_stage: string }>(
      sql`select rollout_stage from sector where id = ${p.sectorIds.N1}`,
    );
    expect(sector!.rollout_stage).toBe('vote_open');
    const [event] = await listAuditEvents(db, p.programmeId, { action: 'vote.opened' });
    expect(event).toMatchObject({
      entityId: String(opened.voteId),
      details: expect.objectContaining({ dwellingsConcerned: 2 }),
    });

    // One running vote per sector.
    expect(
      await openVote({ db, actor: officer, input: voteInput(p.sectorIds.N1), now: opening }),
    ).toMatchObject({
      ok: false,
      reason: 'vote_running',
    });
    // Frozen: the database refuses a change of rule, window or offer.
    expect(
      await refusal(db.execute(sql`update tenant_vote set quorum_bp = 1000 where id = ${opened.voteId}`)),
    ).toMatch(/frozen/);
    expect(
      await refusal(
        db.execute(
          sql`update tenant_vote set closes_at = closes_at + interval '1 day' where id = ${opened.voteId}`,
        ),
      ),
    ).toMatch(/frozen/);
  });

  it.each<[string, Partial<NewVoteInput>, string, string]>([
    [
      'a window over two months',
      { closesAt: new Date('2027-03-04T08:00:00Z') },
      'window_too_long',
      'closesAt',
    ],
    ['an opening in the past', { opensAt: new Date('2026-11-30T08:00:00Z') }, 'opens_in_past', 'opensAt'],
    ['an organisation that is not an operator', { operatorId: -1 }, 'not_operator', 'operatorId'],
    ['buildings of another sector', { buildingIds: [999_999] }, 'unknown_building', 'buildingIds'],
  ])('refuses %s, and writes nothing', async (_, change, reason, field) => {
    const votesBefore = await db.execute(sql`select id from tenant_vote`);
    const result = await openVote({
      db,
      actor: p.actors.coordinator,
      input: voteInput(p.sectorIds.N2, change),
      now: opening,
    });
    expect(result).toMatchObject({ ok: false, reason, field });
    expect((await db.execute(sql`select id from tenant_vote`)).length).toBe(votesBefore.length);
  });

  it('opens the day it is created: the list of dwellings is frozen at opening, not weeks before', async () => {
    const result = await openVote({
      db,
      actor: p.actors.coordinator,
      input: voteInput(p.sectorIds.N2),
      now: before,
    });
    expect(result).toMatchObject({ ok: false, reason: 'opens_later', field: 'opensAt' });
  });

  it('accepts exactly two calendar months', async () => {
    const result = await openVote({
      db,
      actor: p.actors.coordinator,
      input: voteInput(p.sectorIds.N2, { closesAt: new Date('2027-03-04T07:00:00Z') }),
      now: opening,
    });
    expect(result).toMatchObject({ ok: true, dwellingsConcerned: 1 });
  });

  it.each([
    'operator_agent',
    'facilitator',
    'tenant_rep',
    'recycling_agent',
    'adviser',
    'resident',
    'admin',
  ] as const)('is not for a %s', async (role) => {
    await expect(
      openVote({ db, actor: p.actors[role], input: voteInput(p.sectorIds.S3), now: opening }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('a vote in progress', () => {
  let voteId: number;
  let codes: Map<string, string>;
  beforeAll(async () => {
    await db.execute(sql`delete from tenant_vote where sector_id = ${p.sectorIds.S3}`);
    await insertHouseholds(
      db,
      p.programmeId,
      ['L-202', 'L-203'].map((ref) => ({
        key: ref,
        dwellingReference: ref,
        tenancyStart: '2016-05-01',
        channels: ['letter'],
        members: [{ firstName: 'Nolwenn', lastName: `Le Bras ${ref}`, ageBand: 'not_given' }],
      })),
    );
    const opened = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(p.sectorIds.S3),
      now: opening,
    });
    if (!opened.ok) throw new Error(opened.reason);
    voteId = opened.voteId;
    codes = await codesOf(voteId);
  });

  it('lets a resident vote once online, and says so plainly afterwards', async () => {
    const code = formatBallotCode(codes.get('L-201')!).toLowerCase();
    const lookup = await lookupBallotCode({
      db,
      limiter: limiter(),
      typed: code,
      ip: '10.0.0.1',
      now: during,
    });
    expect(lookup).toMatchObject({
      ok: true,
      paper: { monthlyAmountCents: 110, address: '8 rue Vauban, 29200 Brest' },
    });
    const cast = await castOnlineBallot({
      db,
      limiter: limiter(),
      typed: code,
      ip: '10.0.0.1',
      choice: 'yes',
      now: during,
    });
    expect(cast).toMatchObject({ ok: true, choice: 'yes' });
    const again = await castOnlineBallot({
      db,
      limiter: limiter(),
      typed: code,
      ip: '10.0.0.1',
      choice: 'no',
      now: during,
    });
    expect(again).toMatchObject({ ok: false, reason: 'already_voted' });
    const events = await listAuditEvents(db, p.programmeId, { action: 'vote.ballot_cast' });
    expect(events[0]!.details).toEqual({
      dwellingId: p.dwellingIds['L-201'],
      channel: 'online',
      codeId: expect.any(Number),
    });
    expect(JSON.stringify(events[0]!.details)).not.toContain('yes');
  });

  it('refuses before opening and one second after closing, recording nothing', async () => {
    const code = codes.get('L-201')!;
    const base = { db, limiter: limiter(), ip: '10.0.0.2', choice: 'no' as const };
    const countBefore = await ballotCount(voteId);
    expect(
      await castOnlineBallot({ ...base, typed: code, now: new Date(opensAt.getTime() - 1000) }),
    ).toMatchObject({
      reason: 'already_voted',
    });
    // A dwelling that has not voted: the window decides.
    const fresh = await db.execute<{ code: string }>(sql`
      select c.code from ballot_code c left join ballot b using (vote_id, dwelling_id)
      where c.vote_id = ${voteId} and b.vote_id is null and c.revoked_at is null limit 1`);
    const typed = fresh[0]!.code;
    expect(await castOnlineBallot({ ...base, typed, now: new Date(opensAt.getTime() - 1000) })).toMatchObject(
      { reason: 'upcoming' },
    );
    expect(
      await castOnlineBallot({ ...base, typed, now: new Date(closesAt.getTime() + 1000) }),
    ).toMatchObject({ reason: 'closed' });
    expect(await ballotCount(voteId)).toBe(countBefore);
  });

  it('reissues a lost code: the old one dies, a vote already cast stays and is not doubled', async () => {
    const old = codes.get('L-201')!;
    const reissued = await reissueCode({
      db,
      actor: p.actors.landlord_officer,
      voteId,
      dwellingId: p.dwellingIds['L-201']!,
      now: during,
    });
    expect(reissued.ok).toBe(true);
    if (!reissued.ok) return;
    expect(
      await lookupBallotCode({ db, limiter: limiter(), typed: old, ip: '10.0.0.3', now: during }),
    ).toMatchObject({ reason: 'revoked' });
    expect(
      await castOnlineBallot({
        db,
        limiter: limiter(),
        typed: reissued.code,
        ip: '10.0.0.3',
        choice: 'no',
        now: during,
      }),
    ).toMatchObject({ reason: 'already_voted' });
    const tally = (await getVote({ db, actor: p.actors.landlord_officer, voteId, now: during })).tally;
    expect(tally.totals).toEqual({ yes: 1, no: 0, blank: 0, invalid: 0 });
    // The officer sees a second code was issued for the dwelling.
    const { rows } = await listVoteDwellings({
      db,
      actor: p.actors.landlord_officer,
      voteId,
      query: 'L-201',
    });
    expect(rows[0]).toMatchObject({ reference: 'L-201', codesIssued: 2, channel: 'online', choice: 'yes' });
  });

  it('keeps the voice with the dwelling when its tenancy ends during the vote', async () => {
    // L-201's household moves out on 15 January; the dwelling was concerned on the opening day.
    const ended = await endTenancy({
      db,
      actor: p.actors.landlord_officer,
      householdId: p.households['L-201']!,
      endDate: '2027-01-15',
    });
    expect(ended.ok).toBe(true);
    const detail = await getVote({ db, actor: p.actors.landlord_officer, voteId, now: during });
    expect(detail.vote.dwellingsConcerned).toBe(3);
    expect(detail.tally.totals.yes).toBe(1);
  });

  it('limits wrong codes per address, not for other addresses', async () => {
    const shared = limiter();
    for (let i = 0; i < 20; i++) {
      const result = await lookupBallotCode({
        db,
        limiter: shared,
        typed: 'ZZZZ-ZZZZ-ZZZZ',
        ip: '10.9.9.9',
        now: during,
      });
      expect(result.ok).toBe(false);
    }
    const blocked = await lookupBallotCode({
      db,
      limiter: shared,
      typed: formatBallotCode(codes.get('L-201')!),
      ip: '10.9.9.9',
      now: during,
    });
    expect(blocked).toMatchObject({ reason: 'limited', retryAfterSeconds: expect.any(Number) });
    const other = await lookupBallotCode({
      db,
      limiter: shared,
      typed: 'ZZZZ-ZZZZ-ZZZZ',
      ip: '10.9.9.10',
      now: during,
    });
    expect(other).toMatchObject({ ok: false, reason: 'check' });
  });

  it('limits wrong codes per vote, whatever the address', async () => {
    const shared = limiter();
    const bucket = codes.get('L-201')!.slice(0, 3);
    const { checkSymbol } = await import('./ballot-code.ts');
    const guess = (n: number) => {
      const payload = `${bucket}${n
        .toString(32)
        .toUpperCase()
        .padStart(8, '0')
        .replace(/[ILOU]/g, 'Z')}`;
      return payload + checkSymbol(payload);
    };
    for (let i = 0; i < 300; i++) {
      const result = await lookupBallotCode({
        db,
        limiter: shared,
        typed: guess(i),
        ip: `10.1.${i >> 8}.${i & 255}`,
        now: during,
      });
      expect(result).toMatchObject({ ok: false, reason: 'unknown' });
    }
    const blocked = await lookupBallotCode({
      db,
      limiter: shared,
      typed: guess(999),
      ip: '10.2.0.1',
      now: during,
    });
    expect(blocked).toMatchObject({ reason: 'limited' });
  });

  it('lets staff record an in-person vote by dwelling when the letter is lost', async () => {
    const recorded = await recordInPersonBallot({
      db,
      actor: p.actors.landlord_officer,
      voteId,
      key: 'l-202',
      choice: 'no',
      now: during,
    });
    expect(recorded).toMatchObject({ ok: true, dwellingId: p.dwellingIds['L-202'] });
    expect(
      await recordInPersonBallot({
        db,
        actor: p.actors.landlord_officer,
        voteId,
        key: 'L-202',
        choice: 'yes',
        now: during,
      }),
    ).toMatchObject({ ok: false, reason: 'already_voted' });
    expect(
      await recordInPersonBallot({
        db,
        actor: p.actors.landlord_officer,
        voteId,
        key: 'L-999',
        choice: 'yes',
        now: during,
      }),
    ).toMatchObject({ ok: false, reason: 'unknown_dwelling' });
  });

  it('shows individual choices to vote officers only; counts to those who follow the sector', async () => {
    await expect(listVoteDwellings({ db, actor: p.actors.coordinator, voteId })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(listVoteDwellings({ db, actor: p.actors.tenant_rep, voteId })).rejects.toThrow(
      ForbiddenError,
    );
    // The tenant association serves S3 and sees the counts; the operator serves N1 only.
    const followed = await getVote({ db, actor: p.actors.tenant_rep, voteId, now: during });
    expect(followed).toMatchObject({ choicesVisible: false, voted: 2, decision: null, decisionText: null });
    expect(followed.tally.byChannel).toEqual([]);
    expect(followed.tally.totals).toEqual({ yes: 0, no: 0, blank: 0, invalid: 0 });
    // After closing, everyone following the vote sees the answers.
    const closed = await getVote({ db, actor: p.actors.tenant_rep, voteId, now: after });
    expect(closed).toMatchObject({ choicesVisible: true, tally: { totals: { yes: 1, no: 1 } } });
    await expect(getVote({ db, actor: p.actors.operator_agent, voteId })).rejects.toThrow(ForbiddenError);
    await expect(getVote({ db, actor: p.actors.resident, voteId })).rejects.toThrow(ForbiddenError);
    const listed = await listVotes({ db, actor: p.actors.operator_agent });
    expect(listed.votes.every((v) => v.sectorId === p.sectorIds.N1)).toBe(true);
    await expect(
      voteLetters({ db, actor: p.actors.coordinator, voteId, voteUrl: 'https://palier.test/vote' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      recordInPersonBallot({
        db,
        actor: p.actors.coordinator,
        voteId,
        key: 'L-203',
        choice: 'yes',
        now: during,
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(certifyVote({ db, actor: p.actors.coordinator, voteId, now: after })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('paper slips, entered twice', () => {
  let voteId: number;
  let codes: Map<string, string>;
  beforeAll(async () => {
    await db.execute(sql`delete from tenant_vote where sector_id = ${p.sectorIds.N1}`);
    await insertHouseholds(db, p.programmeId, [
      {
        key: 'L-003',
        dwellingReference: 'L-003',
        tenancyStart: '2015-01-01',
        channels: ['letter'],
        members: [{ firstName: 'Anne', lastName: 'Tanguy', ageBand: 'not_given' }],
      },
      {
        key: 'L-004',
        dwellingReference: 'L-004',
        tenancyStart: '2015-01-01',
        channels: ['letter'],
        members: [{ firstName: 'Paul', lastName: 'Morvan', ageBand: 'not_given' }],
      },
    ]);
    const opened = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(p.sectorIds.N1),
      now: opening,
    });
    if (!opened.ok) throw new Error(opened.reason);
    voteId = opened.voteId;
    codes = await codesOf(voteId);
  });

  it('counts nothing until a second person agrees, shows the differences, then counts once', async () => {
    const officer = p.actors.landlord_officer;
    const batch = await createPaperBatch({
      db,
      actor: officer,
      voteId,
      input: { label: 'Urne hall', receivedAt: during },
      now: during,
    });
    expect(batch).toMatchObject({ ok: true, number: 1 });
    if (!batch.ok) return;
    const text = [
      `${formatBallotCode(codes.get('L-001')!)} oui`,
      `${codes.get('L-002')} non`,
      'L-003 blanc',
    ].join('\n');

    const refused = await enterPaperBatch({
      db,
      actor: officer,
      batchId: batch.batchId,
      text: `${text}\nL-001 non\nXXXX oui`,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'lines_invalid' });
    if (!refused.ok && 'problems' in refused)
      expect(refused.problems!.map((x) => x.message)).toEqual([
        'Ligne 4 : même logement que la ligne 1',
        'Ligne 5 : ni un code de vote, ni un logement consulté',
      ]);

    expect(await enterPaperBatch({ db, actor: officer, batchId: batch.batchId, text })).toMatchObject({
      ok: true,
      status: 'second_entry',
    });
    expect(await enterPaperBatch({ db, actor: officer, batchId: batch.batchId, text })).toMatchObject({
      ok: false,
      reason: 'same_person',
    });
    expect(await ballotCount(voteId)).toBe(0);

    // The second person reads slip 2 as "oui" and misses slip 3.
    const second = [`${codes.get('L-001')} oui`, `${codes.get('L-002')} oui`].join('\n');
    expect(
      await enterPaperBatch({ db, actor: secondOfficer, batchId: batch.batchId, text: second }),
    ).toMatchObject({
      ok: true,
      status: 'to_settle',
      differences: 2,
    });
    expect(await ballotCount(voteId)).toBe(0);
    const view = await getPaperBatch({ db, actor: officer, batchId: batch.batchId });
    expect(view.differences).toEqual([
      expect.objectContaining({ reference: 'L-002', first: 'no', second: 'yes' }),
      expect.objectContaining({ reference: 'L-003', first: 'blank', second: null }),
    ]);

    // Slip in hand: slip 2 says "non"; slip 3 exists and is blank.
    const settled = await settlePaperBatch({
      db,
      actor: secondOfficer,
      batchId: batch.batchId,
      decisions: new Map([
        [p.dwellingIds['L-002']!, 'no'],
        [p.dwellingIds['L-003']!, 'blank'],
      ]),
    });
    expect(settled).toEqual({ ok: true, counted: 3, alreadyVoted: 0 });
    const detail = await getVote({ db, actor: officer, voteId, now: during });
    expect(detail.tally.byChannel.find((c) => c.channel === 'paper')).toEqual({
      channel: 'paper',
      yes: 1,
      no: 1,
      blank: 1,
      invalid: 0,
    });
    const settledEvent = (
      await listAuditEvents(db, p.programmeId, { action: 'vote.paper_batch_settled' })
    )[0]!;
    expect(JSON.stringify(settledEvent.details)).not.toMatch(/"(no|blank)"/);
  });

  it('refuses a paper slip for a dwelling that already voted online, keeping the first ballot', async () => {
    const typed = codes.get('L-004')!;
    expect(
      await castOnlineBallot({ db, limiter: limiter(), typed, ip: '10.0.0.4', choice: 'yes', now: during }),
    ).toMatchObject({ ok: true });
    const batch = await createPaperBatch({
      db,
      actor: p.actors.landlord_officer,
      voteId,
      input: { label: 'Courrier', receivedAt: during },
      now: during,
    });
    if (!batch.ok) throw new Error(batch.reason);
    await enterPaperBatch({
      db,
      actor: p.actors.landlord_officer,
      batchId: batch.batchId,
      text: 'L-004 non',
    });
    expect(
      await enterPaperBatch({ db, actor: secondOfficer, batchId: batch.batchId, text: 'L-004 non' }),
    ).toMatchObject({
      ok: true,
      status: 'counted',
      counted: 0,
      alreadyVoted: 1,
    });
    const [row] = await db.execute<{ choice: string; channel: string }>(
      sql`select choice, channel from ballot where vote_id = ${voteId} and dwelling_id = ${p.dwellingIds['L-004']}`,
    );
    expect(row).toEqual({ choice: 'yes', channel: 'online' });
  });

  it('certifies after closing only, then records the agreement and the sector stage', async () => {
    const officer = p.actors.landlord_officer;
    const pending = await createPaperBatch({
      db,
      actor: officer,
      voteId,
      input: { label: 'Dernière levée', receivedAt: closesAt },
      now: after,
    });
    if (!pending.ok) throw new Error(pending.reason);
    expect(await certifyVote({ db, actor: officer, voteId, now: during })).toMatchObject({
      reason: 'not_closed',
    });
    expect(await certifyVote({ db, actor: officer, voteId, now: after })).toMatchObject({
      reason: 'batches_pending',
    });
    await db.execute(sql`delete from paper_batch where id = ${pending.batchId}`);

    // 4 dwellings: yes (L-001), no (L-002), blank (L-003), yes (L-004) → 2 yes of 3 cast, turnout 100 %.
    const certified = await certifyVote({ db, actor: officer, voteId, now: after });
    expect(certified).toMatchObject({ ok: true, result: 'adopted', agreementId: expect.any(Number) });
    expect(await certifyVote({ db, actor: officer, voteId, now: after })).toMatchObject({
      reason: 'already_certified',
    });
    const [agreement] = await db.execute<{
      monthly_amount_cents: number;
      effective_from: string;
      sector_id: number;
    }>(
      sql`select monthly_amount_cents, effective_from::text, sector_id from collective_agreement where vote_id = ${voteId}`,
    );
    expect(agreement).toEqual({
      monthly_amount_cents: 110,
      effective_from: '2027-04-01',
      sector_id: p.sectorIds.N1,
    });
    const [sector] = await db.execute<{ rollout_stage: string }>(
      sql`select rollout_stage from sector where id = ${p.sectorIds.N1}`,
    );
    expect(sector!.rollout_stage).toBe('adopted');
    // Adopted: the agreement binds the sector, no new vote reopens it.
    expect(
      await openVote({ db, actor: officer, input: voteInput(p.sectorIds.N1), now: opening }),
    ).toMatchObject({ ok: false, reason: 'already_adopted' });

    const detail = await getVote({ db, actor: p.actors.coordinator, voteId, now: after });
    expect(detail).toMatchObject({ phase: 'certified', recountMatches: true, vote: { result: 'adopted' } });
    const verified = await verifyVoteCount(db, p.programmeId);
    expect(verified.find((v) => v.reference === detail.vote.reference)).toMatchObject({ matches: true });
    // A certified vote takes no more ballots, keeps them all, and cannot be deleted.
    expect(
      await refusal(
        db.execute(sql`insert into ballot (vote_id, dwelling_id, choice, channel, received_at, recorded_by)
          values (${voteId}, ${p.dwellingIds['L-001']}, 'no', 'paper', now(), 'x')`),
      ),
    ).toMatch(/takes no more ballots/);
    expect(await refusal(db.execute(sql`delete from ballot where vote_id = ${voteId}`))).toMatch(
      /never deleted/,
    );
    expect(await refusal(db.execute(sql`delete from tenant_vote where id = ${voteId}`))).toMatch(
      /it is kept/,
    );
    expect(await refusal(db.execute(sql`delete from vote_dwelling where vote_id = ${voteId}`))).toMatch(
      /frozen/,
    );
    expect(await refusal(db.execute(sql`update ballot set choice = 'no' where vote_id = ${voteId}`))).toMatch(
      /frozen/,
    );

    const report = await voteReport({
      db,
      actor: p.actors.coordinator,
      voteId,
      voteUrl: 'https://palier.test/vote',
      now: after,
    });
    expect(report.pdf.byteLength).toBeGreaterThan(1000);
    const letters = await voteLetters({ db, actor: officer, voteId, voteUrl: 'https://palier.test/vote' });
    expect(letters.count).toBe(4);
  });

  it('a rejected vote leaves the sector free for a new vote', async () => {
    const opened = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(p.sectorIds.N2, { opensAt: new Date('2027-01-05T07:00:00Z') }),
      now: new Date('2027-01-05T06:59:00Z'),
    });
    // N2 already has the coordinator's two-month vote from above: finish it with no ballot.
    expect(opened).toMatchObject({ ok: false, reason: 'vote_running' });
    const [running] = await db.execute<{ id: number; closes_at: Date }>(
      sql`select id, closes_at from tenant_vote where sector_id = ${p.sectorIds.N2} and status = 'open'`,
    );
    const later = new Date(new Date(running!.closes_at).getTime() + 1000);
    expect(
      await certifyVote({ db, actor: p.actors.landlord_officer, voteId: running!.id, now: later }),
    ).toMatchObject({ ok: true, result: 'rejected', agreementId: null });
    const [sector] = await db.execute<{ rollout_stage: string }>(
      sql`select rollout_stage from sector where id = ${p.sectorIds.N2}`,
    );
    expect(sector!.rollout_stage).toBe('vote_rejected');
    const again = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(p.sectorIds.N2, {
        opensAt: new Date('2027-03-10T08:00:00Z'),
        closesAt: new Date('2027-04-10T08:00:00Z'),
        tariffFrom: '2027-06-01',
      }),
      now: new Date('2027-03-10T07:59:00Z'),
    });
    expect(again).toMatchObject({ ok: true });
  });
});

describe('one voice per dwelling, under load', () => {
  it('100 concurrent submissions with the same code count exactly once', async () => {
    const sectorId = await bigSector('C1', 5);
    const opened = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(sectorId),
      now: opening,
    });
    if (!opened.ok) throw new Error(opened.reason);
    const code = [...(await codesOf(opened.voteId)).values()][0]!;
    const shared = limiter();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        castOnlineBallot({
          db,
          limiter: shared,
          typed: code,
          ip: `10.3.0.${i}`,
          choice: i % 2 ? 'yes' : 'no',
          now: during,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already_voted')).toHaveLength(99);
    expect(await ballotCount(opened.voteId)).toBe(1);
    expect(
      (
        await listAuditEvents(db, p.programmeId, {
          action: 'vote.ballot_cast',
          entityId: String(opened.voteId),
        })
      ).length,
    ).toBe(1);
  });

  it('1,000 concurrent submissions over 1,000 codes count 1,000', { timeout: 120_000 }, async () => {
    const sectorId = await bigSector('C2', 1000);
    const opened = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: voteInput(sectorId),
      now: opening,
    });
    if (!opened.ok) throw new Error(opened.reason);
    const codes = [...(await codesOf(opened.voteId)).values()];
    expect(codes).toHaveLength(1000);
    const shared = limiter();
    const results = await Promise.all(
      codes.map((typed, i) =>
        castOnlineBallot({
          db,
          limiter: shared,
          typed,
          ip: `10.4.${i >> 8}.${i & 255}`,
          choice: 'yes',
          now: during,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1000);
    expect(await ballotCount(opened.voteId)).toBe(1000);
    const detail = await getVote({
      db,
      actor: p.actors.landlord_officer,
      voteId: opened.voteId,
      now: during,
    });
    expect(detail.tally.totals.yes).toBe(1000);
    expect(detail.turnoutBp).toBe(10000);
  });
});
