// Offer sheets: plain-French comparisons of the Internet offers of a sector, written by associations and the
// coordinator, versioned (a published version never changes), published on a public page per sector and attachable
// to a tenant vote's information.
import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import {
  type Action,
  type Actor,
  assertCan,
  assertCanAtAll,
  NotFoundError,
} from '../platform/permissions/index.ts';
import { blankToUndefined, CalendarDay, EuroAmount, SingleLine } from '../platform/validation.ts';
import { sector } from '../territory/index.ts';
import { offerSheet, voteOfferSheet } from './schema.ts';

export type SheetStatus = 'draft' | 'proposed' | 'published' | 'archived';
export const sheetStatuses = ['draft', 'proposed', 'published', 'archived'] as const;
export const maxOffers = 12;

// ---- Values ------------------------------------------------------------------------------------------------------

/** Several lines of text people type: line breaks allowed, no other control character. */
const Text = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max} caractères au plus`)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'Caractères non autorisés');

const Cents = z
  .number('Prix en centimes attendu')
  .int('Prix en centimes attendu')
  .min(0, 'Le prix ne peut pas être négatif')
  .max(100_000, 'Prix trop grand (1 000 € par mois au plus)');
const Months = z.coerce
  .number('Nombre de mois attendu, par exemple 12 (0 : sans engagement)')
  .int('Nombre de mois entier attendu')
  .min(0, 'Le nombre de mois ne peut pas être négatif')
  .max(48, '48 mois au plus');

/** One offer of a sheet, with its price already in cents. */
export const OfferLine = z.object({
  operator: SingleLine(1, 80, 'Écrivez le nom de l’opérateur'),
  offer: SingleLine(1, 120, 'Écrivez le nom de l’offre'),
  monthlyCents: Cents,
  speed: SingleLine(1, 120, 'Écrivez le débit, par exemple « jusqu’à 1 Gbit/s »'),
  commitmentMonths: Months,
  fees: Text(0, 400, 'Écrivez les frais'),
  termination: Text(1, 600, 'Écrivez ce qui se passe si la personne résilie'),
});
export type Offer = z.infer<typeof OfferLine>;

/** One offer as typed in a form: the price in euros (« 1,24 »). */
export const OfferLineForm = OfferLine.omit({ monthlyCents: true }).extend({
  monthly: z.preprocess(
    (v) => (v == null ? '' : v),
    z.string().trim().min(1, 'Écrivez le prix par mois, par exemple 1,24').pipe(EuroAmount),
  ),
});

/** What a sheet says: title, a few words to start, the offers, and the day its prices were checked. */
export const SheetContent = z.object({
  title: SingleLine(3, 160, 'Écrivez un titre (3 caractères au moins)'),
  intro: Text(0, 3000, 'Écrivez une introduction'),
  offers: z.array(OfferLine).max(maxOffers, `${maxOffers} offres au plus`),
  validOn: CalendarDay,
});
export type SheetContentValue = z.infer<typeof SheetContent>;

/** A new sheet for a sector, or a new version copied from an existing one (`fromSheetId`). */
export const NewSheet = z.object({
  sectorId: z.preprocess(
    blankToUndefined,
    z.coerce.number('Choisissez le secteur').int().positive().max(2_147_483_647, 'Choisissez le secteur'),
  ),
  title: SheetContent.shape.title,
  intro: SheetContent.shape.intro.default(''),
  offers: SheetContent.shape.offers.default([]),
  validOn: CalendarDay,
});

// ---- Refusals -----------------------------------------------------------------------------------------------------

export type SheetRefusal =
  | 'invalid'
  | 'frozen'
  | 'not_draft'
  | 'no_offers'
  | 'superseded'
  | 'not_published'
  | 'other_sector';
export const sheetRefusalMessages: Record<SheetRefusal, string> = {
  invalid: 'La fiche contient des valeurs invalides.',
  frozen: 'Une fiche publiée ne change plus. Écrivez une nouvelle version.',
  not_draft: 'Seul un brouillon peut être proposé.',
  no_offers: 'Ajoutez au moins une offre avant de publier la fiche.',
  superseded: 'Une version plus récente de cette fiche est déjà publiée.',
  not_published: 'Seule une fiche publiée peut être jointe à une consultation.',
  other_sector: 'Cette fiche ne porte pas sur le secteur de la consultation.',
};
export const sheetRefusalMessage = (reason: SheetRefusal) => sheetRefusalMessages[reason];
export type SheetRefused<R extends SheetRefusal = SheetRefusal> = {
  ok: false;
  reason: R;
  field?: string;
  issues?: { path: string; message: string }[];
};

const invalid = (error: z.ZodError): SheetRefused<'invalid'> => ({
  ok: false,
  reason: 'invalid',
  issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
});

// ---- Scope --------------------------------------------------------------------------------------------------------

const sheetColumns = {
  id: offerSheet.id,
  programmeId: offerSheet.programmeId,
  sectorId: offerSheet.sectorId,
  sectorCode: sector.code,
  sectorName: sector.name,
  version: offerSheet.version,
  status: offerSheet.status,
  title: offerSheet.title,
  intro: offerSheet.intro,
  offers: offerSheet.offers,
  validOn: offerSheet.validOn,
  authorOrganisationId: offerSheet.authorOrganisationId,
  authorLabel: offerSheet.authorLabel,
  publishedBy: offerSheet.publishedBy,
  publishedAt: offerSheet.publishedAt,
  createdAt: offerSheet.createdAt,
};
export type SheetRow = {
  id: number;
  programmeId: number;
  sectorId: number;
  sectorCode: string;
  sectorName: string;
  version: number;
  status: SheetStatus;
  title: string;
  intro: string;
  offers: Offer[];
  validOn: string;
  authorOrganisationId: number | null;
  authorLabel: string;
  publishedBy: string | null;
  publishedAt: Date | null;
  createdAt: Date;
};

/** The sheet, after checking the actor may act on its sector (anyone else: forbidden; another programme: not found). */
async function sheetScope(db: DbOrTx, actor: Actor, sheetId: number, action: Action, lock = false) {
  const query = db
    .select(sheetColumns)
    .from(offerSheet)
    .innerJoin(sector, eq(sector.id, offerSheet.sectorId))
    .where(and(eq(offerSheet.id, sheetId), eq(offerSheet.programmeId, actor.programmeId)));
  const [row] = lock ? await query.for('update', { of: offerSheet }) : await query;
  if (!row) throw new NotFoundError('offer_sheet');
  assertCan(actor, action, { programmeId: row.programmeId, sectorIds: [row.sectorId] });
  return row as SheetRow;
}

/** How the sheet is signed on the public page: the organisation, never a person. */
async function authorOf(db: DbOrTx, actor: Actor) {
  if (!actor.organisationId) return { authorOrganisationId: null, authorLabel: 'Coordination du programme' };
  const [org] = await db
    .select({ name: organisation.name })
    .from(organisation)
    .where(eq(organisation.id, actor.organisationId));
  return {
    authorOrganisationId: actor.organisationId,
    authorLabel: org?.name ?? 'Coordination du programme',
  };
}

// ---- Use cases ----------------------------------------------------------------------------------------------------

/** The sectors the actor may write sheets for (a tenant association: its own sectors). */
export async function sheetSectors({ db, actor }: { db: DbOrTx; actor: Actor }) {
  const scope = assertCanAtAll(actor, 'sheet.write');
  const where = [eq(sector.programmeId, actor.programmeId)];
  if (scope === 'sectors') where.push(inArray(sector.id, actor.sectorIds.length ? actor.sectorIds : [-1]));
  return db
    .select({ id: sector.id, code: sector.code, name: sector.name })
    .from(sector)
    .where(and(...where))
    .orderBy(asc(sector.code));
}

export type CreateSheetResult = { ok: true; sheetId: number; version: number } | SheetRefused<'invalid'>;

/**
 * A draft, version N+1 of the sector's sheet. With `fromSheetId`, what is not given is copied from that sheet
 * (a correction of a published sheet starts from it: the published one stays as it is).
 */
export async function createSheet({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: Partial<SheetContentValue> & { sectorId?: number; fromSheetId?: number };
}): Promise<CreateSheetResult> {
  assertCanAtAll(actor, 'sheet.write');
  const base = input.fromSheetId ? await sheetScope(db, actor, input.fromSheetId, 'sheet.write') : null;
  const parsed = NewSheet.safeParse({
    sectorId: base?.sectorId ?? input.sectorId,
    title: input.title ?? base?.title,
    intro: input.intro ?? base?.intro,
    offers: input.offers ?? base?.offers,
    validOn: input.validOn ?? base?.validOn,
  });
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  const [place] = await db
    .select({ id: sector.id, programmeId: sector.programmeId })
    .from(sector)
    .where(and(eq(sector.id, value.sectorId), eq(sector.programmeId, actor.programmeId)));
  if (!place) throw new NotFoundError('sector');
  assertCan(actor, 'sheet.write', { programmeId: place.programmeId, sectorIds: [place.id] });
  const author = await authorOf(db, actor);
  return db.transaction(async (tx) => {
    // Versions are numbered per sector: serialised per sector by an advisory lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('offer_sheet_version'), ${place.id})`);
    const [last] = await tx
      .select({ version: max(offerSheet.version) })
      .from(offerSheet)
      .where(eq(offerSheet.sectorId, place.id));
    const version = (last?.version ?? 0) + 1;
    const [row] = await tx
      .insert(offerSheet)
      .values({
        programmeId: actor.programmeId,
        sectorId: place.id,
        version,
        status: 'draft',
        title: value.title,
        intro: value.intro,
        offers: value.offers,
        validOn: value.validOn,
        ...author,
      })
      .returning({ id: offerSheet.id });
    await recordAudit(tx, actor, {
      action: 'sheet.created',
      entityType: 'offer_sheet',
      entityId: row!.id,
      details: { sectorId: place.id, version, fromSheetId: base?.id ?? null },
    });
    return { ok: true as const, sheetId: row!.id, version };
  });
}

