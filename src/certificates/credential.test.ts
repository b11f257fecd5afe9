import { verifyCredential } from 'did-jwt-vc';
import { type DIDDocument, type DIDResolutionResult, Resolver } from 'did-resolver';
import { count } from 'drizzle-orm';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import type { Db } from '../platform/db/index.ts';
import {
  type CredentialCertificate,
  credentialStatusDocument,
  didDocument,
  didDocumentUrl,
  issuerDid,
  jwks,
  openBadgeCredential,
  type SigningKey,
  signCredential,
  signingKeyFor,
} from './credential.ts';
import { signingKey } from './schema.ts';

const baseUrl = 'https://palier.example.org';
const did = 'did:web:palier.example.org';

const cert: CredentialCertificate = {
  id: 1,
  programmeId: 1,
  householdId: 7,
  memberId: 9,
  levelId: 1,
  code: 'P-7K3M9QXZ',
  holderName: 'Aïcha Le Goff',
  levelTitle: 'Visa Internet — découverte',
  frameworkLabel: 'Palier Visa Internet (PIM) 2025',
  competencies: [
    { code: 'PIM-1.1', title: 'Allumer et éteindre un ordinateur', area: 'Prendre en main' },
    { code: 'PIM-3.1', title: 'Envoyer un courriel', area: 'Communiquer' },
  ],
  issuerOrganisationId: 3,
  issuerName: 'Centre social',
  programmeName: 'Internet pour tous à Brest',
  issuedOn: '2025-03-10',
  issuedBy: 'user-1',
  issuedAt: new Date('2025-03-10T14:00:00Z'),
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
  levelCode: 'visa-decouverte',
  levelDescription: 'Utiliser un ordinateur et les services d’Internet.',
};

let db: Db;
beforeAll(async () => {
  ({ db } = await testDatabase());
});
beforeEach(async () => {
  await db.delete(signingKey);
});

const storedKeyCount = async () => (await db.select({ n: count() }).from(signingKey))[0]!.n;

/** A did:web resolver answering from our own DID document, as if fetched from the deployment (no network). */
const resolverFor = (document: DIDDocument) =>
  new Resolver({
    web: async (requested): Promise<DIDResolutionResult> => ({
      didDocument: requested === document.id ? document : null,
      didDocumentMetadata: {},
      didResolutionMetadata:
        requested === document.id ? { contentType: 'application/did+json' } : { error: 'notFound' },
    }),
  });

/** did-jwt-vc checks the signature, the DID and the dates; its data-model check knows only VC 1.1 (see credential.ts). */
const verifyWithDidJwtVc = (jwt: string, document: DIDDocument) =>
  verifyCredential(jwt, resolverFor(document), {
    proofPurpose: 'assertionMethod',
    policies: { format: false },
  });

async function newPrivateJwk() {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return exportJWK(pair.privateKey);
}

/** Base64url text with one character changed, still valid base64url. */
const flipOne = (text: string, at: number) =>
  text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

