// Households: who lives where, their members, contact preferences, consents, profile and journey timeline.
export { addHouseholdMember } from './add-household-member.ts';
export {
  type ConsentPurpose,
  type ConsentState,
  consentState,
  consentWithdrawn,
  householdsWithdrawn,
} from './consent-state.ts';
export { type CreateHouseholdResult, createHousehold } from './create-household.ts';
export { endTenancy } from './end-tenancy.ts';
export { eraseHouseholdPersonalData } from './erase-household-personal-data.ts';
export { findHouseholdByReference } from './find-household-by-reference.ts';
export { getHousehold, type HouseholdDetail } from './get-household.ts';
export { type HouseholdPersonalData, householdPersonalData } from './household-personal-data.ts';
export { listDwellingTenancies } from './list-dwelling-tenancies.ts';
export { type HouseholdConsents, listHouseholdConsents } from './list-household-consents.ts';
export {
  type ConsentEffects,
  recordConsent,
  type WithdrawConsentResult,
  withdrawConsent,
} from './record-consent.ts';
export { MemberName, renameHouseholdMember } from './rename-household-member.ts';
export { consent, household, householdMember, tenancy } from './schema.ts';
export { householdResource, mayReadArchive } from './scope.ts';
export { searchHouseholds } from './search-households.ts';
export { startTenancy } from './start-tenancy.ts';
export { type HouseholdSeed, insertHouseholds } from './test-data.ts';
export type { TimelineEntry } from './timeline.ts';
export { updateHouseholdContact } from './update-household-contact.ts';
export { updateHouseholdProfile } from './update-household-profile.ts';
export {
  ageBandFor,
  ageBands,
  answers,
  ConsentInput,
  consentPurposes,
  consentSources,
  contactChannels,
  displayPhone,
  HouseholdContact,
  HouseholdMemberInput,
  HouseholdProfile,
  IsoDate,
  languages,
  NewHousehold,
  PhoneNumber,
} from './values.ts';
