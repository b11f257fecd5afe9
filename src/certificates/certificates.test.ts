import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { addHouseholdMember, getHousehold } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  createVerifyLimiter,
  frameworkSql,
  getCertificate,
  issueCertificate,
  levelByCode,
  listCertificates,
  listFrameworks,
  memberProgress,
  pim2026,
  publicView,
  revokeCertificate,
  setAutoIssue,
  setIssuer,
  shippedFrameworks,
  validateCompetency,
  verifyCertificate,
  withdrawValidation,
} from './index.ts';

let db: Db;
let p: TestProgramme;
const today = new Date().toISOString().slice(0, 10);
let competencyIds: Map<string, number>;
let levelIds: Map<string, number>;

const memberOf = async (ref: string) =>
  (await getHousehold({ db, actor: p.actors.landlord_officer, householdId: p.households[ref]! })).members[0]!
    .id;

/** A new member of a household the facility serves, with nothing validated yet. */
const newMember = (ref: string, firstName: string) =>
  addHouseholdMember({
    db,
    actor: p.actors.facilitator,
    householdId: p.households[ref]!,
    member: { firstName, lastName: 'Test', ageBand: 'not_given' },
  });

async function validateAll(memberId: number, codes: readonly string[]) {
  for (const code of codes) {
    const done = await validateCompetency({
      db,
      actor: p.actors.facilitator,
      memberId,
      input: { competencyId: competencyIds.get(code)!, validatedOn: today, observation: 'Vu en atelier' },
    });
    if (!done.ok) throw new Error(`${code}: ${done.reason}`);
  }
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const frameworks = await listFrameworks({ db });
  competencyIds = new Map(
    frameworks.flatMap((f) =>
      f.kind === 'certificate' ? f.competencies.map((c) => [c.code, c.id] as const) : [],
    ),
  );
  levelIds = new Map(frameworks.flatMap((f) => f.levels.map((l) => [l.code, l.id] as const)));
});

