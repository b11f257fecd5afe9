import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { auditEvent, recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan, can } from '../platform/permissions/index.ts';
import { building, dwelling, sector } from '../territory/index.ts';
import { consent, household, householdMember, tenancy } from './schema.ts';
import { householdResource } from './scope.ts';
import type { TimelineEntry } from './timeline.ts';

/** Changes that appear on a household's timeline (reads are audited but are not part of its story). */
const timelineActions = [
  'household.created',
  'household.contact_updated',
  'household.profile_updated',
  'household.member_added',
  'tenancy.started',
  'tenancy.ended',
  'consent.given',
  'consent.withdrawn',
];

/**
 * Everything Palier holds on a household that the actor may see, in one read that is itself audited
 * (same transaction): dwelling and tenancy history, members, contact preferences, consents, profile, timeline.
 */
export async function getHousehold({
  db,
  actor,
  householdId,
}: {
  db: Db;
  actor: Actor;
  householdId: number;
}) {
  const resource = await householdResource(db, householdId);
  assertCan(actor, 'household.read', resource);
  const showProfile = can(actor, 'household.profile.read', resource);
  return db.transaction(async (tx) => {
    // Independent reads and the audit of this read, sent together on the transaction's connection (pipelined).
    const [[row], members, tenancies, consents, history] = await Promise.all([
      tx.select().from(household).where(eq(household.id, householdId)),
      tx
        .select({
          id: householdMember.id,
          firstName: householdMember.firstName,
          lastName: householdMember.lastName,
          birthYear: householdMember.birthYear,
          ageBand: householdMember.ageBand,
          isReferencePerson: householdMember.isReferencePerson,
        })
        .from(householdMember)
        .where(eq(householdMember.householdId, householdId))
        .orderBy(desc(householdMember.isReferencePerson), asc(householdMember.id)),
      tx
        .select({
          id: tenancy.id,
          startDate: tenancy.startDate,
          endDate: tenancy.endDate,
          dwellingId: dwelling.id,
          landlordReference: dwelling.landlordReference,
          floor: dwelling.floor,
          address: building.address,
          postcode: building.postcode,
          city: building.city,
          buildingId: building.id,
          sectorId: sector.id,
          sectorName: sector.name,
        })
        .from(tenancy)
        .innerJoin(dwelling, eq(dwelling.id, tenancy.dwellingId))
        .innerJoin(building, eq(building.id, dwelling.buildingId))
        .innerJoin(sector, eq(sector.id, dwelling.sectorId))
        .where(eq(tenancy.householdId, householdId))
        .orderBy(desc(tenancy.startDate)),
      tx
        .select()
        .from(consent)
        .where(eq(consent.householdId, householdId))
        .orderBy(desc(consent.givenOn), desc(consent.id)),
      tx
        .select({
          id: auditEvent.id,
          at: auditEvent.occurredAt,
          action: auditEvent.action,
          actorLabel: auditEvent.actorLabel,
          details: auditEvent.details,
        })
        .from(auditEvent)
        .where(
          and(
            eq(auditEvent.entityType, 'household'),
            eq(auditEvent.entityId, String(householdId)),
            inArray(auditEvent.action, timelineActions),
          ),
        )
        .orderBy(desc(auditEvent.id))
        .limit(200),
      recordAudit(tx, actor, {
        action: 'household.read',
        entityType: 'household',
        entityId: householdId,
      }),
    ]);

    const timeline: TimelineEntry[] = history.map((event) => ({
      at: event.at.toISOString(),
      kind: event.action,
      journey: event.action.startsWith('tenancy') ? 'housing' : 'household',
      by: event.actorLabel,
      details: event.details ?? {},
    }));
    const r = row!;
    return {
      id: r.id,
      reference: r.reference,
      contact: { phone: r.phone, email: r.email, channels: r.channels, language: r.language },
      profile: showProfile
        ? {
            minimumBenefits: r.minimumBenefits,
            singleParent: r.singleParent,
            livesAlone: r.livesAlone,
            firstTimeUser: r.firstTimeUser,
          }
        : null,
      members,
      tenancies,
      currentTenancy: tenancies.find((t) => t.endDate === null) ?? null,
      consents,
      timeline,
      permissions: {
        write: can(actor, 'household.write', resource),
        profileWrite: can(actor, 'household.profile.write', resource),
      },
    };
  });
}

export type HouseholdDetail = Awaited<ReturnType<typeof getHousehold>>;
