// Residents' testimonies: words said about the programme, recorded by the staff who heard them with the person's
// consent (under their first name or anonymously, as they chose), and withdrawn the day the person changes their
// mind — the words and the first name are then erased, never to be shown again; only the fact stays, for the audit.
import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { household, householdResource } from '../households/index.ts';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import {
  type Actor,
  assertCan,
  assertCanAtAll,
  can,
  NotFoundError,
  scopeOf,
} from '../platform/permissions/index.ts';
import { intArray } from '../platform/sql/index.ts';
import { blankToUndefined, CalendarDay, MultiLine, SingleLine, z } from '../platform/validation.ts';
import { sector } from '../territory/index.ts';
import { type ConsentForm, type TestimonyAttribution, testimony } from './schema.ts';

export const testimonyAttributions = ['first_name', 'anonymous'] as const satisfies TestimonyAttribution[];
export const consentForms = ['signed', 'oral', 'online'] as const satisfies ConsentForm[];

export const attributionLabels: Record<TestimonyAttribution, string> = {
  first_name: 'Sous son prénom',
  anonymous: 'Anonyme',
};
export const consentFormLabels: Record<ConsentForm, string> = {
  signed: 'Formulaire signé',
  oral: 'À l’oral, noté par l’équipe',
  online: 'En ligne',
};

/** The longest testimony: a few sentences, what a report quotes. */
export const maxQuoteLength = 1000;

const optionalId = (message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number(message).int(message).positive(message).max(2_147_483_647, message).optional(),
  );

/** What staff write down: the words, how the person wants to be named, where it was said, and their consent. */
export const TestimonyInput = z
  .object({
    quote: MultiLine(3, maxQuoteLength, 'Écrivez les mots de la personne (3 caractères au moins)'),
    attribution: z.enum(testimonyAttributions, 'Choisissez comment la personne veut être citée'),
    firstName: z.preprocess(
      blankToUndefined,
      SingleLine(1, 60, 'Écrivez le prénom choisi par la personne').optional(),
    ),
    context: SingleLine(
      3,
      160,
      'Dites où ces mots ont été dits, par exemple « Atelier débutants, Kerourien »',
    ),
    householdId: optionalId('Foyer inconnu'),
    /** The household's reference (« BMH-KER-0012 »), as staff read it on its page; instead of its id. */
    householdReference: z.preprocess(
      blankToUndefined,
      SingleLine(1, 60, 'Écrivez la référence du foyer').optional(),
    ),
    sectorId: optionalId('Choisissez un secteur de la liste'),
    consentOn: CalendarDay,
    consentForm: z.enum(consentForms, 'Choisissez la forme du consentement'),
  })
  .superRefine((v, ctx) => {
    if (v.attribution === 'first_name' && !v.firstName)
      ctx.addIssue({
        code: 'custom',
        path: ['firstName'],
        message: 'La personne a choisi son prénom : écrivez-le',
      });
  })
  // An anonymous testimony keeps no first name, even one typed by mistake.
  .transform((v) => (v.attribution === 'anonymous' ? { ...v, firstName: undefined } : v));
export type TestimonyInputValue = z.input<typeof TestimonyInput>;

export type TestimonyRefusal =
  | 'invalid'
  | 'consent_in_future'
  | 'unknown_household'
  | 'unknown_sector'
  | 'already_withdrawn';

export const testimonyRefusalMessages: Record<TestimonyRefusal, string> = {
  invalid: 'Certaines valeurs sont invalides : corrigez les champs signalés.',
  consent_in_future: 'Le consentement s’enregistre une fois donné : sa date ne peut pas être dans le futur.',
  unknown_household:
    'Foyer inconnu : vérifiez sa référence (elle est en haut de la page du foyer), ou laissez le champ vide.',
  unknown_sector: 'Choisissez un secteur de la liste, ou aucun.',
  already_withdrawn: 'Ce témoignage est déjà retiré.',
};

export type TestimonyRefused<R extends TestimonyRefusal = TestimonyRefusal> = {
  ok: false;
  reason: R;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
};

const refuse = <R extends TestimonyRefusal>(reason: R, field?: string): TestimonyRefused<R> => ({
  ok: false,
  reason,
  message: testimonyRefusalMessages[reason],
  ...(field ? { field } : {}),
});

export type RecordTestimonyResult =
  | { ok: true; testimonyId: number }
  | TestimonyRefused<'invalid' | 'consent_in_future' | 'unknown_household' | 'unknown_sector'>;

/**
 * Records a testimony for the actor's organisation (a facility, an association; the city for the coordinator).
 * A household named must be one the actor may read; its current sector is the testimony's when none is chosen.
 */
