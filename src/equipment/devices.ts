// The recycling centre's stock: intake (one by one or a CSV), data erasure, the lifecycle of each computer.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { type CsvRecord, parseCsv } from '../platform/csv/index.ts';
import type { Db, DbOrTx, Tx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import type { Refused } from './refusals.ts';
import { type DeviceEvent, nextDeviceStatus } from './rules.ts';
import { type DeviceStatus, device, priceTier, waitingEntry } from './schema.ts';
import { type Erasure, NewDevice, type NewDeviceInput } from './values.ts';

const programmeScope = (actor: Actor) => ({ programmeId: actor.programmeId });

async function insertDevices(tx: Tx, actor: Actor, inputs: NewDeviceInput[]) {
  const rows = await tx
    .insert(device)
    .values(
      inputs.map((input) => ({
        programmeId: actor.programmeId,
        centreId: actor.organisationId!,
        reference: `tmp-${crypto.randomUUID()}`,
        ...input,
        donor: input.donor ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: device.id });
  if (rows.length === 0) return rows;
  await tx.execute(sql`update device set reference = 'PC-' || lpad(id::text, 6, '0')
    where id in (${sql.join(
      rows.map((r) => sql`${r.id}`),
      sql`, `,
    )})`);
  return rows;
}

export type AddDeviceResult = { ok: true; deviceId: number } | Refused<'serial_taken' | 'no_price'>;

const knownTiers = async (db: DbOrTx, actor: Actor) =>
  new Set(
    (
      await db
        .select({ tier: priceTier.tier })
        .from(priceTier)
        .where(eq(priceTier.programmeId, actor.programmeId))
    ).map((t) => t.tier),
  );

/** A donated computer arrives at the centre. */
export async function addDevice({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: NewDeviceInput;
}): Promise<AddDeviceResult> {
  assertCan(actor, 'equipment.stock', programmeScope(actor));
  if (!(await knownTiers(db, actor)).has(input.tier)) return { ok: false, reason: 'no_price', field: 'tier' };
  return transactionUnlessRefused<AddDeviceResult>(db, async (tx) => {
    const [row] = await insertDevices(tx, actor, [input]);
    if (!row) return { ok: false, reason: 'serial_taken', field: 'serial' };
    await recordAudit(tx, actor, {
      action: 'device.received',
      entityType: 'device',
      entityId: row.id,
      details: { serial: input.serial, tier: input.tier },
    });
    return { ok: true, deviceId: row.id };
  });
}

export const deviceCsvColumns = [
  'type',
  'ensemble',
  'marque',
  'modele',
  'processeur',
  'memoire_go',
  'stockage_go',
  'systeme',
  'grade',
  'numero_serie',
  'donateur',
  'recu_le',
  'tarif',
] as const;

const fromCsv = ({ values: r }: CsvRecord) => ({
  kind: r.type === 'portable' ? 'laptop' : r.type === 'bureau' ? 'desktop' : r.type,
  bundle: r.ensemble,
  make: r.marque,
  model: r.modele,
  cpu: r.processeur,
  ramGb: r.memoire_go,
  storageGb: r.stockage_go,
  os: r.systeme,
  grade: r.grade,
  serial: r.numero_serie,
  donor: r.donateur,
  receivedOn: r.recu_le,
  tier: r.tarif,
});

export interface DeviceImportReport {
  rows: number;
  imported: number;
  errors: { line: number; message: string }[];
}

/** Bulk intake from a CSV (columns in the README), all or nothing: any error imports nothing. */
export async function importDevices({
  db,
  actor,
  file,
}: {
  db: Db;
  actor: Actor;
  file: string | Buffer;
}): Promise<DeviceImportReport> {
  assertCan(actor, 'equipment.stock', programmeScope(actor));
  const { headers, records } = parseCsv(file);
  const missing = deviceCsvColumns.filter((c) => !headers.includes(c));
  if (missing.length)
    return {
      rows: records.length,
      imported: 0,
      errors: [{ line: 1, message: `colonnes manquantes : ${missing.join(', ')}` }],
    };
  if (records.length > 5000)
    return {
      rows: records.length,
      imported: 0,
      errors: [{ line: 1, message: '5 000 lignes au plus par fichier' }],
    };
  const tiers = await knownTiers(db, actor);
  const errors: DeviceImportReport['errors'] = [];
  const inputs: NewDeviceInput[] = [];
  const serials = new Map<string, number>();
  records.forEach((record) => {
    const line = record.line;
    const parsed = NewDevice.safeParse(fromCsv(record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, message: `${String(issue.path[0])} : ${issue.message}` });
      return;
    }
    if (!tiers.has(parsed.data.tier)) errors.push({ line, message: `tarif « ${parsed.data.tier} » inconnu` });
    const seen = serials.get(parsed.data.serial);
    if (seen) errors.push({ line, message: `numéro de série déjà à la ligne ${seen}` });
    serials.set(parsed.data.serial, line);
    inputs.push(parsed.data);
  });
  if (errors.length || inputs.length === 0) return { rows: records.length, imported: 0, errors };
  const existing = await db
    .select({ serial: device.serial })
    .from(device)
    .where(and(eq(device.programmeId, actor.programmeId), inArray(device.serial, [...serials.keys()])));
  for (const e of existing)
    errors.push({ line: serials.get(e.serial)!, message: 'numéro de série déjà en stock' });
  if (errors.length)
    return { rows: records.length, imported: 0, errors: errors.sort((a, b) => a.line - b.line) };
  const imported = await db.transaction(async (tx) => {
    let count = 0;
    // In chunks: one statement's parameters are limited (65,535 in PostgreSQL).
    for (let i = 0; i < inputs.length; i += 1000) {
      const rows = await insertDevices(tx, actor, inputs.slice(i, i + 1000));
      for (const row of rows)
        await recordAudit(tx, actor, {
          action: 'device.received',
          entityType: 'device',
          entityId: row.id,
          details: { import: true },
        });
      count += rows.length;
    }
    return count;
  });
  return { rows: records.length, imported, errors: [] };
}

export type DeviceChangeResult =
  | { ok: true; status: DeviceStatus; offeredTo: number | null }
  | Refused<'illegal_transition' | 'no_erasure_proof'>;

async function lockDevice(tx: DbOrTx, actor: Actor, deviceId: number) {
  const [row] = await tx.select().from(device).where(eq(device.id, deviceId)).for('update');
  if (!row || row.programmeId !== actor.programmeId) throw new NotFoundError('device');
  return row;
}

/**
 * Offers a device that just became ready to the first household waiting for its tier and kind (staff see the offer
 * on the waiting list and call the household). Returns the household offered, if any.
 */
export async function offerToNextInLine(
  tx: Tx,
  actor: Actor,
  d: { id: number; tier: string; kind: string },
): Promise<number | null> {
  const [next] = await tx.execute<{ id: number; household_id: number }>(sql`
    select id, household_id from device_waiting_entry
    where programme_id = ${actor.programmeId} and tier = ${d.tier} and kind = ${d.kind} and status = 'waiting'
    order by id limit 1 for update skip locked`);
  if (!next) return null;
  await tx
    .update(waitingEntry)
    .set({ status: 'offered', offeredDeviceId: d.id, offeredAt: new Date() })
    .where(eq(waitingEntry.id, next.id));
  await recordAudit(tx, actor, {
    action: 'device.offered',
    entityType: 'household',
    entityId: next.household_id,
    details: { deviceId: d.id, waitingEntryId: next.id },
  });
  return next.household_id;
}

/** A device no longer ready: the household it was offered to goes back to waiting, first in line as before. */
async function withdrawOffers(tx: Tx, deviceId: number) {
  await tx
    .update(waitingEntry)
    .set({ status: 'waiting', offeredDeviceId: null, offeredAt: null })
    .where(and(eq(waitingEntry.offeredDeviceId, deviceId), eq(waitingEntry.status, 'offered')));
}

/** Moves a device along its lifecycle (refurbish, ready, recycle); a ready device is offered to the next in line. */
export async function moveDevice({
  db,
  actor,
  deviceId,
  event,
  reason,
}: {
  db: Db;
  actor: Actor;
  deviceId: number;
  event: Extract<DeviceEvent, 'refurbish' | 'ready' | 'recycle'>;
  reason?: string;
}): Promise<DeviceChangeResult> {
  assertCan(actor, 'equipment.stock', programmeScope(actor));
  return transactionUnlessRefused<DeviceChangeResult>(db, async (tx) => {
    const d = await lockDevice(tx, actor, deviceId);
    const to = nextDeviceStatus(d.status, event);
    if (!to) return { ok: false, reason: 'illegal_transition' };
    if (to === 'ready' && d.erasureResult !== 'passed') return { ok: false, reason: 'no_erasure_proof' };
    await tx
      .update(device)
      .set({
        status: to,
        recycledReason: to === 'recycled' ? (reason ?? 'hors d’usage') : null,
        updatedAt: new Date(),
      })
      .where(eq(device.id, deviceId));
    await recordAudit(tx, actor, {
      action: `device.${event}`,
      entityType: 'device',
      entityId: deviceId,
      details: { from: d.status, to, reason },
    });
    if (d.status === 'ready') await withdrawOffers(tx, deviceId);
    const offeredTo = to === 'ready' ? await offerToNextInLine(tx, actor, d) : null;
    return { ok: true, status: to, offeredTo };
  });
}

/** Records the proof that the donor's data was erased (method, date, who, result). */
export async function recordErasure({
  db,
  actor,
  deviceId,
  input,
}: {
  db: Db;
  actor: Actor;
  deviceId: number;
  input: ReturnType<typeof Erasure.parse>;
}): Promise<{ ok: true } | Refused<'erasure_locked'>> {
  assertCan(actor, 'equipment.stock', programmeScope(actor));
  return transactionUnlessRefused<{ ok: true } | Refused<'erasure_locked'>>(db, async (tx) => {
    const d = await lockDevice(tx, actor, deviceId);
    // The proof a sale relied on never changes afterwards.
    if (d.status === 'reserved' || d.status === 'handed_over') return { ok: false, reason: 'erasure_locked' };
    // A failed erasure on a computer on the shelf sends it back to the workshop (it may not be sold).
    const back = d.status === 'ready' && input.result === 'failed';
    if (back) await withdrawOffers(tx, deviceId);
    await tx
      .update(device)
      .set({
        erasureMethod: input.method,
        erasureOn: input.on,
        erasureBy: input.by,
        erasureResult: input.result,
        ...(back ? { status: 'refurbishing' as const } : {}),
        updatedAt: new Date(),
      })
      .where(eq(device.id, d.id));
    await recordAudit(tx, actor, {
      action: 'device.erased',
      entityType: 'device',
      entityId: deviceId,
      details: input,
    });
    return { ok: true };
  });
}

/** The stock, filtered; facilities see ready devices only (what they may reserve). */
export async function listDevices({
  db,
  actor,
  status,
  tier,
  kind,
}: {
  db: DbOrTx;
  actor: Actor;
  status?: DeviceStatus;
  tier?: string;
  kind?: 'desktop' | 'laptop';
}) {
  const scope = assertCanAtAll(actor, 'equipment.read');
  const where: SQL[] = [eq(device.programmeId, actor.programmeId)];
  if (scope !== 'programme') where.push(eq(device.status, 'ready'));
  else if (status) where.push(eq(device.status, status));
  if (tier) where.push(eq(device.tier, tier));
  if (kind) where.push(eq(device.kind, kind));
  return db
    .select()
    .from(device)
    .where(and(...where))
    .orderBy(asc(device.id))
    .limit(500);
}

export async function getDevice({ db, actor, deviceId }: { db: DbOrTx; actor: Actor; deviceId: number }) {
  const scope = assertCanAtAll(actor, 'equipment.read');
  const [d] = await db.select().from(device).where(eq(device.id, deviceId));
  if (!d || d.programmeId !== actor.programmeId) throw new NotFoundError('device');
  // A facility sees the computers it may reserve.
  if (scope !== 'programme' && d.status !== 'ready') throw new NotFoundError('device');
  return d;
}
