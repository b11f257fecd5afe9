// /api/v1 certificates (Visa Internet): the competency frameworks, validations by facilitators, certificates with
// their PDF and signed Open Badges 3.0 credential, revocation, issuing settings. /api/v1/public/certificates is the
// check anyone makes with a verification code, with no token.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  type CertificateRefusal,
  type CertificateRow,
  certificateCredential,
  certificateDocument,
  certificateRefusalMessage,
  courseProgress,
  credentialStatus,
  getCertificate,
  issueCertificate,
  issuingSettings,
  listCertificates,
  listFrameworks,
  memberProgress,
  revokeCertificate,
  setAutoIssue,
  setIssuer,
  validateCompetency,
  verifyCertificate,
  withdrawValidation,
} from '../certificates/index.ts';
import type { AttemptLimiter } from '../platform/auth/index.ts';
import { downloadResponse } from '../platform/http/index.ts';
import { CalendarDay, SingleLine } from '../platform/validation.ts';
import { apiRouter, Day, errorResponses, Id, Instant, json, PathId } from './context.ts';

const frameworkTags = ['Competency frameworks'];
const validationTags = ['Competency validations'];
const certificateTags = ['Certificates'];
const settingTags = ['Certificate issuing'];
const publicTags = ['Certificate verification'];

// ---- Schemas ----------------------------------------------------------------------------------------------------

const CertificateRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'level_not_reached' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    missing: z
      .array(z.string())
      .optional()
      .openapi({ description: '`level_not_reached`: the competencies still to validate, by code' }),
  })
  .openapi('CertificateRefusal');
const refusal = (description: string) => ({ 409: json(CertificateRefusalBody, description) });
const refused = (r: { reason: CertificateRefusal; field?: string; missing?: string[] }) => ({
  error: r.reason,
  message: certificateRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
  ...(r.missing ? { missing: r.missing } : {}),
});

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const file = (contentType: string, description: string) => ({
  200: { description, content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } } },
});

