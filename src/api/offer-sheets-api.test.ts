import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { sheetsForVote } from '../advice/index.ts';
import type { PhoneNumber } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';
import { openVote } from '../votes/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

const offer = {
  operator: 'SFR',
  offer: 'Internet collectif',
  monthlyCents: 124,
  speed: 'Jusqu’à 100 Mbit/s',
  commitmentMonths: 0,
  fees: 'Aucun',
  termination: 'Rien à payer.',
};
const sheet = (sectorId: number, title = 'Internet à Nord 1') => ({
  sectorId,
  title,
  intro: 'Pour comparer.',
  offers: [
    offer,
    { ...offer, operator: 'Free', offer: 'Freebox Pop', monthlyCents: 2999, commitmentMonths: 12 },
  ],
  validOn: '2027-01-10',
});

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
});

async function created(role: Role, input: unknown) {
  const res = await call(role, '/offer-sheets', { json: input });
  expect(res.status).toBe(201);
  return (await res.json()) as { sheetId: number; version: number };
}

describe('offer sheets through the API', () => {
  it('an association writes and proposes, the coordinator publishes, anyone reads the public sheet', async () => {
    const v1 = await created('adviser', sheet(p.sectorIds.N1));
    expect(v1.version).toBe(1);
    const changed = await call('adviser', `/offer-sheets/${v1.sheetId}`, {
      method: 'PUT',
      json: sheet(p.sectorIds.N1, 'Internet chez soi à Nord 1'),
    });
    expect(changed.status).toBe(200);
    expect((await call('adviser', `/offer-sheets/${v1.sheetId}/propose`, { method: 'POST' })).status).toBe(
      200,
    );
    expect((await call('adviser', `/offer-sheets/${v1.sheetId}/publish`, { method: 'POST' })).status).toBe(
      403,
    );
    expect((await call(null, '/public/offer-sheets/N1')).status).toBe(404);
    const published = await call('coordinator', `/offer-sheets/${v1.sheetId}/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(await published.json()).toEqual({ archivedSheetId: null });

    const frozen = await call('coordinator', `/offer-sheets/${v1.sheetId}`, {
      method: 'PUT',
      json: sheet(p.sectorIds.N1, 'Changée'),
    });
    expect(frozen.status).toBe(409);
    expect((await frozen.json()).error).toBe('frozen');

    const pub = await call(null, '/public/offer-sheets/n1');
    expect(pub.status).toBe(200);
    const body = await pub.json();
    expect(body).toMatchObject({ sectorCode: 'N1', version: 1, title: 'Internet chez soi à Nord 1' });
    expect(body.offers[0].monthlyCents).toBe(124);
    expect(body).not.toHaveProperty('publishedBy');

    // A new version copied from the published one; publishing it archives version 1.
    const v2 = await created('coordinator', { fromSheetId: v1.sheetId, validOn: '2027-03-01' });
    expect(v2.version).toBe(2);
    const second = await call('coordinator', `/offer-sheets/${v2.sheetId}/publish`, { method: 'POST' });
    expect(await second.json()).toEqual({ archivedSheetId: v1.sheetId });
    const list = await call('coordinator', `/offer-sheets?sectorId=${p.sectorIds.N1}`);
    const { items } = await list.json();
    expect(items.map((s: { version: number; status: string }) => [s.version, s.status])).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ]);
  });

  it('a tenant association writes for its sectors only; other roles not at all', async () => {
    expect((await call('tenant_rep', '/offer-sheets', { json: sheet(p.sectorIds.S3) })).status).toBe(201);
    expect((await call('tenant_rep', '/offer-sheets', { json: sheet(p.sectorIds.N1) })).status).toBe(403);
    const mine = await (await call('tenant_rep', '/offer-sheets')).json();
    expect(mine.items.every((s: { sectorCode: string }) => s.sectorCode === 'S3')).toBe(true);
    for (const role of ['landlord_officer', 'operator_agent', 'facilitator', 'admin'] as const) {
      expect((await call(role, '/offer-sheets')).status).toBe(403);
      expect((await call(role, '/offer-sheets', { json: sheet(p.sectorIds.S3) })).status).toBe(403);
    }
  });

  it('prices are whole cents: a price in euros with a decimal point is refused', async () => {
    const res = await call('coordinator', '/offer-sheets', {
      json: { ...sheet(p.sectorIds.N2), offers: [{ ...offer, monthlyCents: 1.24 }] },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).issues[0].path).toBe('offers.0.monthlyCents');
  });

  it('the coordinator attaches a published sheet to a vote of its sector', async () => {
    const opensAt = new Date();
    const vote = await openVote({
      db,
      actor: p.actors.landlord_officer,
      input: {
        sectorId: p.sectorIds.N1,
        procedure: 'approval',
        opensAt,
        closesAt: new Date(opensAt.getTime() + 14 * 86_400_000),
        operatorId: p.actors.operator_agent.organisationId!,
        serviceName: 'Internet collectif',
        monthlyAmountCents: 124,
        tariffFrom: '2027-04-01',
        meetingAt: null,
        meetingPlace: null,
        helpPhone: '+33298000000' as PhoneNumber,
      } as never,
    });
    if (!vote.ok) throw new Error(vote.reason);
    const { items } = await (await call('coordinator', `/offer-sheets?sectorId=${p.sectorIds.N1}`)).json();
    const [current, archived] = items as { id: number }[];
    const attach = (role: Role, sheetId: number) =>
      call(role, `/offer-sheets/${sheetId}/votes`, { json: { voteId: vote.voteId } });
    expect((await attach('adviser', current!.id)).status).toBe(403);
    expect((await attach('coordinator', archived!.id)).status).toBe(409);
    expect((await attach('coordinator', current!.id)).status).toBe(200);
    expect((await attach('coordinator', current!.id)).status).toBe(200);
    const other = await created('coordinator', sheet(p.sectorIds.N2));
    await call('coordinator', `/offer-sheets/${other.sheetId}/publish`, { method: 'POST' });
    const wrong = await attach('coordinator', other.sheetId);
    expect((await wrong.json()).error).toBe('other_sector');
    expect((await sheetsForVote(db, vote.voteId)).map((s) => s.id)).toEqual([current!.id]);
    const detail = await (await call('coordinator', `/offer-sheets/${current!.id}`)).json();
    expect(detail.votes).toEqual([{ id: vote.voteId, reference: expect.any(String) }]);
  });

  it('the public sheet is in the OpenAPI document without a token', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(doc.paths['/public/offer-sheets/{sectorCode}'].get.security).toEqual([]);
    expect(doc.paths['/offer-sheets/{id}/publish']).toBeDefined();
  });
});