describe('the signing key', () => {
  it('is made once at first use, even when first uses race, then reused', async () => {
    // Several rounds: without the lock, some round lets two of them insert a key.
    let keys: SigningKey[] = [];
    for (let round = 0; round < 5; round++) {
      await db.delete(signingKey);
      keys = await Promise.all(Array.from({ length: 6 }, () => signingKeyFor({ db, configuredJwk: null })));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
      expect(await storedKeyCount()).toBe(1);
    }
    expect((await signingKeyFor({ db, configuredJwk: null })).kid).toBe(keys[0]!.kid);
    expect(keys[0]!.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
  });

  it('works inside a caller’s transaction', async () => {
    const key = await db.transaction((tx) => signingKeyFor({ db: tx, configuredJwk: null }));
    expect((await signingKeyFor({ db, configuredJwk: null })).kid).toBe(key.kid);
  });

  it('is the configured one when PALIER_CREDENTIAL_KEY is set, and stored keys stay published', async () => {
    const stored = await signingKeyFor({ db, configuredJwk: null });
    const configuredJwk = JSON.stringify(await newPrivateJwk());
    const key = await signingKeyFor({ db, configuredJwk });
    expect(key.kid).not.toBe(stored.kid);
    expect(await storedKeyCount()).toBe(1);

    const document = await didDocument({ db, baseUrl, configuredJwk });
    expect(document.verificationMethod.map((m) => m.id)).toEqual([
      `${did}#${key.kid}`,
      `${did}#${stored.kid}`,
    ]);
    expect(document.assertionMethod).toEqual(document.verificationMethod.map((m) => m.id));
  });
});

describe('the published keys', () => {
  it.each([
    ['http://localhost:3000', 'did:web:localhost%3A3000', 'http://localhost:3000/.well-known/did.json'],
    [
      'https://palier.example.org',
      'did:web:palier.example.org',
      'https://palier.example.org/.well-known/did.json',
    ],
    [
      'https://palier.example.org/',
      'did:web:palier.example.org',
      'https://palier.example.org/.well-known/did.json',
    ],
    ['https://example.org/brest/', 'did:web:example.org:brest', 'https://example.org/brest/did.json'],
  ])('%s is known as %s, its document at %s', (url, expected, documentUrl) => {
    expect(issuerDid(url)).toBe(expected);
    expect(didDocumentUrl(url)).toBe(documentUrl);
  });

  it('the DID document and the JWKS publish the public key only, under the same kid', async () => {
    const key = await signingKeyFor({ db, configuredJwk: null });
    const document = await didDocument({ db, baseUrl, configuredJwk: null });
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [
        { id: `${did}#${key.kid}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: key.publicJwk },
      ],
      assertionMethod: [`${did}#${key.kid}`],
    });
    const set = await jwks({ db, baseUrl, configuredJwk: null });
    expect(set).toEqual({ keys: [{ ...key.publicJwk, kid: `${did}#${key.kid}`, alg: 'EdDSA', use: 'sig' }] });
    expect(JSON.stringify([document, set])).not.toMatch(/"d"/);
  });
});

describe('the credential', () => {
  it('has the Open Badges 3.0 required fields and only what the certificate prints', () => {
    const credential = openBadgeCredential(cert, { baseUrl: `${baseUrl}/` });
    expect(credential).toEqual({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: `${baseUrl}/verify/P-7K3M9QXZ`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: did, type: ['Profile'], name: 'Internet pour tous à Brest', url: baseUrl },
      validFrom: '2025-03-10T00:00:00+01:00',
      name: 'Visa Internet — découverte',
      credentialSubject: {
        type: ['AchievementSubject'],
        name: 'Aïcha Le Goff',
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Aïcha Le Goff' },
        ],
        achievement: {
          id: `${baseUrl}/competences#visa-decouverte`,
          type: ['Achievement'],
          achievementType: 'Certificate',
          name: 'Visa Internet — découverte',
          description: expect.stringContaining('Utiliser un ordinateur'),
          criteria: { narrative: expect.stringContaining('- Envoyer un courriel (PIM-3.1, Communiquer)') },
        },
      },
      credentialStatus: {
        id: `${baseUrl}/api/v1/public/certificates/P-7K3M9QXZ/status`,
        type: '1EdTechRevocationList',
      },
    });
    expect(JSON.stringify(credential)).not.toMatch(/householdId|memberId|L-0|rue/);
  });

  it('starts at midnight in Paris, summer time included', () => {
    expect(openBadgeCredential({ ...cert, issuedOn: '2025-07-01' }, { baseUrl }).validFrom).toBe(
      '2025-07-01T00:00:00+02:00',
    );
  });
});

