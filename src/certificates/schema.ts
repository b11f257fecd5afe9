import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { household, householdMember } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';
import { workshopSession } from '../workshops/schema.ts';

/**
 * A versioned competency framework (reference data shipped with Palier, see frameworks.ts): the PIM's five areas
 * broken into beginner competencies, and the public Pix reference they lead to. A version never changes once
 * shipped; a new one is a new row.
 */
export const competencyFramework = pgTable(
  'competency_framework',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** `certificate`: competencies validated by facilitators; `reference`: a public reference they map to. */
    kind: text('kind').$type<'certificate' | 'reference'>().notNull(),
    publishedOn: date('published_on').notNull(),
  },
  (t) => [unique('competency_framework_version_uq').on(t.code, t.version)],
);

export const competency = pgTable(
  'competency',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => competencyFramework.id),
    areaCode: text('area_code').notNull(),
    areaTitle: text('area_title').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    /** What a facilitator observes to validate it, in plain words. */
    observe: text('observe').notNull(),
    position: smallint('position').notNull(),
    /** Competencies of the Pix reference this one leads to (codes like "1.1"). */
    pixRefs: text('pix_refs').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [unique('competency_code_uq').on(t.frameworkId, t.code)],
);

/** A certificate level: which competencies of its framework must be validated. */
export const certificateLevel = pgTable(
  'certificate_level',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => competencyFramework.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    required: text('required').array().notNull(),
  },
  (t) => [unique('certificate_level_code_uq').on(t.frameworkId, t.code)],
);

/** A competency a facilitator saw a person master, with when and where; withdrawn (never deleted) if a mistake. */
export const validation = pgTable(
  'validation',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => householdMember.id),
    competencyId: integer('competency_id')
      .notNull()
      .references(() => competency.id),
    validatedOn: date('validated_on').notNull(),
    sessionId: integer('session_id').references(() => workshopSession.id),
    observation: text('observation'),
    note: text('note'),
    organisationId: integer('organisation_id').references(() => organisation.id),
    validatedBy: text('validated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    uniqueIndex('validation_live_uq').on(t.memberId, t.competencyId).where(sql`withdrawn_at is null`),
    index('validation_member_idx').on(t.memberId),
    index('validation_session_idx').on(t.sessionId),
  ],
);

/**
 * A certificate as issued: what it says is frozen on the row (holder's name as printed, level, competencies,
 * issuer, programme, date), so later framework versions or renamed partners never change it.
 */
export const certificate = pgTable(
  'certificate',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => householdMember.id),
    levelId: integer('level_id')
      .notNull()
      .references(() => certificateLevel.id),
    /** Verification code, Pix style: "P-" + 8 characters without I, L, O. */
    code: text('code').notNull().unique(),
    holderName: text('holder_name').notNull(),
    levelTitle: text('level_title').notNull(),
    frameworkLabel: text('framework_label').notNull(),
    competencies: jsonb('competencies').$type<{ code: string; title: string; area: string }[]>().notNull(),
    issuerOrganisationId: integer('issuer_organisation_id').references(() => organisation.id),
    issuerName: text('issuer_name').notNull(),
    programmeName: text('programme_name').notNull(),
    issuedOn: date('issued_on').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    index('certificate_member_idx').on(t.memberId),
    index('certificate_programme_idx').on(t.programmeId, t.issuedOn),
    // A facility's certificates and a household's, newest first (listCertificates), without reading the programme's.
    index('certificate_issuer_idx').on(t.issuerOrganisationId, t.id),
    index('certificate_household_idx').on(t.householdId, t.id),
    uniqueIndex('certificate_live_uq').on(t.memberId, t.levelId).where(sql`revoked_at is null`),
    check('certificate_code_ck', sql`code ~ '^P-[0-9A-HJKMNP-Z]{8}$'`),
  ],
);

/** The facility partners the coordinator authorised to issue certificates. */
export const certificateIssuer = pgTable(
  'certificate_issuer',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    authorisedBy: text('authorised_by').notNull(),
    authorisedAt: timestamp('authorised_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.organisationId] })],
);

/** The deployment's credential signing keys (Ed25519, JWK); the newest signs, all stay published. */
export const signingKey = pgTable('signing_key', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<Record<string, string>>().notNull(),
  privateJwk: jsonb('private_jwk').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