export async function recordTestimony({
  db,
  actor,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  input: TestimonyInputValue;
  today?: string;
}): Promise<RecordTestimonyResult> {
  assertCan(actor, 'testimony.record', {
    programmeId: actor.programmeId,
    organisationId: actor.organisationId,
  });
  const parsed = TestimonyInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ...refuse('invalid', issues[0]?.path), issues };
  }
  const value = parsed.data;
  if (value.consentOn > today) return refuse('consent_in_future', 'consentOn');

  let householdId: number | null = null;
  let householdSectorId: number | null = null;
  if (value.householdId !== undefined || value.householdReference !== undefined) {
    const found = await readableHousehold(db, actor, value);
    if (!found) return refuse('unknown_household', value.householdId ? 'householdId' : 'householdReference');
    householdId = found.id;
    householdSectorId = found.sectorIds[0] ?? null;
  }
  if (value.sectorId !== undefined) {
    const [known] = await db
      .select({ id: sector.id })
      .from(sector)
      .where(and(eq(sector.id, value.sectorId), eq(sector.programmeId, actor.programmeId)));
    if (!known) return refuse('unknown_sector', 'sectorId');
  }
  const sectorId = value.sectorId ?? householdSectorId;

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(testimony)
      .values({
        programmeId: actor.programmeId,
        householdId,
        sectorId,
        organisationId: actor.organisationId,
        quote: value.quote,
        attribution: value.attribution,
        firstName: value.firstName ?? null,
        context: value.context,
        consentOn: value.consentOn,
        consentForm: value.consentForm,
        recordedBy: actor.label,
      })
      .returning({ id: testimony.id });
    // The audit trail keeps neither the words nor the name: they must be erasable.
    await recordAudit(tx, actor, {
      action: 'testimony.recorded',
      entityType: 'testimony',
      entityId: row!.id,
      details: {
        attribution: value.attribution,
        consentOn: value.consentOn,
        consentForm: value.consentForm,
        householdId,
        sectorId,
        organisationId: actor.organisationId,
      },
    });
    return { ok: true as const, testimonyId: row!.id };
  });
}

/** The household named by id or reference, with its sectors, if the actor may read it; else null. */
async function readableHousehold(
  db: DbOrTx,
  actor: Actor,
  value: { householdId?: number; householdReference?: string },
) {
  let id = value.householdId;
  if (id === undefined) {
    const [row] = await db
      .select({ id: household.id })
      .from(household)
      .where(
        and(
          eq(household.programmeId, actor.programmeId),
          sql`upper(${household.reference}) = upper(${value.householdReference ?? ''})`,
        ),
      );
    if (!row) return null;
    id = row.id;
  }
  try {
    const resource = await householdResource(db, id);
    return can(actor, 'household.read', resource) ? { id, sectorIds: resource.sectorIds ?? [] } : null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * Who may withdraw a testimony: the coordinator; the organisation that recorded it; the person, from their own
 * account, when it is linked to their household.
 */
function mayWithdraw(
  actor: Actor,
  row: { programmeId: number; organisationId: number | null; householdId: number | null },
): boolean {
  if (can(actor, 'testimony.record', { programmeId: row.programmeId, organisationId: row.organisationId }))
    return true;
  return (
    row.householdId !== null &&
    scopeOf(actor, 'household.write') === 'household' &&
    can(actor, 'household.write', { programmeId: row.programmeId, householdId: row.householdId })
  );
}

export type WithdrawTestimonyResult =
  | { ok: true; withdrawnOn: string }
  | TestimonyRefused<'already_withdrawn'>;

/**
 * The person changed their mind: the words and the first name are erased in the same transaction as the audit
 * event, and the testimony is never shown again (reports read only those not withdrawn). A testimony the actor may
 * not withdraw is not found.
 */
export async function withdrawTestimony({
  db,
  actor,
  testimonyId,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  testimonyId: number;
  today?: string;
}): Promise<WithdrawTestimonyResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: testimony.id,
        programmeId: testimony.programmeId,
        organisationId: testimony.organisationId,
        householdId: testimony.householdId,
        withdrawnOn: testimony.withdrawnOn,
      })
      .from(testimony)
      .where(and(eq(testimony.id, testimonyId), eq(testimony.programmeId, actor.programmeId)))
      .for('update');
    if (!row || !mayWithdraw(actor, row)) throw new NotFoundError('testimony');
    if (row.withdrawnOn !== null) return refuse('already_withdrawn');
    await tx
      .update(testimony)
      .set({ quote: null, firstName: null, withdrawnOn: today, withdrawnBy: actor.label })
      .where(eq(testimony.id, testimonyId));
    await recordAudit(tx, actor, {
      action: 'testimony.withdrawn',
      entityType: 'testimony',
      entityId: testimonyId,
      details: { withdrawnOn: today, householdId: row.householdId, organisationId: row.organisationId },
    });
    return { ok: true as const, withdrawnOn: today };
  });
}

