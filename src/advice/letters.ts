// Letters for advice cases: the association's templates, with {{fields}} filled from the case, and the letters
// generated from them (kept with the case, printed as PDF for the household to sign and post).
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { householdMember, tenancy } from '../households/index.ts';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { formatDate, formatIsoDate } from '../platform/pdf/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { SingleLine, z } from '../platform/validation.ts';
import { building, dwelling } from '../territory/index.ts';
import { caseScope } from './cases.ts';
import { renderLetterPdf } from './documents/letter-pdf.ts';
import { adviceCase, adviceEntry, adviceLetter, letterTemplate } from './schema.ts';

// ---------------------------------------------------------------------------------------------------------------
// The template language: {{field}} and nothing else — no code, no markup, no nesting.

/** The fields a template may use, with what they become (said in French when a template is refused). */
export const letterFields = {
  titulaire: 'le prénom et le nom de la personne suivie',
  adresse: 'son adresse, sur une ligne',
  operateur: 'le nom de l’opérateur',
  reference_dossier: 'la référence du dossier',
  date: 'la date du jour, en toutes lettres',
  association: 'le nom de l’association',
  objet: 'le résumé du dossier',
} as const;
export type LetterField = keyof typeof letterFields;
export const letterFieldNames = Object.keys(letterFields) as LetterField[];

const isField = (name: string): name is LetterField => Object.hasOwn(letterFields, name);
/** A field: two braces, a name (spaces around it allowed), two braces. */
const fieldPattern = /\{\{([^{}]*)\}\}/g;

/**
 * The fields of a text that are not known, as written (`{{numero_client}}`), each once, in order. Braces left
 * open or unmatched count too (`{{titulaire}`), so that a typo never reaches a letter.
 */
export function checkTemplate(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(fieldPattern))
    if (!isField(match[1]!.trim())) unknown.add(`{{${match[1]!.trim()}}}`);
  const rest = text.replace(fieldPattern, ' ');
  for (const match of rest.matchAll(/\{\{[^\s{}]{0,40}\}?|\{?[^\s{}]{0,40}\}\}/g)) unknown.add(match[0]);
  return [...unknown];
}

/** « Champs inconnus : {{x}}. Champs possibles : {{titulaire}}, … » */
export function unknownFieldsMessage(unknown: string[]): string {
  return `${unknown.length > 1 ? 'Champs inconnus' : 'Champ inconnu'} : ${unknown.join(', ')}. Champs possibles : ${letterFieldNames.map((name) => `{{${name}}}`).join(', ')}.`;
}

export type UnknownFields = { ok: false; reason: 'unknown_fields'; unknown: string[]; message: string };

/**
 * Replaces each {{field}} by its value, in one pass: a value that itself contains braces stays as it is. Refuses a
 * text with an unknown field, listing them.
 */
export function renderTemplate(
  text: string,
  fields: Record<LetterField, string>,
): { ok: true; text: string } | UnknownFields {
  const unknown = checkTemplate(text);
  if (unknown.length)
    return { ok: false, reason: 'unknown_fields', unknown, message: unknownFieldsMessage(unknown) };
  return {
    ok: true,
    text: text.replace(fieldPattern, (_, name: string) => fields[name.trim() as LetterField]),
  };
}

/** The fields a text uses. */
const fieldsUsed = (text: string) =>
  new Set([...text.matchAll(fieldPattern)].map((m) => m[1]!.trim()).filter(isField));

// ---------------------------------------------------------------------------------------------------------------
// Refusals

export type LetterRefusal =
  | 'unknown_fields'
  | 'template_name_taken'
  | 'missing_fields'
  | 'recipient_too_long';

export type LetterRefused<R extends LetterRefusal = LetterRefusal> = {
  ok: false;
  reason: R;
  field?: string;
  /** Plain French, ready to show next to the field. */
  message: string;
  /** unknown_fields: the fields as written; missing_fields: the field names. */
  unknown?: string[];
};

const refused = <R extends LetterRefusal>(
  reason: R,
  field: string | undefined,
  message: string,
  unknown?: string[],
): LetterRefused<R> => ({
  ok: false,
  reason,
  ...(field ? { field } : {}),
  message,
  ...(unknown ? { unknown } : {}),
});

