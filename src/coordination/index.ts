// Coordination: partnership agreements (conventions) and their renewal alerts, subsidies to associations with their
// budget, the steering committee's meetings, decisions and follow-up actions, and the documents they carry.
export { type CommitSubsidyResult, commitSubsidy } from './commit-subsidy.ts';
export { type CreateAgreementResult, createAgreement } from './create-agreement.ts';
export {
  type AddDocumentResult,
  addAgreementDocument,
  attachMeetingMinutes,
  type DocumentSummary,
  getAgreementDocument,
  getMeetingMinutes,
  listAgreementDocuments,
  loadDocument,
  type StoredDocument,
  storeDocument,
  type Upload,
} from './documents.ts';
export { type AgreementDetail, getAgreement } from './get-agreement.ts';
export {
  type AgreementFilter,
  type AgreementRow,
  agreementPartners,
  listAgreements,
  listRenewalsDue,
  renewalStateLabel,
  renewalsCsv,
  renewalsCsvColumns,
} from './list-agreements.ts';
export {
  type ActionRow,
  actionOwners,
  getSteeringMeeting,
  listSteeringActions,
  listSteeringMeetings,
  type MeetingDetail,
  type MeetingSummary,
} from './list-steering.ts';
export {
  getSubsidy,
  listSubsidies,
  type SubsidyDetail,
  type SubsidyPaymentRow,
  type SubsidyRow,
  subsidyChoices,
} from './list-subsidies.ts';
export { type PlanSubsidyResult, planSubsidy, replanSubsidy } from './plan-subsidy.ts';
export { type RecordSubsidyPaymentResult, recordSubsidyPayment } from './record-subsidy-payment.ts';
export {
  type CoordinationRefusal,
  coordinationRefusalMessage,
  type Issue,
  type Refused as CoordinationRefused,
} from './refusals.ts';
export { type RenewAgreementResult, renewAgreement } from './renew-agreement.ts';
export {
  actionOverdue,
  alertFrom,
  type Budget,
  type BudgetFigures,
  budgetOf,
  checkPayment,
  daysBetween,
  needsRenewal,
  type RenewalState,
  remainingToPay,
  renewalStartsOn,
  renewalState,
  renewalStates,
  type SubsidyStage,
  subsidyStage,
  subsidyStages,
} from './rules.ts';
export {
  type ActionStatus,
  actionStatuses,
  agreement,
  agreementDocument,
  coordinationDocument,
  steeringAction,
  steeringDecision,
  steeringMeeting,
  subsidy,
  subsidyPayment,
} from './schema.ts';
export { associationKinds } from './scope.ts';
export { setActionStatus } from './set-action-status.ts';
export {
  addSteeringAction,
  addSteeringDecision,
  type CreateSteeringMeetingResult,
  createSteeringMeeting,
} from './steering-meetings.ts';
export { budgetCsvColumns, subsidyBudget, subsidyBudgetCsv } from './subsidy-budget.ts';
export { type TerminateAgreementResult, terminateAgreement } from './terminate-agreement.ts';
export { type UpdateAgreementResult, updateAgreement } from './update-agreement.ts';
export {
  ActionStatusInput,
  type ActionStatusInputValue,
  AgreementChange,
  AgreementChangeForm,
  type AgreementChangeValue,
  AgreementForm,
  AgreementInput,
  type AgreementInputValue,
  Cents,
  ChosenId,
  DecisionText,
  EuroSum,
  maxActions,
  maxCents,
  maxDecisions,
  RenewalForm,
  RenewalInput,
  type RenewalInputValue,
  SteeringActionInput,
  type SteeringActionInputValue,
  SteeringMeetingInput,
  type SteeringMeetingInputValue,
  SubsidyCommitForm,
  SubsidyCommitInput,
  type SubsidyCommitInputValue,
  SubsidyPaymentForm,
  SubsidyPaymentInput,
  type SubsidyPaymentInputValue,
  SubsidyPlanForm,
  SubsidyPlanInput,
  type SubsidyPlanInputValue,
  TerminationInput,
  type TerminationInputValue,
} from './values.ts';
