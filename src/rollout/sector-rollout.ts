// One sector's roll-out: where it stands, its history, what is missing for the next stage, the partners' positions,
// the consultation meetings, and how ready it is for accompaniment.
import { asc, desc, eq } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { type RolloutStage, sectorStageEvent } from '../territory/index.ts';
import { type ChecklistState, checklistOn, checklistState, type SectorFacts } from './checklists.ts';
import { loadPlanInput } from './load-plan-input.ts';
import type { Readiness } from './model.ts';
import { readiness } from './rules.ts';
import { checklistTick, consultationMeeting, partnerPosition, rolloutPin } from './schema.ts';
import { sectorFor } from './sector-access.ts';
import { backwardStages, nextDecidedStage } from './stages.ts';

/** Everything a decision on a sector's stage is judged from. */
export async function sectorFacts(db: DbOrTx, programmeId: number, sectorId: number, today: string) {
  const input = await loadPlanInput(db, programmeId, { sectorIds: [sectorId], today });
  const planSector = input.sectors[0]!;
  const ready = readiness(input).get(sectorId) ?? null;
  const [meetings, ticks, positions] = await Promise.all([
    db.$count(consultationMeeting, eq(consultationMeeting.sectorId, sectorId)),
    db.select().from(checklistTick).where(eq(checklistTick.sectorId, sectorId)),
    db
      .select({
        id: partnerPosition.id,
        organisationId: partnerPosition.organisationId,
        organisationName: organisation.name,
        kind: organisation.kind,
        opinion: partnerPosition.opinion,
        agrees: partnerPosition.agrees,
        involvement: partnerPosition.involvement,
        meetingId: partnerPosition.meetingId,
        comment: partnerPosition.comment,
        recordedBy: partnerPosition.recordedBy,
        recordedAt: partnerPosition.recordedAt,
      })
      .from(partnerPosition)
      .innerJoin(organisation, eq(organisation.id, partnerPosition.organisationId))
      .where(eq(partnerPosition.sectorId, sectorId))
      .orderBy(asc(organisation.name)),
  ]);
  const facts: SectorFacts = {
    stage: planSector.stage,
    agreeingKinds: [...new Set(positions.filter((p) => p.agrees).map((p) => p.kind))],
    anyAgainst: positions.some((p) => p.opinion === 'against'),
    requiredConsultees: input.settings.requiredConsultees,
    meetings,
    workshopHost: positions.some((p) => p.agrees && p.involvement.includes('host_workshops')),
    readiness: ready,
    ticked: ticks.map((t) => t.itemKey),
  };
  return {
    facts,
    settings: input.settings,
    ticks,
    positions,
    unplaced: input.unplacedBuildings[sectorId] ?? 0,
  };
}

export interface SectorRollout {
  sector: { id: number; code: string; name: string; stage: RolloutStage };
  history: (typeof sectorStageEvent.$inferSelect)[];
  /** The checklist of the next stage a person decides (null when the next step is an event: a vote, an opening). */
  next: ChecklistState | null;
  /** Stages the sector may go back to, by decision. */
  backTo: RolloutStage[];
  /** Manual items ticked, with who and when. */
  ticks: (typeof checklistTick.$inferSelect)[];
  positions: {
    id: number;
    organisationId: number;
    organisationName: string;
    kind: string;
    opinion: string;
    agrees: boolean;
    involvement: string[];
    meetingId: number | null;
    comment: string | null;
    recordedBy: string;
    recordedAt: Date;
  }[];
  meetings: {
    id: number;
    heldOn: string;
    place: string;
    attendees: string;
    minutesDocumentId: number | null;
    createdBy: string;
  }[];
  pin: typeof rolloutPin.$inferSelect | null;
  readiness: Readiness | null;
  unplacedBuildings: number;
  requiredConsultees: string[];
}

export async function getSectorRollout({
  db,
  actor,
  sectorId,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  today?: string;
}): Promise<SectorRollout> {
  const row = await sectorFor(db, actor, 'rollout.read', sectorId);
  const { facts, settings, ticks, positions, unplaced } = await sectorFacts(
    db,
    actor.programmeId,
    sectorId,
    today,
  );
  const nextStage = nextDecidedStage(row.stage);
  const [history, meetings, pins] = await Promise.all([
    db
      .select()
      .from(sectorStageEvent)
      .where(eq(sectorStageEvent.sectorId, sectorId))
      .orderBy(desc(sectorStageEvent.decidedOn), desc(sectorStageEvent.id)),
    db
      .select({
        id: consultationMeeting.id,
        heldOn: consultationMeeting.heldOn,
        place: consultationMeeting.place,
        attendees: consultationMeeting.attendees,
        minutesDocumentId: consultationMeeting.minutesDocumentId,
        createdBy: consultationMeeting.createdBy,
      })
      .from(consultationMeeting)
      .where(eq(consultationMeeting.sectorId, sectorId))
      .orderBy(desc(consultationMeeting.heldOn)),
    db.select().from(rolloutPin).where(eq(rolloutPin.sectorId, sectorId)),
  ]);
  return {
    sector: { id: row.id, code: row.code, name: row.name, stage: row.stage },
    history,
    next: nextStage ? checklistState(checklistOn(today), nextStage, facts) : null,
    backTo: (Object.entries(backwardStages) as [RolloutStage, RolloutStage[]][])
      .filter(([, froms]) => froms.includes(row.stage))
      .map(([to]) => to),
    ticks,
    positions,
    meetings,
    pin: pins[0] ?? null,
    readiness: facts.readiness,
    unplacedBuildings: unplaced,
    requiredConsultees: settings.requiredConsultees,
  };
}
