// Impact: the programme's indicators (computed from every module's records), the household funnel and profiles,
// reports (bilans) with testimonies, the before/after questionnaire, exports and open data — everything that leaves
// the coordinator's desk under statistical secrecy (platform/secrecy).

export { barChart, chartColours, funnelChart, lineChart, profileComparison } from './charts.ts';
export { exportFileName, exportHeader, publicationXlsx, sheetName, tableCsv } from './exports.ts';
export { type HeadlineFigure, headlineFigures } from './headline-figures.ts';
export {
  chartFor,
  type IndicatorChartOptions,
  profileLabels,
  profilesChart,
  profilesTable,
} from './indicator-charts.ts';
export { getIndicators, loadIndicators } from './indicators.ts';
export { type ImpactFilter, type ImpactTableId, type Indicators, impactTableIds } from './model.ts';
export {
  buildOpenData,
  type OpenData,
  type OpenDataField,
  type OpenDataOptions,
  type OpenDataProgramme,
  type OpenDataRow,
  openDataCsv,
  openDataFields,
  openDataFileName,
  openDataInfo,
  openDataProgramme,
  openDataSchema,
  openDataSchemaFileName,
  secretMark,
} from './open-data.ts';
export {
  eraseImpactPersonalData,
  impactPersonalData,
} from './personal-data/household-impact-personal-data.ts';
export { funnelSteps, type ProfileAttribute, profileAttributes } from './queries.ts';
export {
  getHouseholdQuestionnaire,
  type HouseholdQuestionnaire,
} from './questionnaire-responses/get-household-questionnaire.ts';
export { type QuestionnaireDue, questionnairesDue } from './questionnaire-responses/questionnaires-due.ts';
export {
  questionnairesDueCsv,
  questionnairesDueCsvColumns,
} from './questionnaire-responses/questionnaires-due-csv.ts';
export {
  type RecordQuestionnaireResult,
  recordQuestionnaire,
} from './questionnaire-responses/record-questionnaire.ts';
export { nextQuestionnaire, questionnaireTiming } from './questionnaire-responses/timing.ts';
export {
  type AnsweredMoments,
  afterDueFrom,
  afterMonths,
  momentLabels,
  QuestionnaireInput,
  type QuestionnaireInputValue,
  type QuestionnaireRefusal,
  type QuestionnaireRefused,
  questionnaireMoments,
} from './questionnaire-responses/values.ts';
export {
  answersSchema,
  type Question,
  type QuestionnaireIndicator,
  type QuestionnaireVersion,
  questionnaireChanges,
  questionnaireOn,
  questionnaireVersion,
  questionnaireVersions,
} from './questionnaires.ts';
export { type CreateReportResult, createReport } from './reports/create-report.ts';
export { getReport, managesReports, type ReportRecord, type ReportStatus } from './reports/get-report.ts';
export { listReports, type ReportListItem } from './reports/list-reports.ts';
export { type PublishReportResult, publishReport } from './reports/publish-report.ts';
export { type AreaChoices, areaText, reportAreaChoices } from './reports/report-areas.ts';
export {
  getReportContent,
  headlineSentences,
  periodText,
  previewReportContent,
  type ReportChapter,
  type ReportContent,
  type ReportTestimony,
  reportTestimonyChoices,
  type TestimonyChoice,
} from './reports/report-content.ts';
export { renderReportPdf, reportFileName, reportPdf } from './reports/report-pdf.ts';
export { type UpdateReportResult, updateReport } from './reports/update-report.ts';
export {
  NewReportInput,
  type NewReportInputValue,
  ReportChangeInput,
  type ReportChangeInputValue,
  type ReportRefusal,
  type ReportRefused,
  reportLimits,
  reportRefusalMessages,
} from './reports/values.ts';
export type { QuestionnaireMoment } from './schema.ts';
export {
  type ConsentForm,
  impactReport,
  impactSettings,
  questionnaireResponse,
  type ReportSection,
  type TestimonyAttribution,
  testimony,
} from './schema.ts';
export {
  defaultImpactSettings,
  type ImpactSettings,
  ImpactSettingsInput,
  loadImpactSettings,
  updateImpactSettings,
} from './settings.ts';
export { funnelLabels, funnelShares, stageLabel } from './tables.ts';
export { listOwnTestimonies } from './testimonies/list-own-testimonies.ts';
export { listTestimonies } from './testimonies/list-testimonies.ts';
export {
  loadPublishableTestimonies,
  type PublishableTestimony,
} from './testimonies/publishable-testimonies.ts';
export { type RecordTestimonyResult, recordTestimony } from './testimonies/record-testimony.ts';
export type { TestimonyRow } from './testimonies/select-testimonies.ts';
export {
  attributionLabels,
  attributionText,
  consentFormLabels,
  consentForms,
  maxQuoteLength,
  TestimonyInput,
  type TestimonyInputValue,
  type TestimonyRefusal,
  type TestimonyRefused,
  testimonyAttributions,
  testimonyRefusalMessages,
} from './testimonies/values.ts';
export { withdrawHouseholdTestimonies } from './testimonies/withdraw-household-testimonies.ts';
export { type WithdrawTestimonyResult, withdrawTestimony } from './testimonies/withdraw-testimony.ts';
