import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { placeRolloutFixture } from '../../test/rollout.ts';
import { coordinationDocument } from '../coordination/index.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import { sector, sectorStageEvent } from '../territory/index.ts';
import { createCourse, createFacility } from '../workshops/index.ts';
import {
  decideStage,
  getMeetingMinutes,
  getRolloutPlan,
  getSectorRollout,
  pinSector,
  recordMeeting,
  recordPosition,
  tickChecklistItem,
  unpinSector,
  updateRolloutSettings,
} from './index.ts';
import { consultationMeeting, partnerPosition } from './schema.ts';

let db: Db;
let p: TestProgramme;
const today = localDate(new Date());
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const stageOf = async (sectorId: number) =>
  (await db.select({ stage: sector.rolloutStage }).from(sector).where(eq(sector.id, sectorId)))[0]!.stage;
const historyOf = (sectorId: number) =>
  db
    .select()
    .from(sectorStageEvent)
    .where(eq(sectorStageEvent.sectorId, sectorId))
    .orderBy(sectorStageEvent.id);
const auditCount = async (action: string) => (await listAuditEvents(db, p.programmeId, { action })).length;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'rollout');
  await placeRolloutFixture(db, p);
  // A town hall next door that runs no workshop: never counted as accompaniment.
  const hall = await createFacility({
    db,
    actor: p.actors.coordinator,
    input: {
      name: 'Mairie de quartier',
      address: '1 place de la Mairie',
      postcode: '29200',
      commune: 'Brest',
      latitude: 48.3986,
      longitude: -4.5134,
    } as never,
  });
  if (!hall.ok) throw new Error(hall.reason);
});

const partner = (role: 'facilitator' | 'tenant_rep' | 'landlord_officer') => p.actors[role].organisationId!;

