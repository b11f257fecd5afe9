import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { certificateRefusalMessage, frameworkSql, pim2026 } from '../certificates/index.ts';
import type { Db } from '../platform/db/index.ts';

let db: Db;
let p: TestProgramme;
let api: Awaited<ReturnType<typeof apiAs>>;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const today = new Date().toISOString().slice(0, 10);
const competencyIds = new Map<string, number>();
const levelIds = new Map<string, number>();
const discovery = pim2026.levels.find((l) => l.code === 'visa-decouverte')!.required;

async function householdOf(dwelling: string): Promise<{ memberId: number; reference: string }> {
  const res = await call('facilitator', `/households/${p.households[dwelling]}`);
  expect(res.status).toBe(200);
  const household = await res.json();
  return { memberId: household.members[0].id, reference: household.reference };
}

const validate = (memberId: number, code: string) =>
  call('facilitator', '/validations', {
    json: {
      memberId,
      competencyId: competencyIds.get(code),
      validatedOn: today,
      observation: 'Vu en atelier',
    },
  });

/** A lookup of the public verification from a given client address (as the socket would give it). */
const lookup = (code: string, ip = '203.0.113.7') =>
  api.app.request(
    `/api/v1/public/certificates/${encodeURIComponent(code)}`,
    {},
    {
      incoming: { socket: { remoteAddress: ip } },
    },
  );

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  api = await apiAs(db, p.actors);
  ({ call } = api);
});

