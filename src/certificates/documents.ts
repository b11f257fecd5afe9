// What a certificate becomes outside Palier: its printable PDF, its signed Open Badges 3.0 credential, the status of
// that credential, and the published keys anyone verifies it with.
import { eq } from 'drizzle-orm';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { certificateByCode, getCertificate } from './certificates.ts';
import {
  type CredentialStatusDocument,
  credentialId,
  credentialStatusDocument,
  issuerDid,
  openBadgeCredential,
  signCredential,
  signingKeyFor,
} from './credential.ts';
import { certificatePdf } from './documents/certificate.ts';
import { certificateLevel } from './schema.ts';

/** The certificate to print (the holder's household, the issuing facility, the coordinator). */
export async function certificateDocument({
  db,
  actor,
  certificateId,
  baseUrl,
}: {
  db: DbOrTx;
  actor: Actor;
  certificateId: number;
  baseUrl: string;
}): Promise<Buffer> {
  const cert = await getCertificate({ db, actor, certificateId });
  return certificatePdf({
    code: cert.code,
    holderName: cert.holderName,
    levelTitle: cert.levelTitle,
    frameworkLabel: cert.frameworkLabel,
    competencies: cert.competencies,
    issuerName: cert.issuerName,
    programmeName: cert.programmeName,
    issuedOn: cert.issuedOn,
    // The public verification page, which is also the credential's id: one address for the QR and the badge.
    verifyUrl: credentialId(baseUrl, cert.code),
    revoked: cert.revokedAt ? { on: localDate(cert.revokedAt), reason: cert.revokeReason ?? '' } : null,
  });
}

/** The signed credential (a VC-JWT) the holder keeps in a wallet or sends to an employer. */
export async function certificateCredential({
  db,
  actor,
  certificateId,
  baseUrl,
  configuredJwk,
}: {
  db: DbOrTx;
  actor: Actor;
  certificateId: number;
  baseUrl: string;
  configuredJwk: string | null;
}): Promise<string> {
  const cert = await getCertificate({ db, actor, certificateId });
  const [level] = await db
    .select({ description: certificateLevel.description })
    .from(certificateLevel)
    .where(eq(certificateLevel.id, cert.levelId));
  const credential = openBadgeCredential(
    { ...cert, levelDescription: level?.description ?? null },
    { baseUrl },
  );
  const key = await signingKeyFor({ db, configuredJwk });
  return signCredential({ credential, key, did: issuerDid(baseUrl) });
}

/** The public status of a credential (revoked or not), by its code; null for an unknown code. */
export async function credentialStatus({
  db,
  code,
  baseUrl,
}: {
  db: DbOrTx;
  code: string;
  baseUrl: string;
}): Promise<CredentialStatusDocument | null> {
  const cert = await certificateByCode(db, code);
  return cert ? credentialStatusDocument(cert, { baseUrl }) : null;
}