/** What each field is called when a letter cannot be filled. */
const missingLabels: Partial<Record<LetterField | 'recipient', string>> = {
  adresse: 'l’adresse du foyer (il n’a pas de logement en cours)',
  operateur: 'l’opérateur du dossier',
  recipient: 'le destinataire',
};

/** A French postal address: 6 lines at most, 38 characters each (La Poste, NF Z10-011). */
export const recipientLimits = { lines: 6, characters: 38 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Templates

/** A template as typed (pages and API). The fields are checked by saveTemplate. */
export const LetterTemplateInput = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  name: SingleLine(2, 80, 'Donnez un nom au modèle'),
  subject: SingleLine(2, 200, 'Indiquez l’objet du courrier'),
  body: z
    .string()
    .trim()
    .min(10, 'Écrivez le texte du courrier')
    .max(10_000, '10 000 caractères au plus')
    // Line breaks are the letter's; other control characters (a pasted NUL) are not.
    .regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'Caractères non autorisés'),
});
export type LetterTemplateInputValue = z.infer<typeof LetterTemplateInput>;

export type LetterTemplateRow = {
  id: number;
  name: string;
  subject: string;
  body: string;
  updatedBy: string;
  updatedAt: Date;
};

const templateColumns = {
  id: letterTemplate.id,
  name: letterTemplate.name,
  subject: letterTemplate.subject,
  body: letterTemplate.body,
  updatedBy: letterTemplate.updatedBy,
  updatedAt: letterTemplate.updatedAt,
};

/**
 * An association's templates, by name: the actor's own association by default. Any other association's are
 * forbidden — templates are part of the association's casework.
 */
export async function listTemplates({
  db,
  actor,
  organisationId = actor.organisationId ?? undefined,
}: {
  db: DbOrTx;
  actor: Actor;
  organisationId?: number;
}): Promise<LetterTemplateRow[]> {
  assertCan(actor, 'advice.read', { programmeId: actor.programmeId, organisationId });
  return db
    .select(templateColumns)
    .from(letterTemplate)
    .where(
      and(
        eq(letterTemplate.programmeId, actor.programmeId),
        eq(letterTemplate.organisationId, organisationId!),
      ),
    )
    .orderBy(asc(letterTemplate.name), asc(letterTemplate.id));
}

