// The Visa Internet as a standard verifiable credential: an Open Badges 3.0 `OpenBadgeCredential` signed as a
// VC-JWT with the deployment's Ed25519 key, the key published in a did:web document and a JWKS, and the status
// document the credential points to.
//
// Choices a newcomer would question:
// - Issuer identity is `did:web:<host>` of PALIER_BASE_URL, so any verifier finds the keys at
//   `<base>/.well-known/did.json` without trusting Palier's own verification page.
// - The JWT payload carries the credential twice, identical: its members at the top level (Open Badges 3.0 on
//   VC Data Model 2.0, and VC-JOSE-COSE: "the payload is the credential") and in the `vc` claim (VC Data Model
//   1.1 VC-JWT, which older Open Badges 3.0 verifiers and did-jwt-vc read). The registered claims repeat the
//   credential: `iss` = issuer.id, `jti` = id, `nbf` = `iat` = validFrom (so signing twice gives the same JWT).
//   There is no `sub`: the holder has no identifier of their own (no DID, no account), only their name.
// - did-jwt-vc checks the signature against the DID document, `iss` and the dates; its data-model check knows
//   only the VC 1.1 context, so verifiers using it skip that check (`policies: { format: false }`) for this VC 2.0
//   credential, as our test does.
// - The header `kid` is the DID URL of the key (`did:web:…#<RFC 7638 thumbprint>`), and the JWKS uses the same
//   string as `kid`, so a verifier matches the header with either the DID document or the JWKS.
// - The key: PALIER_CREDENTIAL_KEY when set (kept out of the database); otherwise one generated at first use and
//   kept in `signing_key`. The newest signs; every key stays published so older credentials still verify.
// - validFrom is midnight in Paris of the day printed on the certificate (issuedOn), with its offset.
// - The status URL serves whether and since when a certificate is revoked, in the 1EdTech Revocation List shape
//   too; never the coordinator's reason, free text about a person.
import { TZDate } from '@date-fns/tz';
import { desc, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { programmeTimeZone } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type certificate, signingKey } from './schema.ts';

/** A public Ed25519 key as a JWK (never with `d`). */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export interface SigningKey {
  /** The key's RFC 7638 thumbprint. */
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

const publicPart = (jwk: JWK): PublicJwk => {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new Error('The credential signing key must be an Ed25519 key (JWK with kty "OKP", crv "Ed25519")');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
};

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const publicJwk = publicPart(jwk);
  const privateKey = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
  return { kid: await calculateJwkThumbprint(publicJwk), privateKey: privateKey as CryptoKey, publicJwk };
}

const storedKeys = (db: DbOrTx) =>
  db.select().from(signingKey).orderBy(desc(signingKey.createdAt), desc(signingKey.kid));

/**
 * The key that signs credentials now: the configured one (PALIER_CREDENTIAL_KEY) when set, otherwise the newest
 * stored one, generated and stored at first use. Concurrent first uses wait on one lock and share one key.
 */
export async function signingKeyFor({
  db,
  configuredJwk,
}: {
  db: DbOrTx;
  configuredJwk: string | null;
}): Promise<SigningKey> {
  if (configuredJwk) return fromPrivateJwk(JSON.parse(configuredJwk) as JWK);
  const [newest] = await storedKeys(db).limit(1);
  if (newest) return fromPrivateJwk(newest.privateJwk);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('credential_signing_key'))`);
    const [created] = await storedKeys(tx).limit(1);
    if (created) return fromPrivateJwk(created.privateJwk);
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    const key = await fromPrivateJwk(privateJwk);
    await tx.insert(signingKey).values({
      kid: key.kid,
      publicJwk: { ...key.publicJwk },
      privateJwk: privateJwk as Record<string, string>,
    });
    return key;
  });
}

/** Every key a verifier may meet: the one signing now first, then the stored ones, newest first. */
async function publishedKeys(options: { db: DbOrTx; configuredJwk: string | null }) {
  const active = await signingKeyFor(options);
  const keys = new Map<string, PublicJwk>([[active.kid, active.publicJwk]]);
  for (const row of await storedKeys(options.db)) {
    if (!keys.has(row.kid)) keys.set(row.kid, publicPart(row.publicJwk));
  }
  return [...keys].map(([kid, publicJwk]) => ({ kid, publicJwk }));
}

const trimmed = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** `did:web` of the deployment: host, port as `%3A<port>`, and a base path as `:`-separated segments. */
export function issuerDid(baseUrl: string): string {
  const url = new URL(baseUrl);
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => `:${encodeURIComponent(decodeURIComponent(segment))}`);
  return `did:web:${url.hostname}${url.port ? `%3A${url.port}` : ''}${segments.join('')}`;
}

/** Where did:web resolvers fetch the DID document: `/.well-known/did.json`, or `<path>/did.json` under a path. */
export function didDocumentUrl(baseUrl: string): string {
  const url = new URL(trimmed(baseUrl));
  return url.pathname === '/' || url.pathname === ''
    ? `${url.origin}/.well-known/did.json`
    : `${url.origin}${url.pathname}/did.json`;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: { id: string; type: 'JsonWebKey2020'; controller: string; publicKeyJwk: PublicJwk }[];
  assertionMethod: string[];
}

/** The issuer's DID document, listing every published key for assertions (signing credentials). */
export async function didDocument({
  db,
  baseUrl,
  configuredJwk,
}: {
  db: DbOrTx;
  baseUrl: string;
  configuredJwk: string | null;
}): Promise<DidDocument> {
  const did = issuerDid(baseUrl);
  const verificationMethod = (await publishedKeys({ db, configuredJwk })).map(({ kid, publicJwk }) => ({
    id: `${did}#${kid}`,
    type: 'JsonWebKey2020' as const,
    controller: did,
    publicKeyJwk: publicJwk,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod,
    assertionMethod: verificationMethod.map((method) => method.id),
  };
}