describe('the signed credential', () => {
  let key: SigningKey;
  let jwt: string;
  let document: DIDDocument;
  const credential = openBadgeCredential(cert, { baseUrl });

  beforeEach(async () => {
    key = await signingKeyFor({ db, configuredJwk: null });
    jwt = await signCredential({ credential, key, did });
    document = (await didDocument({ db, baseUrl, configuredJwk: null })) as DIDDocument;
  });

  it('is a VC-JWT whose claims repeat the credential, carried at the top level and in `vc` alike', () => {
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', kid: `${did}#${key.kid}`, typ: 'JWT' });
    const { iss, jti, nbf, iat, vc, ...members } = decodeJwt(jwt);
    expect({ iss, jti, nbf, iat }).toEqual({
      iss: did,
      jti: credential.id,
      nbf: Date.parse('2025-03-10T00:00:00+01:00') / 1000,
      iat: Date.parse('2025-03-10T00:00:00+01:00') / 1000,
    });
    expect(vc).toEqual(credential);
    expect(members).toEqual(credential);
  });

  it('is verified by did-jwt-vc with our DID document, holder and level as issued', async () => {
    const verified = await verifyWithDidJwtVc(jwt, document);
    expect(verified.issuer).toBe(did);
    expect(verified.signer.id).toBe(`${did}#${key.kid}`);
    const vc = verified.verifiableCredential as unknown as typeof credential;
    expect(vc.credentialSubject.name).toBe('Aïcha Le Goff');
    expect(vc.credentialSubject.achievement.name).toBe('Visa Internet — découverte');
    expect(vc.credentialSubject.achievement.id).toBe(`${baseUrl}/competences#visa-decouverte`);
    expect(vc.issuer).toEqual(credential.issuer);
    expect(vc.id).toBe(credential.id);
  });

  it('fails did-jwt-vc’s own data-model check only because that check knows VC 1.1 alone', async () => {
    await expect(verifyCredential(jwt, resolverFor(document))).rejects.toThrow(
      /schema_error.*https:\/\/www\.w3\.org\/2018\/credentials\/v1/,
    );
  });

  it('is verified by jose against the JWKS', async () => {
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      createLocalJWKSet(await jwks({ db, baseUrl, configuredJwk: null })),
      {
        issuer: did,
        typ: 'JWT',
        algorithms: ['EdDSA'],
      },
    );
    expect(protectedHeader.kid).toBe(`${did}#${key.kid}`);
    expect(payload.vc).toEqual(credential);
  });

  it('fails when the payload is tampered with', async () => {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.credentialSubject.name = 'Aïcha Le Goft';
    claims.vc.credentialSubject.name = 'Aïcha Le Goft';
    const renamed = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(verifyWithDidJwtVc(renamed, document)).rejects.toThrow(/invalid_signature/);

    const flipped = [header, flipOne(payload, 40), signature].join('.');
    await expect(verifyWithDidJwtVc(flipped, document)).rejects.toThrow();
    const set = createLocalJWKSet(await jwks({ db, baseUrl, configuredJwk: null }));
    await expect(jwtVerify(renamed, set)).rejects.toThrow(/signature verification failed/);
    await expect(jwtVerify(flipped, set)).rejects.toThrow();
  });

  it('fails when signed with another key, even one claiming our kid', async () => {
    const privateJwk = await newPrivateJwk();
    const forger: SigningKey = {
      kid: key.kid,
      privateKey: (await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey,
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x! },
    };
    const forged = await signCredential({ credential, key: forger, did });
    await expect(verifyWithDidJwtVc(forged, document)).rejects.toThrow(/invalid_signature/);
    await expect(
      jwtVerify(forged, createLocalJWKSet(await jwks({ db, baseUrl, configuredJwk: null }))),
    ).rejects.toThrow(/signature verification failed/);
  });

  it('is refused for an issuer other than the DID signing it', async () => {
    await expect(signCredential({ credential, key, did: 'did:web:elsewhere.example' })).rejects.toThrow();
  });
});

describe('the status document', () => {
  it('says a live certificate is not revoked', () => {
    expect(credentialStatusDocument(cert, { baseUrl })).toEqual({
      id: `${baseUrl}/api/v1/public/certificates/P-7K3M9QXZ/status`,
      issuer: did,
      revoked: false,
      revokedCredentials: [],
    });
  });

  it('says since when a certificate is revoked, never why, also as a 1EdTech revocation list', () => {
    const revoked = {
      ...cert,
      revokedAt: new Date('2025-04-02T09:30:00Z'),
      revokeReason: 'Délivré par erreur',
    };
    const status = credentialStatusDocument(revoked, { baseUrl });
    expect(JSON.stringify(status)).not.toContain('erreur');
    expect(status).toEqual({
      id: `${baseUrl}/api/v1/public/certificates/P-7K3M9QXZ/status`,
      issuer: did,
      revoked: true,
      revokedAt: '2025-04-02T09:30:00.000Z',
      revokedCredentials: [{ id: `${baseUrl}/verify/P-7K3M9QXZ`, revoked: true }],
    });
  });
});
