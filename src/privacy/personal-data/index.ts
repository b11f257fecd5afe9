// Access and portability (GDPR art. 15, 20): what Palier holds on a household, gathered from every module.
export { type ExportFormat, exportFileName, exportHouseholdData } from './export-household-data.ts';
export {
  type HistoryEvent,
  type PersonalDataDocument,
  type PersonalDataModule,
  personalDataFormat,
  personalDataModules,
} from './gather-personal-data.ts';
export { getPersonalDataOverview, type PersonalDataOverview } from './get-personal-data-overview.ts';
export { personalDataPdf } from './personal-data-pdf.ts';
export { fieldLabels, readableDocument, readableValue } from './readable.ts';
export { householdIdByReference, type RightsSubject } from './rights-subject.ts';
export { type ModuleSummary, summarisePersonalData } from './summarise-personal-data.ts';
