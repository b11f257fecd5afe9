// Retention: how long each kind of data is kept (CNIL defaults, the programme's own durations), and the run that
// archives, erases and anonymises what has had its time — by hand, from the command line, or daily in the server.
export {
  hasArchive,
  householdKinds,
  isAccessLogAction,
  type KindDescription,
  kindDescriptions,
  type RetentionDefault,
  type RetentionKind,
  retentionDefaultsOn,
  retentionDefaultVersions,
  retentionKinds,
} from './defaults.ts';
export { listRetentionRuns, type RetentionRunRow } from './list-runs.ts';
export { addMonths, type Durations, type HouseholdFacts, householdStep } from './rules.ts';
export {
  type RetentionCounts,
  type RetentionProgress,
  type RetentionReport,
  type RetentionRunResult,
  retentionSystemActor,
  runRetention,
} from './run-retention.ts';
export { nextScheduledRun } from './schedule.ts';
export {
  getRetentionSettings,
  loadRetentionSettings,
  RetentionSettingInput,
  type RetentionSettings,
  RetentionSettingsInput,
  type RetentionSettingsInputValue,
  type RetentionSettingView,
  updateRetentionSettings,
} from './settings.ts';
export { countStepLabels, retentionCountsText } from './words.ts';
