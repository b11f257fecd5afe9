// Erasure and anonymisation of a household across every module (GDPR art. 17), and the register that proves it.
export { type ErasureModules, type ErasureSummary, eraseHousehold } from './erase-household.ts';
export { type ErasureRow, erasureCountsText, listErasures, mayReadErasures } from './list-erasures.ts';
export { scrubDetails } from './scrub-audit-trail.ts';
export {
  alreadyErasedMessage,
  type ErasureCause,
  ErasureRequest,
  type ErasureRequestValue,
  erasureCauseLabels,
  erasureCauses,
  inProgressMessage,
  refineErasureRequest,
} from './values.ts';
export { householdWorkInProgress } from './work-in-progress.ts';