/** The same keys as a JWKS; `kid` is the key's DID URL, as in the credentials' JOSE header. */
export async function jwks({
  db,
  baseUrl,
  configuredJwk,
}: {
  db: DbOrTx;
  baseUrl: string;
  configuredJwk: string | null;
}): Promise<{ keys: (PublicJwk & { kid: string; alg: 'EdDSA'; use: 'sig' })[] }> {
  const did = issuerDid(baseUrl);
  const keys = await publishedKeys({ db, configuredJwk });
  return {
    keys: keys.map(({ kid, publicJwk }) => ({
      ...publicJwk,
      kid: `${did}#${kid}`,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
}

/** A certificate as the credential needs it: the issued row, its level's code and, if known, description. */
export type CredentialCertificate = typeof certificate.$inferSelect & {
  levelCode: string;
  levelDescription?: string | null;
};

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  validFrom: string;
  name: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    name: string;
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certificate';
      name: string;
      description: string;
      criteria: { narrative: string };
    };
  };
  credentialStatus: { id: string; type: '1EdTechRevocationList' };
}

export const credentialId = (baseUrl: string, code: string) => `${trimmed(baseUrl)}/verify/${code}`;
export const credentialStatusUrl = (baseUrl: string, code: string) =>
  `${trimmed(baseUrl)}/api/v1/public/certificates/${code}/status`;

/** Midnight in Paris of a calendar day, as an XML Schema dateTime with its offset. */
function parisMidnight(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new TZDate(y!, m! - 1, d!, 0, 0, 0, programmeTimeZone).toISOString().replace('.000', '');
}

/**
 * The Open Badges 3.0 credential of a certificate. It says only what the certificate prints: the holder's name
 * (no address, no household), the level, its competencies, the programme and the date.
 */
export function openBadgeCredential(
  cert: CredentialCertificate,
  { baseUrl }: { baseUrl: string },
): OpenBadgeCredential {
  const base = trimmed(baseUrl);
  const narrative = [
    'Un animateur ou une animatrice a vu la personne réussir ces compétences en atelier :',
    '',
    ...cert.competencies.map((c) => `- ${c.title} (${c.code}, ${c.area})`),
  ].join('\n');
  const description = [cert.levelDescription?.trim(), `Référentiel : ${cert.frameworkLabel}.`]
    .filter(Boolean)
    .join(' ');
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: credentialId(base, cert.code),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerDid(base), type: ['Profile'], name: cert.programmeName, url: base },
    validFrom: parisMidnight(cert.issuedOn),
    name: cert.levelTitle,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: cert.holderName,
      // Open Badges asks for an `id` or an `identifier`: the holder has no identifier but the printed name.
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: cert.holderName },
      ],
      achievement: {
        id: `${base}/competences#${encodeURIComponent(cert.levelCode)}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: cert.levelTitle,
        description,
        criteria: { narrative },
      },
    },
    credentialStatus: { id: credentialStatusUrl(base, cert.code), type: '1EdTechRevocationList' },
  };
}

/** The credential as a compact VC-JWT signed with `key` (see the header of this file for its claims). */
export async function signCredential({
  credential,
  key,
  did,
}: {
  credential: OpenBadgeCredential;
  key: SigningKey;
  did: string;
}): Promise<string> {
  if (credential.issuer.id !== did) throw new Error(`The credential's issuer is not ${did}`);
  const validFrom = Math.floor(Date.parse(credential.validFrom) / 1000);
  return new SignJWT({ ...credential, vc: credential })
    .setProtectedHeader({ alg: 'EdDSA', kid: `${did}#${key.kid}`, typ: 'JWT' })
    .setIssuer(did)
    .setJti(credential.id)
    .setNotBefore(validFrom)
    .setIssuedAt(validFrom)
    .sign(key.privateKey);
}

export interface CredentialStatusDocument {
  id: string;
  issuer: string;
  revoked: boolean;
  revokedAt?: string;
  /** Never filled by Palier: the coordinator's reason is free text about a person and stays in Palier. */
  reason?: string;
  /** The 1EdTech Revocation List shape the credential's `credentialStatus` announces. */
  revokedCredentials: { id: string; revoked: true; revocationReason?: string }[];
}

/** What the status URL serves: revoked or not, and since when (never why: see `reason`). */
export function credentialStatusDocument(
  cert: Pick<typeof certificate.$inferSelect, 'code' | 'revokedAt'>,
  { baseUrl }: { baseUrl: string },
): CredentialStatusDocument {
  const document: CredentialStatusDocument = {
    id: credentialStatusUrl(baseUrl, cert.code),
    issuer: issuerDid(baseUrl),
    revoked: cert.revokedAt !== null,
    revokedCredentials: [],
  };
  if (cert.revokedAt) {
    document.revokedAt = cert.revokedAt.toISOString();
    document.revokedCredentials.push({ id: credentialId(baseUrl, cert.code), revoked: true });
  }
  return document;
}
