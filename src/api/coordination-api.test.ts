import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const org = (role: Role) => p.actors[role].organisationId!;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

const upload = (role: Role, path: string, bytes: Buffer, name: string) => {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
  return call(role, path, { method: 'POST', body: form });
};

const agreement = (over: Record<string, unknown> = {}) => ({
  organisationId: org('facilitator'),
  reference: 'CONV-2024-CS',
  object: 'Ateliers multimédia au centre social',
  startsOn: '2024-01-01',
  endsOn: '2024-12-31',
  amountCents: 1_500_000,
  ...over,
});

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
});

describe('/api/v1 coordination', () => {
  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/agreements',
        '/agreements/{id}',
        '/agreements/{id}/renewal',
        '/agreements/{id}/termination',
        '/agreements/{id}/documents',
        '/agreements/{id}/documents/{documentId}',
        '/subsidies',
        '/subsidies/budget',
        '/subsidies/{id}',
        '/subsidies/{id}/commitment',
        '/subsidies/{id}/payments',
        '/steering-meetings',
        '/steering-meetings/{id}',
        '/steering-meetings/{id}/decisions',
        '/steering-meetings/{id}/actions',
        '/steering-meetings/{id}/minutes',
        '/steering-actions',
        '/steering-actions/{id}/status',
      ]),
    );
    expect(Object.keys(doc.paths['/agreements/{id}/documents'].post.requestBody.content)).toEqual([
      'multipart/form-data',
    ]);
    expect(doc.paths['/subsidies/budget'].get.parameters.map((x: { name: string }) => x.name)).toEqual([
      'year',
    ]);
  });
});

