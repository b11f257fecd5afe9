import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { createApiToken, createOrganisation, createUser } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { standardColumns, workshopRefusalMessage } from '../workshops/index.ts';

let db: Db;
let p: TestProgramme;
let api: Awaited<ReturnType<typeof apiAs>>;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

const place = (organisationId?: number | null) => ({
  name: 'Centre social de Kérourien',
  address: '12 rue de Kérourien',
  postcode: '29200',
  commune: 'Brest',
  inseeCode: '29019',
  phone: '02 98 00 00 00',
  openingHours: 'Mo-Fr 09:00-12:00',
  wheelchairAccessible: true,
  computers: 8,
  ...(organisationId ? { organisationId } : {}),
});

/** A cycle of 3 weekly sessions whose first one is today (already begun), so the roll call can be taken. */
const cycle = (facilityId: number) => ({
  kind: 'cycle',
  facilityId,
  title: 'Premiers pas sur l’ordinateur',
  level: 'beginner',
  audience: 'Débutants, tout public',
  description: 'Allumer l’ordinateur, la souris, le clavier, et ses premiers sites.',
  capacity: 2,
  startTime: '00:00',
  endTime: '01:00',
  firstDay: localDate(new Date()),
  sessionCount: 3,
  everyWeeks: 1,
  skipHolidays: false,
});

async function memberOf(dwelling: string): Promise<number> {
  const res = await call('facilitator', `/households/${p.households[dwelling]}`);
  expect(res.status).toBe(200);
  return (await res.json()).members[0].id;
}

/** A facilitator of another facility partner, with an API token. */
async function otherFacilitatorToken(): Promise<string> {
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'facility', name: 'Maison de quartier' },
  });
  if (!org.ok) throw new Error('organisation');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Autre animatrice',
      email: 'autre-animatrice@test.example.org',
      role: 'facilitator',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error(user.reason);
  const token = await createApiToken({ db, actor: p.actors.admin, userId: user.userId, name: 'autre' });
  if (!token.ok) throw new Error('token');
  return token.token;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  api = await apiAs(db, p.actors);
  ({ call } = api);
});

