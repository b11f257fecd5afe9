import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { householdMember } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError, NotFoundError, type Role } from '../platform/permissions/index.ts';
import {
  addDocument,
  cleanDocumentName,
  documentHeaders,
  getDocument,
  inspectUpload,
  listDocuments,
  maxDocumentBytes,
} from './documents.ts';
import { adviceCase, adviceDocument } from './schema.ts';

// Small but real files: a PDF, the smallest usual JFIF header, a 1×1 PNG.
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const jpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const svg = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);
/** A file of the given size that starts like a PDF. */
const pdfOfSize = (size: number) => {
  const bytes = Buffer.alloc(size);
  bytes.write('%PDF-1.7\n');
  return bytes;
};

describe('checking an upload', () => {
  it.each([
    ['a PDF', 'contrat.pdf', pdf, 'application/pdf', 'contrat.pdf'],
    ['a JPEG photo', 'photo.jpg', jpeg, 'image/jpeg', 'photo.jpg'],
    ['a JPEG photo named .jpeg in capitals', 'IMG_0042.JPEG', jpeg, 'image/jpeg', 'IMG_0042.JPEG'],
    ['a PNG screenshot', 'capture.png', png, 'image/png', 'capture.png'],
    ['a PNG named .pdf, renamed', 'facture.pdf', png, 'image/png', 'facture.png'],
    ['a PDF named .jpg, renamed', 'scan.jpg', pdf, 'application/pdf', 'scan.pdf'],
    ['a file without extension', 'scan', pdf, 'application/pdf', 'scan.pdf'],
    ['a PDF named like a program', 'facture.pdf.exe', pdf, 'application/pdf', 'facture.pdf.pdf'],
    ['a PDF of exactly 10 MiB', 'gros.pdf', pdfOfSize(maxDocumentBytes), 'application/pdf', 'gros.pdf'],
  ])('%s is accepted with the type found in its content', (_, name, bytes, mediaType, cleaned) => {
    const result = inspectUpload({ name, bytes });
    expect(result).toEqual({
      ok: true,
      name: cleaned,
      mediaType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it.each([
    ['an empty file', 'vide.pdf', Buffer.alloc(0), 'empty'],
    ['a file of 10 MiB and one byte', 'gros.pdf', pdfOfSize(maxDocumentBytes + 1), 'too_large'],
    ['an HTML page named .pdf', 'facture.pdf', html, 'unsupported_type'],
    ['an SVG image', 'logo.svg', svg, 'unsupported_type'],
    ['an SVG image named .png', 'logo.png', svg, 'unsupported_type'],
    ['a Windows program', 'facture.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), 'unsupported_type'],
    ['a ZIP archive', 'documents.zip', Buffer.from('PK\x03\x04\x14\x00\x00\x00'), 'unsupported_type'],
    ['a GIF image', 'photo.gif', Buffer.from('GIF89a\x01\x00\x01\x00'), 'unsupported_type'],
    ['a PDF signature not at the start', 'facture.pdf', Buffer.from(' %PDF-1.4\n'), 'unsupported_type'],
    ['the start of a PNG signature only', 'a.png', png.subarray(0, 4), 'unsupported_type'],
  ])('%s is refused (%s)', (_, name, bytes, reason) => {
    const result = inspectUpload({ name, bytes });
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toMatch(/^[A-ZÀ-Ý].+\.$/u);
  });

  it.each([
    ['a path going up', '../../x.pdf', 'x.pdf'],
    ['a Windows path going up', '..\\..\\x.pdf', 'x.pdf'],
    ['an absolute Windows path', 'C:\\Users\\Aïcha\\Documents\\facture.pdf', 'facture.pdf'],
    ['a Unix absolute path', '/etc/passwd', 'passwd.pdf'],
    ['a NUL character', '\u0000.pdf', 'document.pdf'],
    ['control characters inside', 'fac\u0007tu\u001bre\n.pdf', 'facture.pdf'],
    ['a dot file', '.htaccess', 'document.pdf'],
    ['leading dots', '...facture.pdf', 'facture.pdf'],
    ['trailing dots and spaces', 'facture.pdf. . ', 'facture.pdf'],
    ['a right-to-left override', 'facture\u202Egpj.pdf', 'facturegpj.pdf'],
    ['zero-width characters', 'fac\u200Bture\uFEFF.pdf', 'facture.pdf'],
    ['characters Windows refuses', 'relevé: mars?*.pdf', 'relevé_ mars__.pdf'],
    ['a decomposed accent', 'releve\u0301.pdf', 'relevé.pdf'],
    ['a date that is not an extension', 'Relevé 03.2024', 'Relevé 03.2024.pdf'],
    ['nothing at all', '', 'document.pdf'],
    ['only spaces and dots', ' . .. ', 'document.pdf'],
  ])('a name with %s is cleaned', (_, name, cleaned) => {
    expect(cleanDocumentName(name, 'application/pdf')).toBe(cleaned);
    expect(cleanDocumentName(name, 'application/pdf')).toBe(cleaned.normalize('NFC'));
  });

  it('a very long name is cut to 120 characters, its extension kept', () => {
    const cleaned = cleanDocumentName(`${'é'.repeat(300)}.pdf`, 'application/pdf');
    expect(Array.from(cleaned)).toHaveLength(120);
    expect(cleaned).toBe(`${'é'.repeat(116)}.pdf`);
    const emoji = cleanDocumentName(`${'📄'.repeat(200)}.png`, 'image/png');
    expect(Array.from(emoji)).toHaveLength(120);
    expect(emoji.endsWith('📄.png')).toBe(true);
  });
});

describe('serving a document', () => {
  it('is always a download of its sniffed type, sandboxed and never cached', () => {
    const headers = documentHeaders({
      name: 'Relevé d’août (1)*.pdf',
      mediaType: 'application/pdf',
      size: 42,
    });
    expect(headers).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Disposition':
        'attachment; filename="Releve d_aout _1__.pdf"; filename*=UTF-8\'\'Relev%C3%A9%20d%E2%80%99ao%C3%BBt%20%281%29%2A.pdf',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      'Content-Length': '42',
    });
  });

  it('a quote, a line break or an unknown type cannot change the headers', () => {
    const headers = documentHeaders({ name: 'a"b\r\nSet-Cookie: x=1.pdf', mediaType: 'text/html' });
    expect(headers['Content-Type']).toBe('application/octet-stream');
    expect(headers['Content-Disposition']).not.toMatch(/[\r\n]/);
    expect(headers['Content-Disposition']).toMatch(/^attachment; filename="a_b__Set-Cookie_ x_1\.pdf"; /);
  });
});

describe('the documents of an advice case', () => {
  let db: Db;
  let p: TestProgramme;
  let caseId: number;
  let otherCaseId: number;
  let otherAssociationCaseId: number;
  let otherAdviser: Actor;
  let foreignAdviser: Actor;

  async function insertCase(organisationId: number, reference: string, programmeId = p.programmeId) {
    const householdId = p.households['L-001']!;
    const [member] = await db
      .select({ id: householdMember.id })
      .from(householdMember)
      .where(eq(householdMember.householdId, householdId));
    const [row] = await db
      .insert(adviceCase)
      .values({
        programmeId,
        organisationId,
        reference,
        householdId,
        memberId: member!.id,
        topic: 'disputed_bill',
        operatorName: 'Opérateur Ouest',
        summary: 'Facture contestée après une résiliation.',
        openedOn: '2026-03-02',
        openedBy: 'tests',
      })
      .returning({ id: adviceCase.id });
    return row!.id;
  }

  async function adviserOf(programme: TestProgramme, name: string, email: string) {
    const org = await createOrganisation({
      db,
      actor: programme.system,
      input: { kind: 'consumer_association', name },
    });
    if (!org.ok) throw new Error('organisation');
    const user = await createUser({
      db,
      actor: programme.system,
      password: testPassword,
      input: { name: 'Autre conseillère', email, role: 'adviser', organisationId: org.id, householdId: null },
    });
    if (!user.ok) throw new Error(user.reason);
    return actorFor((await findActiveUser(db, user.userId))!, { ip: '127.0.0.1', channel: 'web' });
  }

  beforeAll(async () => {
    ({ db } = await testDatabase());
    p = await buildProgramme(db);
    caseId = await insertCase(p.actors.adviser.organisationId!, 'CONS-2026-0001');
    otherCaseId = await insertCase(p.actors.adviser.organisationId!, 'CONS-2026-0002');
    otherAdviser = await adviserOf(p, 'CSF Brest', 'csf@test.example.org');
    otherAssociationCaseId = await insertCase(otherAdviser.organisationId!, 'CONS-2026-0003');
    const elsewhere = await buildProgramme(db, 'ailleurs');
    foreignAdviser = elsewhere.actors.adviser;
  });

  it('the adviser adds a PDF and a photo, lists them without content, and reads one back', async () => {
    const added = await addDocument({
      db,
      actor: p.actors.adviser,
      caseId,
      upload: { name: '../contrat.pdf', bytes: pdf },
    });
    const photo = await addDocument({
      db,
      actor: p.actors.adviser,
      caseId,
      upload: { name: 'facture.pdf', bytes: png },
    });
    expect(added.ok && photo.ok).toBe(true);
    if (!added.ok || !photo.ok) return;

    const list = await listDocuments({ db, actor: p.actors.adviser, caseId });
    expect(list.map(({ id, name, mediaType, size }) => ({ id, name, mediaType, size }))).toEqual([
      { id: added.documentId, name: 'contrat.pdf', mediaType: 'application/pdf', size: pdf.length },
      { id: photo.documentId, name: 'facture.png', mediaType: 'image/png', size: png.length },
    ]);
    expect(list[0]).not.toHaveProperty('content');
    expect(list[0]!.uploadedBy).toBe(p.actors.adviser.label);

    const doc = await getDocument({ db, actor: p.actors.adviser, caseId, documentId: photo.documentId });
    expect(doc.name).toBe('facture.png');
    expect(doc.mediaType).toBe('image/png');
    expect(Buffer.compare(doc.content, png)).toBe(0);
    expect(await listDocuments({ db, actor: p.actors.adviser, caseId: otherCaseId })).toEqual([]);
  });

  it('a refused file is not stored', async () => {
    const before = await db.$count(adviceDocument);
    const result = await addDocument({
      db,
      actor: p.actors.adviser,
      caseId,
      upload: { name: 'facture.pdf', bytes: html },
    });
    expect(result).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(await db.$count(adviceDocument)).toBe(before);
  });

  it('the audit trail records the document added and read, never its content', async () => {
    const secret = Buffer.from('%PDF-1.4\nNuméro client 0612345678 — mot de passe box : hunter2\n%%EOF');
    const added = await addDocument({
      db,
      actor: p.actors.adviser,
      caseId,
      upload: { name: 'courrier.pdf', bytes: secret },
    });
    if (!added.ok) throw new Error(added.reason);
    await getDocument({ db, actor: p.actors.adviser, caseId, documentId: added.documentId });

    const [addedEvent] = await listAuditEvents(db, p.programmeId, { action: 'advice.document_added' });
    expect(addedEvent).toMatchObject({
      entityType: 'advice_case',
      entityId: String(caseId),
      actorUserId: p.actors.adviser.userId,
      details: {
        documentId: added.documentId,
        mediaType: 'application/pdf',
        size: secret.length,
      },
    });
    const [readEvent] = await listAuditEvents(db, p.programmeId, { action: 'advice.document_read' });
    expect(readEvent).toMatchObject({
      entityType: 'advice_case',
      entityId: String(caseId),
      details: { documentId: added.documentId },
    });
    for (const event of [addedEvent, readEvent]) {
      const text = JSON.stringify(event);
      expect(text).not.toContain('courrier.pdf');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(secret.toString('base64').slice(0, 24));
      expect(text).not.toContain(secret.toString('hex').slice(0, 24));
      expect(event!.details).not.toHaveProperty('content');
    }
  });

  it('a document is read only through the case it belongs to', async () => {
    const added = await addDocument({
      db,
      actor: p.actors.adviser,
      caseId: otherCaseId,
      upload: { name: 'autre.pdf', bytes: pdf },
    });
    if (!added.ok) throw new Error(added.reason);
    await expect(
      getDocument({ db, actor: p.actors.adviser, caseId, documentId: added.documentId }),
    ).rejects.toThrow(NotFoundError);
    // Another association reaching for it through its own case finds nothing either.
    await expect(
      getDocument({ db, actor: otherAdviser, caseId: otherAssociationCaseId, documentId: added.documentId }),
    ).rejects.toThrow(NotFoundError);
  });

  const others: [string, () => Actor][] = [
    ['the adviser of another consumer association', () => otherAdviser],
    ...(
      [
        'admin',
        'coordinator',
        'landlord_officer',
        'operator_agent',
        'facilitator',
        'recycling_agent',
        'tenant_rep',
        'resident',
      ] as Role[]
    ).map((role): [string, () => Actor] => [`the ${role}`, () => p.actors[role]]),
  ];

  it.each(others)('%s can neither add, list nor read the documents of the case', async (name, who) => {
    const actor = who();
    // Another association is not even told the case exists; other roles are forbidden.
    const Denied = name.includes('another') ? NotFoundError : ForbiddenError;
    const [doc] = await listDocuments({ db, actor: p.actors.adviser, caseId });
    await expect(addDocument({ db, actor, caseId, upload: { name: 'x.pdf', bytes: pdf } })).rejects.toThrow(
      Denied,
    );
    // Even an unacceptable file is refused for who asks, before its content is looked at.
    await expect(addDocument({ db, actor, caseId, upload: { name: 'x.html', bytes: html } })).rejects.toThrow(
      Denied,
    );
    await expect(listDocuments({ db, actor, caseId })).rejects.toThrow(Denied);
    await expect(getDocument({ db, actor, caseId, documentId: doc!.id })).rejects.toThrow(Denied);
  });

  it('an adviser of another programme does not even find the case', async () => {
    const [doc] = await listDocuments({ db, actor: p.actors.adviser, caseId });
    await expect(listDocuments({ db, actor: foreignAdviser, caseId })).rejects.toThrow(NotFoundError);
    await expect(getDocument({ db, actor: foreignAdviser, caseId, documentId: doc!.id })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      addDocument({ db, actor: foreignAdviser, caseId, upload: { name: 'x.pdf', bytes: pdf } }),
    ).rejects.toThrow(NotFoundError);
  });
});
