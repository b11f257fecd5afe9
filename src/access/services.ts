// The sectors' collective service and its tariff history.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { neighbourhood, sector, setSectorStage } from '../territory/index.ts';
import { collectiveAgreement } from '../votes/index.ts';
import type { Refused } from './refusals.ts';
import { sectorService, tariff } from './schema.ts';

/** The first day of the month a date falls in, or of the next month if it is not a first. */
const firstOnOrAfter = (day: string) => {
  if (day.endsWith('-01')) return day;
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

export type OpenServiceResult =
  | { ok: true; serviceId: number }
  | Refused<'not_adopted' | 'service_exists' | 'month_closed'>;

/**
 * Opens the service of a sector whose tenants adopted the agreement, from the first day of a month: the operator
 * comes from the agreement, and so does the first tariff (from the first month on or after its effective date).
 */
export async function openService({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { sectorId: number; description: string; opensOn: string };
}): Promise<OpenServiceResult> {
  const [target] = await db
    .select({ id: sector.id, programmeId: sector.programmeId })
    .from(sector)
    .where(eq(sector.id, input.sectorId));
  if (!target || target.programmeId !== actor.programmeId) throw new NotFoundError('sector');
  assertCan(actor, 'service.manage', { programmeId: target.programmeId, sectorIds: [target.id] });
  const [agreement] = await db
    .select()
    .from(collectiveAgreement)
    .where(eq(collectiveAgreement.sectorId, target.id))
    .orderBy(desc(collectiveAgreement.effectiveFrom))
    .limit(1);
  if (!agreement) return { ok: false, reason: 'not_adopted', field: 'sectorId' };
  // Billing starts with the later of the agreement's first month and the opening; never in a month already closed.
  const firstTariff = [firstOnOrAfter(agreement.effectiveFrom), input.opensOn].sort().at(-1)!;
  const [closed] = await db.execute<{ month: string }>(sql`
    select to_char(max(month), 'YYYY-MM') as month from charge_month
    where programme_id = ${actor.programmeId} and status = 'closed'`);
  if (closed?.month && `${closed.month}-01` >= input.opensOn)
    return { ok: false, reason: 'month_closed', field: 'opensOn' };
  return transactionUnlessRefused<OpenServiceResult>(db, async (tx) => {
    const [created] = await tx
      .insert(sectorService)
      .values({
        programmeId: actor.programmeId,
        sectorId: target.id,
        agreementId: agreement.id,
        operatorId: agreement.operatorId,
        description: input.description,
        opensOn: input.opensOn,
      })
      .onConflictDoNothing()
      .returning({ id: sectorService.id });
    if (!created) return { ok: false, reason: 'service_exists', field: 'sectorId' };
    await tx.insert(tariff).values({
      programmeId: actor.programmeId,
      serviceId: created.id,
      monthlyAmountCents: agreement.monthlyAmountCents,
      effectiveFrom: firstTariff,
      createdBy: actor.label,
    });
    await setSectorStage(tx, actor, target.id, 'service_open', {
      source: 'service',
      decidedOn: input.opensOn < localDate(new Date()) ? input.opensOn : undefined,
    });
    await recordAudit(tx, actor, {
      action: 'service.opened',
      entityType: 'sector_service',
      entityId: created.id,
      details: {
        sectorId: target.id,
        opensOn: input.opensOn,
        agreementId: agreement.id,
        monthlyAmountCents: agreement.monthlyAmountCents,
      },
    });
    return { ok: true, serviceId: created.id };
  });
}

export type AddTariffResult = { ok: true; tariffId: number } | Refused<'tariff_in_past' | 'tariff_exists'>;

/** A new monthly amount from a future month; amounts already in force never change. */
export async function addTariff({
  db,
  actor,
  serviceId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  serviceId: number;
  input: { monthlyAmountCents: number; effectiveFrom: string };
  now?: Date;
}): Promise<AddTariffResult> {
  const [service] = await db.select().from(sectorService).where(eq(sectorService.id, serviceId));
  if (!service || service.programmeId !== actor.programmeId) throw new NotFoundError('sector_service');
  assertCan(actor, 'service.manage', { programmeId: service.programmeId, sectorIds: [service.sectorId] });
  if (input.effectiveFrom <= localDate(now))
    return { ok: false, reason: 'tariff_in_past', field: 'effectiveFrom' };
  return transactionUnlessRefused<AddTariffResult>(db, async (tx) => {
    const [created] = await tx
      .insert(tariff)
      .values({ programmeId: actor.programmeId, serviceId, ...input, createdBy: actor.label })
      .onConflictDoNothing()
      .returning({ id: tariff.id });
    if (!created) return { ok: false, reason: 'tariff_exists', field: 'effectiveFrom' };
    await recordAudit(tx, actor, {
      action: 'tariff.added',
      entityType: 'sector_service',
      entityId: serviceId,
      details: { tariffId: created.id, ...input },
    });
    return { ok: true, tariffId: created.id };
  });
}

/** Services the actor may see, with their tariff history (newest first) and the sectors that could open one. */
export async function listServices({ db, actor }: { db: DbOrTx; actor: Actor }) {
  const scope = assertCanAtAll(actor, 'service.read');
  const sectorFilter =
    scope === 'programme' ? sql`true` : inArray(sector.id, actor.sectorIds.length ? actor.sectorIds : [-1]);
  const services = await db
    .select({
      id: sectorService.id,
      sectorId: sector.id,
      sectorName: sector.name,
      neighbourhoodName: neighbourhood.name,
      description: sectorService.description,
      opensOn: sectorService.opensOn,
      closesOn: sectorService.closesOn,
      operatorId: sectorService.operatorId,
      dwellingCount: sector.dwellingCount,
      tariffs: sql<{ id: number; monthlyAmountCents: number; effectiveFrom: string }[]>`coalesce((
        select json_agg(json_build_object('id', t.id, 'monthlyAmountCents', t.monthly_amount_cents,
          'effectiveFrom', t.effective_from) order by t.effective_from desc)
        from tariff t where t.service_id = ${sectorService.id}), '[]')`,
    })
    .from(sectorService)
    .innerJoin(sector, eq(sector.id, sectorService.sectorId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(eq(sectorService.programmeId, actor.programmeId), sectorFilter))
    .orderBy(neighbourhood.name, sector.name);
  const adoptedWithoutService =
    scope === 'programme'
      ? await db.execute<{ id: number; name: string }>(sql`
          select s.id, s.name from sector s
          where s.programme_id = ${actor.programmeId}
            and exists (select 1 from collective_agreement a where a.sector_id = s.id)
            and not exists (select 1 from sector_service v where v.sector_id = s.id)
          order by s.name`)
      : [];
  return { services, adoptedWithoutService: [...adoptedWithoutService] };
}

export type CloseServiceResult = { ok: true } | Refused<'closing_in_past'>;

/** Ends a sector's service from the first day of a future month (no charges from that month on). */
export async function closeService({
  db,
  actor,
  serviceId,
  closesOn,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  serviceId: number;
  closesOn: string;
  now?: Date;
}): Promise<CloseServiceResult> {
  const [service] = await db.select().from(sectorService).where(eq(sectorService.id, serviceId));
  if (!service || service.programmeId !== actor.programmeId) throw new NotFoundError('sector_service');
  assertCan(actor, 'service.manage', { programmeId: service.programmeId, sectorIds: [service.sectorId] });
  // A closing already in effect is history; a closing must follow the opening.
  if (
    (service.closesOn !== null && service.closesOn <= localDate(now)) ||
    closesOn <= service.opensOn ||
    closesOn <= localDate(now) ||
    !closesOn.endsWith('-01')
  )
    return { ok: false, reason: 'closing_in_past', field: 'closesOn' };
  await db.transaction(async (tx) => {
    await tx.update(sectorService).set({ closesOn }).where(eq(sectorService.id, serviceId));
    await recordAudit(tx, actor, {
      action: 'service.closed',
      entityType: 'sector_service',
      entityId: serviceId,
      details: { closesOn },
    });
  });
  return { ok: true };
}