/** A template of the programme, after checking the actor may use it (read) or change it (write). */
async function templateScope(
  db: DbOrTx,
  actor: Actor,
  templateId: number,
  action: 'advice.read' | 'advice.write',
) {
  const [row] = await db
    .select({ ...templateColumns, organisationId: letterTemplate.organisationId })
    .from(letterTemplate)
    .where(and(eq(letterTemplate.id, templateId), eq(letterTemplate.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('letter_template');
  assertCan(actor, action, { programmeId: actor.programmeId, organisationId: row.organisationId });
  return row;
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/** Creates a template for the actor's association, or changes one of its templates (with `id`). */
export async function saveTemplate({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: LetterTemplateInputValue;
}): Promise<{ ok: true; templateId: number } | LetterRefused<'unknown_fields' | 'template_name_taken'>> {
  const organisationId = input.id
    ? (await templateScope(db, actor, input.id, 'advice.write')).organisationId
    : actor.organisationId;
  assertCan(actor, 'advice.write', { programmeId: actor.programmeId, organisationId });
  for (const field of ['subject', 'body'] as const) {
    const unknown = checkTemplate(input[field]);
    if (unknown.length) return refused('unknown_fields', field, unknownFieldsMessage(unknown), unknown);
  }
  const nameTaken = () =>
    refused(
      'template_name_taken',
      'name',
      'L’association a déjà un modèle de ce nom : choisissez-en un autre.',
    );
  const [same] = await db
    .select({ id: letterTemplate.id })
    .from(letterTemplate)
    .where(
      and(
        eq(letterTemplate.organisationId, organisationId!),
        eq(letterTemplate.name, input.name),
        input.id ? ne(letterTemplate.id, input.id) : undefined,
      ),
    );
  if (same) return nameTaken();
  const values = { name: input.name, subject: input.subject, body: input.body, updatedBy: actor.label };
  return db
    .transaction(async (tx) => {
      let templateId = input.id;
      if (templateId)
        await tx
          .update(letterTemplate)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(letterTemplate.id, templateId));
      else {
        const [row] = await tx
          .insert(letterTemplate)
          .values({ ...values, programmeId: actor.programmeId, organisationId: organisationId! })
          .returning({ id: letterTemplate.id });
        templateId = row!.id;
      }
      await recordAudit(tx, actor, {
        action: 'advice.template_saved',
        entityType: 'letter_template',
        entityId: templateId,
        details: { name: input.name, organisationId, created: !input.id },
      });
      return { ok: true as const, templateId };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return nameTaken();
      throw error;
    });
}

// "chez" needs no elision whatever the operator's name (« de Orange » would be wrong).
const holderLine =
  'Je suis titulaire d’un abonnement chez {{operateur}}, à l’adresse suivante : {{adresse}}.\nNuméro de client : ………………………………';
const helpedBy = '{{association}} m’accompagne dans cette démarche (dossier {{reference_dossier}}).';
const closing = 'Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées.';

/** Three templates an association starts from: termination, disputed bill, formal notice. */
export const defaultTemplates: readonly { name: string; subject: string; body: string }[] = [
  {
    name: 'Résiliation',
    subject: 'Résiliation de mon abonnement',
    body: [
      'Lettre recommandée avec demande d’avis de réception',
      'Madame, Monsieur,',
      holderLine,
      'Par ce courrier, je vous demande de résilier cet abonnement.',
      'Conformément à l’article L. 224-39 du code de la consommation, la résiliation prend effet au plus tard dix jours après la réception de ce courrier. Vous ne pouvez me facturer que les frais prévus par mon contrat.',
      'Merci de me confirmer par écrit la résiliation et sa date, de me rembourser les sommes que j’ai payées d’avance, et de m’indiquer comment vous rendre le matériel (box, décodeur) contre un reçu.',
      closing,
    ].join('\n\n'),
  },
  {
    name: 'Contestation de facture',
    subject: 'Contestation de ma facture',
    body: [
      'Madame, Monsieur,',
      holderLine,
      'Je conteste la facture du ……………… d’un montant de ……………… €, pour la raison suivante : {{objet}}',
      'Je vous demande de vérifier cette facture, de la corriger et de me rembourser les sommes payées à tort. Tant que ce désaccord n’est pas réglé, merci de ne pas suspendre ma ligne ni de transmettre cette somme à une société de recouvrement.',
      'Si je n’ai pas de réponse satisfaisante dans un délai d’un mois, je saisirai le médiateur des communications électroniques.',
      helpedBy,
      closing,
    ].join('\n\n'),
  },
  {
    name: 'Mise en demeure',
    subject: 'Mise en demeure',
    body: [
      'Lettre recommandée avec demande d’avis de réception',
      'Madame, Monsieur,',
      holderLine,
      'Malgré mes demandes, le problème suivant n’est toujours pas réglé : {{objet}}',
      'Par ce courrier, je vous mets en demeure de régler ce problème dans un délai de 8 jours à compter de sa réception.',
      'Sans réponse de votre part dans ce délai, je saisirai le médiateur des communications électroniques et je me réserve le droit d’engager une action en justice pour faire valoir mes droits.',
      helpedBy,
      closing,
    ].join('\n\n'),
  },
];

/** Gives an association the default templates when it has none yet (first use, demo); returns how many it added. */
export async function seedTemplates({ db, actor }: { db: Db; actor: Actor }): Promise<number> {
  const organisationId = actor.organisationId ?? undefined;
  assertCan(actor, 'advice.write', { programmeId: actor.programmeId, organisationId });
  return db.transaction(async (tx) => {
    // One seeding at a time per association: two first visits must not both insert.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('letter_template_seed'), ${organisationId!})`);
    const [existing] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(letterTemplate)
      .where(eq(letterTemplate.organisationId, organisationId!));
    if (existing!.n > 0) return 0;
    await tx.insert(letterTemplate).values(
      defaultTemplates.map((t) => ({
        ...t,
        programmeId: actor.programmeId,
        organisationId: organisationId!,
        updatedBy: actor.label,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'advice.templates_seeded',
      entityType: 'organisation',
      entityId: organisationId,
      details: { names: defaultTemplates.map((t) => t.name) },
    });
    return defaultTemplates.length;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Letters

/** The day's date in words, in Paris: "26 novembre 2026", "1er décembre 2026" (plain spaces, for editable text). */
const dayInWords = (instant: Date) => formatDate(instant, { weekday: false }).replace(/\s/g, ' ');

const floorLine = (floor: number | null) =>
  floor === null ? null : floor === 0 ? 'Rez-de-chaussée' : floor === 1 ? '1er étage' : `${floor}e étage`;

/**
 * What a letter needs to know about the case: the holder, the operator, the association, and the postal address
 * of the dwelling the household lived in on `day` (the address as it was when the letter was written).
 */
async function caseDetails(db: DbOrTx, caseId: number, day: string) {
  const operator = sql<
    string | null
  >`(select o.name from ${organisation} o where o.id = ${adviceCase.operatorId})`;
  const [row] = await db
    .select({
      reference: adviceCase.reference,
      summary: adviceCase.summary,
      operator: sql<string | null>`coalesce(${operator}, ${adviceCase.operatorName})`,
      holder: sql<string>`${householdMember.firstName} || ' ' || ${householdMember.lastName}`,
      association: organisation.name,
      associationPhone: organisation.phone,
      associationEmail: organisation.email,
    })
    .from(adviceCase)
    .innerJoin(householdMember, eq(householdMember.id, adviceCase.memberId))
    .innerJoin(organisation, eq(organisation.id, adviceCase.organisationId))
    .where(eq(adviceCase.id, caseId));
  const [home] = await db
    .select({
      street: building.address,
      floor: dwelling.floor,
      postcode: building.postcode,
      city: building.city,
    })
    .from(adviceCase)
    .innerJoin(tenancy, eq(tenancy.householdId, adviceCase.householdId))
    .innerJoin(dwelling, eq(dwelling.id, tenancy.dwellingId))
    .innerJoin(building, eq(building.id, dwelling.buildingId))
    .where(
      and(
        eq(adviceCase.id, caseId),
        sql`${tenancy.startDate} <= ${day}`,
        sql`(${tenancy.endDate} is null or ${tenancy.endDate} > ${day})`,
      ),
    )
    .orderBy(sql`${tenancy.startDate} desc`)
    .limit(1);
  const floor = home ? floorLine(home.floor) : null;
  const place = home ? `${home.postcode} ${home.city}` : null;
  return {
    ...row!,
    // On the envelope, postal order (NF Z10-011): floor, street, postcode and city.
    addressLines: home ? [floor, home.street, place].filter((l): l is string => !!l) : [],
    // In a sentence, the street first: "12 rue de Kérourien, rez-de-chaussée, 29200 Brest".
    addressInline: home
      ? [home.street, floor && floor.charAt(0).toLowerCase() + floor.slice(1), place]
          .filter(Boolean)
          .join(', ')
      : '',
    city: home?.city ?? null,
  };
}

export type GenerateLetterResult =
  | { ok: true; letterId: number }
  | LetterRefused<'unknown_fields' | 'missing_fields' | 'recipient_too_long'>;

/**
 * Fills one of the association's templates from the case and keeps the letter with the case, with a "letter sent"
 * entry and an audit event, in one transaction. The recipient (the operator's postal address, typed by the adviser)
 * defaults to the operator's name.
 */
export async function generateLetter({
  db,
  actor,
  caseId,
  templateId,
  recipient,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  caseId: number;
  templateId: number;
  recipient?: string;
  now?: Date;
}): Promise<GenerateLetterResult> {
  const scope = await caseScope(db, actor, caseId, 'advice.write');
  const template = await templateScope(db, actor, templateId, 'advice.read');
  // The template must be the association's that holds the case, not just one the actor may read.
  if (template.organisationId !== scope.organisationId) throw new NotFoundError('letter_template');

  const today = localDate(now);
  const details = await caseDetails(db, caseId, today);
  const fields: Record<LetterField, string> = {
    titulaire: details.holder,
    adresse: details.addressInline,
    operateur: details.operator ?? '',
    reference_dossier: details.reference,
    date: dayInWords(now),
    association: details.association,
    objet: details.summary,
  };
  const subject = renderTemplate(template.subject, fields);
  if (!subject.ok) return { ...subject, field: 'subject' };
  const body = renderTemplate(template.body, fields);
  if (!body.ok) return { ...body, field: 'body' };

  const recipientLines = (recipient ?? details.operator ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // The sender's address is always printed: an operator cannot find a client without it.
  const used = new Set<string>([...fieldsUsed(template.subject), ...fieldsUsed(template.body), 'adresse']);
  const missing = (['adresse', 'operateur'] as const).filter((f) => used.has(f) && fields[f] === '');
  const missingKeys: string[] = recipientLines.length ? missing : [...missing, 'recipient'];
  if (missingKeys.length)
    return refused(
      'missing_fields',
      missingKeys.includes('recipient') && missingKeys.length === 1 ? 'recipient' : undefined,
      `Ce courrier ne peut pas être préparé : il manque ${missingKeys.map((k) => missingLabels[k as LetterField]).join(', ')}.`,
      missingKeys,
    );
  if (
    recipientLines.length > recipientLimits.lines ||
    recipientLines.some((line) => line.length > recipientLimits.characters)
  )
    return refused(
      'recipient_too_long',
      'recipient',
      `L’adresse du destinataire tient en ${recipientLimits.lines} lignes au plus, de ${recipientLimits.characters} caractères chacune.`,
    );

  return db.transaction(async (tx) => {
    const [letter] = await tx
      .insert(adviceLetter)
      .values({
        caseId,
        templateId,
        subject: subject.text,
        body: body.text,
        recipient: recipientLines.join('\n'),
        generatedBy: actor.label,
        generatedAt: now,
      })
      .returning({ id: adviceLetter.id });
    const [entry] = await tx
      .insert(adviceEntry)
      .values({
        caseId,
        kind: 'letter_sent',
        on: today,
        body: `Courrier « ${template.name} » préparé`,
        letterId: letter!.id,
        author: actor.label,
      })
      .returning({ id: adviceEntry.id });
    await tx.update(adviceCase).set({ updatedAt: now }).where(eq(adviceCase.id, caseId));
    await recordAudit(tx, actor, {
      action: 'advice.letter_generated',
      entityType: 'advice_case',
      entityId: caseId,
      details: { letterId: letter!.id, entryId: entry!.id, templateId, template: template.name },
    });
    return { ok: true as const, letterId: letter!.id };
  });
}

/** The letters of a case, newest first (without their text). */
export async function listLetters({ db, actor, caseId }: { db: DbOrTx; actor: Actor; caseId: number }) {
  await caseScope(db, actor, caseId);
  return db
    .select({
      id: adviceLetter.id,
      templateId: adviceLetter.templateId,
      subject: adviceLetter.subject,
      recipient: adviceLetter.recipient,
      generatedBy: adviceLetter.generatedBy,
      generatedAt: adviceLetter.generatedAt,
    })
    .from(adviceLetter)
    .where(eq(adviceLetter.caseId, caseId))
    .orderBy(sql`${adviceLetter.generatedAt} desc`, sql`${adviceLetter.id} desc`);
}

/**
 * A letter of the case as a PDF to print: the household member as sender (with the address of the day it was
 * written), the recipient in the envelope window, the association at the foot. Reading it is audited.
 */
export async function letterPdf({
  db,
  actor,
  caseId,
  letterId,
}: {
  db: Db;
  actor: Actor;
  caseId: number;
  letterId: number;
}): Promise<Buffer> {
  await caseScope(db, actor, caseId);
  const [letter] = await db
    .select()
    .from(adviceLetter)
    .where(and(eq(adviceLetter.id, letterId), eq(adviceLetter.caseId, caseId)));
  if (!letter) throw new NotFoundError('advice_letter');
  const day = localDate(letter.generatedAt);
  const details = await caseDetails(db, caseId, day);
  await recordAudit(db, actor, {
    action: 'advice.letter_read',
    entityType: 'advice_case',
    entityId: caseId,
    details: { letterId },
  });
  const date = formatIsoDate(day).replace(/\s/g, ' ');
  return renderLetterPdf({
    association: {
      name: details.association,
      phone: details.associationPhone,
      email: details.associationEmail,
    },
    recipient: letter.recipient,
    sender: { name: details.holder, addressLines: details.addressLines },
    placeDate: details.city ? `${details.city}, le ${date}` : `Le ${date}`,
    subject: letter.subject,
    body: letter.body,
    date: letter.generatedAt,
  });
}
