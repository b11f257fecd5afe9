// The consultation of a sector's local actors: the meetings held with them, and each one's position.
import { and, eq } from 'drizzle-orm';
import { loadDocument, storeDocument } from '../coordination/index.ts';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { DocumentRefused } from '../platform/documents.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import type { Refused } from './refusals.ts';
import { consultationMeeting, partnerPosition } from './schema.ts';
import { sectorFor } from './sector-access.ts';
import type { MeetingInputValue, PositionInputValue } from './values.ts';

/** Records a meeting with the sector's local actors, with its minutes (PDF or photo) when given. */
export async function recordMeeting({
  db,
  actor,
  sectorId,
  input,
  minutes,
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: MeetingInputValue;
  minutes?: { name: string; bytes: Buffer } | null;
}): Promise<{ ok: true; meetingId: number } | Refused | DocumentRefused> {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  if (input.heldOn > localDate(new Date())) return { ok: false, reason: 'future_date', field: 'heldOn' };
  return transactionUnlessRefused(db, async (tx) => {
    let minutesDocumentId: number | null = null;
    if (minutes && minutes.bytes.length > 0) {
      const stored = await storeDocument(tx, actor, minutes);
      if (!stored.ok) return stored;
      minutesDocumentId = stored.documentId;
    }
    const [row] = await tx
      .insert(consultationMeeting)
      .values({
        programmeId: actor.programmeId,
        sectorId,
        ...input,
        minutesDocumentId,
        createdBy: actor.label,
      })
      .returning({ id: consultationMeeting.id });
    await recordAudit(tx, actor, {
      action: 'rollout.meeting_recorded',
      entityType: 'consultation_meeting',
      entityId: row!.id,
      details: { sectorId, heldOn: input.heldOn, place: input.place, minutesDocumentId },
    });
    return { ok: true as const, meetingId: row!.id };
  });
}

/** The minutes of a consultation meeting, for those who may read the sector's roll-out. */
export async function getMeetingMinutes({
  db,
  actor,
  meetingId,
}: {
  db: Db;
  actor: Actor;
  meetingId: number;
}) {
  const [meeting] = await db
    .select({ sectorId: consultationMeeting.sectorId, documentId: consultationMeeting.minutesDocumentId })
    .from(consultationMeeting)
    .where(
      and(eq(consultationMeeting.id, meetingId), eq(consultationMeeting.programmeId, actor.programmeId)),
    );
  if (!meeting?.documentId) throw new NotFoundError('minutes');
  await sectorFor(db, actor, 'rollout.read', meeting.sectorId);
  const document = await loadDocument(db, actor.programmeId, meeting.documentId);
  if (!document) throw new NotFoundError('minutes');
  return document;
}

/** Records (or replaces) a partner's position on the sector's roll-out; the audit trail keeps the former one. */
export async function recordPosition({
  db,
  actor,
  sectorId,
  input,
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: PositionInputValue;
}): Promise<{ ok: true; positionId: number } | Refused> {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  return db.transaction(async (tx) => {
    const [partner] = await tx
      .select({ id: organisation.id, kind: organisation.kind })
      .from(organisation)
      .where(and(eq(organisation.id, input.organisationId), eq(organisation.programmeId, actor.programmeId)));
    if (!partner) return { ok: false as const, reason: 'not_a_partner' as const, field: 'organisationId' };
    if (input.meetingId) {
      const [meeting] = await tx
        .select({ id: consultationMeeting.id })
        .from(consultationMeeting)
        .where(and(eq(consultationMeeting.id, input.meetingId), eq(consultationMeeting.sectorId, sectorId)));
      if (!meeting) return { ok: false as const, reason: 'unknown_meeting' as const, field: 'meetingId' };
    }
    const [before] = await tx
      .select()
      .from(partnerPosition)
      .where(
        and(eq(partnerPosition.sectorId, sectorId), eq(partnerPosition.organisationId, input.organisationId)),
      );
    const values = {
      opinion: input.opinion,
      agrees: input.agrees,
      involvement: [...new Set(input.involvement)],
      meetingId: input.meetingId ?? null,
      comment: input.comment ?? null,
      recordedBy: actor.label,
      recordedAt: new Date(),
    };
    const [row] = await tx
      .insert(partnerPosition)
      .values({ programmeId: actor.programmeId, sectorId, organisationId: input.organisationId, ...values })
      .onConflictDoUpdate({ target: [partnerPosition.sectorId, partnerPosition.organisationId], set: values })
      .returning({ id: partnerPosition.id });
    await recordAudit(tx, actor, {
      action: 'rollout.position_recorded',
      entityType: 'partner_position',
      entityId: row!.id,
      details: {
        sectorId,
        organisationId: input.organisationId,
        before: before
          ? { opinion: before.opinion, agrees: before.agrees, involvement: before.involvement }
          : null,
        after: { opinion: values.opinion, agrees: values.agrees, involvement: values.involvement },
      },
    });
    return { ok: true as const, positionId: row!.id };
  });
}