describe('a sector’s stages', () => {
  it('starts identified, with its creation in the history', async () => {
    const history = await historyOf(p.sectorIds.N1);
    expect(history.map((h) => [h.fromStage, h.stage, h.source])).toEqual([[null, 'identified', 'decision']]);
  });

  it('explains its readiness: the facility 120 m away, enough seats', async () => {
    const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 });
    const facility = view.readiness!.checks.find((c) => c.key === 'facility_nearby')!;
    expect(facility.ok).toBe(true);
    expect(facility.detail).toContain('Centre social de Kerourien');
    expect(view.readiness!.nearbyFacilities.map((f) => f.name)).toEqual(['Centre social de Kerourien']);
    expect(view.readiness!.nearbyFacilities[0]!.distanceM).toBeLessThan(250);
    expect(view.readiness!.demandSeats).toBe(8);
    expect(view.readiness!.freeSeats).toBe(60);
    const far = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N2 });
    expect(far.readiness!.checks.find((c) => c.key === 'facility_nearby')!.ok).toBe(false);
    expect(far.readiness!.nearestFacility!.distanceM).toBeGreaterThan(3500);
  });

  it('refuses to decide « partners consulted » while its checklist is incomplete, and changes nothing', async () => {
    const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 });
    expect(view.next!.stage).toBe('partners_consulted');
    expect(view.next!.complete).toBe(false);
    const audits = await auditCount('rollout.stage_decided');
    const refused = await decideStage({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N1,
      input: { stage: 'partners_consulted' },
    });
    expect(refused).toMatchObject({ ok: false, reason: 'checklist_incomplete' });
    expect(refused.ok === false && refused.missing).toEqual([
      'Une réunion avec les acteurs du quartier a eu lieu',
      'Le lieu de médiation et les représentants des locataires ont donné leur accord',
      'Les locataires ont été informés (affiches, réunion)',
    ]);
    expect(await stageOf(p.sectorIds.N1)).toBe('identified');
    expect(await historyOf(p.sectorIds.N1)).toHaveLength(1);
    expect(await auditCount('rollout.stage_decided')).toBe(audits);
  });

  it('reaches « partners consulted » by decision once the meeting, the agreements and the tick are there', async () => {
    const meeting = await recordMeeting({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N1,
      input: { heldOn: today, place: 'Centre social', attendees: 'Centre social, Locataires, Ville' },
      minutes: { name: 'compte-rendu.pdf', bytes: pdf },
    });
    if (!meeting.ok) throw new Error(meeting.reason);
    for (const [role, involvement] of [
      ['facilitator', ['host_workshops', 'home_help']],
      ['tenant_rep', ['relay_information']],
    ] as const) {
      const recorded = await recordPosition({
        db,
        actor: p.actors.coordinator,
        sectorId: p.sectorIds.N1,
        input: {
          organisationId: partner(role),
          opinion: 'favourable',
          agrees: true,
          involvement: [...involvement],
          meetingId: meeting.meetingId,
        },
      });
      expect(recorded.ok).toBe(true);
    }
    expect(
      await tickChecklistItem({
        db,
        actor: p.actors.coordinator,
        sectorId: p.sectorIds.N1,
        input: { itemKey: 'tenants_informed', done: true },
      }),
    ).toEqual({ ok: true });
    const decided = await decideStage({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N1,
      input: { stage: 'partners_consulted', comment: 'Réunion du jour' },
    });
    expect(decided).toEqual({ ok: true });
    expect(await stageOf(p.sectorIds.N1)).toBe('partners_consulted');
    const last = (await historyOf(p.sectorIds.N1)).at(-1)!;
    expect(last).toMatchObject({
      fromStage: 'identified',
      stage: 'partners_consulted',
      source: 'decision',
      decidedOn: today,
      comment: 'Réunion du jour',
      decidedBy: p.actors.coordinator.label,
    });
    const [audit] = await listAuditEvents(db, p.programmeId, { action: 'rollout.stage_decided' });
    expect(audit!.details).toMatchObject({ from: 'identified', to: 'partners_consulted' });
    // The minutes are read back by those who see the sector; the next checklist is « support ready ».
    const minutes = await getMeetingMinutes({
      db,
      actor: p.actors.operator_agent,
      meetingId: meeting.meetingId,
    });
    expect(minutes.mediaType).toBe('application/pdf');
    const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 });
    expect(view.next!.stage).toBe('support_ready');
    expect(view.next!.items.filter((i) => !i.done).map((i) => i.key)).toEqual(['home_help']);
  });

  it('refuses stages that come from events, stages out of order, future dates, and going back without a reason', async () => {
    const cases = [
      [{ stage: 'vote_open' }, 'by_event'],
      [{ stage: 'service_open' }, 'by_event'],
      [{ stage: 'works' }, 'not_next'],
      [{ stage: 'partners_consulted' }, 'same_stage'],
      [{ stage: 'support_ready', decidedOn: inDays(3) }, 'future_date'],
      // N1 reached « partners consulted » today: a decision cannot predate it.
      [{ stage: 'support_ready', decidedOn: inDays(-2) }, 'before_current_stage'],
      [{ stage: 'identified' }, 'comment_required'],
    ] as const;
    for (const [input, reason] of cases) {
      const result = await decideStage({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1, input });
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, reason });
    }
    expect(await stageOf(p.sectorIds.N1)).toBe('partners_consulted');
  });

  it('blocks « partners consulted » when a partner is against', async () => {
    for (const role of ['facilitator', 'tenant_rep'] as const)
      await recordPosition({
        db,
        actor: p.actors.coordinator,
        sectorId: p.sectorIds.N2,
        input: { organisationId: partner(role), opinion: 'favourable', agrees: true, involvement: [] },
      });
    await recordPosition({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N2,
      input: {
        organisationId: partner('landlord_officer'),
        opinion: 'against',
        agrees: false,
        involvement: [],
      },
    });
    const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N2 });
    expect(view.next!.items.find((i) => i.key === 'no_opposition')!.done).toBe(false);
    expect(view.next!.items.find((i) => i.key === 'required_positions')!.done).toBe(true);
    // A changed position replaces the former one; the audit trail keeps both.
    await recordPosition({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N2,
      input: {
        organisationId: partner('landlord_officer'),
        opinion: 'reserved',
        agrees: true,
        involvement: [],
      },
    });
    const rows = await db
      .select()
      .from(partnerPosition)
      .where(
        and(
          eq(partnerPosition.sectorId, p.sectorIds.N2),
          eq(partnerPosition.organisationId, partner('landlord_officer')),
        ),
      );
    expect(rows.map((r) => r.opinion)).toEqual(['reserved']);
    const audits = await listAuditEvents(db, p.programmeId, { action: 'rollout.position_recorded' });
    expect(
      audits.some((a) => (a.details as { before: { opinion: string } | null }).before?.opinion === 'against'),
    ).toBe(true);
  });

  it('goes back with a reason', async () => {
    const back = await decideStage({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N1,
      input: { stage: 'identified', comment: 'Le centre social ferme pour travaux' },
    });
    expect(back).toEqual({ ok: true });
    expect((await historyOf(p.sectorIds.N1)).at(-1)).toMatchObject({
      fromStage: 'partners_consulted',
      stage: 'identified',
    });
    await decideStage({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N1,
      input: { stage: 'partners_consulted', comment: 'Réouverture' },
    });
  });

  it('refuses minutes that are not a PDF or a photo, and stores nothing', async () => {
    const meetings = await db.$count(consultationMeeting);
    const documents = await db.$count(coordinationDocument);
    const refused = await recordMeeting({
      db,
      actor: p.actors.coordinator,
      sectorId: p.sectorIds.N2,
      input: { heldOn: today, place: 'Mairie', attendees: 'Ville' },
      minutes: { name: 'cr.pdf', bytes: Buffer.from('MZ not a pdf') },
    });
    expect(refused).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(await db.$count(consultationMeeting)).toBe(meetings);
    expect(await db.$count(coordinationDocument)).toBe(documents);
  });
});

