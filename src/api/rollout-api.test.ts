import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { placeRolloutFixture } from '../../test/rollout.ts';
import { apiAs } from '../../test/services.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const today = localDate(new Date());
const inDays = (n: number) => localDate(new Date(Date.now() + n * 86_400_000));
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'rollout-api');
  await placeRolloutFixture(db, p);
  ({ call } = await apiAs(db, p.actors));
});

const put = (role: Role, path: string, json: unknown) => call(role, path, { method: 'PUT', json });
const meeting = (role: Role, sectorId: number, fields: Record<string, string>, minutes?: File) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (minutes) form.append('minutes', minutes);
  return call(role, `/sectors/${sectorId}/meetings`, { method: 'POST', body: form });
};
const planOf = async (role: Role) => {
  const res = await call(role, '/roll-out/plan');
  expect(res.status).toBe(200);
  return (await res.json()) as {
    today: string;
    lines: {
      sectorId: number;
      code: string;
      status: string;
      milestones: { milestone: string; on: string }[];
    }[];
  };
};

describe('/api/v1 roll-out', () => {
  it('is in the OpenAPI document, the meeting as multipart/form-data', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/roll-out/plan',
        '/roll-out/settings',
        '/sectors/{id}/stages',
        '/sectors/{id}/checklist/{itemKey}',
        '/sectors/{id}/positions',
        '/sectors/{id}/meetings',
        '/sectors/{id}/pin',
        '/consultation-meetings/{id}/minutes',
      ]),
    );
    expect(Object.keys(doc.paths['/sectors/{id}/meetings'].post.requestBody.content)).toEqual([
      'multipart/form-data',
    ]);
    expect(Object.keys(doc.paths['/roll-out/plan'].get.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      'text/calendar',
    ]);
    expect(Object.keys(doc.paths['/sectors/{id}/pin'])).toEqual(expect.arrayContaining(['put', 'delete']));
  });

  it('gives the plan to whoever reads the roll-out: everything to the landlord, its sectors to the operator', async () => {
    const plan = await planOf('coordinator');
    expect(plan.today).toBe(today);
    expect(plan.lines.map((l) => l.code).sort()).toEqual(['N1', 'N2', 'S3']);
    const n1 = plan.lines.find((l) => l.code === 'N1')!;
    // N1 is ready (a facility 120 m away with 60 free seats): placed from this month on, with dates per stage.
    expect(n1).toMatchObject({ status: 'planned', stage: 'identified' });
    expect(n1.milestones.map((m) => m.milestone)).toEqual([
      'consultation',
      'partners_consulted',
      'support_ready',
      'vote_open',
      'adopted',
      'works',
      'service_open',
      'evaluated',
    ]);
    expect((await planOf('landlord_officer')).lines).toHaveLength(3);
    expect((await planOf('operator_agent')).lines.map((l) => l.code)).toEqual(['N1']);
    expect((await planOf('tenant_rep')).lines.map((l) => l.code)).toEqual(['S3']);
    for (const role of ['resident', 'recycling_agent'] as const)
      expect((await call(role, '/roll-out/plan')).status, role).toBe(403);
    expect((await call(null, '/roll-out/plan')).status).toBe(401);
    expect((await call('coordinator', '/roll-out/plan?format=pdf')).status).toBe(422);
  });

  it('exports the plan as a CSV French spreadsheets open and as an iCalendar of milestones', async () => {
    const csv = await call('coordinator', '/roll-out/plan?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain(';');
    expect(text).toContain('N1');
    const ics = await call('operator_agent', '/roll-out/plan?format=ics');
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const calendar = await ics.text();
    expect(calendar).toContain('BEGIN:VCALENDAR');
    expect(calendar).toContain('BEGIN:VEVENT');
    // The operator's calendar holds its sector only.
    expect(calendar).toContain('Secteur N1');
    expect(calendar).not.toContain('Secteur S3');
    expect((await call('resident', '/roll-out/plan?format=csv')).status).toBe(403);
  });

  it('shows a sector’s stage, history and what the next stage needs; partners read the sectors they serve', async () => {
    const res = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`);
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view.sector).toMatchObject({ code: 'N1', stage: 'identified' });
    expect(view.since).toBe(today);
    expect(view.history).toEqual([
      expect.objectContaining({ stage: 'identified', source: 'decision', comment: 'Secteur créé' }),
    ]);
    expect(view.next.stage).toBe('partners_consulted');
    expect(view.next.complete).toBe(false);
    expect(view.next.missing).toContain('Une réunion avec les acteurs du quartier a eu lieu');
    expect(view.next.items.find((i: { key: string }) => i.key === 'tenants_informed')).toMatchObject({
      kind: 'manual',
      done: false,
    });
    expect(view.backTo).toEqual([]);
    expect(view.readiness.nearbyFacilities[0]).toMatchObject({ name: 'Centre social de Kerourien' });

    expect((await call('operator_agent', `/sectors/${p.sectorIds.N1}/stages`)).status).toBe(200);
    expect((await call('operator_agent', `/sectors/${p.sectorIds.N2}/stages`)).status).toBe(403);
    expect((await call('landlord_officer', `/sectors/${p.sectorIds.S3}/stages`)).status).toBe(200);
    expect((await call('resident', `/sectors/${p.sectorIds.N1}/stages`)).status).toBe(403);
    expect((await call('coordinator', '/sectors/999999/stages')).status).toBe(404);
  });

  it('refuses a stage whose checklist is incomplete with the French list of what is missing', async () => {
    const res = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'partners_consulted', comment: 'Réunion faite' },
    });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body).toMatchObject({
      error: 'checklist_incomplete',
      message: 'Il manque des éléments pour passer à cette étape.',
    });
    expect(body.missing).toEqual([
      'Une réunion avec les acteurs du quartier a eu lieu',
      'Le lieu de médiation et les représentants des locataires ont donné leur accord',
      'Les locataires ont été informés (affiches, réunion)',
    ]);
    const byEvent = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'vote_open' },
    });
    expect(await byEvent.json()).toMatchObject({ error: 'by_event', field: 'stage' });
    const future = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'partners_consulted', decidedOn: inDays(3) },
    });
    expect(await future.json()).toMatchObject({ error: 'future_date', field: 'decidedOn' });
    const bad = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'launched' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues[0]).toEqual({ path: 'stage', message: 'Choisissez une étape' });
    for (const role of ['landlord_officer', 'operator_agent', 'facilitator', 'resident'] as const)
      expect(
        (await call(role, `/sectors/${p.sectorIds.N1}/stages`, { json: { stage: 'partners_consulted' } }))
          .status,
        role,
      ).toBe(403);
    expect(
      (await call('coordinator', '/sectors/999999/stages', { json: { stage: 'partners_consulted' } })).status,
    ).toBe(404);
  });

  it('ticks and unticks a manual item; an automatic or unknown item is refused', async () => {
    const item = (key: string) => `/sectors/${p.sectorIds.N1}/checklist/${key}`;
    const ticked = await call('coordinator', item('tenants_informed'), {
      json: { done: true, comment: 'Affiches' },
    });
    expect(ticked.status).toBe(200);
    expect(await ticked.json()).toEqual({ itemKey: 'tenants_informed', done: true });
    const view = await (await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`)).json();
    expect(view.next.items.find((i: { key: string }) => i.key === 'tenants_informed').done).toBe(true);
    expect(view.next.missing).not.toContain('Les locataires ont été informés (affiches, réunion)');

    expect((await call('coordinator', item('home_help'), { json: { done: false } })).status).toBe(200);
    const unknown = await call('coordinator', item('meeting_held'), { json: { done: true } });
    expect(unknown.status).toBe(409);
    expect(await unknown.json()).toMatchObject({
      error: 'unknown_item',
      message: 'Cet élément ne fait pas partie de la liste de l’étape.',
    });
    expect((await call('operator_agent', item('tenants_informed'), { json: { done: false } })).status).toBe(
      403,
    );
    const tooLong = await call('coordinator', item('tenants_informed'), {
      json: { done: true, comment: 'x'.repeat(2001) },
    });
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).issues[0].path).toBe('comment');
  });

  let meetingId: number;
  it('records a meeting with its minutes; partners of the sector download them, as an attachment', async () => {
    const refusedType = await meeting(
      'coordinator',
      p.sectorIds.N1,
      { heldOn: today, place: 'Centre social', attendees: 'Centre social, locataires' },
      new File([new TextEncoder().encode('not a pdf')], 'cr.pdf', { type: 'application/pdf' }),
    );
    expect(refusedType.status).toBe(422);
    expect(await refusedType.json()).toMatchObject({ error: 'unsupported_type' });

    const created = await meeting(
      'coordinator',
      p.sectorIds.N1,
      {
        heldOn: today,
        place: 'Centre social de Kerourien',
        attendees: 'Centre social, Locataires, Bailleur',
      },
      new File([new Uint8Array(pdf)], 'compte-rendu.pdf', { type: 'application/pdf' }),
    );
    expect(created.status).toBe(201);
    meetingId = (await created.json()).meetingId;

    const minutes = await call('operator_agent', `/consultation-meetings/${meetingId}/minutes`);
    expect(minutes.status).toBe(200);
    expect(minutes.headers.get('content-type')).toBe('application/pdf');
    expect(minutes.headers.get('content-disposition')).toContain('attachment; filename="compte-rendu.pdf"');
    expect(Buffer.from(await minutes.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await call('tenant_rep', `/consultation-meetings/${meetingId}/minutes`)).status).toBe(403);

    const without = await meeting('coordinator', p.sectorIds.N2, {
      heldOn: today,
      place: 'Mairie de quartier',
      attendees: 'Ville',
    });
    expect(without.status).toBe(201);
    const noMinutes = (await without.json()).meetingId;
    expect((await call('coordinator', `/consultation-meetings/${noMinutes}/minutes`)).status).toBe(404);

    const future = await meeting('coordinator', p.sectorIds.N1, {
      heldOn: inDays(5),
      place: 'Ici',
      attendees: 'Nous',
    });
    expect(future.status).toBe(409);
    expect(await future.json()).toMatchObject({ error: 'future_date', field: 'heldOn' });
    const bad = await meeting('coordinator', p.sectorIds.N1, { heldOn: 'hier', place: 'I', attendees: '' });
    expect(bad.status).toBe(422);
    expect([...new Set((await bad.json()).issues.map((i: { path: string }) => i.path))].sort()).toEqual([
      'attendees',
      'heldOn',
      'place',
    ]);
    const asJson = await call('coordinator', `/sectors/${p.sectorIds.N1}/meetings`, {
      json: { heldOn: today, place: 'Ici', attendees: 'Nous' },
    });
    expect(asJson.status).toBe(415);
    expect(
      (await meeting('operator_agent', p.sectorIds.N1, { heldOn: today, place: 'Ici', attendees: 'Nous' }))
        .status,
    ).toBe(403);
  });

  it('records partners’ positions, which then complete the checklist and let the coordinator decide', async () => {
    const position = (role: Role, organisationId: number, extra: object = {}) =>
      call(role, `/sectors/${p.sectorIds.N1}/positions`, {
        json: {
          organisationId,
          opinion: 'favourable',
          agrees: true,
          involvement: ['relay_information'],
          ...extra,
        },
      });
    const facility = await position('coordinator', p.actors.facilitator.organisationId!, {
      involvement: ['host_workshops', 'office_hours'],
      meetingId,
      comment: 'Un cycle à l’automne',
    });
    expect(facility.status).toBe(201);
    expect((await position('coordinator', p.actors.tenant_rep.organisationId!)).status).toBe(201);
    const unknown = await position('coordinator', 999_999);
    expect(unknown.status).toBe(409);
    expect(await unknown.json()).toMatchObject({
      error: 'not_a_partner',
      field: 'organisationId',
      message: 'Choisissez un partenaire du programme.',
    });
    const wrongMeeting = await position('coordinator', p.actors.landlord_officer.organisationId!, {
      meetingId: 999_999,
    });
    expect(await wrongMeeting.json()).toMatchObject({ error: 'unknown_meeting' });
    const badOpinion = await position('coordinator', p.actors.landlord_officer.organisationId!, {
      opinion: 'maybe',
    });
    expect(badOpinion.status).toBe(422);
    // Identifiers beyond PostgreSQL's integers are refused in French, not by the database.
    for (const [organisationId, extra, field, message] of [
      [3_000_000_000, {}, 'organisationId', 'Choisissez un partenaire'],
      [
        p.actors.landlord_officer.organisationId!,
        { meetingId: 3_000_000_000 },
        'meetingId',
        'Choisissez une réunion de la liste',
      ],
    ] as const) {
      const tooBig = await position('coordinator', organisationId, extra);
      expect(tooBig.status).toBe(422);
      expect((await tooBig.json()).issues).toEqual([{ path: field, message }]);
    }
    expect((await position('operator_agent', p.actors.operator_agent.organisationId!)).status).toBe(403);

    const listed = await call('landlord_officer', `/sectors/${p.sectorIds.N1}/positions`);
    expect(listed.status).toBe(200);
    const { items, meetings } = await listed.json();
    expect(items).toHaveLength(2);
    expect(items.find((i: { kind: string }) => i.kind === 'facility')).toMatchObject({
      opinion: 'favourable',
      agrees: true,
      involvement: ['host_workshops', 'office_hours'],
      meetingId,
      comment: 'Un cycle à l’automne',
    });
    expect(meetings).toEqual([expect.objectContaining({ id: meetingId, hasMinutes: true })]);
    expect((await call('operator_agent', `/sectors/${p.sectorIds.N2}/positions`)).status).toBe(403);

    const decided = await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'partners_consulted', comment: 'Tous d’accord' },
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toEqual({ stage: 'partners_consulted' });
    const view = await (await call('operator_agent', `/sectors/${p.sectorIds.N1}/stages`)).json();
    expect(view.sector.stage).toBe('partners_consulted');
    expect(view.history[0]).toMatchObject({
      fromStage: 'identified',
      stage: 'partners_consulted',
      source: 'decision',
      decidedOn: today,
      decidedBy: expect.stringContaining('coordinator'),
      comment: 'Tous d’accord',
    });
    expect(view.backTo).toEqual(['identified']);
    expect(view.next.stage).toBe('support_ready');
  });

  it('takes a sector back only with a comment', async () => {
    const back = (json: object) => call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, { json });
    const silent = await back({ stage: 'identified' });
    expect(silent.status).toBe(409);
    expect(await silent.json()).toMatchObject({
      error: 'comment_required',
      field: 'comment',
      message: 'Expliquez en quelques mots pourquoi le secteur revient en arrière.',
    });
    expect((await back({ stage: 'identified', comment: 'Le centre social ferme pour travaux' })).status).toBe(
      200,
    );
  });

  it('pins a sector to a month, re-plans around it, and gives it back', async () => {
    const month = inDays(400).slice(0, 7);
    const pinned = await put('coordinator', `/sectors/${p.sectorIds.N2}/pin`, {
      month,
      comment: 'Après l’été',
    });
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toEqual({ startsOn: `${month}-01` });
    const line = (await planOf('coordinator')).lines.find((l) => l.code === 'N2')!;
    expect(line.status).toBe('pinned');
    expect(line.milestones[0]).toEqual({ milestone: 'consultation', on: `${month}-01` });

    const past = await put('coordinator', `/sectors/${p.sectorIds.N2}/pin`, { month: '2020-01' });
    expect(await past.json()).toMatchObject({ error: 'pin_in_past', field: 'month' });
    expect((await put('coordinator', `/sectors/${p.sectorIds.N2}/pin`, { month: 'mars' })).status).toBe(422);
    for (const role of ['landlord_officer', 'operator_agent', 'resident'] as const)
      expect((await put(role, `/sectors/${p.sectorIds.N1}/pin`, { month })).status, role).toBe(403);

    const removed = await call('coordinator', `/sectors/${p.sectorIds.N2}/pin`, { method: 'DELETE' });
    expect(await removed.json()).toEqual({ removed: true });
    const again = await call('coordinator', `/sectors/${p.sectorIds.N2}/pin`, { method: 'DELETE' });
    expect(await again.json()).toEqual({ removed: false });
    expect((await planOf('coordinator')).lines.find((l) => l.code === 'N2')!.status).not.toBe('pinned');
  });

  it('refuses to pin a sector already under way', async () => {
    await call('coordinator', `/sectors/${p.sectorIds.N1}/stages`, {
      json: { stage: 'partners_consulted', comment: 'Le centre social a rouvert' },
    });
    const res = await put('coordinator', `/sectors/${p.sectorIds.N1}/pin`, { month: inDays(60).slice(0, 7) });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'not_pinnable' });
  });

  it('reads the settings (defaults first) and lets the coordinator alone change them', async () => {
    const defaults = await call('landlord_officer', '/roll-out/settings');
    expect(defaults.status).toBe(200);
    expect(await defaults.json()).toMatchObject({
      walkingDistanceM: 1000,
      demandRateBp: 1200,
      maxConcurrent: 2,
    });
    expect((await call('resident', '/roll-out/settings')).status).toBe(403);
    const input = {
      walkingDistanceM: 800,
      demandRatePercent: 12.5,
      beginnerSeats: 8,
      capacityHorizonMonths: 12,
      maxConcurrent: 3,
      consultationMonths: 2,
      preparationMonths: 1,
      voteMonths: 2,
      worksMonths: 3,
      evaluationMonths: 12,
      requiredConsultees: ['facility', 'tenant_association'],
    };
    const changed = await put('coordinator', '/roll-out/settings', input);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      walkingDistanceM: 800,
      demandRateBp: 1250,
      maxConcurrent: 3,
    });
    expect(await (await call('coordinator', '/roll-out/settings')).json()).toMatchObject({
      maxConcurrent: 3,
    });
    const bad = await put('coordinator', '/roll-out/settings', {
      ...input,
      walkingDistanceM: 5,
      requiredConsultees: [],
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toEqual(
      expect.arrayContaining([
        { path: 'walkingDistanceM', message: 'Distance à pied (m) : 100 au moins' },
        { path: 'requiredConsultees', message: 'Choisissez au moins un type de partenaire à consulter' },
      ]),
    );
    for (const role of ['landlord_officer', 'operator_agent'] as const)
      expect((await put(role, '/roll-out/settings', input)).status, role).toBe(403);
  });
});
