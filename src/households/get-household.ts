import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan, can, NotFoundError } from '../platform/permissions/index.ts';
import { householdResource, mayReadArchive } from './scope.ts';
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
  // The access journey writes its steps on the household (src/access).
  'access.requested',
  'access.scheduled',
  'access.activated',
  'access.failed',
  'access.resent',
  'access.cancelled',
  'access.install_visit',
  // The equipment journey (src/equipment).
  'device.reserved',
  'device.reservation_cancelled',
  'device.paid',
  'device.handed_over',
  'device.ticket_opened',
  'device.ticket_closed',
  'device.waiting',
  'device.offered',
  // The workshops journey (src/workshops).
  'workshop.registered',
  'workshop.waiting',
  'workshop.promoted',
  'workshop.cancelled',
  'workshop.attended',
  'workshop.absent',
  'workshop.cycle_completed',
  'workshop.completion_withdrawn',
  'access.install_outcome',
  // The certificate journey (src/certificates).
  'competency.validated',
  'competency.withdrawn',
  'certificate.issued',
  'certificate.revoked',
  // Advice (src/advice): shown only to the household and to the association holding the case (below).
  'advice.case_opened',
  'advice.appointment_booked',
  'advice.appointment_cancelled',
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
  // One statement reads the whole record as JSON and writes the audit event of this read (a data-modifying CTE
  // always runs, in the statement's own transaction): one round trip instead of ten on the busiest staff page.
  const [row] = await db.execute<HouseholdJson>(sql`
    with audited as (
      insert into audit_event (programme_id, actor_user_id, actor_label, channel, action, entity_type, entity_id, ip)
      values (${actor.programmeId}, ${actor.userId}, ${actor.label}, ${actor.channel}, 'household.read', 'household',
              ${String(householdId)}, ${actor.ip})
      returning id
    )
    select
      (select count(*)::int from audited) as audited,
      (select json_build_object('id', h.id, 'reference', h.reference, 'phone', h.phone, 'email', h.email,
         'channels', h.channels, 'language', h.language, 'minimumBenefits', h.minimum_benefits,
         'singleParent', h.single_parent, 'livesAlone', h.lives_alone, 'firstTimeUser', h.first_time_user,
         'archivedAt', h.archived_at)
       from household h where h.id = ${householdId}
         -- An archived household (retention) is the coordinator's alone: for anyone else it does not exist.
         and (h.archived_at is null or ${mayReadArchive(actor)})
         -- An erased one names nobody and is shown nowhere but its « Données personnelles » page (src/privacy).
         and h.anonymised_at is null) as household,
      (select coalesce(json_agg(json_build_object('id', m.id, 'firstName', m.first_name, 'lastName', m.last_name,
         'birthYear', m.birth_year, 'ageBand', m.age_band, 'isReferencePerson', m.is_reference_person)
         order by m.is_reference_person desc, m.id), '[]')
       from household_member m where m.household_id = ${householdId}) as members,
      (select coalesce(json_agg(json_build_object('id', t.id, 'startDate', t.start_date, 'endDate', t.end_date,
         'dwellingId', d.id, 'landlordReference', d.landlord_reference, 'floor', d.floor, 'address', b.address,
         'postcode', b.postcode, 'city', b.city, 'buildingId', b.id, 'sectorId', s.id, 'sectorName', s.name)
         order by t.start_date desc), '[]')
       from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
       join sector s on s.id = d.sector_id where t.household_id = ${householdId}) as tenancies,
      (select coalesce(json_agg(json_build_object('id', c.id, 'purpose', c.purpose, 'givenOn', c.given_on,
         'source', c.source, 'withdrawnOn', c.withdrawn_on) order by c.given_on desc, c.id desc), '[]')
       from consent c where c.household_id = ${householdId}) as consents,
      (select coalesce(json_agg(json_build_object('at', e.occurred_at, 'action', e.action, 'by', e.actor_label,
         'details', coalesce(e.details, '{}'::jsonb)) order by e.id desc), '[]')
       from (select * from audit_event where entity_type = 'household' and entity_id = ${String(householdId)}
               and action in (${sql.join(
                 timelineActions.map((a) => sql`${a}`),
                 sql`, `,
               )})
             order by id desc limit 200) e) as history`);
  const { household: h, members, tenancies, consents, history } = row!;
  if (!h) throw new NotFoundError('household');
  // An advice case is the association's and the household's business: nobody else learns one exists.
  const visible = history.filter(
    (event) =>
      !event.action.startsWith('advice.') ||
      actor.role === 'resident' ||
      (actor.organisationId !== null && event.details.organisationId === actor.organisationId),
  );
  const timeline: TimelineEntry[] = visible.map((event) => ({
    at: new Date(event.at).toISOString(),
    kind: event.action,
    journey: event.action.startsWith('tenancy')
      ? 'housing'
      : event.action.startsWith('access.')
        ? 'access'
        : event.action.startsWith('device.')
          ? 'equipment'
          : event.action.startsWith('workshop.')
            ? 'workshops'
            : event.action.startsWith('competency.') || event.action.startsWith('certificate.')
              ? 'certificate'
              : event.action.startsWith('advice.')
                ? 'advice'
                : 'household',
    by: event.by,
    details: event.details,
  }));
  return {
    id: h.id,
    reference: h.reference,
    /** When the household was moved to the limited-access archive (retention), or null. */
    archivedAt: h.archivedAt,
    contact: { phone: h.phone, email: h.email, channels: h.channels, language: h.language },
    profile: showProfile
      ? {
          minimumBenefits: h.minimumBenefits,
          singleParent: h.singleParent,
          livesAlone: h.livesAlone,
          firstTimeUser: h.firstTimeUser,
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
}

interface HouseholdJson extends Record<string, unknown> {
  audited: number;
  household: {
    id: number;
    reference: string;
    phone: string | null;
    email: string | null;
    channels: string[];
    language: string;
    minimumBenefits: string;
    singleParent: string;
    livesAlone: string;
    firstTimeUser: string;
    archivedAt: string | null;
  } | null;
  members: {
    id: number;
    firstName: string;
    lastName: string;
    birthYear: number | null;
    ageBand: string;
    isReferencePerson: string;
  }[];
  tenancies: {
    id: number;
    startDate: string;
    endDate: string | null;
    dwellingId: number;
    landlordReference: string;
    floor: number | null;
    address: string;
    postcode: string;
    city: string;
    buildingId: number;
    sectorId: number;
    sectorName: string;
  }[];
  consents: { id: number; purpose: string; givenOn: string; source: string; withdrawnOn: string | null }[];
  history: { at: string; action: string; by: string; details: Record<string, unknown> }[];
}

export type HouseholdDetail = Awaited<ReturnType<typeof getHousehold>>;