describe('frameworks', () => {
  it('the database holds exactly the shipped frameworks, and a shipped version never changes', async () => {
    const frameworks = await listFrameworks({ db });
    expect(frameworks.map((f) => `${f.code}@${f.version}`)).toEqual(
      shippedFrameworks.map((f) => `${f.code}@${f.version}`).sort(),
    );
    for (const shipped of shippedFrameworks) {
      const stored = frameworks.find((f) => f.code === shipped.code)!;
      expect(stored.competencies.map((c) => [c.areaCode, c.code, c.title, c.observe, c.pixRefs])).toEqual(
        shipped.areas.flatMap((a) =>
          a.competencies.map((c) => [a.code, c.code, c.title, c.observe, c.pixRefs]),
        ),
      );
      expect(stored.levels.map((l) => [l.code, l.required])).toEqual(
        shipped.levels.map((l) => [l.code, l.required]),
      );
    }
    await expect(
      db.execute(sql`update competency set title = 'Autre' where code = 'PIM-1.1'`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from certificate_level`)).rejects.toThrow();
  });
});

describe('validations and certificates', () => {
  it('issues the level once every required competency is validated, by an authorised facility only', async () => {
    const memberId = await memberOf('L-001');
    const discovery = levelIds.get('visa-decouverte')!;
    const required = pim2026.levels.find((l) => l.code === 'visa-decouverte')!.required;
    await validateAll(memberId, required.slice(0, 3));
    expect(
      await issueCertificate({ db, actor: p.actors.facilitator, memberId, levelId: discovery }),
    ).toMatchObject({
      ok: false,
      reason: 'not_an_issuer',
    });
    await setIssuer({
      db,
      actor: p.actors.coordinator,
      organisationId: p.actors.facilitator.organisationId!,
      authorised: true,
    });
    expect(
      await issueCertificate({ db, actor: p.actors.facilitator, memberId, levelId: discovery }),
    ).toMatchObject({
      ok: false,
      reason: 'level_not_reached',
      missing: [required[3]],
    });
    await validateAll(memberId, required.slice(3));
    const issued = await issueCertificate({
      db,
      actor: p.actors.facilitator,
      memberId,
      levelId: discovery,
      holderName: 'Aïcha B.',
    });
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.code).toMatch(/^P-[0-9A-HJKMNP-Z]{8}$/);
    expect(
      await issueCertificate({ db, actor: p.actors.facilitator, memberId, levelId: discovery }),
    ).toMatchObject({
      ok: false,
      reason: 'already_certified',
    });
    const cert = await getCertificate({
      db,
      actor: p.actors.facilitator,
      certificateId: issued.certificateId,
    });
    expect(cert).toMatchObject({
      holderName: 'Aïcha B.',
      levelTitle: 'Visa Internet — découverte',
      revokedAt: null,
    });
    expect(cert.competencies.map((c) => c.code)).toEqual(required);

    // Anyone can verify; the public view says nothing else about the person.
    const limiter = createVerifyLimiter();
    const seen = await verifyCertificate({
      db,
      limiter,
      typed: issued.code.toLowerCase().replace('-', ' '),
      ip: '192.0.2.1',
    });
    if (!seen.found) throw new Error(seen.reason);
    expect(Object.keys(seen.certificate).sort()).toEqual(
      [
        'code',
        'competencies',
        'frameworkLabel',
        'holderName',
        'issuedOn',
        'issuerName',
        'levelTitle',
        'programmeName',
        'revokedOn',
        'status',
      ].sort(),
    );
    expect(JSON.stringify(seen.certificate)).not.toMatch(/L-001|F-\d|Benali|Kérourien|\+33/);
    expect(seen.certificate).toMatchObject({
      holderName: 'Aïcha B.',
      status: 'valid',
      issuerName: 'Centre social',
    });
    expect(await verifyCertificate({ db, limiter, typed: 'P-23456789', ip: '192.0.2.1' })).toEqual({
      found: false,
      reason: 'unknown',
    });
    expect(await verifyCertificate({ db, limiter, typed: 'hello', ip: '192.0.2.1' })).toEqual({
      found: false,
      reason: 'malformed',
    });

    // Revocation: the coordinator only, with a reason; the public page says so.
    await expect(
      revokeCertificate({
        db,
        actor: p.actors.facilitator,
        certificateId: issued.certificateId,
        reason: 'Erreur',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      await revokeCertificate({
        db,
        actor: p.actors.coordinator,
        certificateId: issued.certificateId,
        reason: 'Délivré par erreur',
      }),
    ).toEqual({ ok: true });
    expect(
      await revokeCertificate({
        db,
        actor: p.actors.coordinator,
        certificateId: issued.certificateId,
        reason: 'Encore',
      }),
    ).toMatchObject({ ok: false, reason: 'already_revoked' });
    const after = await verifyCertificate({ db, limiter, typed: issued.code, ip: '192.0.2.1' });
    expect(after).toMatchObject({ found: true, certificate: { status: 'revoked', revokedOn: today } });
    // A revoked level may be issued again.
    expect(
      (await issueCertificate({ db, actor: p.actors.facilitator, memberId, levelId: discovery })).ok,
    ).toBe(true);

    // The timeline tells the story.
    const timeline = (
      await getHousehold({ db, actor: p.actors.resident, householdId: p.households['L-001']! })
    ).timeline;
    const kinds = timeline.filter((e) => e.journey === 'certificate').map((e) => e.kind);
    expect(kinds).toContain('competency.validated');
    expect(kinds).toContain('certificate.issued');
    expect(kinds).toContain('certificate.revoked');
  });

  it('limits code guessing per address', async () => {
    const limiter = createVerifyLimiter();
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const r = await verifyCertificate({
        db,
        limiter,
        typed: `P-2345678${String.fromCharCode(65 + (i % 8))}`,
        ip: '198.51.100.7',
      });
      if (!r.found && r.reason === 'too_many') refused++;
    }
    expect(refused).toBe(10);
    // Another address is not affected.
    expect(await verifyCertificate({ db, limiter, typed: 'P-23456789', ip: '198.51.100.8' })).toEqual({
      found: false,
      reason: 'unknown',
    });
  });

  it('refuses twice, a reference framework, a future date, and withdraws a mistake with an audit trail', async () => {
    const memberId = await memberOf('L-002');
    const base = { db, actor: p.actors.facilitator, memberId };
    const k = competencyIds.get('PIM-4.1')!;
    expect((await validateCompetency({ ...base, input: { competencyId: k, validatedOn: today } })).ok).toBe(
      true,
    );
    expect(
      await validateCompetency({ ...base, input: { competencyId: k, validatedOn: today } }),
    ).toMatchObject({ ok: false, reason: 'already_validated' });
    const [pix] = await db.execute<{ id: number }>(
      sql`select c.id from competency c join competency_framework f on f.id = c.framework_id where f.code = 'pix' limit 1`,
    );
    expect(
      await validateCompetency({ ...base, input: { competencyId: pix!.id, validatedOn: today } }),
    ).toMatchObject({ ok: false, reason: 'reference_framework' });
    expect(
      await validateCompetency({
        ...base,
        input: { competencyId: competencyIds.get('PIM-4.2')!, validatedOn: '2999-01-01' },
      }),
    ).toMatchObject({ ok: false, reason: 'future_date' });
    const progress = await memberProgress({ db, actor: p.actors.facilitator, memberId });
    const v = progress.validations.find((x) => x.code === 'PIM-4.1')!;
    expect(progress.levels.find((l) => l.code === 'visa-internet')!.missing).not.toContain('PIM-4.1');
    expect(
      await withdrawValidation({
        db,
        actor: p.actors.facilitator,
        validationId: v.id,
        reason: 'Mauvaise personne',
      }),
    ).toEqual({ ok: true });
    expect(
      await withdrawValidation({ db, actor: p.actors.facilitator, validationId: v.id, reason: 'x' }),
    ).toMatchObject({ ok: false, reason: 'already_withdrawn' });
    expect(
      (await memberProgress({ db, actor: p.actors.facilitator, memberId })).validations.some(
        (x) => x.code === 'PIM-4.1',
      ),
    ).toBe(false);
    // Validated again after the withdrawal.
    expect((await validateCompetency({ ...base, input: { competencyId: k, validatedOn: today } })).ok).toBe(
      true,
    );
  });

  it('issues automatically when the programme says so, for an authorised facility', async () => {
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: true });
    const memberId = await memberOf('L-101');
    const required = pim2026.levels.find((l) => l.code === 'visa-decouverte')!.required;
    await validateAll(memberId, required.slice(0, -1));
    const last = await validateCompetency({
      db,
      actor: p.actors.facilitator,
      memberId,
      input: { competencyId: competencyIds.get(required.at(-1)!)!, validatedOn: today },
    });
    expect(last).toMatchObject({ ok: true, certificateCode: expect.stringMatching(/^P-/) });
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: false });
  });

  it('each role sees only its certificates; others may not validate or issue', async () => {
    const memberId = await memberOf('L-201'); // sector S3: not served by the facility
    await expect(
      validateCompetency({
        db,
        actor: p.actors.facilitator,
        memberId,
        input: { competencyId: competencyIds.get('PIM-1.1')!, validatedOn: today },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    for (const actor of [
      p.actors.landlord_officer,
      p.actors.operator_agent,
      p.actors.coordinator,
      p.actors.resident,
    ])
      await expect(
        validateCompetency({
          db,
          actor,
          memberId: await memberOf('L-001'),
          input: { competencyId: competencyIds.get('PIM-1.3')!, validatedOn: today },
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    const all = await listCertificates({ db, actor: p.actors.coordinator });
    expect(all.length).toBeGreaterThanOrEqual(3);
    const mine = await listCertificates({ db, actor: p.actors.resident });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.householdId === p.households['L-001'])).toBe(true);
    await expect(listCertificates({ db, actor: p.actors.landlord_officer })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const other = all.find((c) => c.householdId !== p.households['L-001'])!;
    await expect(
      getCertificate({ db, actor: p.actors.resident, certificateId: other.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('review: dates, races, versions and who sees what', () => {
  const discovery = pim2026.levels.find((l) => l.code === 'visa-decouverte')!.required;
  const internet = pim2026.levels.find((l) => l.code === 'visa-internet')!.required;
  const centre = () => p.actors.facilitator.organisationId!;

  it('validations of one person at the same moment, under automatic issuing, neither deadlock nor issue twice', async () => {
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: true });
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: true });
    try {
      const memberId = await newMember('L-101', 'Concurrence');
      const results = await Promise.all(
        internet.map((code) =>
          validateCompetency({
            db,
            actor: p.actors.facilitator,
            memberId,
            input: { competencyId: competencyIds.get(code)!, validatedOn: today },
          }),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const live = (await listCertificates({ db, actor: p.actors.coordinator, memberId })).filter(
        (c) => !c.revokedAt,
      );
      // Both levels reached by these validations, each certified once.
      expect(live.map((c) => c.levelId).sort()).toEqual(
        [levelIds.get('visa-decouverte')!, levelIds.get('visa-internet')!].sort(),
      );
    } finally {
      await setAutoIssue({ db, actor: p.actors.coordinator, auto: false });
    }
  });

  it('automatic issuing does not issue for a facility the coordinator has not authorised', async () => {
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: false });
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: true });
    try {
      const memberId = await newMember('L-001', 'Sans autorisation');
      await validateAll(memberId, discovery.slice(0, -1));
      expect(
        await validateCompetency({
          db,
          actor: p.actors.facilitator,
          memberId,
          input: { competencyId: competencyIds.get(discovery.at(-1)!)!, validatedOn: today },
        }),
      ).toMatchObject({ ok: true, certificateCode: null });
      expect(await listCertificates({ db, actor: p.actors.coordinator, memberId })).toEqual([]);
    } finally {
      await setAutoIssue({ db, actor: p.actors.coordinator, auto: false });
      await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: true });
    }
  });

  it('a competency seen today in Paris is not "in the future" just after midnight', async () => {
    const memberId = await newMember('L-001', 'Minuit');
    const now = new Date('2027-01-12T23:30:00Z'); // 00:30 on 13 January in Paris
    const at = (validatedOn: string, code: string) =>
      validateCompetency({
        db,
        actor: p.actors.facilitator,
        memberId,
        input: { competencyId: competencyIds.get(code)!, validatedOn },
        now,
      });
    expect((await at('2027-01-13', 'PIM-1.1')).ok).toBe(true);
    expect(await at('2027-01-14', 'PIM-1.2')).toMatchObject({ ok: false, reason: 'future_date' });
  });

  it('the day of a revocation is the day in Paris, on the public page', async () => {
    const memberId = await newMember('L-002', 'Révoquée');
    await validateAll(memberId, discovery);
    const issued = await issueCertificate({
      db,
      actor: p.actors.facilitator,
      memberId,
      levelId: levelIds.get('visa-decouverte')!,
    });
    if (!issued.ok) throw new Error(issued.reason);
    await revokeCertificate({
      db,
      actor: p.actors.coordinator,
      certificateId: issued.certificateId,
      reason: 'Erreur',
      now: new Date('2027-03-01T23:30:00Z'), // 00:30 on 2 March in Paris
    });
    const seen = await verifyCertificate({
      db,
      limiter: createVerifyLimiter(),
      typed: issued.code,
      ip: '192.0.2.50',
    });
    expect(seen).toMatchObject({ found: true, certificate: { status: 'revoked', revokedOn: '2027-03-02' } });
  });

  it('a person’s progress is for those who read certificates: not the landlord, not the consumer adviser', async () => {
    const memberId = await memberOf('L-001');
    for (const actor of [p.actors.landlord_officer, p.actors.adviser])
      await expect(memberProgress({ db, actor, memberId })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await memberProgress({ db, actor: p.actors.resident, memberId })).memberId).toBe(memberId);
    expect((await memberProgress({ db, actor: p.actors.coordinator, memberId })).memberId).toBe(memberId);
  });

  it('two issues of one level for one person at the same moment: one certificate, the other refused', async () => {
    const memberId = await newMember('L-002', 'Doublon');
    await validateAll(memberId, discovery);
    const issue = () =>
      issueCertificate({
        db,
        actor: p.actors.facilitator,
        memberId,
        levelId: levelIds.get('visa-decouverte')!,
      });
    const results = await Promise.all([issue(), issue(), issue()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual([
      'already_certified',
      'already_certified',
    ]);
  });

  it('authorising twice, or setting what is already set, records no second event', async () => {
    const count = async (action: string) =>
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from audit_event where action = ${action} and entity_id = ${String(centre())}`,
        )
      )[0]!.n;
    const before = await count('certificate.issuer_authorised');
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: true });
    expect(await count('certificate.issuer_authorised')).toBe(before);
    const withdrawn = await count('certificate.issuer_withdrawn');
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: false });
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: false });
    expect(await count('certificate.issuer_withdrawn')).toBe(withdrawn + 1);
    await setIssuer({ db, actor: p.actors.coordinator, organisationId: centre(), authorised: true });
    expect(await count('certificate.issuer_authorised')).toBe(before + 1);
    const programmeEvents = async () =>
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from audit_event where action = 'certificate.auto_issue_set'`,
        )
      )[0]!.n;
    const settings = await programmeEvents();
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: false });
    expect(await programmeEvents()).toBe(settings);
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: true });
    await setAutoIssue({ db, actor: p.actors.coordinator, auto: false });
    expect(await programmeEvents()).toBe(settings + 2);
  });

  it('lists a facility’s and a household’s certificates by index, not by reading the programme’s', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = async (where: ReturnType<typeof sql>) =>
        JSON.stringify(
          await tx.execute(
            sql`explain select * from certificate where programme_id = ${p.programmeId} and ${where} order by id desc limit 50`,
          ),
        );
      expect(await plan(sql`issuer_organisation_id = ${centre()}`)).toContain('certificate_issuer_idx');
      expect(await plan(sql`household_id = ${p.households['L-001']!}`)).toContain(
        'certificate_household_idx',
      );
    });
  });

  // Last: it ships a second version of the PIM framework into this file's database.
  it('a new framework version: progress and issuing count only validations of the level’s own version', async () => {
    const memberId = await newMember('L-101', 'Versions');
    await validateAll(memberId, discovery);
    const pim2027 = { ...pim2026, version: '2027.1', publishedOn: '2027-09-01' };
    for (const statement of frameworkSql(pim2027).split('--> statement-breakpoint'))
      await db.execute(sql.raw(statement));
    const [newLevel] = await db.execute<{ id: number }>(
      sql`select l.id from certificate_level l join competency_framework f on f.id = l.framework_id
           where f.version = '2027.1' and l.code = 'visa-decouverte'`,
    );
    const progress = await memberProgress({ db, actor: p.actors.facilitator, memberId });
    const byVersion = (version: string) =>
      progress.levels.find((l) => l.code === 'visa-decouverte' && l.version === version)!;
    expect(byVersion(pim2026.version).missing).toEqual([]);
    expect(byVersion('2027.1').missing).toEqual(discovery);
    expect((await levelByCode(db, 'visa-decouverte'))?.framework.version).toBe('2027.1');
    expect(
      await issueCertificate({ db, actor: p.actors.facilitator, memberId, levelId: newLevel!.id }),
    ).toMatchObject({ ok: false, reason: 'level_not_reached', missing: discovery });
    // The level of the version the validations belong to is still issued, and says which version.
    const issued = await issueCertificate({
      db,
      actor: p.actors.facilitator,
      memberId,
      levelId: levelIds.get('visa-decouverte')!,
    });
    if (!issued.ok) throw new Error(issued.reason);
    const cert = await getCertificate({
      db,
      actor: p.actors.coordinator,
      certificateId: issued.certificateId,
    });
    expect(publicView(cert).frameworkLabel).toContain(`version ${pim2026.version}`);
  });
});