/** Changes a draft or a proposed sheet; a published one never changes (the database refuses it too). */
export async function updateDraft({
  db,
  actor,
  sheetId,
  input,
}: {
  db: Db;
  actor: Actor;
  sheetId: number;
  input: SheetContentValue;
}): Promise<{ ok: true } | SheetRefused<'invalid' | 'frozen'>> {
  await sheetScope(db, actor, sheetId, 'sheet.write');
  const parsed = SheetContent.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return db.transaction(async (tx) => {
    const current = await sheetScope(tx, actor, sheetId, 'sheet.write', true);
    if (current.status !== 'draft' && current.status !== 'proposed')
      return { ok: false as const, reason: 'frozen' as const };
    await tx
      .update(offerSheet)
      .set({
        title: parsed.data.title,
        intro: parsed.data.intro,
        offers: parsed.data.offers,
        validOn: parsed.data.validOn,
      })
      .where(eq(offerSheet.id, sheetId));
    await recordAudit(tx, actor, {
      action: 'sheet.updated',
      entityType: 'offer_sheet',
      entityId: sheetId,
      details: { version: current.version, status: current.status, offers: parsed.data.offers.length },
    });
    return { ok: true as const };
  });
}

/** An association proposes its draft for publication. */
export async function proposeSheet({
  db,
  actor,
  sheetId,
}: {
  db: Db;
  actor: Actor;
  sheetId: number;
}): Promise<{ ok: true } | SheetRefused<'not_draft' | 'no_offers'>> {
  await sheetScope(db, actor, sheetId, 'sheet.write');
  return db.transaction(async (tx) => {
    const current = await sheetScope(tx, actor, sheetId, 'sheet.write', true);
    if (current.status !== 'draft') return { ok: false as const, reason: 'not_draft' as const };
    if (current.offers.length === 0) return { ok: false as const, reason: 'no_offers' as const };
    await tx.update(offerSheet).set({ status: 'proposed' }).where(eq(offerSheet.id, sheetId));
    await recordAudit(tx, actor, {
      action: 'sheet.proposed',
      entityType: 'offer_sheet',
      entityId: sheetId,
      details: { sectorId: current.sectorId, version: current.version },
    });
    return { ok: true as const };
  });
}

