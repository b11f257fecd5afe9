// Access: the sectors' collective service and tariffs, the monthly charges, and households' activation requests.
export {
  contactNotShared,
  getActivationRequest,
  type InstallOutcome,
  type InstallVisitResult,
  installOutcomes,
  listActivationRequests,
  type OperatorRequestView,
  recordActivationEvent,
  recordInstallOutcome,
  requestActivation,
  type StaffRequestView,
  scheduleInstallVisit,
} from './activations.ts';
export {
  addAdjustment,
  type ChargeSummary,
  chargeCsvColumns,
  chargeSummary,
  chargesCsv,
  closeCharges,
  listChargeLines,
  listChargeMonths,
  runCharges,
} from './charges.ts';
export { householdAccess, openServiceHome } from './household-access.ts';
export {
  accessPersonalData,
  accessWorkInProgress,
  eraseAccessPersonalData,
} from './household-access-personal-data.ts';
export { type AccessRefusal, accessRefusalMessage } from './refusals.ts';
export {
  appointmentSlots,
  chargeFor,
  defaultLateness,
  failureReasons,
  type LatenessSettings,
  lateness,
  monthStart,
  nextStatus,
  tariffOn,
} from './rules.ts';
export {
  type ActivationStatus,
  activationEvent,
  activationRequest,
  activationStatuses,
  chargeLine,
  chargeMonth,
  sectorService,
  tariff,
} from './schema.ts';
export { addTariff, closeService, listServices, openService } from './services.ts';
export { ActivationEventInput, Adjustment, Month, NewService, NewTariff, SignUp } from './values.ts';