describe('agreements through the API', () => {
  let agreementId: number;

  it('the coordinator records one (201); bad input is refused in French (422); a taken reference too (409)', async () => {
    const created = await call('coordinator', '/agreements', { json: agreement() });
    expect(created.status).toBe(201);
    agreementId = (await created.json()).agreementId;

    const bad = await call('coordinator', '/agreements', {
      json: agreement({ reference: 'CONV-X', endsOn: '2023-12-31', amountCents: 12.5 }),
    });
    expect(bad.status).toBe(422);
    const badBody = await bad.json();
    expect(badBody.message).toBe('La requête contient des valeurs invalides.');
    expect(badBody.issues).toEqual(
      expect.arrayContaining([
        { path: 'amountCents', message: 'Montant en centimes attendu (un nombre entier)' },
      ]),
    );
    const backwards = await call('coordinator', '/agreements', {
      json: agreement({ reference: 'CONV-X', endsOn: '2023-12-31' }),
    });
    expect((await backwards.json()).issues).toEqual([
      { path: 'endsOn', message: 'La fin doit être le jour du début ou après' },
    ]);

    const taken = await call('coordinator', '/agreements', {
      json: agreement({ organisationId: org('adviser') }),
    });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({
      error: 'reference_taken',
      message: 'Une convention du programme porte déjà cette référence. Choisissez-en une autre.',
      field: 'reference',
    });
    const stranger = await call('coordinator', '/agreements', {
      json: agreement({ reference: 'CONV-Y', organisationId: 999_999 }),
    });
    expect(stranger.status).toBe(422);
    expect((await stranger.json()).error).toBe('unknown_partner');
  });

  it('a PDF is attached (201), a web page named .pdf refused (422); the partner downloads its own', async () => {
    const stored = await upload('coordinator', `/agreements/${agreementId}/documents`, pdf, 'convention.pdf');
    expect(stored.status).toBe(201);
    const { documentId } = await stored.json();
    const refused = await upload('coordinator', `/agreements/${agreementId}/documents`, html, 'piege.pdf');
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: 'unsupported_type',
      message: expect.stringContaining('PDF'),
    });
    expect((await upload('facilitator', `/agreements/${agreementId}/documents`, pdf, 'x.pdf')).status).toBe(
      403,
    );

    const file = await call('facilitator', `/agreements/${agreementId}/documents/${documentId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await call('adviser', `/agreements/${agreementId}/documents/${documentId}`)).status).toBe(403);
    expect((await call('coordinator', `/agreements/${agreementId}/documents/999999`)).status).toBe(404);

    const detail = await (await call('facilitator', `/agreements/${agreementId}`)).json();
    expect(detail.documents.map((d: { name: string }) => d.name)).toEqual(['convention.pdf']);
  });

  it('is renewed (201) and terminated; a partner reads its own agreements only, the administrator all', async () => {
    const renewed = await call('coordinator', `/agreements/${agreementId}/renewal`, {
      json: { reference: 'CONV-2025-CS', endsOn: '2025-12-31' },
    });
    expect(renewed.status).toBe(201);
    const next = await renewed.json();
    expect(next.startsOn).toBe('2025-01-01');
    const again = await call('coordinator', `/agreements/${agreementId}/renewal`, {
      json: { reference: 'CONV-2025-CS-2', endsOn: '2025-12-31' },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe('already_renewed');

    const ended = await call('coordinator', `/agreements/${next.agreementId}/termination`, {
      json: { on: '2025-09-30', reason: 'Le centre social ferme' },
    });
    expect(ended.status).toBe(200);
    const late = await call('coordinator', `/agreements/${next.agreementId}/termination`, {
      json: { on: '2025-09-30', reason: 'Encore' },
    });
    expect(late.status).toBe(409);
    const terminated = await (await call('coordinator', `/agreements/${next.agreementId}`)).json();
    expect(terminated).toMatchObject({
      status: 'terminated',
      endsOn: '2025-09-30',
      renews: { id: agreementId },
    });

    const other = await call('coordinator', '/agreements', {
      json: agreement({ reference: 'CONV-2024-CLCV', organisationId: org('adviser'), endsOn: '2025-01-31' }),
    });
    const otherId = (await other.json()).agreementId;
    const mine = await (await call('facilitator', '/agreements')).json();
    expect(mine.items.map((a: { reference: string }) => a.reference).sort()).toEqual([
      'CONV-2024-CS',
      'CONV-2025-CS',
    ]);
    expect((await call('facilitator', `/agreements/${otherId}`)).status).toBe(404);
    expect((await (await call('admin', '/agreements')).json()).items).toHaveLength(3);
    const { organisationId: _, ...change } = agreement({ reference: 'CONV-2024-CLCV', endsOn: '2025-01-31' });
    const own = await call('facilitator', `/agreements/${agreementId}`, {
      method: 'PUT',
      json: { ...change, reference: 'CONV-2024-CS', noticeDays: 90 },
    });
    expect(own.status).toBe(403);
    expect((await call('coordinator', '/agreements/999999')).status).toBe(404);
    const { amountCents: __, ...partial } = change;
    const missing = await call('coordinator', `/agreements/${otherId}`, { method: 'PUT', json: partial });
    expect(missing.status).toBe(422);
    expect((await missing.json()).issues.map((i: { path: string }) => i.path)).toEqual([
      'amountCents',
      'noticeDays',
    ]);
    const corrected = await call('coordinator', `/agreements/${otherId}`, {
      method: 'PUT',
      json: { ...change, amountCents: 450_000, noticeDays: 60 },
    });
    expect(corrected.status).toBe(200);
    expect(await (await call('coordinator', `/agreements/${otherId}`)).json()).toMatchObject({
      amountCents: 450_000,
      noticeDays: 60,
    });
    const due = await (await call('coordinator', '/agreements?due=true')).json();
    expect(due.items.map((a: { reference: string; state: string }) => [a.reference, a.state])).toEqual([
      ['CONV-2024-CLCV', 'expired'],
    ]);
  });
});

describe('subsidies through the API', () => {
  let subsidyId: number;

  it('are planned, voted and paid; a payment above the amount voted is refused with the amounts (409)', async () => {
    const planned = await call('coordinator', '/subsidies', {
      json: {
        organisationId: org('facilitator'),
        year: 2024,
        purpose: 'Ateliers multimédia',
        plannedCents: 1_000_000,
      },
    });
    expect(planned.status).toBe(201);
    subsidyId = (await planned.json()).subsidyId;
    const landlord = await call('coordinator', '/subsidies', {
      json: { organisationId: org('landlord_officer'), year: 2024, purpose: 'Travaux', plannedCents: 5 },
    });
    expect(landlord.status).toBe(422);
    expect((await landlord.json()).error).toBe('not_an_association');

    const early = await call('coordinator', `/subsidies/${subsidyId}/payments`, {
      json: { paidOn: '2024-03-01', amountCents: 100 },
    });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toBe('not_committed');
    expect(
      (
        await call('coordinator', `/subsidies/${subsidyId}/commitment`, {
          method: 'PUT',
          json: { committedCents: 800_000, committedOn: '2024-02-15' },
        })
      ).status,
    ).toBe(200);
    const paid = await call('coordinator', `/subsidies/${subsidyId}/payments`, {
      json: { paidOn: '2024-03-01', amountCents: 600_000, reference: 'Mandat 118' },
    });
    expect(paid.status).toBe(201);
    expect(await paid.json()).toMatchObject({ paidCents: 600_000, remainingCents: 200_000 });
    const over = await call('coordinator', `/subsidies/${subsidyId}/payments`, {
      json: { paidOn: '2024-04-01', amountCents: 250_000 },
    });
    expect(over.status).toBe(409);
    const overBody = await over.json();
    expect(overBody.error).toBe('over_committed');
    expect(overBody.message.replace(/\s/g, ' ')).toBe(
      'Ce versement de 2 500,00 € dépasse ce qui reste à verser : 2 000,00 € (voté 8 000,00 €, déjà versé 6 000,00 €).',
    );
    const detail = await (await call('coordinator', `/subsidies/${subsidyId}`)).json();
    expect(detail).toMatchObject({ paidCents: 600_000, stage: 'partly_paid' });
    expect(detail.payments).toHaveLength(1);
  });

  it('the budget of a year, planned vs committed vs paid; the landlord is refused, an association sees its own', async () => {
    const budget = await call('coordinator', '/subsidies/budget?year=2024');
    expect(budget.status).toBe(200);
    expect((await budget.json()).totals).toEqual({
      plannedCents: 1_000_000,
      committedCents: 800_000,
      paidCents: 600_000,
      remainingCents: 200_000,
      subsidies: 1,
    });
    expect((await call('coordinator', '/subsidies/budget?year=1999')).status).toBe(422);
    for (const path of ['/subsidies', '/subsidies/budget', `/subsidies/${subsidyId}`])
      for (const role of ['landlord_officer', 'operator_agent', 'admin'] as const)
        expect((await call(role, path)).status).toBe(403);
    expect((await (await call('facilitator', '/subsidies')).json()).items).toHaveLength(1);
    expect((await (await call('adviser', '/subsidies')).json()).items).toHaveLength(0);
    expect((await call('adviser', `/subsidies/${subsidyId}`)).status).toBe(404);
    expect(
      (
        await call('facilitator', `/subsidies/${subsidyId}/payments`, {
          json: { paidOn: '2024-05-01', amountCents: 1 },
        })
      ).status,
    ).toBe(403);
  });
});

describe('the steering committee through the API', () => {
  let meetingId: number;
  let actionIds: number[];

  it('the coordinator records a meeting with decisions and actions, then its minutes; all staff read it', async () => {
    const bad = await call('coordinator', '/steering-meetings', {
      json: { heldOn: '2024-13-01', place: 'M', attendees: 'Ville' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'heldOn',
      'place',
    ]);
    const created = await call('coordinator', '/steering-meetings', {
      json: {
        heldOn: '2024-06-20',
        place: 'Hôtel de ville',
        attendees: 'Ville, bailleur, centre social, opérateur',
        decisions: ['Ouvrir Pontanézen en 2025'],
        actions: [
          {
            description: 'Consulter les locataires de Pontanézen',
            ownerOrganisationId: org('landlord_officer'),
            ownerName: 'Service clientèle',
            dueOn: '2024-09-30',
          },
          {
            description: 'Prévoir un cycle d’ateliers',
            ownerOrganisationId: org('facilitator'),
            ownerName: 'Animatrice',
            dueOn: '2099-01-31',
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    ({ meetingId, actionIds } = await created.json());
    expect(
      (await upload('coordinator', `/steering-meetings/${meetingId}/minutes`, pdf, 'cr.pdf')).status,
    ).toBe(201);
    expect(
      (await upload('coordinator', `/steering-meetings/${meetingId}/minutes`, html, 'cr.pdf')).status,
    ).toBe(422);
    const minutes = await call('tenant_rep', `/steering-meetings/${meetingId}/minutes`);
    expect(minutes.status).toBe(200);
    expect(Buffer.from(await minutes.arrayBuffer()).equals(pdf)).toBe(true);
    const meeting = await (await call('operator_agent', `/steering-meetings/${meetingId}`)).json();
    expect(meeting.decisions.map((d: { text: string }) => d.text)).toEqual(['Ouvrir Pontanézen en 2025']);
    expect(meeting.actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    expect(
      (
        await call('facilitator', '/steering-meetings', {
          json: { heldOn: '2024-06-20', place: 'Ici', attendees: 'Moi' },
        })
      ).status,
    ).toBe(403);
    expect((await call('coordinator', '/steering-meetings/999999')).status).toBe(404);
    expect(
      (
        await call('coordinator', `/steering-meetings/${meetingId}/decisions`, {
          json: { text: 'Un bilan en 2025' },
        })
      ).status,
    ).toBe(201);
  });

  it('the owner organisation updates its own action, not another’s; dropping needs a note', async () => {
    const [landlordAction, facilityAction] = actionIds as [number, number];
    const own = await call('facilitator', `/steering-actions/${facilityAction}/status`, {
      json: { status: 'done', note: 'Cycle prévu en janvier' },
    });
    expect(own.status).toBe(200);
    expect(
      (await call('facilitator', `/steering-actions/${landlordAction}/status`, { json: { status: 'done' } }))
        .status,
    ).toBe(403);
    const dropped = await call('landlord_officer', `/steering-actions/${landlordAction}/status`, {
      json: { status: 'dropped' },
    });
    expect(dropped.status).toBe(422);
    expect((await dropped.json()).issues).toEqual([
      { path: 'note', message: 'Dites pourquoi l’action est abandonnée' },
    ]);
    const open = await (await call('recycling_agent', '/steering-actions')).json();
    expect(open.items.map((a: { id: number; overdue: boolean }) => [a.id, a.overdue])).toEqual([
      [landlordAction, true],
    ]);
    const mine = await (await call('facilitator', '/steering-actions?status=done&mine=true')).json();
    expect(mine.items.map((a: { id: number }) => a.id)).toEqual([facilityAction]);
  });
});
