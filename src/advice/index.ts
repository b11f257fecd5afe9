// Advice: consumer associations' cases on operator contracts — private to the association; documents, letters,
// anonymous counts for the city and the landlord.
export {
  addEntry,
  caseScope,
  getCase,
  listCases,
  type OpenCaseResult,
  openCase,
  setCaseStatus,
} from './cases.ts';
export {
  addDocument,
  type DocumentMediaType,
  type DocumentRefusal,
  type DocumentSummary,
  documentHeaders,
  documentMediaTypes,
  documentRefusalMessage,
  getDocument,
  inspectUpload,
  listDocuments,
  maxDocumentBytes,
} from './documents.ts';
export {
  checkTemplate,
  defaultTemplates,
  type GenerateLetterResult,
  generateLetter,
  type LetterField,
  type LetterRefusal,
  type LetterRefused,
  LetterTemplateInput,
  type LetterTemplateInputValue,
  type LetterTemplateRow,
  letterFieldNames,
  letterFields,
  letterPdf,
  listLetters,
  listTemplates,
  recipientLimits,
  renderTemplate,
  saveTemplate,
  seedTemplates,
  unknownFieldsMessage,
} from './letters.ts';
export { listOperatorChoices } from './operators.ts';
export { type AdviceRefusal, adviceRefusalMessage } from './refusals.ts';
export { nextStatusAllowed, secrecyThreshold, suppress } from './rules.ts';
export {
  type AdviceActionKind,
  type AdviceStatus,
  type AdviceTopic,
  adviceActionKinds,
  adviceCase,
  adviceDocument,
  adviceEntry,
  adviceLetter,
  adviceStatuses,
  adviceTopics,
  letterTemplate,
} from './schema.ts';
export { adviceStats } from './stats.ts';
