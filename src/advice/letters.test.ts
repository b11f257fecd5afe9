import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError, NotFoundError, type Role } from '../platform/permissions/index.ts';
import { openCase } from './cases.ts';
import {
  checkTemplate,
  defaultTemplates,
  generateLetter,
  type LetterField,
  letterFieldNames,
  letterPdf,
  listLetters,
  listTemplates,
  renderTemplate,
  saveTemplate,
  seedTemplates,
} from './letters.ts';
import { adviceEntry, adviceLetter } from './schema.ts';

const fields: Record<LetterField, string> = {
  titulaire: 'Aïcha Benali',
  adresse: '12 rue de Kérourien, 29200 Brest',
  operateur: 'Opérateur',
  reference_dossier: 'CONS-2026-0001',
  date: '26 novembre 2026',
  association: 'CLCV Brest',
  objet: 'Box facturée deux fois',
};

describe('the template language', () => {
  it.each([
    ['a field', 'Bonjour {{titulaire}}.', 'Bonjour Aïcha Benali.'],
    ['every field', letterFieldNames.map((f) => `{{${f}}}`).join('|'), Object.values(fields).join('|')],
    ['spaces inside the braces', 'Dossier {{ reference_dossier }}', 'Dossier CONS-2026-0001'],
    ['the same field twice', '{{date}} / {{date}}', '26 novembre 2026 / 26 novembre 2026'],
    ['a text without fields', 'Madame, Monsieur,', 'Madame, Monsieur,'],
    ['single braces, left as they are', 'Un {accent} ici', 'Un {accent} ici'],
  ])('fills %s', (_, text, expected) => {
    expect(renderTemplate(text, fields)).toEqual({ ok: true, text: expected });
  });

  it('fills in one pass: a value with braces is not read as a field', () => {
    expect(
      renderTemplate('{{objet}}', { ...fields, objet: 'voir {{adresse}} et {{numero_client}}' }),
    ).toEqual({
      ok: true,
      text: 'voir {{adresse}} et {{numero_client}}',
    });
  });

  it.each([
    ['an unknown field', 'N° {{numero_client}}', ['{{numero_client}}']],
    ['a field in capitals', '{{Titulaire}}', ['{{Titulaire}}']],
    ['each unknown field once', '{{nom}} {{prenom}} {{nom}} {{titulaire}}', ['{{nom}}', '{{prenom}}']],
    ['braces left open', 'Bonjour {{titulaire}, merci', ['{{titulaire}']],
    ['braces closed but not opened', 'Bonjour titulaire}}', ['titulaire}}']],
    ['empty braces', 'Bonjour {{}}', ['{{}}']],
    [
      'something like code',
      '{{constructor}} {{ process.exit() }}',
      ['{{constructor}}', '{{process.exit()}}'],
    ],
  ])('refuses %s, listing it in French', (_, text, unknown) => {
    expect(checkTemplate(text)).toEqual(unknown);
    const result = renderTemplate(text, fields);
    expect(result).toMatchObject({ ok: false, reason: 'unknown_fields', unknown });
    if (result.ok) return;
    expect(result.message).toMatch(/^Champs? inconnus? : /);
    for (const field of unknown) expect(result.message).toContain(field);
    expect(result.message).toContain('Champs possibles : {{titulaire}}, {{adresse}}');
  });

  it('the default templates use known fields only', () => {
    expect(defaultTemplates.map((t) => t.name)).toEqual([
      'Résiliation',
      'Contestation de facture',
      'Mise en demeure',
    ]);
    for (const t of defaultTemplates) expect(checkTemplate(`${t.subject}\n${t.body}`)).toEqual([]);
    expect(defaultTemplates[0]!.body).toContain('L. 224-39 du code de la consommation');
    expect(defaultTemplates[0]!.body).toContain('confirmer par écrit');
    expect(defaultTemplates[2]!.body).toContain('8 jours');
    expect(defaultTemplates[2]!.body).toContain('Lettre recommandée avec demande d’avis de réception');
  });
});

let db: Db;
let p: TestProgramme;
let adviser: Actor;
let otherAdviser: Actor;
const today = '2026-11-20';
const now = new Date('2026-11-26T09:30:00Z');

