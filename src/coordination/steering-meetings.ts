// The coordinator records a steering committee meeting — date, place, who came, the minutes — with its decisions and
// follow-up actions, and may add decisions and actions afterwards.
import { and, eq, inArray } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type DocumentRefused, inspectUpload } from '../platform/documents.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { storeDocument, type Upload } from './documents.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { steeringAction, steeringDecision, steeringMeeting } from './schema.ts';
import { meetingScope } from './scope.ts';
import {
  DecisionText,
  SteeringActionInput,
  type SteeringActionInputValue,
  SteeringMeetingInput,
  type SteeringMeetingInputValue,
} from './values.ts';

/** The owner organisations named by actions that are not partners of the programme, as the fields at fault. */
async function unknownOwners(db: DbOrTx, programmeId: number, actions: { ownerOrganisationId?: number }[]) {
  const ids = [...new Set(actions.map((a) => a.ownerOrganisationId).filter((id): id is number => !!id))];
  if (!ids.length) return null;
  const known = new Set(
    (
      await db
        .select({ id: organisation.id })
        .from(organisation)
        .where(and(eq(organisation.programmeId, programmeId), inArray(organisation.id, ids)))
    ).map((o) => o.id),
  );
  const at = actions.findIndex((a) => a.ownerOrganisationId && !known.has(a.ownerOrganisationId));
  return at < 0 ? null : at;
}

export type CreateSteeringMeetingResult =
  | { ok: true; meetingId: number; decisionIds: number[]; actionIds: number[] }
  | Refused<'invalid' | 'unknown_owner'>
  | (DocumentRefused & { field?: string });

/** A meeting with its decisions and actions (and its minutes, when given), all at once or nothing. */
export async function createSteeringMeeting({
  db,
  actor,
  input,
  minutes,
}: {
  db: Db;
  actor: Actor;
  input: SteeringMeetingInputValue;
  minutes?: Upload;
}): Promise<CreateSteeringMeetingResult> {
  assertCan(actor, 'committee.manage', { programmeId: actor.programmeId });
  const parsed = SteeringMeetingInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  const unknown = await unknownOwners(db, actor.programmeId, value.actions);
  if (unknown !== null) return refuse('unknown_owner', { field: `actions.${unknown}.ownerOrganisationId` });
  if (minutes) {
    const inspected = inspectUpload(minutes);
    if (!inspected.ok) return { ...inspected, field: 'minutes' };
  }
  return db.transaction(async (tx) => {
    let minutesDocumentId: number | null = null;
    if (minutes) {
      const stored = await storeDocument(tx, actor, minutes);
      if (!stored.ok) return { ...stored, field: 'minutes' };
      minutesDocumentId = stored.documentId;
    }
    const [meeting] = await tx
      .insert(steeringMeeting)
      .values({
        programmeId: actor.programmeId,
        heldOn: value.heldOn,
        place: value.place,
        attendees: value.attendees,
        minutesDocumentId,
        createdBy: actor.label,
      })
      .returning({ id: steeringMeeting.id });
    const meetingId = meeting!.id;
    const decisionIds = value.decisions.length
      ? (
          await tx
            .insert(steeringDecision)
            .values(value.decisions.map((text) => ({ meetingId, text })))
            .returning({ id: steeringDecision.id })
        ).map((d) => d.id)
      : [];
    const actionIds = value.actions.length
      ? (
          await tx
            .insert(steeringAction)
            .values(
              value.actions.map((a) => ({
                programmeId: actor.programmeId,
                meetingId,
                description: a.description,
                ownerOrganisationId: a.ownerOrganisationId ?? null,
                ownerName: a.ownerName,
                dueOn: a.dueOn,
                updatedBy: actor.label,
              })),
            )
            .returning({ id: steeringAction.id })
        ).map((a) => a.id)
      : [];
    await recordAudit(tx, actor, {
      action: 'steering_meeting.created',
      entityType: 'steering_meeting',
      entityId: meetingId,
      details: {
        heldOn: value.heldOn,
        place: value.place,
        decisions: value.decisions,
        actions: value.actions.map((a, i) => ({ id: actionIds[i], ...a })),
        minutesDocumentId,
      },
    });
    return { ok: true as const, meetingId, decisionIds, actionIds };
  });
}

/** A decision added to a meeting after the fact. */
export async function addSteeringDecision({
  db,
  actor,
  meetingId,
  text,
}: {
  db: Db;
  actor: Actor;
  meetingId: number;
  text: string;
}): Promise<{ ok: true; decisionId: number } | Refused<'invalid'>> {
  await meetingScope(db, actor, meetingId, 'committee.manage');
  const parsed = DecisionText.safeParse(text);
  if (!parsed.success) return invalid(parsed.error);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(steeringDecision)
      .values({ meetingId, text: parsed.data })
      .returning({ id: steeringDecision.id });
    await recordAudit(tx, actor, {
      action: 'steering_decision.added',
      entityType: 'steering_meeting',
      entityId: meetingId,
      details: { decisionId: row!.id, text: parsed.data },
    });
    return { ok: true as const, decisionId: row!.id };
  });
}

/** A follow-up action added to a meeting after the fact. */
export async function addSteeringAction({
  db,
  actor,
  meetingId,
  input,
}: {
  db: Db;
  actor: Actor;
  meetingId: number;
  input: SteeringActionInputValue;
}): Promise<{ ok: true; actionId: number } | Refused<'invalid' | 'unknown_owner'>> {
  await meetingScope(db, actor, meetingId, 'committee.manage');
  const parsed = SteeringActionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  if ((await unknownOwners(db, actor.programmeId, [value])) !== null)
    return refuse('unknown_owner', { field: 'ownerOrganisationId' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(steeringAction)
      .values({
        programmeId: actor.programmeId,
        meetingId,
        description: value.description,
        ownerOrganisationId: value.ownerOrganisationId ?? null,
        ownerName: value.ownerName,
        dueOn: value.dueOn,
        updatedBy: actor.label,
      })
      .returning({ id: steeringAction.id });
    await recordAudit(tx, actor, {
      action: 'steering_action.added',
      entityType: 'steering_action',
      entityId: row!.id,
      details: { meetingId, ...value },
    });
    return { ok: true as const, actionId: row!.id };
  });
}
