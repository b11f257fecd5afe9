// The monthly service charges: one line per dwelling of every open sector, computed in one SQL statement.

import { and, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { csvCell } from '../platform/csv/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import type { Refused } from './refusals.ts';
import { monthStart } from './rules.ts';
import { chargeLine, chargeMonth } from './schema.ts';

export interface ChargeSummary {
  month: string;
  status: 'open' | 'closed';
  runAt: Date | null;
  runBy: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  lines: number;
  totalCents: number;
  vacantLines: number;
  bySector: {
    sectorId: number;
    sectorName: string;
    dwellings: number;
    tariffCents: number;
    totalCents: number;
  }[];
  adjustments: { count: number; totalCents: number };
  /**
   * Sum of the lines = Σ dwellings × tariff, per sector; and, while the month is open, the lines match the dwellings
   * of the open sectors counted independently of the run (a dwelling left out would show).
   */
  reconciles: boolean;
}

export type RunChargesResult =
  | { ok: true; summary: ChargeSummary }
  | Refused<'month_closed' | 'month_in_future'>;

/**
 * Computes a month's charges: every dwelling of every sector whose service is open on the 1st, at the tariff in
 * force that day, attributed to the tenancy active that day (or, vacant, to the landlord). Running an open month
 * again replaces its lines with the same ones (no duplicate: one charge per dwelling and month is a unique index);
 * two runs at once take turns on the month's row. A closed month is never run again.
 */
export async function runCharges({
  db,
  actor,
  month,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  month: string;
  now?: Date;
}): Promise<RunChargesResult> {
  assertCanAtAll(actor, 'charges.run');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  if (day > localDate(now)) return { ok: false, reason: 'month_in_future', field: 'month' };
  const result = await transactionUnlessRefused<{ ok: true } | Refused<'month_closed'>>(db, async (tx) => {
    // Creates or locks the month's row: a second run of the same month waits here for the first to finish.
    await tx.execute(sql`
      insert into charge_month (programme_id, month) values (${actor.programmeId}, ${day})
      on conflict (programme_id, month) do nothing`);
    const [row] = await tx.execute<{ status: string }>(sql`
      select status from charge_month where programme_id = ${actor.programmeId} and month = ${day} for update`);
    if (row!.status === 'closed') return { ok: false, reason: 'month_closed', field: 'month' };
    await tx.execute(
      sql`delete from charge_line where programme_id = ${actor.programmeId} and month = ${day} and kind = 'charge'`,
    );
    const [{ lines }] = (await tx.execute<{ lines: number }>(sql`
      with inserted as (
        insert into charge_line (programme_id, month, dwelling_id, sector_id, service_id, tariff_id, amount_cents,
                                 household_id, kind, created_by)
        select s.programme_id, ${day}::date, d.id, d.sector_id, s.id, t.id, t.monthly_amount_cents, tn.household_id,
               'charge', ${actor.label}
        from sector_service s
        join lateral (
          select id, monthly_amount_cents from tariff
          where service_id = s.id and effective_from <= ${day}::date
          order by effective_from desc limit 1
        ) t on true
        join dwelling d on d.sector_id = s.sector_id
        left join tenancy tn on tn.dwelling_id = d.id and tn.start_date <= ${day}::date
          and (tn.end_date is null or tn.end_date > ${day}::date)
        where s.programme_id = ${actor.programmeId} and s.opens_on <= ${day}::date
          and (s.closes_on is null or s.closes_on > ${day}::date)
        -- In dwelling order: the unique index (programme, month, dwelling) then grows at its right edge instead of
        -- being written all over, and the planner merges dwellings and tenancies in that order (no hash spilled
        -- to disk). Lines are numbered in dwelling order too.
        order by d.id
        returning 1
      )
      select count(*)::int as lines from inserted`)) as unknown as [{ lines: number }];
    await tx
      .update(chargeMonth)
      .set({ runAt: now, runBy: actor.label })
      .where(and(eq(chargeMonth.programmeId, actor.programmeId), eq(chargeMonth.month, day)));
    await recordAudit(tx, actor, {
      action: 'charges.run',
      entityType: 'charge_month',
      entityId: month,
      details: { lines },
    });
    return { ok: true };
  });
  if (!result.ok) return result;
  return { ok: true, summary: (await chargeSummary({ db, actor, month }))! };
}

/** The month's summary, or null if it was never run. */
export async function chargeSummary({
  db,
  actor,
  month,
}: {
  db: DbOrTx;
  actor: Actor;
  month: string;
}): Promise<ChargeSummary | null> {
  assertCanAtAll(actor, 'charges.read');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  const [head] = await db
    .select()
    .from(chargeMonth)
    .where(and(eq(chargeMonth.programmeId, actor.programmeId), eq(chargeMonth.month, day)));
  if (!head) return null;
  const [bySector, [totals], [expected]] = await Promise.all([
    db.execute<{
      sector_id: number;
      sector_name: string;
      dwellings: number;
      tariff_cents: number;
      total_cents: string;
      tariffs: number;
    }>(sql`
      select l.sector_id, s.name as sector_name, count(*)::int as dwellings, min(l.amount_cents) as tariff_cents,
             sum(l.amount_cents)::bigint as total_cents, count(distinct l.amount_cents)::int as tariffs
      from charge_line l join sector s on s.id = l.sector_id
      where l.programme_id = ${actor.programmeId} and l.month = ${day} and l.kind = 'charge'
      group by l.sector_id, s.name order by s.name`),
    db.execute<{
      lines: number;
      total_cents: string;
      vacant: number;
      adjustments: number;
      adjustments_cents: string;
    }>(sql`
      select count(*) filter (where kind = 'charge')::int as lines,
             coalesce(sum(amount_cents) filter (where kind = 'charge'), 0)::bigint as total_cents,
             count(*) filter (where kind = 'charge' and household_id is null)::int as vacant,
             count(*) filter (where kind = 'adjustment')::int as adjustments,
             coalesce(sum(amount_cents) filter (where kind = 'adjustment'), 0)::bigint as adjustments_cents
      from charge_line where programme_id = ${actor.programmeId} and month = ${day}`),
    // What the month should hold, counted independently of the run: dwellings of the open sectors × their tariff.
    db.execute<{ lines: number; total_cents: string }>(sql`
      select coalesce(sum(sc.dwelling_count), 0)::int as lines,
             coalesce(sum(sc.dwelling_count::bigint * t.monthly_amount_cents), 0)::bigint as total_cents
      from sector_service s
      join sector sc on sc.id = s.sector_id
      join lateral (
        select monthly_amount_cents from tariff where service_id = s.id and effective_from <= ${day}::date
        order by effective_from desc limit 1
      ) t on true
      where s.programme_id = ${actor.programmeId} and s.opens_on <= ${day}::date
        and (s.closes_on is null or s.closes_on > ${day}::date)`),
  ]);
  const sectors = bySector.map((r) => ({
    sectorId: r.sector_id,
    sectorName: r.sector_name,
    dwellings: r.dwellings,
    tariffCents: r.tariff_cents,
    totalCents: Number(r.total_cents),
    oneTariff: r.tariffs === 1,
  }));
  const totalCents = Number(totals!.total_cents);
  return {
    month,
    status: head.status,
    runAt: head.runAt,
    runBy: head.runBy,
    closedAt: head.closedAt,
    closedBy: head.closedBy,
    lines: totals!.lines,
    totalCents,
    vacantLines: totals!.vacant,
    bySector: sectors.map(({ oneTariff: _, ...s }) => s),
    adjustments: { count: totals!.adjustments, totalCents: Number(totals!.adjustments_cents) },
    reconciles:
      sectors.every((s) => s.oneTariff && s.totalCents === s.dwellings * s.tariffCents) &&
      sectors.reduce((sum, s) => sum + s.totalCents, 0) === totalCents &&
      // An open month also matches today's stock; a closed one was checked when it was closed.
      (head.status === 'closed' ||
        (expected!.lines === totals!.lines && Number(expected!.total_cents) === totalCents)),
  };
}

export type CloseChargesResult = { ok: true } | Refused<'month_closed' | 'month_not_run' | 'month_stale'>;

/** The landlord closes a month once sent to the rent software: its lines never change again. */
export async function closeCharges({
  db,
  actor,
  month,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  month: string;
  now?: Date;
}): Promise<CloseChargesResult> {
  assertCanAtAll(actor, 'charges.run');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  return transactionUnlessRefused<CloseChargesResult>(db, async (tx) => {
    const [head] = await tx
      .select({ status: chargeMonth.status, runAt: chargeMonth.runAt })
      .from(chargeMonth)
      .where(and(eq(chargeMonth.programmeId, actor.programmeId), eq(chargeMonth.month, day)))
      .for('update');
    if (!head?.runAt) return { ok: false, reason: 'month_not_run' };
    if (head.status === 'closed') return { ok: false, reason: 'month_closed' };
    // The stock may have changed since the run: close only what still matches it.
    const summary = await chargeSummary({ db: tx, actor, month });
    if (!summary?.reconciles) return { ok: false, reason: 'month_stale' };
    await tx
      .update(chargeMonth)
      .set({ status: 'closed', closedAt: now, closedBy: actor.label })
      .where(and(eq(chargeMonth.programmeId, actor.programmeId), eq(chargeMonth.month, day)));
    await recordAudit(tx, actor, { action: 'charges.closed', entityType: 'charge_month', entityId: month });
    return { ok: true };
  });
}

/** The months that were run, newest first. */
export async function listChargeMonths({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCanAtAll(actor, 'charges.read');
  return db
    .select({
      month: sql<string>`to_char(${chargeMonth.month}, 'YYYY-MM')`,
      status: chargeMonth.status,
      runAt: chargeMonth.runAt,
      closedAt: chargeMonth.closedAt,
      lines: sql<number>`(select count(*)::int from charge_line l where l.programme_id = charge_month.programme_id
        and l.month = charge_month.month and l.kind = 'charge')`,
      totalCents: sql<number>`(select coalesce(sum(l.amount_cents), 0)::bigint from charge_line l
        where l.programme_id = charge_month.programme_id and l.month = charge_month.month and l.kind = 'charge')`.mapWith(
        Number,
      ),
    })
    .from(chargeMonth)
    .where(eq(chargeMonth.programmeId, actor.programmeId))
    .orderBy(desc(chargeMonth.month))
    .limit(120);
}

export interface ChargeLineRow {
  id: number;
  month: string;
  kind: 'charge' | 'adjustment';
  dwellingReference: string;
  address: string;
  sectorCode: string;
  householdReference: string | null;
  amountCents: number;
  adjustsLineId: number | null;
  reason: string | null;
}

/** A page of a month's lines, in a stable order (line id), for the API and the CSV file. */
export async function listChargeLines({
  db,
  actor,
  month,
  afterId = 0,
  limit = 1000,
}: {
  db: Db;
  actor: Actor;
  month: string;
  afterId?: number;
  limit?: number;
}): Promise<{ lines: ChargeLineRow[]; nextAfter: number | null }> {
  assertCanAtAll(actor, 'charges.read');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  const size = Math.min(limit, 10_000);
  const lines = await linePage(db.$client, actor.programmeId, month, day, afterId, size + 1);
  return { lines: lines.slice(0, size), nextAfter: lines.length > size ? lines[size - 1]!.id : null };
}

type SqlClient = Db['$client'] | Awaited<ReturnType<Db['$client']['reserve']>>;

/** One page of a month's lines in line order, on whichever connection (the pool, or a snapshot's). */
async function linePage(
  client: SqlClient,
  programmeId: number,
  month: string,
  day: string,
  afterId: number,
  size: number,
): Promise<ChargeLineRow[]> {
  const rows = await client<
    {
      id: string;
      kind: 'charge' | 'adjustment';
      dwelling_reference: string;
      address: string;
      sector_code: string;
      household_reference: string | null;
      amount_cents: number;
      adjusts_line_id: string | null;
      reason: string | null;
    }[]
  >`
    select l.id, l.kind, d.landlord_reference as dwelling_reference, b.address, s.code as sector_code,
           h.reference as household_reference, l.amount_cents, l.adjusts_line_id, l.reason
    from charge_line l
    join dwelling d on d.id = l.dwelling_id
    join building b on b.id = d.building_id
    join sector s on s.id = l.sector_id
    left join household h on h.id = l.household_id
    where l.programme_id = ${programmeId} and l.month = ${day} and l.id > ${afterId}
    order by l.id
    limit ${size}`;
  return rows.map((r: (typeof rows)[number]) => ({
    id: Number(r.id),
    month,
    kind: r.kind,
    dwellingReference: r.dwelling_reference,
    address: r.address,
    sectorCode: r.sector_code,
    householdReference: r.household_reference,
    amountCents: r.amount_cents,
    adjustsLineId: r.adjusts_line_id === null ? null : Number(r.adjusts_line_id),
    reason: r.reason,
  }));
}

export const chargeCsvColumns = [
  'mois',
  'type',
  'ligne',
  'reference_logement',
  'adresse',
  'secteur',
  'reference_foyer',
  'montant_euros',
  'ligne_corrigee',
  'motif',
] as const;

const euros = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;

const csvLine = (l: ChargeLineRow) =>
  [
    l.month,
    l.kind === 'charge' ? 'charge' : 'ajustement',
    String(l.id),
    csvCell(l.dwellingReference),
    csvCell(l.address),
    csvCell(l.sectorCode),
    csvCell(l.householdReference ?? ''),
    euros(l.amountCents),
    l.adjustsLineId === null ? '' : String(l.adjustsLineId),
    csvCell(l.reason ?? ''),
  ].join(';');

/**
 * The landlord's file, as French spreadsheets open it: UTF-8 with BOM, `;`, decimal comma, one line per charge
 * (vacant dwellings: `reference_foyer` empty, billed to the landlord) and per adjustment. Streamed page by page,
 * all pages from one snapshot: a re-run of the month during a download cannot mix two versions of it.
 */
export async function* chargesCsv({
  db,
  actor,
  month,
}: {
  db: Db;
  actor: Actor;
  month: string;
}): AsyncGenerator<string> {
  assertCanAtAll(actor, 'charges.read');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  const connection = await db.$client.reserve();
  let open = false;
  try {
    await connection`begin isolation level repeatable read read only`;
    open = true;
    yield `\uFEFF${chargeCsvColumns.join(';')}\r\n`;
    const size = 5000;
    for (let afterId = 0; ; ) {
      const lines = await linePage(connection, actor.programmeId, month, day, afterId, size);
      if (lines.length) yield `${lines.map(csvLine).join('\r\n')}\r\n`;
      if (lines.length < size) break;
      afterId = lines.at(-1)!.id;
    }
    await connection`commit`;
    open = false;
  } finally {
    if (open) await connection`rollback`.catch(() => {});
    connection.release();
  }
}

export type AdjustmentResult =
  | { ok: true; lineId: number }
  | Refused<'month_closed' | 'line_not_closed' | 'month_not_run' | 'adjustment_too_large'>;

/** Corrects a line of a closed month by a line in a later, open month that refers to it. */
export async function addAdjustment({
  db,
  actor,
  month,
  input,
}: {
  db: Db;
  actor: Actor;
  month: string;
  input: { lineId: number; amountCents: number; reason: string };
}): Promise<AdjustmentResult> {
  assertCanAtAll(actor, 'charges.run');
  const day = monthStart(month);
  if (!day) throw new NotFoundError('charge_month');
  return transactionUnlessRefused<AdjustmentResult>(db, async (tx) => {
    const [head] = await tx
      .select({ status: chargeMonth.status })
      .from(chargeMonth)
      .where(and(eq(chargeMonth.programmeId, actor.programmeId), eq(chargeMonth.month, day)))
      .for('update');
    if (!head) return { ok: false, reason: 'month_not_run' };
    if (head.status === 'closed') return { ok: false, reason: 'month_closed' };
    const [original] = await tx.execute<{
      id: string;
      dwelling_id: number;
      sector_id: number;
      service_id: number;
      household_id: number | null;
      status: string;
      amount_cents: number;
      kind: string;
    }>(sql`
      select l.id, l.dwelling_id, l.sector_id, l.service_id, l.household_id, m.status, l.amount_cents, l.kind
      from charge_line l join charge_month m on m.programme_id = l.programme_id and m.month = l.month
      where l.id = ${input.lineId} and l.programme_id = ${actor.programmeId} and l.month < ${day}
      for update of l`);
    if (original?.status !== 'closed' || original.kind !== 'charge')
      return { ok: false, reason: 'line_not_closed', field: 'lineId' };
    // Never refund more than was billed: the line and all its adjustments stay at or above zero.
    const [{ adjusted }] = (await tx.execute<{ adjusted: number }>(sql`
      select coalesce(sum(amount_cents), 0)::int as adjusted from charge_line where adjusts_line_id = ${input.lineId}`)) as unknown as [
      { adjusted: number },
    ];
    if (original.amount_cents + adjusted + input.amountCents < 0)
      return { ok: false, reason: 'adjustment_too_large', field: 'amountCents' };
    const [line] = await tx
      .insert(chargeLine)
      .values({
        programmeId: actor.programmeId,
        month: day,
        dwellingId: original.dwelling_id,
        sectorId: original.sector_id,
        serviceId: original.service_id,
        householdId: original.household_id,
        amountCents: input.amountCents,
        kind: 'adjustment',
        adjustsLineId: input.lineId,
        reason: input.reason,
        createdBy: actor.label,
      })
      .returning({ id: chargeLine.id });
    await recordAudit(tx, actor, {
      action: 'charges.adjusted',
      entityType: 'charge_month',
      entityId: month,
      details: { lineId: line!.id, adjusts: input.lineId, amountCents: input.amountCents },
    });
    return { ok: true, lineId: line!.id };
  });
}
