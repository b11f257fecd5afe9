// The coordination's documents (signed agreements, committee minutes; the roll-out's consultation minutes too): a
// PDF or a photo checked by its content (`platform/documents`), kept in the database, read back as a download only.
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type DocumentMediaType, type DocumentRefused, inspectUpload } from '../platform/documents.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { agreementDocument, coordinationDocument, steeringMeeting } from './schema.ts';
import { agreementScope, meetingScope } from './scope.ts';

export interface Upload {
  name: string;
  bytes: Buffer;
}

export interface DocumentSummary {
  id: number;
  name: string;
  mediaType: DocumentMediaType;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface StoredDocument extends DocumentSummary {
  content: Buffer;
}

const summaryColumns = {
  id: coordinationDocument.id,
  name: coordinationDocument.name,
  mediaType: coordinationDocument.mediaType,
  size: coordinationDocument.size,
  sha256: coordinationDocument.sha256,
  uploadedBy: coordinationDocument.uploadedBy,
  uploadedAt: coordinationDocument.uploadedAt,
};

/**
 * Stores a checked upload in the caller's transaction and returns its id, or the refusal (empty, too large, not a
 * PDF/JPEG/PNG by its content) with nothing stored. The caller has checked the actor may add it, links it to its
 * record and writes the audit event. Used by the roll-out's consultation minutes too.
 */
export async function storeDocument(
  tx: DbOrTx,
  actor: Pick<Actor, 'programmeId' | 'label'>,
  upload: Upload,
): Promise<{ ok: true; documentId: number; name: string; sha256: string } | DocumentRefused> {
  const inspected = inspectUpload(upload);
  if (!inspected.ok) return inspected;
  const [row] = await tx
    .insert(coordinationDocument)
    .values({
      programmeId: actor.programmeId,
      name: inspected.name,
      mediaType: inspected.mediaType,
      size: inspected.size,
      sha256: inspected.sha256,
      content: upload.bytes,
      uploadedBy: actor.label,
    })
    .returning({ id: coordinationDocument.id });
  return { ok: true, documentId: row!.id, name: inspected.name, sha256: inspected.sha256 };
}

/** A document of the programme with its content; the caller has checked the actor may read the record it belongs to. */
export async function loadDocument(
  db: DbOrTx,
  programmeId: number,
  documentId: number,
): Promise<StoredDocument> {
  const [doc] = await db
    .select({ ...summaryColumns, content: coordinationDocument.content })
    .from(coordinationDocument)
    .where(and(eq(coordinationDocument.id, documentId), eq(coordinationDocument.programmeId, programmeId)));
  if (!doc) throw new NotFoundError('coordination_document');
  return { ...doc, mediaType: doc.mediaType as DocumentMediaType };
}

export type AddDocumentResult = { ok: true; documentId: number } | DocumentRefused;

/** Attaches a document (the signed agreement, an amendment) to an agreement: the coordinator. */
export async function addAgreementDocument({
  db,
  actor,
  agreementId,
  upload,
}: {
  db: Db;
  actor: Actor;
  agreementId: number;
  upload: Upload;
}): Promise<AddDocumentResult> {
  await agreementScope(db, actor, agreementId, 'agreement.manage');
  const inspected = inspectUpload(upload);
  if (!inspected.ok) return inspected;
  return db.transaction(async (tx) => {
    const stored = await storeDocument(tx, actor, upload);
    if (!stored.ok) return stored;
    await tx.insert(agreementDocument).values({ agreementId, documentId: stored.documentId });
    await recordAudit(tx, actor, {
      action: 'agreement.document_added',
      entityType: 'agreement',
      entityId: agreementId,
      details: { documentId: stored.documentId, name: stored.name, sha256: stored.sha256 },
    });
    return { ok: true as const, documentId: stored.documentId };
  });
}

/** The documents of an agreement, oldest first: what they are, not their content. */
export async function listAgreementDocuments({
  db,
  actor,
  agreementId,
}: {
  db: DbOrTx;
  actor: Actor;
  agreementId: number;
}): Promise<DocumentSummary[]> {
  await agreementScope(db, actor, agreementId, 'agreement.read');
  return agreementDocumentsOf(db, agreementId);
}

export async function agreementDocumentsOf(db: DbOrTx, agreementId: number): Promise<DocumentSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(agreementDocument)
    .innerJoin(coordinationDocument, eq(coordinationDocument.id, agreementDocument.documentId))
    .where(eq(agreementDocument.agreementId, agreementId))
    .orderBy(asc(coordinationDocument.id));
  return rows.map((r) => ({ ...r, mediaType: r.mediaType as DocumentMediaType }));
}

/** A document of an agreement, to download: whoever may read the agreement. */
export async function getAgreementDocument({
  db,
  actor,
  agreementId,
  documentId,
}: {
  db: DbOrTx;
  actor: Actor;
  agreementId: number;
  documentId: number;
}): Promise<StoredDocument> {
  await agreementScope(db, actor, agreementId, 'agreement.read');
  const [link] = await db
    .select({ documentId: agreementDocument.documentId })
    .from(agreementDocument)
    .where(and(eq(agreementDocument.agreementId, agreementId), eq(agreementDocument.documentId, documentId)));
  if (!link) throw new NotFoundError('coordination_document');
  return loadDocument(db, actor.programmeId, documentId);
}

/** Attaches (or replaces) the minutes of a steering committee meeting: the coordinator. */
export async function attachMeetingMinutes({
  db,
  actor,
  meetingId,
  upload,
}: {
  db: Db;
  actor: Actor;
  meetingId: number;
  upload: Upload;
}): Promise<AddDocumentResult> {
  const meeting = await meetingScope(db, actor, meetingId, 'committee.manage');
  const inspected = inspectUpload(upload);
  if (!inspected.ok) return inspected;
  return db.transaction(async (tx) => {
    const stored = await storeDocument(tx, actor, upload);
    if (!stored.ok) return stored;
    await tx
      .update(steeringMeeting)
      .set({ minutesDocumentId: stored.documentId })
      .where(eq(steeringMeeting.id, meetingId));
    await recordAudit(tx, actor, {
      action: 'steering_meeting.minutes_attached',
      entityType: 'steering_meeting',
      entityId: meetingId,
      details: {
        documentId: stored.documentId,
        name: stored.name,
        sha256: stored.sha256,
        replaces: meeting.minutesDocumentId,
      },
    });
    return { ok: true as const, documentId: stored.documentId };
  });
}

/** The minutes of a meeting, to download: all staff (`committee.read`). */
export async function getMeetingMinutes({
  db,
  actor,
  meetingId,
}: {
  db: DbOrTx;
  actor: Actor;
  meetingId: number;
}): Promise<StoredDocument> {
  const meeting = await meetingScope(db, actor, meetingId, 'committee.read');
  if (!meeting.minutesDocumentId) throw new NotFoundError('coordination_document');
  return loadDocument(db, actor.programmeId, meeting.minutesDocumentId);
}
