import { describe, expect, it } from 'vitest';
import { type Action, type Actor, can, type ResourceScope, type Role } from './index.ts';

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  label: role,
  role,
  programmeId: 1,
  organisationId: 10,
  sectorIds: [5],
  householdId: role === 'resident' ? 42 : null,
  ip: null,
  channel: 'web',
  ...extra,
});

const inMySector: ResourceScope = { programmeId: 1, sectorIds: [5], householdId: 42 };
const elsewhere: ResourceScope = { programmeId: 1, sectorIds: [6], householdId: 43 };
const otherProgramme: ResourceScope = { programmeId: 2, sectorIds: [5], householdId: 42 };

describe('the permission matrix', () => {
  // role, action, in the actor's sector/household, elsewhere in the programme
  it.each<[Role, Action, boolean, boolean]>([
    ['coordinator', 'household.read', true, true],
    ['coordinator', 'household.profile.read', false, false],
    ['coordinator', 'partner.manage', true, true],
    ['coordinator', 'token.manage', false, false],
    ['admin', 'token.manage', true, true],
    ['admin', 'household.profile.read', false, false],
    ['landlord_officer', 'territory.write', true, true],
    ['landlord_officer', 'household.write', true, true],
    ['landlord_officer', 'household.profile.read', false, false],
    ['landlord_officer', 'partner.manage', false, false],
    ['operator_agent', 'dwelling.read', true, false],
    ['operator_agent', 'household.read', false, false],
    ['facilitator', 'household.read', true, false],
    ['facilitator', 'household.profile.write', true, false],
    ['facilitator', 'household.create', false, false],
    ['recycling_agent', 'household.read', false, false],
    ['recycling_agent', 'dwelling.read', false, false],
    ['adviser', 'household.read', true, true],
    ['adviser', 'household.write', false, false],
    ['tenant_rep', 'territory.read', true, false],
    ['tenant_rep', 'dwelling.read', false, false],
    ['tenant_rep', 'household.read', false, false],
    ['coordinator', 'rollout.manage', true, true],
    ['coordinator', 'impact.manage', true, true],
    ['coordinator', 'impact.read', true, true],
    ['landlord_officer', 'impact.read', true, true],
    ['landlord_officer', 'impact.manage', false, false],
    ['operator_agent', 'impact.read', true, false],
    ['tenant_rep', 'impact.read', true, false],
    ['facilitator', 'impact.manage', false, false],
    ['facilitator', 'questionnaire.record', true, false],
    ['adviser', 'questionnaire.record', false, false],
    ['resident', 'impact.read', false, false],
    ['resident', 'questionnaire.record', true, false],
    ['admin', 'impact.read', true, true],
    ['admin', 'impact.manage', false, false],
    ['landlord_officer', 'rollout.read', true, true],
    ['landlord_officer', 'rollout.manage', false, false],
    ['operator_agent', 'rollout.read', true, false],
    ['facilitator', 'rollout.read', true, false],
    ['tenant_rep', 'rollout.read', true, false],
    ['admin', 'rollout.manage', false, false],
    ['recycling_agent', 'rollout.read', false, false],
    ['resident', 'rollout.read', false, false],
    ['resident', 'household.read', true, false],
    ['resident', 'household.write', true, false],
    ['resident', 'territory.read', false, false],
    ['resident', 'audit.read', false, false],
    ['landlord_officer', 'vote.conduct', true, true],
    ['landlord_officer', 'vote.certify', true, true],
    ['coordinator', 'vote.create', true, true],
    ['coordinator', 'vote.conduct', false, false],
    ['coordinator', 'vote.certify', false, false],
    ['admin', 'vote.read', true, true],
    ['admin', 'vote.create', false, false],
    ['operator_agent', 'vote.read', true, false],
    ['tenant_rep', 'vote.read', true, false],
    ['tenant_rep', 'vote.conduct', false, false],
    ['facilitator', 'vote.read', true, false],
    ['recycling_agent', 'vote.read', false, false],
    ['adviser', 'vote.read', false, false],
    ['resident', 'vote.read', false, false],
    ['landlord_officer', 'charges.run', true, true],
    ['coordinator', 'charges.read', true, true],
    ['coordinator', 'charges.run', false, false],
    ['operator_agent', 'charges.read', false, false],
    ['operator_agent', 'activation.operate', true, false],
    ['operator_agent', 'activation.read', true, false],
    ['facilitator', 'activation.request', true, false],
    ['facilitator', 'activation.install', true, false],
    ['facilitator', 'activation.operate', false, false],
    ['resident', 'activation.request', true, false],
    ['resident', 'activation.read', true, false],
    ['tenant_rep', 'activation.read', false, false],
    ['tenant_rep', 'service.read', true, false],
    ['recycling_agent', 'service.read', false, false],
    ['landlord_officer', 'service.manage', true, true],
    ['admin', 'charges.read', false, false],
  ])('%s may %s: in scope %s, elsewhere %s', (role, action, inScope, outOfScope) => {
    expect(can(actor(role), action, inMySector)).toBe(inScope);
    expect(can(actor(role), action, elsewhere)).toBe(outOfScope);
  });

  it.each(['admin', 'coordinator', 'landlord_officer', 'facilitator', 'resident'] as Role[])(
    'a %s never reaches another programme',
    (role) => {
      for (const action of [
        'territory.read',
        'household.read',
        'household.write',
        'partner.manage',
      ] as Action[]) {
        expect(can(actor(role), action, otherProgramme)).toBe(false);
      }
    },
  );

  // Workshops: a facility's own courses and participants (organisation scope), a resident's own household.
  const ownFacility: ResourceScope = { programmeId: 1, organisationId: 10, householdId: 42 };
  const otherFacility: ResourceScope = { programmeId: 1, organisationId: 11, householdId: 43 };
  it.each<[Role, Action, boolean, boolean]>([
    ['facilitator', 'workshop.manage', true, false],
    ['coordinator', 'agreement.manage', true, true],
    ['coordinator', 'subsidy.manage', true, true],
    ['coordinator', 'committee.manage', true, true],
    ['admin', 'agreement.read', true, true],
    ['admin', 'subsidy.read', false, false],
    ['landlord_officer', 'agreement.read', true, false],
    ['landlord_officer', 'subsidy.read', false, false],
    ['landlord_officer', 'committee.read', true, true],
    ['landlord_officer', 'committee.follow', true, false],
    ['operator_agent', 'agreement.read', true, false],
    ['facilitator', 'subsidy.read', true, false],
    ['facilitator', 'agreement.manage', false, false],
    ['adviser', 'subsidy.read', true, false],
    ['tenant_rep', 'committee.manage', false, false],
    ['recycling_agent', 'committee.follow', true, false],
    ['resident', 'agreement.read', false, false],
    ['resident', 'committee.read', false, false],
    ['facilitator', 'workshop.register', true, false],
    ['facilitator', 'workshop.attendance', true, false],
    ['facilitator', 'notification.read', true, false],
    ['facilitator', 'notification.handle', true, false],
    ['facilitator', 'facility.manage', true, false],
    ['facilitator', 'workshop.read', true, true],
    ['facilitator', 'workshop.stats', false, false],
    ['coordinator', 'workshop.read', true, true],
    ['coordinator', 'workshop.stats', true, true],
    ['coordinator', 'facility.manage', true, true],
    ['coordinator', 'workshop.register', false, false],
    ['coordinator', 'workshop.attendance', false, false],
    ['coordinator', 'notification.read', false, false],
    ['admin', 'notification.read', true, true],
    ['admin', 'notification.handle', false, false],
    ['admin', 'workshop.register', false, false],
    ['landlord_officer', 'workshop.read', false, false],
    ['operator_agent', 'workshop.read', false, false],
    ['recycling_agent', 'workshop.register', false, false],
    ['resident', 'workshop.register', true, false],
    ['resident', 'workshop.manage', false, false],
    ['facilitator', 'competency.validate', true, false],
    ['facilitator', 'certificate.issue', true, false],
    ['facilitator', 'certificate.read', true, false],
    ['facilitator', 'certificate.revoke', false, false],
    ['coordinator', 'certificate.read', true, true],
    ['coordinator', 'certificate.revoke', true, true],
    ['coordinator', 'certificate.issue', false, false],
    ['coordinator', 'competency.validate', false, false],
    ['admin', 'certificate.read', true, true],
    ['landlord_officer', 'certificate.read', false, false],
    ['operator_agent', 'certificate.read', false, false],
    ['adviser', 'certificate.read', false, false],
    ['resident', 'certificate.read', true, false],
    ['resident', 'certificate.issue', false, false],
    ['adviser', 'advice.read', true, false],
    ['adviser', 'advice.write', true, false],
    ['adviser', 'advice.stats', false, false],
    ['coordinator', 'advice.read', false, false],
    ['coordinator', 'advice.stats', true, true],
    ['landlord_officer', 'advice.read', false, false],
    ['landlord_officer', 'advice.stats', true, true],
    ['operator_agent', 'advice.read', false, false],
    ['facilitator', 'advice.read', false, false],
    ['tenant_rep', 'advice.read', false, false],
    ['admin', 'advice.read', false, false],
    ['resident', 'advice.read', false, false],
  ])('%s may %s: own facility or household %s, another one %s', (role, action, own, other) => {
    expect(can(actor(role), action, ownFacility)).toBe(own);
    expect(can(actor(role), action, otherFacility)).toBe(other);
  });

  it('an actor of no organisation reaches nothing organisation-scoped', () => {
    expect(
      can(actor('facilitator', { organisationId: null }), 'workshop.manage', {
        programmeId: 1,
        organisationId: null,
      }),
    ).toBe(false);
  });

  it('an actor whose organisation serves no sector sees nothing sector-scoped', () => {
    expect(can(actor('operator_agent', { sectorIds: [] }), 'dwelling.read', inMySector)).toBe(false);
  });
});
