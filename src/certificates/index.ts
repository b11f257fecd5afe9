// Certificates: the Visa Internet — competency frameworks, validations by facilitators, certificates issued with a
// verification code, verified by anyone, as a PDF and a signed Open Badges 3.0 credential; revocation.
export {
  type CertificateRow,
  certificateByCode,
  createVerifyLimiter,
  getCertificate,
  issueCertificate,
  issuingSettings,
  listCertificates,
  type PublicCertificate,
  publicView,
  revokeCertificate,
  setAutoIssue,
  setIssuer,
  type VerifyResult,
  verifyCertificate,
} from './certificates.ts';
export {
  type CredentialStatusDocument,
  credentialStatusDocument,
  didDocument,
  issuerDid,
  jwks,
  type OpenBadgeCredential,
  openBadgeCredential,
  signCredential,
  signingKeyFor,
} from './credential.ts';
export { certificateCredential, certificateDocument, credentialStatus } from './documents.ts';
export { frameworkSql, pim2026, pix2024, shippedFrameworks } from './frameworks.ts';
export {
  certificatesPersonalData,
  eraseCertificatesPersonalData,
  revokedOnRequest,
} from './household-certificates-personal-data.ts';
export type { IssueResult } from './issue.ts';
export { levelByCode, listFrameworks } from './list-frameworks.ts';
export { type CertificateRefusal, certificateRefusalMessage } from './refusals.ts';
export {
  codeAlphabet,
  isVerificationCode,
  levelReached,
  missingCompetencies,
  newVerificationCode,
  normaliseVerificationCode,
} from './rules.ts';
export {
  certificate,
  certificateIssuer,
  certificateLevel,
  competency,
  competencyFramework,
  signingKey,
  validation,
} from './schema.ts';
export { courseProgress, memberProgress, validateCompetency, withdrawValidation } from './validations.ts';