// The shared input pieces (platform/validation) are described with zod's own `.describe`: `.openapi` is not there
// on schemas built outside hono's zod under vitest.
const Reason = SingleLine(1, 500, 'Indiquez la raison').describe(
  'Why, in a few words (e.g. "Validée par erreur pour une autre personne")',
);
/** Free text on a few lines (what was seen, a note): line breaks and tabs, but no other control character (NUL). */
const Paragraph = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus`)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'Caractères non autorisés');

const Competency = z
  .object({
    id: z.number(),
    areaCode: z.string().openapi({ example: 'PIM-1' }),
    areaTitle: z.string(),
    code: z.string().openapi({ example: 'PIM-1.1' }),
    title: z.string(),
    observe: z.string().openapi({ description: 'What a facilitator observes to validate it' }),
    position: z.number(),
    pixRefs: z.array(z.string()).openapi({ description: 'Competencies of the Pix reference it leads to' }),
  })
  .openapi('Competency');
const CertificateLevel = z
  .object({
    id: z.number(),
    code: z.string().openapi({ example: 'visa-decouverte' }),
    title: z.string(),
    description: z.string(),
    required: z.array(z.string()).openapi({ description: 'Competency codes to validate, all of them' }),
  })
  .openapi('CertificateLevel');
const Framework = z
  .object({
    id: z.number(),
    code: z.string().openapi({ example: 'pim' }),
    version: z.string().openapi({ example: '2026.1' }),
    title: z.string(),
    description: z.string(),
    kind: z.enum(['certificate', 'reference']).openapi({
      description:
        '`certificate`: validated by facilitators and certified; `reference`: a public reference (Pix) they map to',
    }),
    publishedOn: Day,
    competencies: z.array(Competency),
    levels: z.array(CertificateLevel),
  })
  .openapi('CompetencyFramework');

const NewValidation = z
  .object({
    memberId: Id.openapi({ description: 'The household member who showed the competency' }),
    competencyId: Id.openapi({ description: 'A competency of a `certificate` framework' }),
    validatedOn: CalendarDay.describe('The day it was seen, in Paris (not in the future), e.g. 2027-01-12'),
    sessionId: Id.optional().openapi({
      description:
        'The workshop session where it was seen (your facility’s, held: started and not cancelled)',
    }),
    observation: Paragraph(500)
      .optional()
      .openapi({ description: 'What was seen, in words (outside a session, or in addition)' }),
    note: Paragraph(1000).optional(),
  })
  .openapi('NewValidation');

const Validation = z.object({
  id: z.number(),
  competencyId: z.number(),
  code: z.string(),
  title: z.string(),
  areaTitle: z.string(),
  validatedOn: Day,
  validatedBy: z.string(),
  observation: z.string().nullable(),
  note: z.string().nullable(),
  sessionId: z.number().nullable(),
  organisationId: z.number().nullable(),
});
const MemberProgress = z
  .object({
    memberId: z.number(),
    householdId: z.number(),
    name: z.string(),
    validations: z
      .array(Validation)
      .openapi({ description: 'Live validations (withdrawn ones are left out)' }),
    levels: z.array(
      z.object({
        id: z.number(),
        code: z.string(),
        title: z.string(),
        framework: z.string(),
        version: z.string(),
        required: z.array(z.string()),
        missing: z.array(z.string()).openapi({ description: 'Empty: the level is reached' }),
      }),
    ),
  })
  .openapi('MemberProgress');

const CourseProgress = z
  .object({
    courseId: z.number(),
    title: z.string(),
    sessions: z.array(
      z.object({
        id: z.number(),
        startsAt: Instant,
        endsAt: Instant,
        status: z.enum(['scheduled', 'cancelled']),
      }),
    ),
    competencies: z.array(
      z.object({ id: z.number(), code: z.string(), title: z.string(), observe: z.string() }),
    ),
    people: z.array(
      z.object({
        registrationId: z.number(),
        memberId: z.number(),
        householdId: z.number(),
        name: z.string(),
        validated: z
          .record(z.string(), z.number().nullable())
          .openapi({ description: 'By competency code: the validation’s id, or null when not validated' }),
      }),
    ),
  })
  .openapi('CourseProgress');

const CertificateCompetency = z.object({ code: z.string(), title: z.string(), area: z.string() });
const Certificate = z
  .object({
    id: z.number(),
    code: z.string().openapi({ example: 'P-7K3M9QXA', description: 'The verification code' }),
    memberId: z.number(),
    householdId: z.number(),
    levelId: z.number(),
    holderName: z.string().openapi({ description: 'As printed' }),
    levelTitle: z.string(),
    frameworkLabel: z.string(),
    competencies: z.array(CertificateCompetency).openapi({ description: 'As certified (frozen at issue)' }),
    issuerOrganisationId: z.number().nullable(),
    issuerName: z.string(),
    programmeName: z.string(),
    issuedOn: Day,
    issuedBy: z.string(),
    issuedAt: Instant,
    status: z.enum(['valid', 'revoked']),
    revokedAt: Instant.nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
  })
  .openapi('Certificate');
const CertificateDetail = Certificate.extend({
  levelCode: z.string(),
  canRevoke: z.boolean().openapi({ description: 'Whether this token may revoke it' }),
}).openapi('CertificateDetail');
const certificateJson = (r: CertificateRow) => ({
  id: r.id,
  code: r.code,
  memberId: r.memberId,
  householdId: r.householdId,
  levelId: r.levelId,
  holderName: r.holderName,
  levelTitle: r.levelTitle,
  frameworkLabel: r.frameworkLabel,
  competencies: r.competencies,
  issuerOrganisationId: r.issuerOrganisationId,
  issuerName: r.issuerName,
  programmeName: r.programmeName,
  issuedOn: r.issuedOn,
  issuedBy: r.issuedBy,
  issuedAt: r.issuedAt.toISOString(),
  status: r.revokedAt ? ('revoked' as const) : ('valid' as const),
  revokedAt: r.revokedAt?.toISOString() ?? null,
  revokedBy: r.revokedBy,
  revokeReason: r.revokeReason,
});
const detailJson = (r: Awaited<ReturnType<typeof getCertificate>>) => ({
  ...certificateJson(r),
  levelCode: r.levelCode,
  canRevoke: r.canRevoke,
});

const NewCertificate = z
  .object({
    memberId: Id,
    levelId: Id.openapi({ description: 'A level of GET /competency-frameworks' }),
    holderName: SingleLine(0, 120, 'Indiquez le nom à imprimer')
      .optional()
      .describe('The name to print, when the person wants another than the household’s record'),
  })
  .openapi('NewCertificate');

const IssuingSettings = z
  .object({
    autoIssue: z.boolean().openapi({
      description:
        'Certificates issued automatically when a validation completes a level (authorised facilities)',
    }),
    facilities: z
      .array(z.object({ id: z.number(), name: z.string(), authorised: z.boolean() }))
      .openapi({ description: 'The programme’s facility partners, and whether each may issue certificates' }),
  })
  .openapi('CertificateIssuingSettings');

const PublicCertificate = z
  .object({
    code: z.string(),
    holderName: z.string(),
    levelTitle: z.string(),
    frameworkLabel: z.string(),
    competencies: z.array(CertificateCompetency),
    issuedOn: Day,
    issuerName: z.string(),
    programmeName: z.string(),
    status: z.enum(['valid', 'revoked']),
    revokedOn: Day.nullable(),
  })
  .openapi('PublicCertificate');
const PublicRefusal = z
  .object({
    error: z.enum(['malformed', 'unknown', 'too_many']),
    message: z.string(),
    retryAfterSeconds: z.number().optional(),
  })
  .openapi('CertificateVerificationRefusal');
const publicMessages = {
  malformed: 'Ce code n’a pas la bonne forme : il commence par P- et a 8 signes, par exemple P-7K3M9QXA.',
  unknown: 'Aucun certificat ne porte ce code. Vérifiez chaque signe.',
  too_many: 'Trop d’essais. Attendez un moment avant de recommencer.',
} as const;
/** A code that finds nothing, for the lookup and the status alike: 400 malformed, 404 unknown, 429 with Retry-After. */
function publicRefusal(
  c: Context,
  result: { reason: 'malformed' | 'unknown' | 'too_many'; retryAfterSeconds?: number },
) {
  const answer = { error: result.reason, message: publicMessages[result.reason] };
  if (result.reason === 'malformed') return c.json(answer, 400);
  if (result.reason === 'unknown') return c.json(answer, 404);
  const wait = result.retryAfterSeconds ?? 60;
  c.header('Retry-After', String(wait));
  return c.json({ ...answer, retryAfterSeconds: wait }, 429);
}
const CredentialStatus = z
  .object({
    id: z.string().openapi({ description: 'This document’s URL: the credential’s `credentialStatus.id`' }),
    issuer: z.string().openapi({ example: 'did:web:palier.example.org' }),
    revoked: z.boolean(),
    revokedAt: Instant.optional(),
    reason: z.string().optional(),
    revokedCredentials: z
      .array(z.object({ id: z.string(), revoked: z.literal(true), revocationReason: z.string().optional() }))
      .openapi({ description: 'The 1EdTech Revocation List shape (`1EdTechRevocationList`)' }),
  })
  .openapi('CredentialStatus');
const CodeParam = z.object({
  code: z.string().openapi({
    param: { name: 'code', in: 'path' },
    example: 'P-7K3M9QXA',
    description: 'As typed: spaces, dashes, lower case and O/I/L for 0/1/1 are accepted',
  }),
});

const MemberParam = z.object({
  memberId: Id.openapi({ param: { name: 'memberId', in: 'path' }, example: 1 }),
});
const OrganisationParam = z.object({
  organisationId: Id.openapi({ param: { name: 'organisationId', in: 'path' }, example: 1 }),
});

/**
 * The credential as signed, read back from the VC-JWT (its middle part; no need to check our own signature). The
 * payload carries it in the `vc` claim as well as at the top level next to the JWT's registered claims.
 */
function decodedCredential(jwt: string): Record<string, unknown> {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return (payload.vc ?? payload) as Record<string, unknown>;
}

// ---- Routes -------------------------------------------------------------------------------------------------------

/**
 * `baseUrl`: the site's address, for the verification page printed on certificates and the credential's ids;
 * `credentialKey`: the configured private key (JWK as JSON) that signs credentials, or null for the stored one.
 */
export function certificatesApi({
  baseUrl,
  credentialKey,
}: {
  baseUrl: string;
  credentialKey: string | null;
}) {
  return (
    apiRouter()
      // Frameworks
      .openapi(
        createRoute({
          method: 'get',
          path: '/competency-frameworks',
          tags: frameworkTags,
          summary:
            'The competency frameworks (public reference data): areas, competencies and certificate levels',
          description:
            'Versioned: a version never changes once shipped. The `certificate` framework is what facilitators ' +
            'validate; the `reference` one (Pix) is the public reference its competencies lead to.',
          responses: {
            200: json(z.object({ items: z.array(Framework) }), 'The frameworks'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const frameworks = await listFrameworks({ db: c.var.db });
          return c.json(
            {
              items: frameworks.map((f) => ({
                id: f.id,
                code: f.code,
                version: f.version,
                title: f.title,
                description: f.description,
                kind: f.kind,
                publishedOn: f.publishedOn,
                competencies: f.competencies.map((k) => ({
                  id: k.id,
                  areaCode: k.areaCode,
                  areaTitle: k.areaTitle,
                  code: k.code,
                  title: k.title,
                  observe: k.observe,
                  position: k.position,
                  pixRefs: k.pixRefs,
                })),
                levels: f.levels.map((l) => ({
                  id: l.id,
                  code: l.code,
                  title: l.title,
                  description: l.description,
                  required: l.required,
                })),
              })),
            },
            200,
          );
        },
      )
      // Validations
      .openapi(
        createRoute({
          method: 'post',
          path: '/validations',
          tags: validationTags,
          summary: 'A facilitator validates a competency a person showed, in a session or otherwise',
          description:
            'When the programme issues automatically (PUT /certificate-settings) and the facility is an authorised ' +
            'issuer, a validation that completes a level issues its certificate at once: `certificateCode`.',
          request: body(NewValidation),
          responses: {
            201: json(
              z.object({
                validationId: z.number(),
                certificateCode: z
                  .string()
                  .nullable()
                  .openapi({ description: 'The code of a certificate issued by this validation, if any' }),
              }),
              'Validated',
            ),
            ...refusal(
              'Refused: already validated, a reference competency, a future date, a session of another facility ' +
                'or one not held (cancelled, or still to come)',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { memberId, ...input } = c.req.valid('json');
          const result = await validateCompetency({ db: c.var.db, actor: c.var.actor, memberId, input });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ validationId: result.validationId, certificateCode: result.certificateCode }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/validations/{id}/withdraw',
          tags: validationTags,
          summary: 'Withdraw a validation recorded by mistake, with a reason (the facility that recorded it)',
          description:
            'The validation is kept, marked withdrawn, and no longer counts. A certificate already issued stays ' +
            'valid until the coordinator revokes it.',
          request: { params: PathId, ...body(z.object({ reason: Reason })) },
          responses: {
            200: json(z.object({ withdrawn: z.literal(true) }), 'Withdrawn'),
            ...refusal('Refused: already withdrawn'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await withdrawValidation({
            db: c.var.db,
            actor: c.var.actor,
            validationId: c.req.valid('param').id,
            reason: c.req.valid('json').reason,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ withdrawn: true as const }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/members/{memberId}/progress',
          tags: validationTags,
          summary: 'A person’s validated competencies, and what each level still needs',
          request: { params: MemberParam },
          responses: { 200: json(MemberProgress, 'The progress'), ...errorResponses },
        }),
        async (c) => {
          const progress = await memberProgress({
            db: c.var.db,
            actor: c.var.actor,
            memberId: c.req.valid('param').memberId,
          });
          return c.json(progress, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/courses/{id}/competencies',
          tags: validationTags,
          summary: 'A course’s participants against the competencies it works on (the facility running it)',
          request: { params: PathId },
          responses: { 200: json(CourseProgress, 'Who has validated what'), ...errorResponses },
        }),
        async (c) => {
          const progress = await courseProgress({
            db: c.var.db,
            actor: c.var.actor,
            courseId: c.req.valid('param').id,
          });
          return c.json(
            {
              ...progress,
              sessions: progress.sessions.map((s) => ({
                id: s.id,
                startsAt: s.startsAt.toISOString(),
                endsAt: s.endsAt.toISOString(),
                status: s.status,
              })),
            },
            200,
          );
        },
      )
      // Certificates
      .openapi(
        createRoute({
          method: 'get',
          path: '/certificates',
          tags: certificateTags,
          summary:
            'Certificates this token may see, newest first (the programme’s, the facility’s own, a household’s)',
          request: {
            query: z.object({
              memberId: Id.optional(),
              before: Id.optional().openapi({ description: 'nextBefore of the previous page' }),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            }),
          },
          responses: {
            200: json(
              z.object({ items: z.array(Certificate), nextBefore: z.number().nullable() }),
              'A page of certificates',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { memberId, before, limit } = c.req.valid('query');
          const rows = await listCertificates({
            db: c.var.db,
            actor: c.var.actor,
            memberId,
            beforeId: before,
            limit,
          });
          return c.json(
            {
              items: rows.map(certificateJson),
              nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/certificates',
          tags: certificateTags,
          summary:
            'Issue a level’s certificate, once its competencies are validated (an authorised facility)',
          description:
            'The certificate freezes what it says (name, level, competencies, issuer) and gets a verification ' +
            'code `P-` + 8 characters. Refused with `level_not_reached` and the `missing` competencies.',
          request: body(NewCertificate),
          responses: {
            201: json(z.object({ certificateId: z.number(), code: z.string() }), 'Issued'),
            ...refusal(
              'Refused: level not reached (`missing`), already certified, the facility not an issuer',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await issueCertificate({ db: c.var.db, actor: c.var.actor, ...c.req.valid('json') });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ certificateId: result.certificateId, code: result.code }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/certificates/{id}',
          tags: certificateTags,
          summary: 'One certificate (the coordinator, the issuing facility, the holder’s household)',
          request: { params: PathId },
          responses: { 200: json(CertificateDetail, 'The certificate'), ...errorResponses },
        }),
        async (c) => {
          const row = await getCertificate({
            db: c.var.db,
            actor: c.var.actor,
            certificateId: c.req.valid('param').id,
          });
          return c.json(detailJson(row), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/certificates/{id}/revoke',
          tags: certificateTags,
          summary: 'Revoke a certificate, with a reason (the coordinator)',
          description:
            'The public verification and the credential’s status then say it is revoked; its PDF carries a band.',
          request: { params: PathId, ...body(z.object({ reason: Reason })) },
          responses: {
            200: json(CertificateDetail, 'Revoked'),
            ...refusal('Refused: already revoked'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { db, actor } = c.var;
          const certificateId = c.req.valid('param').id;
          const result = await revokeCertificate({
            db,
            actor,
            certificateId,
            reason: c.req.valid('json').reason,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json(detailJson(await getCertificate({ db, actor, certificateId })), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/certificates/{id}/certificate.pdf',
          tags: certificateTags,
          summary: 'The printable certificate (A4), with its verification code and QR code',
          request: { params: PathId },
          responses: { ...file('application/pdf', 'The certificate'), ...errorResponses },
        }),
        async (c) => {
          const { db, actor } = c.var;
          const certificateId = c.req.valid('param').id;
          const pdf = await certificateDocument({ db, actor, certificateId, baseUrl });
          return downloadResponse(pdf, `certificat-${certificateId}.pdf`);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/certificates/{id}/credential',
          tags: certificateTags,
          summary:
            'The signed verifiable credential (Open Badges 3.0, VC-JWT), or its claims with `format=json`',
          description:
            'A compact JWS (`application/vc+jwt`) signed with the programme’s Ed25519 key (EdDSA); a wallet or ' +
            'a verifier checks it with the public key its issuer profile publishes. `format=json` returns the ' +
            'decoded credential (an `OpenBadgeCredential`), unsigned, for reading.',
          request: {
            params: PathId,
            query: z.object({ format: z.enum(['jwt', 'json']).default('jwt') }),
          },
          responses: {
            200: {
              description: 'The credential',
              content: {
                'application/vc+jwt': { schema: z.string().openapi({ example: 'eyJhbGciOiJFZERTQSJ9.….…' }) },
                'application/json': {
                  schema: z
                    .record(z.string(), z.unknown())
                    .openapi('OpenBadgeCredential', { description: 'The decoded credential' }),
                },
              },
            },
            ...errorResponses,
          },
        }),
        async (c) => {
          const { db, actor } = c.var;
          const jwt = await certificateCredential({
            db,
            actor,
            certificateId: c.req.valid('param').id,
            baseUrl,
            configuredJwk: credentialKey,
          });
          if (c.req.valid('query').format === 'json') return c.json(decodedCredential(jwt), 200);
          return new Response(jwt, {
            headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'no-store' },
          });
        },
      )
      // Issuing settings
      .openapi(
        createRoute({
          method: 'get',
          path: '/certificate-settings',
          tags: settingTags,
          summary: 'Automatic issuing, and which facility partners may issue certificates',
          responses: { 200: json(IssuingSettings, 'The settings'), ...errorResponses },
        }),
        async (c) => {
          const settings = await issuingSettings({ db: c.var.db, actor: c.var.actor });
          return c.json({ autoIssue: settings.auto, facilities: settings.facilities }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/certificate-settings',
          tags: settingTags,
          summary: 'Turn automatic issuing on or off (the coordinator)',
          request: body(z.object({ autoIssue: z.boolean() })),
          responses: { 200: json(IssuingSettings, 'Changed'), ...errorResponses },
        }),
        async (c) => {
          const { db, actor } = c.var;
          await setAutoIssue({ db, actor, auto: c.req.valid('json').autoIssue });
          const settings = await issuingSettings({ db, actor });
          return c.json({ autoIssue: settings.auto, facilities: settings.facilities }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/certificate-issuers/{organisationId}',
          tags: settingTags,
          summary: 'Authorise a facility partner to issue certificates, or withdraw it (the coordinator)',
          request: { params: OrganisationParam, ...body(z.object({ authorised: z.boolean() })) },
          responses: {
            200: json(z.object({ organisationId: z.number(), authorised: z.boolean() }), 'Changed'),
            ...refusal('Refused: the partner is not a facility of the programme'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { organisationId } = c.req.valid('param');
          const { authorised } = c.req.valid('json');
          const result = await setIssuer({ db: c.var.db, actor: c.var.actor, organisationId, authorised });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ organisationId, authorised }, 200);
        },
      )
  );
}

/** Verification, public: the code is all one needs; lookups are limited per address against guessing. */
export function publicCertificateApi({
  verifyLimiter,
  baseUrl,
}: {
  verifyLimiter: AttemptLimiter;
  baseUrl: string;
}) {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/public/certificates/{code}',
        tags: publicTags,
        security: [],
        summary:
          'Check a certificate by its verification code (no token): who, which level, valid or revoked',
        description:
          'Shows what the certificate says and nothing else about the person. Lookups are limited per address ' +
          '(30 per 10 minutes); a malformed code does not count.',
        request: { params: CodeParam },
        responses: {
          200: json(PublicCertificate, 'The certificate'),
          400: json(PublicRefusal, 'Not a verification code'),
          404: json(PublicRefusal, 'No certificate has this code'),
          429: {
            ...json(PublicRefusal, 'Too many lookups from this address'),
            headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds to wait' }) }),
          },
        },
      }),
      async (c) => {
        const result = await verifyCertificate({
          db: c.var.db,
          limiter: verifyLimiter,
          typed: c.req.valid('param').code,
          ip: c.var.clientIp,
        });
        c.header('Cache-Control', 'no-store');
        if (result.found) return c.json(result.certificate, 200);
        return publicRefusal(c, result);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/public/certificates/{code}/status',
        tags: publicTags,
        security: [],
        summary: 'The credential’s status (no token): whether the certificate is revoked, for verifiers',
        request: { params: CodeParam },
        responses: {
          200: json(CredentialStatus, 'The status'),
          400: json(PublicRefusal, 'Not a verification code'),
          404: json(PublicRefusal, 'No certificate has this code'),
          429: json(PublicRefusal, 'Too many lookups from this address'),
        },
      }),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        // The same per-address limit as the lookup: a status tells whether a code exists.
        const found = await verifyCertificate({
          db: c.var.db,
          limiter: verifyLimiter,
          typed: c.req.valid('param').code,
          ip: c.var.clientIp,
        });
        if (!found.found) return publicRefusal(c, found);
        const status = await credentialStatus({ db: c.var.db, code: found.certificate.code, baseUrl });
        if (!status) return c.json({ error: 'unknown' as const, message: publicMessages.unknown }, 404);
        return c.json(status, 200);
      },
    );
}
