import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import type { Db } from '../platform/db/index.ts';
import { formatBallotCode } from '../votes/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
});

const iso = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString();

const newVote = (extra: Record<string, unknown> = {}) => ({
  sectorId: p.sectorIds.N1,
  procedure: 'approval',
  opensAt: iso(-1),
  closesAt: iso(30 * 24 * 60),
  operatorId: p.actors.operator_agent.organisationId,
  serviceName: 'Internet collectif',
  monthlyAmountCents: 110,
  tariffFrom: iso(90 * 24 * 60).slice(0, 10),
  helpPhone: '02 98 00 00 00',
  ...extra,
});

describe('/api/v1/tenant-votes', () => {
  let voteId: number;

  it('is in the OpenAPI document, with the public vote endpoint open to anyone', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/tenant-votes',
        '/tenant-votes/{id}',
        '/tenant-votes/{id}/letters.pdf',
        '/tenant-votes/{id}/report.pdf',
        '/tenant-votes/{id}/ballots',
        '/tenant-votes/{id}/certify',
        '/tenant-votes/paper-batches/{id}/entries',
        '/public/ballots',
        '/public/ballots/{code}',
      ]),
    );
    expect(doc.paths['/public/ballots'].post.security).toEqual([]);
  });

  it('opens a vote for the landlord, refuses the operator, and explains a refusal without changing anything', async () => {
    expect((await call('operator_agent', '/tenant-votes', { json: newVote() })).status).toBe(403);
    const invalid = await call('landlord_officer', '/tenant-votes', {
      json: newVote({ monthlyAmountCents: 1.5 }),
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).issues[0]).toMatchObject({ path: 'monthlyAmountCents' });
    const tooLong = await call('landlord_officer', '/tenant-votes', {
      json: newVote({ closesAt: iso(70 * 24 * 60) }),
    });
    expect(tooLong.status, JSON.stringify(await tooLong.clone().json())).toBe(409);
    expect(await tooLong.json()).toMatchObject({
      error: 'window_too_long',
      message: 'La consultation dure au plus 2 mois : avancez la date de clôture.',
      field: 'closesAt',
    });
    expect((await db.execute(sql`select id from tenant_vote`)).length).toBe(0);

    const created = await call('landlord_officer', '/tenant-votes', { json: newVote() });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ reference: expect.stringMatching(/^CV-/), dwellingsConcerned: 2 });
    voteId = body.id;
  });

  it('lets the public vote with a code, once, and says why not otherwise', async () => {
    const [row] = await db.execute<{ code: string }>(
      sql`select code from ballot_code where vote_id = ${voteId} and revoked_at is null limit 1`,
    );
    const code = formatBallotCode(row!.code);
    const paper = await call(null, `/public/ballots/${code}`);
    expect(paper.status).toBe(200);
    expect(await paper.json()).toMatchObject({ code, monthlyAmountCents: 110, helpPhone: '+33298000000' });
    const cast = await call(null, '/public/ballots', { json: { code, choice: 'yes' } });
    expect(cast.status).toBe(201);
    const again = await call(null, '/public/ballots', { json: { code, choice: 'no' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_voted', helpPhone: '+33298000000' });
    expect((await call(null, '/public/ballots/ZZZZ-ZZZZ-ZZZZ')).status).toBe(409);
    expect((await call(null, '/public/ballots', { json: { code, choice: 'invalid' } })).status).toBe(422);
  });

  it('records in-person ballots, and shows counts by role', async () => {
    const recorded = await call('landlord_officer', `/tenant-votes/${voteId}/ballots`, {
      json: { dwellingReference: 'L-002', choice: 'no' },
    });
    expect(recorded.status).toBe(201);
    expect(
      (
        await call('coordinator', `/tenant-votes/${voteId}/ballots`, {
          json: { dwellingReference: 'L-001', choice: 'no' },
        })
      ).status,
    ).toBe(403);
    const officers = await (await call('landlord_officer', `/tenant-votes/${voteId}`)).json();
    expect(officers).toMatchObject({
      phase: 'open',
      choicesVisible: true,
      tally: { totals: { yes: 1, no: 1, blank: 0, invalid: 0 } },
      decision: { final: false, result: 'rejected' },
      turnoutBp: 10000,
      certified: null,
    });
    // While the vote is open, the operator follows turnout, not choices.
    const operator = await (await call('operator_agent', `/tenant-votes/${voteId}`)).json();
    expect(operator).toMatchObject({ choicesVisible: false, voted: 2, turnoutBp: 10000, decision: null });
    expect(operator.tally.byChannel).toEqual([]);
    expect(operator.tally.votedByChannel).toEqual(
      expect.arrayContaining([
        { channel: 'online', voted: 1 },
        { channel: 'in_person', voted: 1 },
      ]),
    );
    // The tenant association serves another sector.
    expect((await call('tenant_rep', `/tenant-votes/${voteId}`)).status).toBe(403);
    const list = await (await call('tenant_rep', '/tenant-votes')).json();
    expect(list.items).toEqual([]);
  });

  it('gives letters and, while the vote is open, the draft report to vote officers only', async () => {
    const letters = await call('landlord_officer', `/tenant-votes/${voteId}/letters.pdf`);
    expect(letters.status).toBe(200);
    expect(letters.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await letters.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await call('coordinator', `/tenant-votes/${voteId}/letters.pdf`)).status).toBe(403);
    expect((await call('coordinator', `/tenant-votes/${voteId}/report.pdf`)).status).toBe(403);
    expect((await call('landlord_officer', `/tenant-votes/${voteId}/report.pdf`)).status).toBe(200);
  });

  it('runs a paper batch through two entries', async () => {
    // L-001 has voted online; a paper slip for it does not count twice.
    const batch = await call('landlord_officer', `/tenant-votes/${voteId}/paper-batches`, {
      json: { label: 'Boîte aux lettres', receivedAt: iso(0) },
    });
    expect(batch.status).toBe(201);
    const { id } = await batch.json();
    const first = await call('landlord_officer', `/tenant-votes/paper-batches/${id}/entries`, {
      json: { lines: 'L-001 non' },
    });
    expect(await first.json()).toMatchObject({ status: 'second_entry' });
    const same = await call('landlord_officer', `/tenant-votes/paper-batches/${id}/entries`, {
      json: { lines: 'L-001 non' },
    });
    expect(same.status).toBe(409);
    expect((await same.json()).error).toBe('same_person');
  });

  it('refuses to certify an open vote', async () => {
    const refused = await call('landlord_officer', `/tenant-votes/${voteId}/certify`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'not_closed' });
  });
});