describe('/api/v1 workshops', () => {
  let facilityId: number;
  let courseId: number;
  let sessionIds: number[];
  const registrations: number[] = [];

  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/facilities',
        '/facilities/export.csv',
        '/facilities/import',
        '/facilities/{id}',
        '/facilities/{id}/rooms',
        '/facilities/{id}/calendar.ics',
        '/courses',
        '/courses/{id}',
        '/courses/{id}/sessions',
        '/courses/{id}/capacity',
        '/sessions',
        '/sessions/{id}/attendance',
        '/sessions/{id}/attendance/{registrationId}',
        '/sessions/{id}/reschedule',
        '/sessions/{id}/cancel',
        '/sessions/{id}/attendance-sheet.pdf',
        '/registrations',
        '/registrations/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/facilities/import'].post.requestBody.content)).toEqual(['text/csv']);
  });

  it('the coordinator creates a facility for the social centre; a bad postcode is refused in French', async () => {
    const bad = await call('coordinator', '/facilities', { json: { ...place(), postcode: '2920' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toEqual([{ path: 'postcode', message: 'Code postal à 5 chiffres' }]);
    const created = await call('coordinator', '/facilities', {
      json: place(p.actors.facilitator.organisationId),
    });
    expect(created.status).toBe(201);
    facilityId = (await created.json()).id;
    const room = await call('facilitator', `/facilities/${facilityId}/rooms`, {
      json: { name: 'Salle informatique', seats: 10, computers: 8 },
    });
    expect(room.status).toBe(201);
    const again = await call('facilitator', `/facilities/${facilityId}/rooms`, {
      json: { name: 'Salle informatique', seats: 10, computers: 8 },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: 'room_exists',
      message: workshopRefusalMessage('room_exists'),
      field: 'name',
    });
    const detail = await (await call('facilitator', `/facilities/${facilityId}`)).json();
    expect(detail).toMatchObject({
      name: 'Centre social de Kérourien',
      phone: '+33298000000',
      organisationName: 'Centre social',
      canManage: true,
      rooms: [{ name: 'Salle informatique', seats: 10, computers: 8 }],
    });
    const list = await (await call('landlord_officer', '/facilities')).json();
    expect(list.items).toEqual([expect.objectContaining({ id: facilityId, commune: 'Brest' })]);
    const changed = await call('facilitator', `/facilities/${facilityId}`, {
      method: 'PUT',
      json: { ...place(), computers: 10 },
    });
    expect(changed.status).toBe(204);
    expect(await (await call('facilitator', `/facilities/${facilityId}`)).json()).toMatchObject({
      computers: 10,
      organisationId: p.actors.facilitator.organisationId,
    });
  });

  it('the facility’s facilitator creates a cycle; the landlord may not', async () => {
    expect((await call('landlord_officer', '/courses', { json: cycle(facilityId) })).status).toBe(403);
    const created = await call('facilitator', '/courses', { json: cycle(facilityId) });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.sessionIds).toHaveLength(3);
    expect(body.skipped).toEqual([]);
    courseId = body.id;
    sessionIds = body.sessionIds;
    const list = await (await call('coordinator', `/courses?facilityId=${facilityId}`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({ id: courseId, kind: 'cycle', capacity: 2, seatsTaken: 0, sessionCount: 3 }),
    ]);
  });

  it('two households get the places, a third waits; when the first leaves, the one waiting gets the place', async () => {
    for (const dwelling of ['L-001', 'L-002', 'L-101']) {
      const res = await call('facilitator', '/registrations', {
        json: {
          courseId,
          householdId: p.households[dwelling],
          memberId: await memberOf(dwelling),
          reminderChannel: 'sms',
        },
      });
      expect(res.status).toBe(201);
      const body = await res.json();
      registrations.push(body.registrationId);
      expect(body).toEqual(
        dwelling === 'L-101'
          ? { registrationId: expect.any(Number), status: 'waiting', position: 1 }
          : { registrationId: expect.any(Number), status: 'registered', position: null },
      );
    }
    const twice = await call('facilitator', '/registrations', {
      json: {
        courseId,
        householdId: p.households['L-001'],
        memberId: await memberOf('L-001'),
        reminderChannel: 'sms',
      },
    });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: 'already_registered' });

    const mine = await (await call('facilitator', `/courses/${courseId}`)).json();
    expect(mine.registrations).toHaveLength(3);
    const theirs = await (await call('coordinator', `/courses/${courseId}`)).json();
    expect(theirs.registrations).toBeNull();
    expect(theirs.sessions).toHaveLength(3);

    const cancelled = await call('facilitator', `/registrations/${registrations[0]}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ promoted: [registrations[2]] });
    const again = await call('facilitator', `/registrations/${registrations[0]}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'not_live' });

    const household = await call('facilitator', `/registrations?householdId=${p.households['L-101']}`);
    expect((await household.json()).items).toEqual([
      expect.objectContaining({ id: registrations[2], status: 'registered', courseId, position: null }),
    ]);
  });

  it('the roll call: marked present, read back; another facility may not take it', async () => {
    const sessionId = sessionIds[0]!;
    const marked = await call('facilitator', `/sessions/${sessionId}/attendance/${registrations[1]}`, {
      method: 'PUT',
      json: { present: true },
    });
    expect(marked.status).toBe(200);
    expect(await marked.json()).toEqual({ completed: false });
    const roll = await call('facilitator', `/sessions/${sessionId}/attendance`);
    expect(roll.status).toBe(200);
    const body = await roll.json();
    expect(body).toMatchObject({ sessionId, courseId, number: 1, sessionCount: 3, present: 1, absent: 0 });
    expect(body.people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ registrationId: registrations[1], present: true }),
        expect.objectContaining({ registrationId: registrations[2], present: null }),
      ]),
    );
    expect(body.people).toHaveLength(2);

    const early = await call('facilitator', `/sessions/${sessionIds[1]}/attendance/${registrations[1]}`, {
      method: 'PUT',
      json: { present: true },
    });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      error: 'too_early',
      message: workshopRefusalMessage('too_early'),
    });

    const other = await otherFacilitatorToken();
    const refused = await api.app.request(`/api/v1/sessions/${sessionId}/attendance/${registrations[1]}`, {
      method: 'PUT',
      body: JSON.stringify({ present: false }),
      headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
    });
    expect(refused.status).toBe(403);
    const sheet = await call('facilitator', `/sessions/${sessionId}/attendance-sheet.pdf`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await sheet.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('sessions by period: at most 366 days; moved and cancelled sessions', async () => {
    const today = localDate(new Date());
    const inAMonth = localDate(new Date(Date.now() + 31 * 86_400_000));
    const list = await call('coordinator', `/sessions?from=${today}&to=${inAMonth}&facilityId=${facilityId}`);
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((s: { id: number }) => s.id)).toEqual(sessionIds);
    const tooLong = await call('coordinator', `/sessions?from=2027-01-01&to=2028-01-03`);
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).issues).toEqual([
      { path: 'to', message: '366 jours au plus entre le début et la fin' },
    ]);
    expect((await call('coordinator', '/sessions')).status).toBe(422);

    const last = sessionIds[2]!;
    const moveTo = localDate(new Date(Date.now() + 16 * 86_400_000));
    const moved = await call('facilitator', `/sessions/${last}/reschedule`, {
      json: { day: moveTo, startTime: '14:00', endTime: '16:00' },
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ told: 2 });
    const cancelled = await call('facilitator', `/sessions/${sessionIds[1]}/cancel`, {
      json: { reason: 'Salle indisponible' },
    });
    expect(cancelled.status).toBe(200);
    const twice = await call('facilitator', `/sessions/${sessionIds[1]}/cancel`, {
      json: { reason: 'Salle indisponible' },
    });
    expect(await twice.json()).toMatchObject({ error: 'session_cancelled' });
  });

  it('the calendar is an iCalendar feed with the sessions', async () => {
    const res = await call('tenant_rep', `/facilities/${facilityId}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    for (const id of sessionIds) expect(ics).toMatch(new RegExp(`UID:session-${id}@`));
    expect(ics).toContain('STATUS:CANCELLED');
  });

  it('export in the national standard; an import with a bad line writes nothing', async () => {
    const exported = await call('landlord_officer', '/facilities/export.csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await exported.text();
    expect(csv.split('\r\n')[0]).toBe(standardColumns.join(','));

    const row = (id: string, postcode: string) => {
      const values: Record<string, string> = {
        id,
        pivot: '00000000000000',
        nom: `Médiathèque ${id}`,
        commune: 'Brest',
        code_postal: postcode,
        adresse: '1 place de la Liberté',
        date_maj: '2026-09-01',
      };
      return standardColumns.map((c) => values[c] ?? '').join(';');
    };
    const upload = (lines: string[]) =>
      call('coordinator', `/facilities/import?organisationId=${p.actors.facilitator.organisationId}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: [standardColumns.join(';'), ...lines].join('\n'),
      });
    const before = (await (await call('coordinator', '/facilities')).json()).items.length;
    const bad = await upload([row('med-1', '29200'), row('med-2', '292')]);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error: 'invalid_file',
      message: 'Le fichier contient des erreurs : rien n’a été importé.',
      errors: [
        {
          line: 3,
          column: 'code_postal',
          message: 'code_postal : « 292 » n’est pas un code postal à 5 chiffres',
        },
      ],
    });
    expect((await (await call('coordinator', '/facilities')).json()).items).toHaveLength(before);
    expect((await upload([row('med-1', '29200')])).status).toBe(200);
    const again = await upload([row('med-1', '29200'), row('med-2', '29200')]);
    expect(await again.json()).toEqual({ imported: 2, created: 1, updated: 1 });
    expect(
      (
        await call('facilitator', '/facilities/import', {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: [standardColumns.join(';'), row('med-3', '29200')].join('\n'),
        })
      ).status,
    ).toBe(403);
  });
});
