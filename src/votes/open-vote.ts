import { and, eq, sql } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { addLocalMonths, localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { intArray, transactionUnlessRefused } from '../platform/sql/index.ts';
import { sector, setSectorStage } from '../territory/index.ts';
import { issueCodes } from './issue-codes.ts';
import type { Refused } from './refusals.ts';
import { ruleFor } from './rules.ts';
import { tenantVote } from './schema.ts';
import type { NewVoteInput } from './values.ts';

export type OpenVoteResult =
  | { ok: true; voteId: number; reference: string; dwellingsConcerned: number }
  | Refused<
      | 'window_too_long'
      | 'opens_in_past'
      | 'opens_later'
      | 'already_adopted'
      | 'no_rule'
      | 'not_operator'
      | 'unknown_building'
      | 'no_dwellings'
      | 'vote_running'
    >;

/**
 * Opens a tenant vote for a sector (or some of its buildings): copies the rule in force, freezes the dwellings
 * with a tenancy on the opening day and draws one ballot code per dwelling, all in one transaction.
 */
export async function openVote({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  input: NewVoteInput;
  now?: Date;
}): Promise<OpenVoteResult> {
  const [target] = await db
    .select({ id: sector.id, programmeId: sector.programmeId, stage: sector.rolloutStage })
    .from(sector)
    .where(eq(sector.id, input.sectorId));
  if (!target || target.programmeId !== actor.programmeId) throw new NotFoundError('sector');
  assertCan(actor, 'vote.create', { programmeId: target.programmeId, sectorIds: [target.id] });

  // The list of dwellings is frozen when the vote opens, so a vote opens the day it is created: not earlier (a
  // few minutes' grace for the time the form took), not on a later day whose tenancies are not known yet.
  const openingDay = localDate(input.opensAt);
  if (input.opensAt.getTime() < now.getTime() - 10 * 60_000)
    return { ok: false, reason: 'opens_in_past', field: 'opensAt' };
  if (openingDay > localDate(now)) return { ok: false, reason: 'opens_later', field: 'opensAt' };
  if (['adopted', 'works', 'service_open', 'evaluated'].includes(target.stage))
    return { ok: false, reason: 'already_adopted', field: 'sectorId' };
  const rule = ruleFor(input.procedure, openingDay);
  if (!rule) return { ok: false, reason: 'no_rule', field: 'procedure' };
  if (input.closesAt.getTime() > addLocalMonths(input.opensAt, rule.maxWindowMonths).getTime())
    return {
      ok: false,
      reason: 'window_too_long',
      field: 'closesAt',
      params: { months: rule.maxWindowMonths },
    };
  const [operator] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(
      and(
        eq(organisation.id, input.operatorId),
        eq(organisation.programmeId, actor.programmeId),
        eq(organisation.kind, 'operator'),
        eq(organisation.active, true),
      ),
    );
  if (!operator) return { ok: false, reason: 'not_operator', field: 'operatorId' };
  const buildingIds = input.buildingIds?.length ? [...new Set(input.buildingIds)] : null;
  if (buildingIds) {
    const [{ count }] = (await db.execute<{ count: number }>(
      sql`select count(*)::int as count from building where sector_id = ${target.id} and id = any(${intArray(buildingIds)})`,
    )) as unknown as [{ count: number }];
    if (count !== buildingIds.length) return { ok: false, reason: 'unknown_building', field: 'buildingIds' };
  }

  return transactionUnlessRefused<OpenVoteResult>(db, async (tx) => {
    const inserted = await tx
      .insert(tenantVote)
      .values({
        programmeId: actor.programmeId,
        reference: `CV-${openingDay.slice(0, 4)}-${crypto.randomUUID()}`,
        sectorId: target.id,
        buildingIds,
        procedure: rule.procedure,
        ruleVersion: rule.version,
        majorityBp: rule.majorityBp,
        quorumBp: rule.quorumBp,
        rejectionBp: rule.rejectionBp,
        maxWindowMonths: rule.maxWindowMonths,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        operatorId: operator.id,
        serviceName: input.serviceName,
        monthlyAmountCents: input.monthlyAmountCents,
        tariffFrom: input.tariffFrom,
        meetingAt: input.meetingAt ?? null,
        meetingPlace: input.meetingPlace ?? null,
        helpPhone: input.helpPhone,
        dwellingsConcerned: 0,
        createdBy: actor.label,
      })
      .onConflictDoNothing()
      .returning({ id: tenantVote.id });
    // The partial unique index allows one open vote per sector: a second one is a refusal, not an error.
    if (inserted.length === 0) return { ok: false, reason: 'vote_running', field: 'sectorId' };
    const voteId = inserted[0]!.id;
    const frozen = await tx.execute<{ dwelling_id: number }>(sql`
      insert into vote_dwelling (vote_id, dwelling_id, building_id, household_id)
      select ${voteId}, d.id, d.building_id, t.household_id
      from dwelling d
      join tenancy t on t.dwelling_id = d.id
        and t.start_date <= ${openingDay}::date and (t.end_date is null or t.end_date > ${openingDay}::date)
      where d.sector_id = ${target.id}
        and (${buildingIds === null} or d.building_id = any(${intArray(buildingIds ?? [])}))
      returning dwelling_id`);
    if (frozen.length === 0) return { ok: false, reason: 'no_dwellings', field: 'sectorId' };
    const dwellingIds = frozen.map((r) => r.dwelling_id);
    await issueCodes(tx, voteId, dwellingIds);
    const reference = `CV-${openingDay.slice(0, 4)}-${String(voteId).padStart(4, '0')}`;
    // Written once, here (the freeze trigger allows it while the count is still 0).
    await tx
      .update(tenantVote)
      .set({ reference, dwellingsConcerned: dwellingIds.length })
      .where(eq(tenantVote.id, voteId));
    await setSectorStage(tx, actor, target.id, 'vote_open', {
      source: 'vote',
      // A vote opened earlier than today (a demo, a late entry) dates its stage from its opening.
      decidedOn: [localDate(input.opensAt), localDate(new Date())].sort()[0],
      comment: `Vote ${reference} ouvert`,
    });
    await recordAudit(tx, actor, {
      action: 'vote.opened',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: {
        reference,
        sectorId: target.id,
        procedure: rule.procedure,
        ruleVersion: rule.version,
        opensAt: input.opensAt.toISOString(),
        closesAt: input.closesAt.toISOString(),
        monthlyAmountCents: input.monthlyAmountCents,
        dwellingsConcerned: dwellingIds.length,
      },
    });
    return { ok: true, voteId, reference, dwellingsConcerned: dwellingIds.length };
  });
}
