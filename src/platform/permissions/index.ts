// The one place that says who may do what: every read and write of personal data asks `can`.
import type { Claims, HouseholdReach } from '../claims/index.ts';
export const roles = [
  'admin',
  'coordinator',
  'landlord_officer',
  'operator_agent',
  'facilitator',
  'recycling_agent',
  'adviser',
  'tenant_rep',
  'resident',
] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'territory.read',
  'territory.write',
  'dwelling.read',
  'household.read',
  'household.create',
  'household.write',
  'household.profile.read',
  'household.profile.write',
  'partner.manage',
  'token.manage',
  'audit.read',
  'vote.read',
  'vote.create',
  'vote.conduct',
  'vote.certify',
  'service.read',
  'service.manage',
  'charges.read',
  'charges.run',
  'activation.read',
  'activation.request',
  'activation.operate',
  'activation.install',
  'equipment.read',
  'equipment.stock',
  'equipment.reserve',
  'equipment.sell',
  'equipment.stats',
  'facility.manage',
  'workshop.read',
  'workshop.manage',
  'workshop.register',
  'workshop.attendance',
  'workshop.stats',
  'notification.read',
  'notification.handle',
  'competency.validate',
  'certificate.read',
  'certificate.issue',
  'certificate.revoke',
  'advice.read',
  'advice.write',
  'advice.stats',
  'office.manage',
  'appointment.book',
  'sheet.write',
  'sheet.publish',
  'rollout.read',
  'rollout.manage',
  'agreement.read',
  'agreement.manage',
  'subsidy.read',
  'subsidy.manage',
  'committee.read',
  'committee.manage',
  'committee.follow',
  'impact.read',
  'impact.manage',
  'testimony.record',
  'questionnaire.record',
  'personal_data.export',
  'personal_data.erase',
  'retention.read',
  'retention.manage',
] as const;
export type Action = (typeof actions)[number];

/**
 * How far a permission reaches: the whole programme, the sectors the actor's organisation serves, what the
 * actor's own organisation runs (a facility's courses and participants), or one household.
 */
export type Scope = 'programme' | 'sectors' | 'organisation' | 'household';

const P = 'programme' as const;
const S = 'sectors' as const;
const H = 'household' as const;
const O = 'organisation' as const;

/**
 * The permission matrix. A role absent from an action cannot do it at all. Social profile data (benefits,
 * single parent…) is seen only by those who record it with the resident, never by the landlord or the operator.
 */
/*
 * Impact: everyone on staff reads the figures of the sectors they serve (`impact.read`), always aggregated and under
 * statistical secrecy; only the coordinator sees the raw figures at their desk, writes and publishes reports and sets
 * the secrecy threshold (`impact.manage`). Testimonies are recorded by those who meet residents (facilities,
 * associations: their own, `organisation` scope); the before/after questionnaire by the facilities with the households
 * of their sectors, or by residents for their own household.
 *
 * Roll-out and coordination: the coordinator plans the roll-out (stages, consultation, calendar) and keeps the
 * coordination records; partners read the roll-out of the sectors they serve (the landlord, all of them), their own
 * agreements and subsidies (`organisation` scope), and the steering committee's decisions; the owner of a follow-up
 * action updates where it stands (`committee.follow`).
 *
 * Advice: a case and its documents belong to the consumer association holding it (`organisation` scope) — no other
 * organisation, not the city nor the landlord, ever reads them; the city and the landlord see anonymous counts only
 * (`advice.stats`, with statistical secrecy).
 *
 * Certificates: facilitators validate competencies they observed and issue certificates for their own facility
 * (`organisation` scope; issuing also needs the coordinator's authorisation of the facility, a row, or the programme's
 * automatic issuing); the coordinator authorises issuers, reads and revokes any certificate; residents read theirs.
 * Anyone may verify a code on the public page, which shows the certificate and nothing else about the person.
 *
 * Workshops: facilities run courses (`workshop.manage`), register people and take the roll call for their own
 * courses only (`organisation` scope: a facility sees only its participants); everyone on staff may read the
 * programme of courses (no names), the coordinator sees figures (`workshop.stats`) and manages the facility
 * records with their partners. Residents register members of their own household. The outbox
 * (`notification.*`) names people: each facility sees and works its own call list; the administrator watches
 * delivery for the programme.
 *
 * Equipment: the recycling centre keeps its stock (`equipment.stock`), sells and hands over (`equipment.sell`) and
 * sees the households it sells to; facilities reserve for households of their sectors and see those reservations;
 * the coordinator sees stock and flow figures only.
 *
 * Access: `service.*` is the sectors' collective service and its tariffs; `charges.*` the monthly charges file
 * (lines name dwellings and households: the landlord's, and the coordinator's to check); `activation.*` the requests
 * to be connected — the operator sees only those of its sectors, and only what the appointment needs.
 *
 * Residents' rights (GDPR art. 15–21): the coordinator, for the city that runs the programme, produces a person's
 * data (`personal_data.export`, logged), erases it on request (`personal_data.erase`) and sets how long each kind of
 * data is kept (`retention.manage`); the administrator reads the retention settings and runs.
 *
 * Tenant votes: `vote.read` sees counts, turnout and results; `vote.conduct` (the landlord's vote officers) prints
 * letters with their codes, reissues codes, enters ballots and alone sees individual choices; `vote.certify` signs
 * the result.
 */