/** The coordinator publishes a draft or proposed sheet; the sector's previous published version is archived. */
export async function publishSheet({
  db,
  actor,
  sheetId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  sheetId: number;
  now?: Date;
}): Promise<
  { ok: true; archivedSheetId: number | null } | SheetRefused<'frozen' | 'no_offers' | 'superseded'>
> {
  await sheetScope(db, actor, sheetId, 'sheet.publish');
  return db.transaction(async (tx) => {
    const current = await sheetScope(tx, actor, sheetId, 'sheet.publish', true);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('offer_sheet_version'), ${current.sectorId})`);
    if (current.status !== 'draft' && current.status !== 'proposed')
      return { ok: false as const, reason: 'frozen' as const };
    if (current.offers.length === 0) return { ok: false as const, reason: 'no_offers' as const };
    const [previous] = await tx
      .select({ id: offerSheet.id, version: offerSheet.version })
      .from(offerSheet)
      .where(and(eq(offerSheet.sectorId, current.sectorId), eq(offerSheet.status, 'published')))
      .for('update');
    if (previous && previous.version > current.version)
      return { ok: false as const, reason: 'superseded' as const };
    if (previous)
      await tx.update(offerSheet).set({ status: 'archived' }).where(eq(offerSheet.id, previous.id));
    await tx
      .update(offerSheet)
      .set({ status: 'published', publishedBy: actor.label, publishedAt: now })
      .where(eq(offerSheet.id, sheetId));
    await recordAudit(tx, actor, {
      action: 'sheet.published',
      entityType: 'offer_sheet',
      entityId: sheetId,
      details: {
        sectorId: current.sectorId,
        version: current.version,
        archivedSheetId: previous?.id ?? null,
      },
    });
    return { ok: true as const, archivedSheetId: previous?.id ?? null };
  });
}

/** The sheets staff may work on, every version, by sector then newest version first. */
export async function listSheets({
  db,
  actor,
  sectorId,
}: {
  db: DbOrTx;
  actor: Actor;
  sectorId?: number;
}): Promise<SheetRow[]> {
  const scope = assertCanAtAll(actor, 'sheet.write');
  const where = [eq(offerSheet.programmeId, actor.programmeId)];
  if (scope === 'sectors')
    where.push(inArray(offerSheet.sectorId, actor.sectorIds.length ? actor.sectorIds : [-1]));
  if (sectorId) where.push(eq(offerSheet.sectorId, sectorId));
  const rows = await db
    .select(sheetColumns)
    .from(offerSheet)
    .innerJoin(sector, eq(sector.id, offerSheet.sectorId))
    .where(and(...where))
    .orderBy(asc(sector.code), desc(offerSheet.version))
    .limit(500);
  return rows as SheetRow[];
}

/** One sheet, with the votes it is attached to. */
export async function getSheet({ db, actor, sheetId }: { db: DbOrTx; actor: Actor; sheetId: number }) {
  const row = await sheetScope(db, actor, sheetId, 'sheet.write');
  const votes = await db.execute<{ id: number; reference: string }>(sql`
    select v.id, v.reference from vote_offer_sheet vs join tenant_vote v on v.id = vs.vote_id
     where vs.sheet_id = ${sheetId} order by v.id`);
  return { ...row, votes: [...votes] };
}

/** The votes of the sheet's sector it may be attached to (the coordinator's choice on the sheet's page). */
export async function votesForSheet({ db, actor, sheetId }: { db: DbOrTx; actor: Actor; sheetId: number }) {
  const row = await sheetScope(db, actor, sheetId, 'sheet.publish');
  const votes = await db.execute<{ id: number; reference: string; service_name: string }>(sql`
    select id, reference, service_name from tenant_vote
     where programme_id = ${row.programmeId} and sector_id = ${row.sectorId} order by id desc limit 50`);
  return [...votes].map((v) => ({ id: v.id, reference: v.reference, serviceName: v.service_name }));
}

export type PublicSheet = {
  sectorCode: string;
  sectorName: string;
  version: number;
  title: string;
  intro: string;
  offers: Offer[];
  validOn: string;
  authorLabel: string;
  publishedAt: Date;
};

/** The latest published sheet of a sector, for anyone (no personal data: the author is an organisation). */
export async function publicSheet({
  db,
  programmeId,
  sectorCode,
}: {
  db: DbOrTx;
  programmeId?: number;
  sectorCode: string;
}): Promise<PublicSheet | null> {
  const code = sectorCode.trim().toUpperCase().slice(0, 40);
  // A sector code is letters, digits and dashes: anything else (a NUL PostgreSQL would refuse) names no sector.
  if (!/^[A-Z0-9_-]+$/.test(code)) return null;
  const where = [eq(sector.code, code), eq(offerSheet.status, 'published')];
  if (programmeId) where.push(eq(offerSheet.programmeId, programmeId));
  const [row] = await db
    .select({
      sectorCode: sector.code,
      sectorName: sector.name,
      version: offerSheet.version,
      title: offerSheet.title,
      intro: offerSheet.intro,
      offers: offerSheet.offers,
      validOn: offerSheet.validOn,
      authorLabel: offerSheet.authorLabel,
      publishedAt: offerSheet.publishedAt,
    })
    .from(offerSheet)
    .innerJoin(sector, eq(sector.id, offerSheet.sectorId))
    .where(and(...where))
    .orderBy(desc(offerSheet.publishedAt))
    .limit(1);
  return row ? ({ ...row, publishedAt: row.publishedAt! } as PublicSheet) : null;
}

/** The coordinator attaches a published sheet to a vote of the same sector (its information to tenants). */
export async function attachToVote({
  db,
  actor,
  voteId,
  sheetId,
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  sheetId: number;
}): Promise<{ ok: true } | SheetRefused<'not_published' | 'other_sector'>> {
  const sheet = await sheetScope(db, actor, sheetId, 'sheet.publish');
  const [vote] = await db.execute<{ id: number; sector_id: number }>(sql`
    select id, sector_id from tenant_vote where id = ${voteId} and programme_id = ${actor.programmeId}`);
  if (!vote) throw new NotFoundError('tenant_vote');
  if (sheet.status !== 'published') return { ok: false, reason: 'not_published', field: 'sheetId' };
  if (vote.sector_id !== sheet.sectorId) return { ok: false, reason: 'other_sector', field: 'voteId' };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(voteOfferSheet)
      .values({ voteId, sheetId, attachedBy: actor.label })
      .onConflictDoNothing()
      .returning({ voteId: voteOfferSheet.voteId });
    if (inserted.length)
      await recordAudit(tx, actor, {
        action: 'sheet.attached_to_vote',
        entityType: 'tenant_vote',
        entityId: voteId,
        details: { sheetId, sectorId: sheet.sectorId, version: sheet.version },
      });
    return { ok: true as const };
  });
}

/** The sheets attached to a vote, for its information to tenants (public content only). */
export async function sheetsForVote(db: DbOrTx, voteId: number) {
  return db
    .select({
      id: offerSheet.id,
      sectorCode: sector.code,
      version: offerSheet.version,
      status: offerSheet.status,
      title: offerSheet.title,
      validOn: offerSheet.validOn,
      authorLabel: offerSheet.authorLabel,
    })
    .from(voteOfferSheet)
    .innerJoin(offerSheet, eq(offerSheet.id, voteOfferSheet.sheetId))
    .innerJoin(sector, eq(sector.id, offerSheet.sectorId))
    .where(eq(voteOfferSheet.voteId, voteId))
    .orderBy(asc(sector.code), desc(offerSheet.version));
}
