// Reading the steering committee: its meetings, one meeting with its decisions and actions, and the follow-up
// actions (open ones first, late ones flagged). Every member of staff reads them.
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import type { DocumentMediaType } from '../platform/documents.ts';
import { type Actor, assertCan, can } from '../platform/permissions/index.ts';
import { actionOverdue } from './rules.ts';
import {
  type ActionStatus,
  coordinationDocument,
  steeringAction,
  steeringDecision,
  steeringMeeting,
} from './schema.ts';
import { meetingScope } from './scope.ts';

export interface MeetingSummary {
  id: number;
  heldOn: string;
  place: string;
  attendees: string;
  hasMinutes: boolean;
  decisions: number;
  actions: number;
  openActions: number;
}

/** The meetings, the latest first. */
export async function listSteeringMeetings({
  db,
  actor,
}: {
  db: DbOrTx;
  actor: Actor;
}): Promise<MeetingSummary[]> {
  assertCan(actor, 'committee.read', { programmeId: actor.programmeId });
  return db
    .select({
      id: steeringMeeting.id,
      heldOn: steeringMeeting.heldOn,
      place: steeringMeeting.place,
      attendees: steeringMeeting.attendees,
      hasMinutes: sql<boolean>`${steeringMeeting.minutesDocumentId} is not null`,
      // Written out: inside a select list Drizzle leaves columns unqualified, which a subquery would misread.
      decisions: sql<number>`(select count(*)::int from steering_decision d where d.meeting_id = steering_meeting.id)`,
      actions: sql<number>`(select count(*)::int from steering_action a where a.meeting_id = steering_meeting.id)`,
      openActions: sql<number>`(select count(*)::int from steering_action a
        where a.meeting_id = steering_meeting.id and a.status = 'open')`,
    })
    .from(steeringMeeting)
    .where(eq(steeringMeeting.programmeId, actor.programmeId))
    .orderBy(desc(steeringMeeting.heldOn), desc(steeringMeeting.id));
}

export interface ActionRow {
  id: number;
  meetingId: number;
  meetingHeldOn: string;
  description: string;
  ownerOrganisationId: number | null;
  ownerOrganisationName: string | null;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  statusNote: string | null;
  updatedBy: string;
  updatedAt: Date;
  /** Open and past its due day (Paris). */
  overdue: boolean;
  /** The actor may say where it stands (the coordinator, or its owner organisation). */
  canFollow: boolean;
}

async function selectActions(db: DbOrTx, actor: Actor, where: SQL[], today: string): Promise<ActionRow[]> {
  const rows = await db
    .select({
      id: steeringAction.id,
      meetingId: steeringAction.meetingId,
      meetingHeldOn: steeringMeeting.heldOn,
      description: steeringAction.description,
      ownerOrganisationId: steeringAction.ownerOrganisationId,
      ownerOrganisationName: organisation.name,
      ownerName: steeringAction.ownerName,
      dueOn: steeringAction.dueOn,
      status: steeringAction.status,
      statusNote: steeringAction.statusNote,
      updatedBy: steeringAction.updatedBy,
      updatedAt: steeringAction.updatedAt,
    })
    .from(steeringAction)
    .innerJoin(steeringMeeting, eq(steeringMeeting.id, steeringAction.meetingId))
    .leftJoin(organisation, eq(organisation.id, steeringAction.ownerOrganisationId))
    .where(and(eq(steeringAction.programmeId, actor.programmeId), ...where))
    .orderBy(asc(steeringAction.dueOn), asc(steeringAction.id));
  return rows.map((r) => ({
    ...r,
    overdue: actionOverdue(r, today),
    canFollow: can(actor, 'committee.follow', {
      programmeId: actor.programmeId,
      organisationId: r.ownerOrganisationId,
    }),
  }));
}

/**
 * The follow-up actions (by default the open ones), late ones first, then by due day. `mine`: those of the actor's
 * organisation.
 */
export async function listSteeringActions({
  db,
  actor,
  filter = { status: 'open' },
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  filter?: { status?: ActionStatus; ownerOrganisationId?: number; mine?: boolean };
  today?: string;
}): Promise<ActionRow[]> {
  assertCan(actor, 'committee.read', { programmeId: actor.programmeId });
  const where: SQL[] = [];
  if (filter.status) where.push(eq(steeringAction.status, filter.status));
  if (filter.ownerOrganisationId)
    where.push(eq(steeringAction.ownerOrganisationId, filter.ownerOrganisationId));
  if (filter.mine) where.push(eq(steeringAction.ownerOrganisationId, actor.organisationId ?? -1));
  const rows = await selectActions(db, actor, where, today);
  return rows.sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

export interface MeetingDetail {
  id: number;
  programmeId: number;
  heldOn: string;
  place: string;
  attendees: string;
  createdBy: string;
  createdAt: Date;
  minutes: { id: number; name: string; mediaType: DocumentMediaType; size: number; uploadedAt: Date } | null;
  decisions: { id: number; text: string }[];
  actions: ActionRow[];
  canManage: boolean;
}

export async function getSteeringMeeting({
  db,
  actor,
  meetingId,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  meetingId: number;
  today?: string;
}): Promise<MeetingDetail> {
  const meeting = await meetingScope(db, actor, meetingId, 'committee.read');
  const [minutes] = meeting.minutesDocumentId
    ? await db
        .select({
          id: coordinationDocument.id,
          name: coordinationDocument.name,
          mediaType: coordinationDocument.mediaType,
          size: coordinationDocument.size,
          uploadedAt: coordinationDocument.uploadedAt,
        })
        .from(coordinationDocument)
        .where(eq(coordinationDocument.id, meeting.minutesDocumentId))
    : [];
  const decisions = await db
    .select({ id: steeringDecision.id, text: steeringDecision.text })
    .from(steeringDecision)
    .where(eq(steeringDecision.meetingId, meetingId))
    .orderBy(asc(steeringDecision.id));
  return {
    id: meeting.id,
    programmeId: meeting.programmeId,
    heldOn: meeting.heldOn,
    place: meeting.place,
    attendees: meeting.attendees,
    createdBy: meeting.createdBy,
    createdAt: meeting.createdAt,
    minutes: minutes ? { ...minutes, mediaType: minutes.mediaType as DocumentMediaType } : null,
    decisions,
    actions: await selectActions(db, actor, [eq(steeringAction.meetingId, meetingId)], today),
    canManage: can(actor, 'committee.manage', { programmeId: actor.programmeId }),
  };
}

/** The partners an action may be given to (every organisation of the programme): the coordinator's form. */
export async function actionOwners({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'committee.manage', { programmeId: actor.programmeId });
  return db
    .select({ id: organisation.id, name: organisation.name, kind: organisation.kind })
    .from(organisation)
    .where(eq(organisation.programmeId, actor.programmeId))
    .orderBy(asc(organisation.name));
}
