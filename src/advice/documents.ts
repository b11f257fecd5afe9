// The documents a household brings to an advice case (contracts, bills, letters; PDF or photo): checked by their
// content, stored in the database with the case, read back only by the association holding the case, and served so
// that a browser can never run them.
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type DocumentMediaType, type DocumentRefused, inspectUpload } from '../platform/documents.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { caseScope } from './cases.ts';
import { adviceDocument } from './schema.ts';

/** Adds a document to a case (the association holding the case only), recorded in the audit trail without its content. */
export async function addDocument({
  db,
  actor,
  caseId,
  upload,
}: {
  db: Db;
  actor: Actor;
  caseId: number;
  upload: { name: string; bytes: Buffer };
}): Promise<{ ok: true; documentId: number } | DocumentRefused> {
  const scope = await caseScope(db, actor, caseId, 'advice.write');
  const inspected = inspectUpload(upload);
  if (!inspected.ok) return inspected;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(adviceDocument)
      .values({
        caseId: scope.id,
        organisationId: scope.organisationId,
        name: inspected.name,
        mediaType: inspected.mediaType,
        size: inspected.size,
        sha256: inspected.sha256,
        content: upload.bytes,
        uploadedBy: actor.label,
      })
      .returning({ id: adviceDocument.id });
    await recordAudit(tx, actor, {
      action: 'advice.document_added',
      entityType: 'advice_case',
      entityId: scope.id,
      details: {
        // The name may say something about the person: the audit trail (read by the programme's admins) keeps ids.
        documentId: row!.id,
        mediaType: inspected.mediaType,
        size: inspected.size,
        sha256: inspected.sha256,
      },
    });
    return { ok: true as const, documentId: row!.id };
  });
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

/** The documents of a case, oldest first: what they are, never their content. */
export async function listDocuments({
  db,
  actor,
  caseId,
}: {
  db: DbOrTx;
  actor: Actor;
  caseId: number;
}): Promise<DocumentSummary[]> {
  const scope = await caseScope(db, actor, caseId, 'advice.read');
  const rows = await db
    .select({
      id: adviceDocument.id,
      name: adviceDocument.name,
      mediaType: adviceDocument.mediaType,
      size: adviceDocument.size,
      sha256: adviceDocument.sha256,
      uploadedBy: adviceDocument.uploadedBy,
      uploadedAt: adviceDocument.uploadedAt,
    })
    .from(adviceDocument)
    .where(and(eq(adviceDocument.caseId, scope.id), eq(adviceDocument.organisationId, scope.organisationId)))
    .orderBy(asc(adviceDocument.id));
  return rows.map((r) => ({ ...r, mediaType: r.mediaType as DocumentMediaType }));
}

/**
 * One document with its content, for download (reading it is audited). The document must belong to this case, and
 * the case to the actor's association: another case's document id is "not found", whoever asks.
 */
export async function getDocument({
  db,
  actor,
  caseId,
  documentId,
}: {
  db: DbOrTx;
  actor: Actor;
  caseId: number;
  documentId: number;
}): Promise<{ id: number; name: string; mediaType: DocumentMediaType; size: number; content: Buffer }> {
  const scope = await caseScope(db, actor, caseId, 'advice.read');
  const [doc] = await db
    .select({
      id: adviceDocument.id,
      name: adviceDocument.name,
      mediaType: adviceDocument.mediaType,
      size: adviceDocument.size,
      content: adviceDocument.content,
    })
    .from(adviceDocument)
    .where(
      and(
        eq(adviceDocument.id, documentId),
        eq(adviceDocument.caseId, scope.id),
        eq(adviceDocument.organisationId, scope.organisationId),
      ),
    );
  if (!doc) throw new NotFoundError('advice_document');
  await recordAudit(db, actor, {
    action: 'advice.document_read',
    entityType: 'advice_case',
    entityId: scope.id,
    details: { documentId: doc.id, mediaType: doc.mediaType, size: doc.size },
  });
  return { ...doc, mediaType: doc.mediaType as DocumentMediaType };
}

export {
  cleanDocumentName,
  type DocumentMediaType,
  type DocumentRefusal,
  type DocumentRefused,
  documentHeaders,
  documentMediaTypes,
  documentRefusalMessage,
  inspectUpload,
  maxDocumentBytes,
} from '../platform/documents.ts';