describe('the suggested calendar', () => {
  it('places a pinned sector at its month and gives it back when unpinned', async () => {
    const month = `${inDays(400).slice(0, 7)}-01`;
    expect(
      await pinSector({
        db,
        actor: p.actors.coordinator,
        sectorId: p.sectorIds.N2,
        input: { month: '2020-01-01' },
      }),
    ).toMatchObject({ ok: false, reason: 'pin_in_past' });
    expect(
      await pinSector({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N2, input: { month } }),
    ).toEqual({
      ok: true,
    });
    const plan = await getRolloutPlan({ db, actor: p.actors.coordinator });
    const line = plan.lines.find((l) => l.sectorId === p.sectorIds.N2)!;
    expect(line.status).toBe('pinned');
    expect(line.milestones[0]).toEqual({ milestone: 'consultation', on: month });
    // Once the sector has moved on (a vote, a decision), the pin no longer holds — even if it comes back.
    await db.execute(
      sql`update sector set rollout_stage_since = now() + interval '1 minute' where id = ${p.sectorIds.N2}`,
    );
    const moved = await getRolloutPlan({ db, actor: p.actors.coordinator });
    expect(moved.lines.find((l) => l.sectorId === p.sectorIds.N2)!.status).not.toBe('pinned');
    await db.execute(
      sql`update sector set rollout_stage_since = now() - interval '1 day' where id = ${p.sectorIds.N2}`,
    );
    expect(
      await pinSector({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1, input: { month } }),
    ).toMatchObject({ ok: false, reason: 'not_pinnable' });
    await unpinSector({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N2 });
    const after = await getRolloutPlan({ db, actor: p.actors.coordinator });
    expect(after.lines.find((l) => l.sectorId === p.sectorIds.N2)!.status).not.toBe('pinned');
    expect(await auditCount('rollout.sector_pinned')).toBe(1);
    expect(await auditCount('rollout.sector_unpinned')).toBe(1);
  });

  it('follows the settings: at 100 m, no facility is near N1 any more', async () => {
    await updateRolloutSettings({
      db,
      actor: p.actors.coordinator,
      input: {
        walkingDistanceM: 100,
        demandRatePercent: 12,
        beginnerSeats: 8,
        capacityHorizonMonths: 12,
        maxConcurrent: 2,
        consultationMonths: 2,
        preparationMonths: 1,
        voteMonths: 2,
        worksMonths: 3,
        evaluationMonths: 12,
        requiredConsultees: ['facility', 'tenant_association'],
      },
    });
    const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 });
    expect(view.readiness!.checks.find((c) => c.key === 'facility_nearby')!.ok).toBe(false);
    expect(await auditCount('rollout.settings_changed')).toBe(1);
    await updateRolloutSettings({
      db,
      actor: p.actors.coordinator,
      input: {
        walkingDistanceM: 1000,
        demandRatePercent: 12,
        beginnerSeats: 8,
        capacityHorizonMonths: 12,
        maxConcurrent: 2,
        consultationMonths: 2,
        preparationMonths: 1,
        voteMonths: 2,
        worksMonths: 3,
        evaluationMonths: 12,
        requiredConsultees: ['facility', 'tenant_association'],
      },
    });
  });
});