export const permissionMatrix: Record<Role, Partial<Record<Action, Scope>>> = {
  admin: {
    'territory.read': P,
    'territory.write': P,
    'dwelling.read': P,
    'household.read': P,
    'partner.manage': P,
    'token.manage': P,
    'audit.read': P,
    'vote.read': P,
    'service.read': P,
    'facility.manage': P,
    'workshop.read': P,
    'notification.read': P,
    'certificate.read': P,
    'rollout.read': P,
    'agreement.read': P,
    'committee.read': P,
    'impact.read': P,
    'retention.read': P,
  },
  coordinator: {
    'territory.read': P,
    'territory.write': P,
    'dwelling.read': P,
    'household.read': P,
    'partner.manage': P,
    'audit.read': P,
    'vote.read': P,
    'vote.create': P,
    'service.read': P,
    'service.manage': P,
    'charges.read': P,
    'activation.read': P,
    'equipment.stats': P,
    'facility.manage': P,
    'workshop.read': P,
    'workshop.stats': P,
    'certificate.read': P,
    'certificate.revoke': P,
    'advice.stats': P,
    'sheet.write': P,
    'sheet.publish': P,
    'rollout.read': P,
    'rollout.manage': P,
    'agreement.read': P,
    'agreement.manage': P,
    'subsidy.read': P,
    'subsidy.manage': P,
    'committee.read': P,
    'committee.manage': P,
    'committee.follow': P,
    'impact.read': P,
    'impact.manage': P,
    'testimony.record': P,
    'questionnaire.record': P,
    'personal_data.export': P,
    'personal_data.erase': P,
    'retention.read': P,
    'retention.manage': P,
  },
  landlord_officer: {
    'territory.read': P,
    'territory.write': P,
    'dwelling.read': P,
    'household.read': P,
    'household.create': P,
    'household.write': P,
    'vote.read': P,
    'vote.create': P,
    'vote.conduct': P,
    'vote.certify': P,
    'service.read': P,
    'service.manage': P,
    'charges.read': P,
    'charges.run': P,
    'activation.read': P,
    'activation.request': P,
    'advice.stats': P,
    'rollout.read': P,
    'agreement.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': P,
  },
  operator_agent: {
    'territory.read': S,
    'dwelling.read': S,
    'vote.read': S,
    'service.read': S,
    'activation.read': S,
    'activation.operate': S,
    'rollout.read': S,
    'agreement.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': S,
  },
  facilitator: {
    'territory.read': P,
    'dwelling.read': S,
    'household.read': S,
    'household.write': S,
    'household.profile.read': S,
    'household.profile.write': S,
    'vote.read': S,
    'service.read': S,
    'activation.read': S,
    'activation.request': S,
    'activation.install': S,
    'equipment.read': S,
    'equipment.reserve': S,
    'facility.manage': O,
    'workshop.read': P,
    'workshop.manage': O,
    'workshop.register': O,
    'workshop.attendance': O,
    'notification.read': O,
    'notification.handle': O,
    'competency.validate': O,
    'certificate.read': O,
    'certificate.issue': O,
    'rollout.read': S,
    'agreement.read': O,
    'subsidy.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': S,
    'testimony.record': O,
    'questionnaire.record': S,
  },
  recycling_agent: {
    'territory.read': P,
    'equipment.read': P,
    'equipment.stock': P,
    'equipment.reserve': P,
    'equipment.sell': P,
    'equipment.stats': P,
    'agreement.read': O,
    'subsidy.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': P,
  },
  adviser: {
    'territory.read': P,
    'household.read': P,
    'workshop.read': P,
    'advice.read': O,
    'advice.write': O,
    'office.manage': O,
    'appointment.book': O,
    'notification.read': O,
    'notification.handle': O,
    'sheet.write': P,
    'rollout.read': S,
    'agreement.read': O,
    'subsidy.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': P,
    'testimony.record': O,
  },
  tenant_rep: {
    'territory.read': S,
    'vote.read': S,
    'service.read': S,
    'workshop.read': P,
    'sheet.write': S,
    'rollout.read': S,
    'agreement.read': O,
    'subsidy.read': O,
    'committee.read': P,
    'committee.follow': O,
    'impact.read': S,
  },
  resident: {
    'household.read': H,
    'household.write': H,
    'household.profile.read': H,
    'household.profile.write': H,
    'activation.read': H,
    'activation.request': H,
    'workshop.register': H,
    'certificate.read': H,
    'appointment.book': H,
    'questionnaire.record': H,
  },
};