describe('/api/v1 certificates', () => {
  let memberId: number;
  let reference: string;
  let certificateId: number;
  let code: string;
  let courseId: number;

  it('is in the OpenAPI document, the verification without a token', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/competency-frameworks',
        '/validations',
        '/validations/{id}/withdraw',
        '/members/{memberId}/progress',
        '/courses/{id}/competencies',
        '/certificates',
        '/certificates/{id}',
        '/certificates/{id}/revoke',
        '/certificates/{id}/certificate.pdf',
        '/certificates/{id}/credential',
        '/certificate-issuers/{organisationId}',
        '/certificate-settings',
        '/public/certificates/{code}',
        '/public/certificates/{code}/status',
      ]),
    );
    expect(doc.paths['/public/certificates/{code}'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/certificates/{id}/credential'].get.responses['200'].content)).toEqual([
      'application/vc+jwt',
      'application/json',
    ]);
  });

  it('lists the frameworks, with competencies and levels, to any token', async () => {
    const res = await call('landlord_officer', '/competency-frameworks');
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const pim = items.find((f: { code: string }) => f.code === 'pim');
    expect(pim).toMatchObject({ version: pim2026.version, kind: 'certificate' });
    expect(items.find((f: { code: string }) => f.code === 'pix')).toMatchObject({ kind: 'reference' });
    for (const k of pim.competencies) competencyIds.set(k.code, k.id);
    for (const l of pim.levels) levelIds.set(l.code, l.id);
    expect(pim.levels.find((l: { code: string }) => l.code === 'visa-decouverte').required).toEqual(
      discovery,
    );
    expect((await call(null, '/competency-frameworks')).status).toBe(401);
  });

  it('the coordinator authorises the social centre to issue; a landlord is not a facility; a facilitator may not', async () => {
    const centre = p.actors.facilitator.organisationId!;
    expect(
      (
        await call('facilitator', `/certificate-issuers/${centre}`, {
          method: 'PUT',
          json: { authorised: true },
        })
      ).status,
    ).toBe(403);
    const landlord = await call(
      'coordinator',
      `/certificate-issuers/${p.actors.landlord_officer.organisationId}`,
      {
        method: 'PUT',
        json: { authorised: true },
      },
    );
    expect(landlord.status).toBe(409);
    expect(await landlord.json()).toMatchObject({ error: 'not_a_facility_partner' });
    const res = await call('coordinator', `/certificate-issuers/${centre}`, {
      method: 'PUT',
      json: { authorised: true },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ organisationId: centre, authorised: true });
    const settings = await (await call('coordinator', '/certificate-settings')).json();
    expect(settings.autoIssue).toBe(false);
    expect(settings.facilities).toContainEqual(expect.objectContaining({ id: centre, authorised: true }));
  });

  it('a landlord may not validate competencies; bad input is refused in French', async () => {
    ({ memberId, reference } = await householdOf('L-001'));
    const landlord = await call('landlord_officer', '/validations', {
      json: { memberId, competencyId: competencyIds.get(discovery[0]!), validatedOn: today },
    });
    expect(landlord.status).toBe(403);
    const bad = await call('facilitator', '/validations', {
      json: { memberId, competencyId: competencyIds.get(discovery[0]!), validatedOn: '12/01/2027' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toContainEqual({
      path: 'validatedOn',
      message: 'Date attendue au format AAAA-MM-JJ',
    });
    // What PostgreSQL would refuse (year 0, a NUL character) is refused here, field by field, not with a 500.
    const competencyId = competencyIds.get(discovery[0]!);
    for (const [field, value] of [
      ['validatedOn', '0000-01-01'],
      ['observation', 'Vu\u0000'],
      ['note', 'Note\u0000'],
    ] as const) {
      const res = await call('facilitator', '/validations', {
        json: { memberId, competencyId, validatedOn: today, [field]: value },
      });
      expect(res.status).toBe(422);
      expect((await res.json()).issues).toEqual([expect.objectContaining({ path: field })]);
    }
    const lines = await call('facilitator', '/validations', {
      json: {
        memberId: (await householdOf('L-101')).memberId,
        competencyId: competencyIds.get('PIM-5.3'),
        validatedOn: today,
        note: 'Une ligne\nDeux',
      },
    });
    expect(lines.status).toBe(201);
  });

  it('the facilitator validates; issuing before the level is reached is refused with what is missing', async () => {
    for (const k of discovery.slice(0, -1)) {
      const res = await validate(memberId, k);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ validationId: expect.any(Number), certificateCode: null });
    }
    const again = await validate(memberId, discovery[0]!);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: 'already_validated',
      message: certificateRefusalMessage('already_validated'),
      field: 'competencyId',
    });
    const early = await call('facilitator', '/certificates', {
      json: { memberId, levelId: levelIds.get('visa-decouverte') },
    });
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({
      error: 'level_not_reached',
      message: certificateRefusalMessage('level_not_reached'),
      missing: [discovery.at(-1)],
    });
    const progress = await (await call('facilitator', `/members/${memberId}/progress`)).json();
    expect(progress.validations.map((v: { code: string }) => v.code)).toEqual(discovery.slice(0, -1));
    expect(progress.levels.find((l: { code: string }) => l.code === 'visa-decouverte').missing).toEqual([
      discovery.at(-1),
    ]);
    // The landlord reads households (tenancies) but not what a person learnt.
    expect((await call('landlord_officer', `/members/${memberId}/progress`)).status).toBe(403);
  });

  it('a validation recorded by mistake is withdrawn once, with a reason', async () => {
    const extra = await validate(memberId, 'PIM-2.1');
    expect(extra.status).toBe(201);
    const { validationId } = await extra.json();
    const noReason = await call('facilitator', `/validations/${validationId}/withdraw`, {
      json: { reason: ' ' },
    });
    expect(noReason.status).toBe(422);
    const nul = await call('facilitator', `/validations/${validationId}/withdraw`, {
      json: { reason: 'Erreur\u0000' },
    });
    expect(nul.status).toBe(422);
    const path = `/validations/${validationId}/withdraw`;
    expect((await call('coordinator', path, { json: { reason: 'Erreur de personne' } })).status).toBe(403);
    const res = await call('facilitator', path, { json: { reason: 'Erreur de personne' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ withdrawn: true });
    const twice = await call('facilitator', path, { json: { reason: 'Erreur de personne' } });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error).toBe('already_withdrawn');
  });

  it('once every competency is validated the facilitator issues the certificate, with a P- code', async () => {
    expect((await validate(memberId, discovery.at(-1)!)).status).toBe(201);
    for (const holderName of ['Aïcha\u0000', 'Aïcha\nBenali']) {
      const bad = await call('facilitator', '/certificates', {
        json: { memberId, levelId: levelIds.get('visa-decouverte'), holderName },
      });
      expect(bad.status).toBe(422);
    }
    const res = await call('facilitator', '/certificates', {
      json: { memberId, levelId: levelIds.get('visa-decouverte'), holderName: 'Aïcha Benali' },
    });
    expect(res.status).toBe(201);
    ({ certificateId, code } = await res.json());
    expect(code).toMatch(/^P-[0-9A-HJKMNP-Z]{8}$/);
    const twice = await call('facilitator', '/certificates', {
      json: { memberId, levelId: levelIds.get('visa-decouverte') },
    });
    expect((await twice.json()).error).toBe('already_certified');

    const list = await (await call('coordinator', `/certificates?memberId=${memberId}`)).json();
    expect(list).toEqual({
      items: [expect.objectContaining({ id: certificateId, code, status: 'valid' })],
      nextBefore: null,
    });
    const one = await call('facilitator', `/certificates/${certificateId}`);
    expect(await one.json()).toMatchObject({
      code,
      holderName: 'Aïcha Benali',
      levelCode: 'visa-decouverte',
      competencies: discovery.map((k) => expect.objectContaining({ code: k })),
      canRevoke: false,
    });
  });

  it('a course shows its participants against its competencies; a validation may name a session', async () => {
    const facility = await call('coordinator', '/facilities', {
      json: {
        name: 'Centre social de Kérourien',
        address: '12 rue de Kérourien',
        postcode: '29200',
        commune: 'Brest',
        computers: 8,
        organisationId: p.actors.facilitator.organisationId,
      },
    });
    expect(facility.status).toBe(201);
    const course = await call('facilitator', '/courses', {
      json: {
        kind: 'cycle',
        facilityId: (await facility.json()).id,
        title: 'Premiers pas sur l’ordinateur',
        level: 'beginner',
        audience: 'Débutants, tout public',
        description: 'Allumer l’ordinateur, la souris, le clavier, et ses premiers sites.',
        competencies: [...discovery, 'PIM-2.1'],
        capacity: 4,
        startTime: '00:00',
        endTime: '01:00',
        firstDay: today,
        sessionCount: 2,
        everyWeeks: 1,
        skipHolidays: false,
      },
    });
    expect(course.status).toBe(201);
    const created = await course.json();
    courseId = created.id;
    const sessionIds: number[] = created.sessionIds;
    const registered = await call('facilitator', '/registrations', {
      json: { courseId, householdId: p.households['L-001'], memberId, reminderChannel: 'letter' },
    });
    expect(registered.status).toBe(201);
    const inSession = await call('facilitator', '/validations', {
      json: {
        memberId,
        competencyId: competencyIds.get('PIM-2.1'),
        validatedOn: today,
        sessionId: sessionIds[0],
      },
    });
    expect(inSession.status).toBe(201);
    // Next week's session has not been held: nothing was seen there yet.
    const notHeld = await call('facilitator', '/validations', {
      json: {
        memberId,
        competencyId: competencyIds.get('PIM-2.2'),
        validatedOn: today,
        sessionId: sessionIds[1],
      },
    });
    expect(notHeld.status).toBe(409);
    expect(await notHeld.json()).toMatchObject({ error: 'session_not_held', field: 'sessionId' });

    const res = await call('facilitator', `/courses/${courseId}/competencies`);
    expect(res.status).toBe(200);
    const progress = await res.json();
    expect(progress.competencies.map((k: { code: string }) => k.code)).toEqual(
      expect.arrayContaining([...discovery, 'PIM-2.1']),
    );
    expect(progress.sessions).toHaveLength(2);
    expect(progress.sessions[0]).toMatchObject({ id: sessionIds[0], status: 'scheduled' });
    expect(progress.people).toEqual([
      expect.objectContaining({
        memberId,
        validated: expect.objectContaining({
          [discovery[0]!]: expect.any(Number),
          'PIM-2.1': expect.any(Number),
        }),
      }),
    ]);
    expect((await call('landlord_officer', `/courses/${courseId}/competencies`)).status).toBe(403);
  });

  it('anyone checks the code without a token: holder and level, nothing about the household', async () => {
    const res = await lookup(code.toLowerCase().replace('-', ' '));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      code,
      holderName: 'Aïcha Benali',
      levelTitle: expect.any(String),
      status: 'valid',
      revokedOn: null,
    });
    expect(text).not.toContain(reference);
    expect(text).not.toMatch(/household|member/i);

    const malformed = await lookup('P-12');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('malformed');
    const unknown = await lookup(code === 'P-22222222' ? 'P-33333333' : 'P-22222222');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe('unknown');
  });

  it('serves the PDF and the signed credential', async () => {
    const pdf = await call('facilitator', `/certificates/${certificateId}/certificate.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const jwt = await call('resident', `/certificates/${certificateId}/credential`);
    expect(jwt.status).toBe(200);
    expect(jwt.headers.get('content-type')).toBe('application/vc+jwt');
    expect((await jwt.text()).split('.')).toHaveLength(3);

    const decoded = await (
      await call('facilitator', `/certificates/${certificateId}/credential?format=json`)
    ).json();
    expect(decoded.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(decoded.credentialSubject.name).toBe('Aïcha Benali');
    expect(decoded.credentialStatus.id).toMatch(new RegExp(`/api/v1/public/certificates/${code}/status$`));

    expect((await call('landlord_officer', `/certificates/${certificateId}/certificate.pdf`)).status).toBe(
      403,
    );
  });

  it('the coordinator revokes (not the facilitator); the public check and the status then say so', async () => {
    const path = `/certificates/${certificateId}/revoke`;
    expect((await call('facilitator', path, { json: { reason: 'Délivré par erreur' } })).status).toBe(403);
    expect((await call('coordinator', path, { json: { reason: 'Erreur\u0000' } })).status).toBe(422);
    const res = await call('coordinator', path, { json: { reason: 'Délivré par erreur' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'revoked', revokeReason: 'Délivré par erreur' });
    const twice = await call('coordinator', path, { json: { reason: 'Délivré par erreur' } });
    expect((await twice.json()).error).toBe('already_revoked');

    expect(await (await lookup(code)).json()).toMatchObject({ status: 'revoked', revokedOn: today });
    const status = await api.app.request(`/api/v1/public/certificates/${code}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ revoked: true });
    expect((await api.app.request('/api/v1/public/certificates/P-12/status')).status).toBe(400);
    const unknown = code === 'P-22222222' ? 'P-33333333' : 'P-22222222';
    expect((await api.app.request(`/api/v1/public/certificates/${unknown}/status`)).status).toBe(404);
  });

  it('with automatic issuing, the validation that completes a level issues its certificate', async () => {
    const facilitator = await call('facilitator', '/certificate-settings', {
      method: 'PUT',
      json: { autoIssue: true },
    });
    expect(facilitator.status).toBe(403);
    const on = await call('coordinator', '/certificate-settings', {
      method: 'PUT',
      json: { autoIssue: true },
    });
    expect((await on.json()).autoIssue).toBe(true);
    const other = (await householdOf('L-002')).memberId;
    for (const k of discovery.slice(0, -1)) expect((await validate(other, k)).status).toBe(201);
    const last = await (await validate(other, discovery.at(-1)!)).json();
    expect(last.certificateCode).toMatch(/^P-/);
  });

  it('stops lookups from one address after many, with Retry-After; another address still checks', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 40; i++) {
      res = await lookup(code, '198.51.100.20');
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res!.json()).toMatchObject({ error: 'too_many', retryAfterSeconds: expect.any(Number) });
    expect((await lookup(code, '198.51.100.21')).status).toBe(200);
  });

  // Last: it ships a second version of the PIM framework into this file's database.
  it('a new framework version: a course shows each of its competencies once, from the newest version', async () => {
    const pim2027 = { ...pim2026, version: '2027.1', publishedOn: '2027-09-01' };
    for (const statement of frameworkSql(pim2027).split('--> statement-breakpoint'))
      await db.execute(sql.raw(statement));
    const progress = await (await call('facilitator', `/courses/${courseId}/competencies`)).json();
    const codes = progress.competencies.map((k: { code: string }) => k.code);
    expect(codes).toEqual([...new Set(codes)]);
    expect(codes.sort()).toEqual([...discovery, 'PIM-2.1'].sort());
    const newIds = await db.execute<{ id: number }>(
      sql`select c.id from competency c join competency_framework f on f.id = c.framework_id where f.version = '2027.1'`,
    );
    expect(newIds.map((r) => r.id)).toEqual(
      expect.arrayContaining(progress.competencies.map((k: { id: number }) => k.id)),
    );
  });
});
