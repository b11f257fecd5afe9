// Partners: programmes, partner organisations, their users and roles, and API tokens for their systems.
export { actorFor, findActiveUser, type StaffUser } from './actor.ts';
export { createApiToken, listApiTokens, revokeApiToken, userIdForApiToken } from './api-tokens.ts';
export {
  eraseHouseholdAccounts,
  type HouseholdAccount,
  householdAccounts,
  householdAccountsPersonalData,
} from './household-accounts.ts';
export {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  setOrganisationActive,
  setOrganisationSectors,
} from './organisations.ts';
export { ensureProgramme, findProgramme, listProgrammes } from './programmes.ts';
export { organisation, programme } from './schema.ts';
export {
  acceptInvitation,
  changeUserRole,
  createUser,
  findInvitation,
  invitationLifetimeDays,
  inviteUser,
  listUsers,
  setUserActive,
  type UserProblem,
} from './users.ts';
export {
  Email,
  NewOrganisation,
  type OrganisationKind,
  organisationKinds,
  Password,
  rolesByKind,
  UserInvite,
} from './values.ts';