export interface TestimonyRow {
  id: number;
  /** Null once withdrawn. */
  quote: string | null;
  attribution: TestimonyAttribution;
  firstName: string | null;
  context: string | null;
  householdId: number | null;
  householdReference: string | null;
  sectorId: number | null;
  sectorName: string | null;
  organisationId: number | null;
  organisationName: string | null;
  consentOn: string;
  consentForm: ConsentForm;
  recordedBy: string;
  recordedAt: Date;
  withdrawnOn: string | null;
  /** Whether the actor may withdraw it (false once withdrawn). */
  canWithdraw: boolean;
}

const rowColumns = {
  id: testimony.id,
  programmeId: testimony.programmeId,
  quote: testimony.quote,
  attribution: testimony.attribution,
  firstName: testimony.firstName,
  context: testimony.context,
  householdId: testimony.householdId,
  householdReference: household.reference,
  sectorId: testimony.sectorId,
  sectorName: sector.name,
  organisationId: testimony.organisationId,
  organisationName: organisation.name,
  consentOn: testimony.consentOn,
  consentForm: testimony.consentForm,
  recordedBy: testimony.recordedBy,
  recordedAt: testimony.recordedAt,
  withdrawnOn: testimony.withdrawnOn,
};

async function selectTestimonies(db: DbOrTx, actor: Actor, where: SQL[]): Promise<TestimonyRow[]> {
  const rows = await db
    .select(rowColumns)
    .from(testimony)
    .leftJoin(household, eq(household.id, testimony.householdId))
    .leftJoin(sector, eq(sector.id, testimony.sectorId))
    .leftJoin(organisation, eq(organisation.id, testimony.organisationId))
    .where(and(eq(testimony.programmeId, actor.programmeId), ...where))
    .orderBy(desc(testimony.consentOn), desc(testimony.id));
  return rows.map(({ programmeId, ...r }) => ({
    ...r,
    canWithdraw: r.withdrawnOn === null && mayWithdraw(actor, { programmeId, ...r }),
  }));
}

/**
 * The testimonies the actor works with: the coordinator, all of the programme's; a facility or an association, those
 * it recorded. Withdrawn ones are listed without their words, so that staff know not to use them.
 */
export async function listTestimonies({
  db,
  actor,
  includeWithdrawn = true,
}: {
  db: DbOrTx;
  actor: Actor;
  includeWithdrawn?: boolean;
}): Promise<TestimonyRow[]> {
  const scope = assertCanAtAll(actor, 'testimony.record');
  const where: SQL[] = [];
  if (scope !== 'programme') where.push(eq(testimony.organisationId, actor.organisationId ?? -1));
  if (!includeWithdrawn) where.push(isNull(testimony.withdrawnOn));
  return selectTestimonies(db, actor, where);
}

/** A resident's view: the testimonies linked to their own household that they can still withdraw. */
export async function listOwnTestimonies({
  db,
  actor,
}: {
  db: DbOrTx;
  actor: Actor;
}): Promise<TestimonyRow[]> {
  if (scopeOf(actor, 'household.write') !== 'household' || actor.householdId === null) return [];
  assertCan(actor, 'household.read', { programmeId: actor.programmeId, householdId: actor.householdId });
  return selectTestimonies(db, actor, [
    eq(testimony.householdId, actor.householdId),
    isNull(testimony.withdrawnOn),
  ]);
}

export interface PublishableTestimony {
  id: number;
  quote: string;
  /** « Aïcha » or « Anonyme », as the person chose. */
  attributionText: string;
  context: string | null;
  sectorId: number | null;
  consentOn: string;
}

/**
 * The testimonies a report may quote (never a withdrawn one), for a programme, optionally the sectors of an area and
 * consents given up to a day. No permission check: the report's own use case checks who is publishing.
 */
export async function loadPublishableTestimonies(
  db: DbOrTx,
  { programmeId, sectorIds, to }: { programmeId: number; sectorIds?: number[]; to?: string },
): Promise<PublishableTestimony[]> {
  const where: SQL[] = [eq(testimony.programmeId, programmeId), isNull(testimony.withdrawnOn)];
  if (sectorIds) where.push(sql`${testimony.sectorId} = any(${intArray(sectorIds)})`);
  if (to) where.push(sql`${testimony.consentOn} <= ${to}::date`);
  const rows = await db
    .select({
      id: testimony.id,
      quote: testimony.quote,
      attribution: testimony.attribution,
      firstName: testimony.firstName,
      context: testimony.context,
      sectorId: testimony.sectorId,
      consentOn: testimony.consentOn,
    })
    .from(testimony)
    .where(and(...where))
    .orderBy(desc(testimony.consentOn), desc(testimony.id));
  return rows.map((r) => ({
    id: r.id,
    quote: r.quote ?? '',
    attributionText: r.attribution === 'first_name' && r.firstName ? r.firstName : 'Anonyme',
    context: r.context,
    sectorId: r.sectorId,
    consentOn: r.consentOn,
  }));
}
