import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { adviceRefusalMessage, documentRefusalMessage } from '../advice/index.ts';
import { createApiToken, createOrganisation, createUser } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let api: Awaited<ReturnType<typeof apiAs>>;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
/** The adviser of a second consumer association of the programme. */
let otherAdviserToken: string;

const today = localDate(new Date());
const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

/** Who asks: a role of the test programme, or the other association's adviser. */
type Who = Role | 'other_association';
const as = (who: Who, path: string, init: RequestInit & { json?: unknown } = {}) =>
  who === 'other_association'
    ? api.app.request(`/api/v1${path}`, {
        ...init,
        ...(init.json !== undefined
          ? { method: init.method ?? 'POST', body: JSON.stringify(init.json) }
          : {}),
        headers: {
          authorization: `Bearer ${otherAdviserToken}`,
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      })
    : call(who, path, init);

const upload = (who: Who, caseId: number, bytes: Buffer, name: string, type = 'application/pdf') => {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type }));
  return as(who, `/advice-cases/${caseId}/documents`, { method: 'POST', body: form });
};

async function memberOf(dwelling: string): Promise<number> {
  const res = await call('adviser', `/households/${p.households[dwelling]}`);
  expect(res.status).toBe(200);
  return (await res.json()).members[0].id;
}

const newCase = async (dwelling: string, extra: Record<string, unknown> = {}) => ({
  householdId: p.households[dwelling],
  memberId: await memberOf(dwelling),
  topic: 'doorstep_sale',
  operatorId: p.actors.operator_agent.organisationId,
  summary: 'Contrat signé à domicile, box jamais installée, facturée depuis 3 mois.',
  openedOn: today,
  ...extra,
});

/** A second consumer association, its adviser, and the adviser's API token. */
async function otherAssociationToken(): Promise<string> {
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'consumer_association', name: 'CSF' },
  });
  if (!org.ok) throw new Error('organisation');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Conseillère CSF',
      email: 'csf@test.example.org',
      role: 'adviser',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error(user.reason);
  const token = await createApiToken({ db, actor: p.actors.admin, userId: user.userId, name: 'csf' });
  if (!token.ok) throw new Error('token');
  return token.token;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  api = await apiAs(db, p.actors);
  ({ call } = api);
  otherAdviserToken = await otherAssociationToken();
});