describe('who sees and changes what', () => {
  it('lets the coordinator alone decide; partners read the sectors they serve', async () => {
    const { actors } = p;
    for (const role of [
      'landlord_officer',
      'operator_agent',
      'facilitator',
      'tenant_rep',
      'admin',
    ] as const) {
      await expect(
        decideStage({ db, actor: actors[role], sectorId: p.sectorIds.N1, input: { stage: 'support_ready' } }),
        role,
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        pinSector({ db, actor: actors[role], sectorId: p.sectorIds.N2, input: { month: '2099-01-01' } }),
        role,
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(
      getSectorRollout({ db, actor: actors.operator_agent, sectorId: p.sectorIds.N2 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      getSectorRollout({ db, actor: actors.resident, sectorId: p.sectorIds.N1 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getRolloutPlan({ db, actor: actors.resident })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getRolloutPlan({ db, actor: actors.recycling_agent })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      (await getSectorRollout({ db, actor: actors.tenant_rep, sectorId: p.sectorIds.S3 })).sector.code,
    ).toBe('S3');
    const sectorsIn = async (role: keyof typeof actors) =>
      (await getRolloutPlan({ db, actor: actors[role] })).lines.map((l) => l.code).sort();
    expect(await sectorsIn('landlord_officer')).toEqual(['N1', 'N2', 'S3']);
    expect(await sectorsIn('operator_agent')).toEqual(['N1']);
    expect(await sectorsIn('facilitator')).toEqual(['N1', 'N2']);
    expect(await sectorsIn('tenant_rep')).toEqual(['S3']);
  });

  it('tells partners a sector waits for a place without naming the other sectors', async () => {
    // Another programme where N1 and S3 both have workshops nearby, and the coordinator leads one sector at a time.
    const q = await buildProgramme(db, 'rollout-names');
    const { facilityId } = await placeRolloutFixture(db, q);
    const centre = await createFacility({
      db,
      actor: q.actors.coordinator,
      input: {
        name: 'Maison du centre',
        address: '2 rue de Siam',
        postcode: '29200',
        commune: 'Brest',
        latitude: 48.3908,
        longitude: -4.4858,
        organisationId: q.actors.facilitator.organisationId!,
      } as never,
    });
    if (!centre.ok) throw new Error(centre.reason);
    const course = await createCourse({
      db,
      actor: q.actors.facilitator,
      input: {
        kind: 'cycle',
        facilityId: centre.facilityId,
        title: 'Premiers pas au centre',
        level: 'beginner',
        audience: 'Débutants',
        description: 'Souris, clavier, Internet.',
        competencies: [],
        capacity: 10,
        startTime: '14:00',
        endTime: '16:00',
        firstDay: inDays(14),
        sessionCount: 6,
        everyWeeks: 1,
        skipHolidays: false,
      } as never,
    });
    if (!course.ok) throw new Error(course.reason);
    expect(facilityId).not.toBe(centre.facilityId);
    await updateRolloutSettings({
      db,
      actor: q.actors.coordinator,
      input: {
        walkingDistanceM: 1000,
        demandRatePercent: 12,
        beginnerSeats: 8,
        capacityHorizonMonths: 12,
        maxConcurrent: 1,
        consultationMonths: 2,
        preparationMonths: 1,
        voteMonths: 2,
        worksMonths: 3,
        evaluationMonths: 12,
        requiredConsultees: ['facility', 'tenant_association'],
      },
    });
    const waits = (lines: { reasons: string[] }[]) =>
      lines.flatMap((l) => l.reasons).filter((r) => r.startsWith('Attend une place'));
    // The coordinator is told which sector holds the place…
    const all = await getRolloutPlan({ db, actor: q.actors.coordinator });
    expect(waits(all.lines)).toEqual([expect.stringMatching(/\((N1|S3) ; limite 1\)$/)]);
    // …a partner who reads some sectors only is told when, not which.
    for (const role of ['facilitator', 'tenant_rep'] as const) {
      const plan = await getRolloutPlan({ db, actor: q.actors[role] });
      const seen = new Set(plan.lines.map((l) => l.code));
      for (const reason of plan.lines.flatMap((l) => l.reasons))
        for (const code of ['N1', 'N2', 'S3'].filter((c) => !seen.has(c)))
          expect(reason, role).not.toMatch(new RegExp(`\\b${code}\\b`));
    }
    const partnersWaits = [
      ...waits((await getRolloutPlan({ db, actor: q.actors.facilitator })).lines),
      ...waits((await getRolloutPlan({ db, actor: q.actors.tenant_rep })).lines),
    ];
    expect(partnersWaits).toEqual([expect.stringMatching(/\(limite 1\)$/)]);
  });
});