export type Channel = 'web' | 'api' | 'cli';

export interface Actor {
  userId: string | null;
  label: string;
  role: Role;
  programmeId: number;
  organisationId: number | null;
  /** Sectors served by the actor's organisation (operator, facility, tenant association). */
  sectorIds: number[];
  householdId: number | null;
  ip: string | null;
  channel: Channel;
}

/** What a resource says about where it sits, so that scoped permissions can be checked. */
export interface ResourceScope {
  programmeId: number;
  sectorIds?: number[];
  /** The organisation that runs the resource (a facility's partner). */
  organisationId?: number | null;
  householdId?: number;
}

export function scopeOf(actor: Pick<Actor, 'role'>, action: Action): Scope | null {
  return permissionMatrix[actor.role]?.[action] ?? null;
}

export function can(actor: Actor, action: Action, resource: ResourceScope): boolean {
  if (resource.programmeId !== actor.programmeId) return false;
  const scope = scopeOf(actor, action);
  switch (scope) {
    case 'programme':
      return true;
    case 'sectors':
      return (resource.sectorIds ?? []).some((id) => actor.sectorIds.includes(id));
    case 'organisation':
      return resource.organisationId != null && resource.organisationId === actor.organisationId;
    case 'household':
      return resource.householdId !== undefined && resource.householdId === actor.householdId;
    default:
      return false;
  }
}

/** Can the actor do this anywhere in its programme (to show a menu entry, or before listing)? */
export function canAtAll(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return scopeOf(actor, action) !== null;
}

/**
 * The actions that show rows of personal data keyed by a household. In the database (the second wall, row-level
 * security), a role reaches the households of its widest scope over them: `organisation` scopes reach the programme
 * there — the application narrows them further — while `sectors` and `household` are enforced by PostgreSQL too.
 */
const householdActions: readonly Action[] = [
  'household.read',
  'household.write',
  'household.create',
  'household.profile.read',
  'household.profile.write',
  'vote.conduct',
  'charges.read',
  'charges.run',
  'activation.read',
  'activation.request',
  'activation.operate',
  'activation.install',
  'equipment.reserve',
  'equipment.sell',
  'workshop.register',
  'workshop.attendance',
  'notification.read',
  'notification.handle',
  'competency.validate',
  'certificate.read',
  'certificate.issue',
  'certificate.revoke',
  'advice.read',
  'advice.write',
  'appointment.book',
  'testimony.record',
  'questionnaire.record',
  'personal_data.export',
  'personal_data.erase',
];

export function householdReach(role: Role): HouseholdReach {
  const scopes = new Set(householdActions.map((action) => permissionMatrix[role][action]).filter(Boolean));
  if (scopes.has('programme') || scopes.has('organisation')) return 'programme';
  if (scopes.has('sectors')) return 'sectors';
  if (scopes.has('household')) return 'household';
  return 'none';
}

/** What PostgreSQL's policies are told about an actor, once per transaction. */
export function claimsFor(actor: Actor): Claims {
  return {
    programmeId: actor.programmeId,
    role: actor.role,
    organisationId: actor.organisationId,
    sectorIds: actor.sectorIds,
    householdId: actor.householdId,
    reach: householdReach(actor.role),
    actions: Object.keys(permissionMatrix[actor.role]),
  };
}

export class ForbiddenError extends Error {
  readonly action: Action | string;
  constructor(action: Action | string) {
    super(`forbidden: ${action}`);
    this.action = action;
  }
}

export class NotFoundError extends Error {
  readonly entity: string;
  constructor(entity: string) {
    super(`not found: ${entity}`);
    this.entity = entity;
  }
}

export function assertCan(actor: Actor, action: Action, resource: ResourceScope): void {
  if (!can(actor, action, resource)) throw new ForbiddenError(action);
}

export function assertCanAtAll(actor: Actor, action: Action): Scope {
  const scope = scopeOf(actor, action);
  if (!scope) throw new ForbiddenError(action);
  return scope;
}

/** The actor used by the command line: an administrator of the programme, named as such in the audit trail. */
export function cliActor(programmeId: number, label = 'palier CLI'): Actor {
  return {
    userId: null,
    label,
    role: 'admin',
    programmeId,
    organisationId: null,
    sectorIds: [],
    householdId: null,
    ip: null,
    channel: 'cli',
  };
}