describe('/api/v1 advice', () => {
  let caseId: number;
  let documentId: number;
  let letterId: number;

  it('is in the OpenAPI document, the upload as multipart/form-data', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/advice-cases',
        '/advice-cases/{id}',
        '/advice-cases/{id}/entries',
        '/advice-cases/{id}/status',
        '/advice-cases/{id}/documents',
        '/advice-cases/{id}/documents/{documentId}',
        '/advice-cases/{id}/letters',
        '/advice-cases/{id}/letters/{letterId}/pdf',
        '/advice-letter-templates',
        '/advice-stats',
      ]),
    );
    expect(Object.keys(doc.paths['/advice-cases/{id}/documents'].post.requestBody.content)).toEqual([
      'multipart/form-data',
    ]);
  });

  it('the adviser opens a case; bad input is refused in French, a person of another household too', async () => {
    const bad = await call('adviser', '/advice-cases', {
      json: await newCase('L-001', { topic: 'weather', openedOn: dayAfter(today), summary: ' ' }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toEqual(
      expect.arrayContaining([
        { path: 'topic', message: 'Choisissez un sujet de la liste' },
        { path: 'openedOn', message: 'La date ne peut pas être dans le futur' },
        { path: 'summary', message: 'Décrivez la demande' },
      ]),
    );
    const stranger = await call('adviser', '/advice-cases', {
      json: await newCase('L-001', { memberId: await memberOf('L-002') }),
    });
    expect(stranger.status).toBe(409);
    expect(await stranger.json()).toEqual({
      error: 'not_a_member',
      message: adviceRefusalMessage('not_a_member'),
      field: 'memberId',
    });

    const opened = await call('adviser', '/advice-cases', { json: await newCase('L-001') });
    expect(opened.status).toBe(201);
    const body = await opened.json();
    expect(body).toEqual({ caseId: expect.any(Number), reference: `CONS-${today.slice(0, 4)}-0001` });
    caseId = body.caseId;
  });

  it('the adviser adds a note and finds the case in the list, filtered', async () => {
    const note = await call('adviser', `/advice-cases/${caseId}/entries`, {
      json: { kind: 'note', on: today, body: 'Madame Benali apporte le contrat et trois factures.' },
    });
    expect(note.status).toBe(201);
    const detail = await (await call('adviser', `/advice-cases/${caseId}`)).json();
    expect(detail).toMatchObject({
      id: caseId,
      topic: 'doorstep_sale',
      status: 'open',
      operator: 'Opérateur',
      memberName: 'Aïcha Benali',
      entries: [{ kind: 'note', on: today, body: 'Madame Benali apporte le contrat et trois factures.' }],
    });
    const list = await (await call('adviser', '/advice-cases?status=open&topic=doorstep_sale')).json();
    expect(list).toEqual({
      items: [expect.objectContaining({ id: caseId, reference: detail.reference, operator: 'Opérateur' })],
      nextBefore: null,
    });
    const none = await (await call('adviser', '/advice-cases?topic=termination')).json();
    expect(none.items).toEqual([]);
  });

  it('the adviser uploads a PDF, lists it and downloads it as an attachment that cannot be sniffed', async () => {
    const sent = await upload('adviser', caseId, pdf, 'Contrat signé.pdf');
    expect(sent.status).toBe(201);
    documentId = (await sent.json()).documentId;
    const list = await (await call('adviser', `/advice-cases/${caseId}/documents`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: documentId,
        name: 'Contrat signé.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
      }),
    ]);
    const res = await call('adviser', `/advice-cases/${caseId}/documents/${documentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Contrat sign_?e?\.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('refuses an HTML page named .pdf, an empty file and a request without a file, in French', async () => {
    const disguised = await upload('adviser', caseId, html, 'facture.pdf');
    expect(disguised.status).toBe(422);
    expect(await disguised.json()).toEqual({
      error: 'unsupported_type',
      message: documentRefusalMessage('unsupported_type'),
    });
    const empty = await upload('adviser', caseId, Buffer.alloc(0), 'vide.pdf');
    expect(empty.status).toBe(422);
    expect((await empty.json()).error).toBe('empty');
    const form = new FormData();
    form.append('note', 'pas de fichier');
    const missing = await call('adviser', `/advice-cases/${caseId}/documents`, {
      method: 'POST',
      body: form,
    });
    expect(missing.status).toBe(422);
    expect((await missing.json()).issues).toEqual([{ path: 'file', message: 'Choisissez un fichier' }]);
    const list = await (await call('adviser', `/advice-cases/${caseId}/documents`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('takes a file of 10 MiB exactly; one byte more is refused, a body far over the limit at the edge', async () => {
    const pdfOfSize = (size: number) => {
      const bytes = Buffer.alloc(size);
      bytes.write('%PDF-1.7\n');
      return bytes;
    };
    const tooLarge = { error: 'too_large', message: documentRefusalMessage('too_large') };
    expect((await upload('adviser', caseId, pdfOfSize(10 * 1024 * 1024), 'scan.pdf')).status).toBe(201);
    const over = await upload('adviser', caseId, pdfOfSize(10 * 1024 * 1024 + 1), 'scan.pdf');
    expect(over.status).toBe(422);
    expect(await over.json()).toEqual(tooLarge);

    const declared = await call('adviser', `/advice-cases/${caseId}/documents`, {
      method: 'POST',
      body: 'x',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(11 * 1024 * 1024),
      },
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual(tooLarge);
    // Without a length, the edge counts the bytes as they come and stops past the limit.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const streamed = await call('adviser', `/advice-cases/${caseId}/documents`, {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: 'half',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(tooLarge);

    const asJson = await call('adviser', `/advice-cases/${caseId}/documents`, {
      json: { file: 'facture.pdf' },
    });
    expect(asJson.status).toBe(415);
    expect((await asJson.json()).message).toBe(
      'Envoyez le fichier en multipart/form-data, dans le champ « file ».',
    );
    const list = await (await call('adviser', `/advice-cases/${caseId}/documents`)).json();
    expect(list.items.map((d: { size: number }) => d.size)).toEqual([pdf.length, 10 * 1024 * 1024]);
  });

  it('the adviser generates a letter from a template and gets its PDF; the case records it', async () => {
    const created = await call('adviser', '/advice-letter-templates', {
      json: {
        name: 'Résiliation',
        subject: 'Résiliation de mon abonnement',
        body: 'Madame, Monsieur,\n\nJe résilie mon abonnement auprès de {{operateur}} ({{adresse}}).\n\n{{titulaire}}',
      },
    });
    expect(created.status).toBe(201);
    const unknown = await call('adviser', '/advice-letter-templates', {
      json: { name: 'Autre', subject: 'Objet', body: 'Mon numéro client : {{numero_client}}.' },
    });
    expect(unknown.status).toBe(409);
    expect(await unknown.json()).toMatchObject({
      error: 'unknown_fields',
      field: 'body',
      unknown: ['{{numero_client}}'],
    });
    const templates = await (await call('adviser', '/advice-letter-templates')).json();
    expect(templates.items).toEqual([expect.objectContaining({ name: 'Résiliation' })]);

    const letter = await call('adviser', `/advice-cases/${caseId}/letters`, {
      json: { templateId: templates.items[0].id, recipient: 'Opérateur\nService clients\n29200 Brest' },
    });
    expect(letter.status).toBe(201);
    letterId = (await letter.json()).letterId;
    const letters = await (await call('adviser', `/advice-cases/${caseId}/letters`)).json();
    expect(letters.items).toEqual([
      expect.objectContaining({ id: letterId, subject: 'Résiliation de mon abonnement' }),
    ]);
    const res = await call('adviser', `/advice-cases/${caseId}/letters/${letterId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const detail = await (await call('adviser', `/advice-cases/${caseId}`)).json();
    expect(detail.entries).toContainEqual(expect.objectContaining({ kind: 'letter_sent', letterId }));
  });

  it('the adviser resolves the case with the money recovered; an impossible move is refused', async () => {
    const wrong = await call('adviser', `/advice-cases/${caseId}/status`, {
      json: { status: 'open', recoveredCents: 100 },
    });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).issues).toEqual([
      { path: 'recoveredCents', message: 'Une somme récupérée va avec un dossier résolu' },
    ]);
    const resolved = await call('adviser', `/advice-cases/${caseId}/status`, {
      json: { status: 'resolved', outcome: 'Contrat annulé, 3 mois remboursés', recoveredCents: 8970 },
    });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toEqual({ status: 'resolved' });
    const illegal = await call('adviser', `/advice-cases/${caseId}/status`, {
      json: { status: 'waiting_operator' },
    });
    expect(illegal.status).toBe(409);
    expect(await illegal.json()).toEqual({
      error: 'illegal_status',
      message: adviceRefusalMessage('illegal_status'),
    });
    expect(await (await call('adviser', `/advice-cases/${caseId}`)).json()).toMatchObject({
      status: 'resolved',
      outcome: 'Contrat annulé, 3 mois remboursés',
      recoveredCents: 8970,
      closedOn: today,
    });
  });

  const others: Who[] = [
    'other_association',
    'landlord_officer',
    'operator_agent',
    'coordinator',
    'facilitator',
    'tenant_rep',
    'recycling_agent',
    'admin',
    'resident',
  ];

  it.each(others)('%s sees nothing of the case, its documents or its letters', async (who) => {
    const reads = [
      `/advice-cases/${caseId}`,
      `/advice-cases/${caseId}/documents`,
      `/advice-cases/${caseId}/documents/${documentId}`,
      `/advice-cases/${caseId}/letters`,
      `/advice-cases/${caseId}/letters/${letterId}/pdf`,
    ];
    for (const path of reads) {
      const res = await as(who, path);
      expect([403, 404], `${who} GET ${path}`).toContain(res.status);
      const text = await res.text();
      expect(text).not.toContain('CONS-');
      expect(text).not.toContain('Benali');
      expect(text).not.toContain('%PDF');
    }
    const writes = [
      as(who, `/advice-cases/${caseId}/entries`, { json: { kind: 'note', on: today, body: 'Intrusion' } }),
      as(who, `/advice-cases/${caseId}/status`, { json: { status: 'open' } }),
      as(who, `/advice-cases/${caseId}/letters`, { json: { templateId: 1 } }),
      upload(who, caseId, pdf, 'intrus.pdf'),
    ];
    for (const res of await Promise.all(writes)) expect([403, 404]).toContain(res.status);

    const list = await as(who, '/advice-cases');
    const templates = await as(who, '/advice-letter-templates');
    if (who === 'other_association') {
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ items: [], nextBefore: null });
      expect(await templates.json()).toEqual({ items: [] });
    } else {
      expect(list.status).toBe(403);
      expect(templates.status).toBe(403);
    }
  });

  it('nothing was changed by the others', async () => {
    const detail = await (await call('adviser', `/advice-cases/${caseId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.entries.map((e: { body: string }) => e.body)).not.toContain('Intrusion');
    const list = await (await call('adviser', `/advice-cases/${caseId}/documents`)).json();
    expect(list.items).toHaveLength(2);
  });

  it('the coordinator and the landlord get anonymous counts, cells under 11 hidden; advisers and operators none', async () => {
    // 11 more cases on termination and one on a contract: with the doorstep sale, 13 cases opened today.
    for (const topic of [...Array(11).fill('termination'), 'contract'])
      expect(
        (
          await call('adviser', '/advice-cases', {
            json: await newCase('L-101', { topic, operatorId: undefined, operatorName: 'Fibre Express' }),
          })
        ).status,
      ).toBe(201);
    const period = `from=${today}&to=${dayAfter(today)}`;
    for (const role of ['coordinator', 'landlord_officer'] as const) {
      const res = await call(role, `/advice-stats?${period}`);
      expect(res.status).toBe(200);
      const stats = await res.json();
      // 1 + 1 + 11 = 13: with termination's 11 shown, the two hidden cells would add up to 2 — each at least 1, so
      // each exactly 1. Termination is hidden too (the shared protection audits every hidden cell).
      expect(stats.byTopic).toEqual({
        cells: [
          { key: 'contract', count: null },
          { key: 'doorstep_sale', count: null },
          { key: 'termination', count: null },
        ],
        total: 13,
      });
      expect(stats.byMonth).toEqual({ cells: [{ key: today.slice(0, 7), count: 13 }], total: 13 });
      // One case with the partner operator, 12 with another: the small cell and the one that would give it away.
      expect(stats.byOperator.cells.every((c: { count: number | null }) => c.count === null)).toBe(true);
      expect(JSON.stringify(stats)).not.toMatch(/CONS-|Benali|Association|CSF/);
    }
    for (const role of ['adviser', 'operator_agent', 'facilitator'] as const)
      expect((await call(role, `/advice-stats?${period}`)).status).toBe(403);
    const backwards = await call('coordinator', `/advice-stats?from=${today}&to=${today}`);
    expect(backwards.status).toBe(422);
    expect((await backwards.json()).issues).toEqual([{ path: 'to', message: 'La fin doit suivre le début' }]);
  });
});