const memberOf = async (ref: string) =>
  (await getHousehold({ db, actor: p.actors.landlord_officer, householdId: p.households[ref]! })).members[0]!;

async function caseFor(ref: string, operator: { operatorId?: number; operatorName?: string }) {
  const member = await memberOf(ref);
  const opened = await openCase({
    db,
    actor: adviser,
    input: {
      householdId: p.households[ref]!,
      memberId: member.id,
      topic: 'disputed_bill',
      ...operator,
      summary: 'La box a été facturée deux fois en octobre.',
      openedOn: today,
    },
  });
  if (!opened.ok) throw new Error(opened.reason);
  return opened;
}

const templateNamed = async (name: string, actor = adviser) =>
  (await listTemplates({ db, actor })).find((t) => t.name === name)!;

async function pdfText(bytes: Uint8Array) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  adviser = p.actors.adviser;
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'consumer_association', name: 'CSF' },
  });
  if (!org.ok) throw new Error('org');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Autre conseil',
      email: 'csf-letters@test.example.org',
      role: 'adviser',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error(user.reason);
  otherAdviser = actorFor((await findActiveUser(db, user.userId))!, { ip: null, channel: 'web' });
});

describe('letter templates', () => {
  it('an association starts with the three default templates, once', async () => {
    expect(await listTemplates({ db, actor: adviser })).toEqual([]);
    expect(await seedTemplates({ db, actor: adviser })).toBe(3);
    expect(await seedTemplates({ db, actor: adviser })).toBe(0);
    const templates = await listTemplates({ db, actor: adviser });
    expect(templates.map((t) => t.name)).toEqual([
      'Contestation de facture',
      'Mise en demeure',
      'Résiliation',
    ]);
    // Another association's list stays its own.
    expect(await listTemplates({ db, actor: otherAdviser })).toEqual([]);
  });

  it('an adviser writes a template and changes it; unknown fields and a name taken are refused', async () => {
    const created = await saveTemplate({
      db,
      actor: adviser,
      input: {
        name: 'Relance',
        subject: 'Relance',
        body: 'Madame, Monsieur,\n\nSans nouvelles de {{operateur}}…',
      },
    });
    if (!created.ok) throw new Error(created.reason);
    const changed = await saveTemplate({
      db,
      actor: adviser,
      input: {
        id: created.templateId,
        name: 'Relance',
        subject: 'Relance — dossier {{reference_dossier}}',
        body: 'Madame, Monsieur,\n\nJe n’ai pas de réponse à mon courrier.',
      },
    });
    expect(changed).toEqual({ ok: true, templateId: created.templateId });
    expect((await templateNamed('Relance')).subject).toBe('Relance — dossier {{reference_dossier}}');

    expect(
      await saveTemplate({
        db,
        actor: adviser,
        input: { name: 'Autre', subject: 'Objet', body: 'Client n° {{numero_client}} et {{nom}}' },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_fields',
      field: 'body',
      unknown: ['{{numero_client}}', '{{nom}}'],
      message: expect.stringContaining('Champs inconnus : {{numero_client}}, {{nom}}.'),
    });
    expect(
      await saveTemplate({
        db,
        actor: adviser,
        input: {
          id: created.templateId,
          name: 'Résiliation',
          subject: 'Objet',
          body: 'Un texte assez long.',
        },
      }),
    ).toMatchObject({ ok: false, reason: 'template_name_taken', field: 'name' });

    const events = await listAuditEvents(db, p.programmeId, { action: 'advice.template_saved' });
    expect(events.map((e) => e.entityId)).toEqual([String(created.templateId), String(created.templateId)]);
  });

  it('another association can neither read nor change the templates', async () => {
    const mine = await templateNamed('Résiliation');
    await expect(
      listTemplates({ db, actor: otherAdviser, organisationId: adviser.organisationId! }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      saveTemplate({
        db,
        actor: otherAdviser,
        input: { id: mine.id, name: 'Résiliation', subject: 'x', body: 'Un texte assez long.' },
      }),
    ).rejects.toThrow(ForbiddenError);
    expect((await templateNamed('Résiliation')).body).toBe(mine.body);
  });

  it.each<Role>([
    'coordinator',
    'landlord_officer',
    'operator_agent',
    'facilitator',
    'tenant_rep',
    'resident',
  ])('the %s has no access to templates', async (role) => {
    await expect(listTemplates({ db, actor: p.actors[role] })).rejects.toThrow(ForbiddenError);
    await expect(
      listTemplates({ db, actor: p.actors[role], organisationId: adviser.organisationId! }),
    ).rejects.toThrow(ForbiddenError);
    await expect(seedTemplates({ db, actor: p.actors[role] })).rejects.toThrow(ForbiddenError);
  });
});

describe('generated letters', () => {
  it('a letter is filled from the case, kept with it, recorded as “letter sent” and audited, in one go', async () => {
    const opened = await caseFor('L-001', { operatorId: p.actors.operator_agent.organisationId! });
    const template = await templateNamed('Contestation de facture');
    const result = await generateLetter({
      db,
      actor: adviser,
      caseId: opened.caseId,
      templateId: template.id,
      recipient: 'Opérateur\nService clients\n  \nTSA 12345\n29200 Brest',
      now,
    });
    if (!result.ok) throw new Error(result.message);

    const [letter] = await db.select().from(adviceLetter).where(eq(adviceLetter.id, result.letterId));
    expect(letter).toMatchObject({
      caseId: opened.caseId,
      templateId: template.id,
      subject: 'Contestation de ma facture',
      recipient: 'Opérateur\nService clients\nTSA 12345\n29200 Brest',
      generatedBy: adviser.label,
    });
    expect(letter!.body).toContain(
      'chez Opérateur, à l’adresse suivante : 12 rue de Kérourien, rez-de-chaussée, 29200 Brest.',
    );
    expect(letter!.body).toContain('pour la raison suivante : La box a été facturée deux fois en octobre.');
    expect(letter!.body).toContain(
      `Association de consommateurs m’accompagne dans cette démarche (dossier ${opened.reference}).`,
    );
    expect(letter!.body).not.toContain('{{');

    const entries = await db
      .select()
      .from(adviceEntry)
      .where(and(eq(adviceEntry.caseId, opened.caseId), eq(adviceEntry.letterId, result.letterId)));
    expect(entries).toMatchObject([
      { kind: 'letter_sent', on: '2026-11-26', body: 'Courrier « Contestation de facture » préparé' },
    ]);
    const events = await listAuditEvents(db, p.programmeId, {
      action: 'advice.letter_generated',
      entityType: 'advice_case',
      entityId: String(opened.caseId),
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ letterId: result.letterId, entryId: entries[0]!.id });
    expect(await listLetters({ db, actor: adviser, caseId: opened.caseId })).toMatchObject([
      { id: result.letterId, subject: 'Contestation de ma facture' },
    ]);
  });

  it('the letter prints with the holder, their address, the operator, the subject and the reference', async () => {
    const opened = await caseFor('L-101', { operatorName: 'Fibre Express' });
    const template = await templateNamed('Mise en demeure');
    const result = await generateLetter({
      db,
      actor: adviser,
      caseId: opened.caseId,
      templateId: template.id,
      now,
    });
    if (!result.ok) throw new Error(result.message);
    const [letter] = await db.select().from(adviceLetter).where(eq(adviceLetter.id, result.letterId));
    expect(letter!.recipient).toBe('Fibre Express'); // the operator by default

    const pdf = await letterPdf({ db, actor: adviser, caseId: opened.caseId, letterId: result.letterId });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    const holder = await memberOf('L-101');
    for (const expected of [
      `${holder.firstName} ${holder.lastName}`,
      '3 place Napoléon III',
      '2e étage',
      'Fibre Express',
      'Brest, le 26 novembre 2026',
      'Objet : Mise en demeure',
      'dans un délai de 8 jours',
      opened.reference,
      'Signature',
      'Courrier préparé avec l’aide de : Association de consommateurs',
    ])
      expect(text).toContain(expected);
    const reads = await listAuditEvents(db, p.programmeId, { action: 'advice.letter_read' });
    expect(reads[0]).toMatchObject({
      entityId: String(opened.caseId),
      details: { letterId: result.letterId },
    });

    // The letter belongs to its case: asked through another case of the association, it is not found.
    const other = await caseFor('L-002', { operatorName: 'Fibre Express' });
    await expect(
      letterPdf({ db, actor: adviser, caseId: other.caseId, letterId: result.letterId }),
    ).rejects.toThrow(NotFoundError);
  });

  it('refuses a letter that cannot be filled or addressed, and writes nothing', async () => {
    const opened = await caseFor('L-201', {});
    const before = await db.select().from(adviceLetter).where(eq(adviceLetter.caseId, opened.caseId));
    expect(
      await generateLetter({
        db,
        actor: adviser,
        caseId: opened.caseId,
        templateId: (await templateNamed('Résiliation')).id,
        now,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'missing_fields',
      unknown: ['operateur', 'recipient'],
      message: 'Ce courrier ne peut pas être préparé : il manque l’opérateur du dossier, le destinataire.',
    });
    // A template without {{operateur}} goes, once the recipient is typed — if it fits the envelope window.
    const relance = (await templateNamed('Relance')).id;
    expect(
      await generateLetter({ db, actor: adviser, caseId: opened.caseId, templateId: relance, now }),
    ).toMatchObject({ ok: false, reason: 'missing_fields', field: 'recipient', unknown: ['recipient'] });
    expect(
      await generateLetter({
        db,
        actor: adviser,
        caseId: opened.caseId,
        templateId: relance,
        recipient: 'Opérateur\nService des résiliations et des réclamations écrites\n29200 Brest',
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'recipient_too_long', field: 'recipient' });
    expect(
      await generateLetter({
        db,
        actor: adviser,
        caseId: opened.caseId,
        templateId: relance,
        recipient: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].join('\n'),
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'recipient_too_long' });
    expect(await db.select().from(adviceLetter).where(eq(adviceLetter.caseId, opened.caseId))).toEqual(
      before,
    );
    expect(
      await generateLetter({
        db,
        actor: adviser,
        caseId: opened.caseId,
        templateId: relance,
        recipient: 'Opérateur\nTSA 12345\n29200 Brest',
        now,
      }),
    ).toMatchObject({ ok: true });
  });

  it('another association’s adviser can neither generate nor print the letters of a case, nor use its templates', async () => {
    const opened = await caseFor('L-001', { operatorId: p.actors.operator_agent.organisationId! });
    const template = await templateNamed('Résiliation');
    const generated = await generateLetter({
      db,
      actor: adviser,
      caseId: opened.caseId,
      templateId: template.id,
      now,
    });
    if (!generated.ok) throw new Error(generated.message);

    await expect(
      generateLetter({ db, actor: otherAdviser, caseId: opened.caseId, templateId: template.id, now }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      letterPdf({ db, actor: otherAdviser, caseId: opened.caseId, letterId: generated.letterId }),
    ).rejects.toThrow(NotFoundError);
    await expect(listLetters({ db, actor: otherAdviser, caseId: opened.caseId })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      listTemplates({ db, actor: otherAdviser, organisationId: adviser.organisationId! }),
    ).rejects.toThrow(ForbiddenError);

    // Nor can the first association use the other's template on its own case.
    await seedTemplates({ db, actor: otherAdviser });
    const theirs = await templateNamed('Résiliation', otherAdviser);
    await expect(
      generateLetter({ db, actor: adviser, caseId: opened.caseId, templateId: theirs.id, now }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      generateLetter({ db, actor: adviser, caseId: opened.caseId, templateId: 999_999, now }),
    ).rejects.toThrow(NotFoundError);
  });

  it.each<Role>([
    'admin',
    'coordinator',
    'landlord_officer',
    'operator_agent',
    'facilitator',
    'tenant_rep',
    'resident',
  ])('the %s can neither generate nor print a letter', async (role) => {
    const [letter] = await db.select().from(adviceLetter).limit(1);
    await expect(
      generateLetter({
        db,
        actor: p.actors[role],
        caseId: letter!.caseId,
        templateId: letter!.templateId!,
        now,
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      letterPdf({ db, actor: p.actors[role], caseId: letter!.caseId, letterId: letter!.id }),
    ).rejects.toThrow(ForbiddenError);
  });
});
