// Paper slips, in batches entered twice by two different people; nothing counts until the entries agree.
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, Tx } from '../platform/db/index.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { intArray, textArray, transactionUnlessRefused } from '../platform/sql/index.ts';
import { compareEntries, type Difference } from './compare-entries.ts';
import type { Choice } from './documents/types.ts';
import { parseSlipLines } from './paper-lines.ts';
import type { Refused } from './refusals.ts';
import { keyErrorMessages, resolveKeys } from './resolve-keys.ts';
import { paperBatch, paperBatchLine } from './schema.ts';
import { loadVote, type VoteRow } from './scope.ts';

export type PaperBatchRow = typeof paperBatch.$inferSelect;

export interface BatchView {
  batch: PaperBatchRow;
  voteId: number;
  /** Only once both entries are in: the dwellings where they differ, with what each person typed. */
  differences: (Difference & {
    reference: string;
    address: string;
    typedFirst: string | null;
    typedSecond: string | null;
  })[];
  /** Slips per entry, for the counters on the page. */
  slips: { first: number; second: number; settled: number };
}

/** A batch as the vote officers see it; the first entry stays hidden while the second is being typed. */
export async function getPaperBatch({
  db,
  actor,
  batchId,
}: {
  db: Db;
  actor: Actor;
  batchId: number;
}): Promise<BatchView> {
  const [batch] = await db.select().from(paperBatch).where(eq(paperBatch.id, batchId));
  if (!batch) throw new NotFoundError('paper_batch');
  await loadVote(db, actor, 'vote.conduct', batch.voteId);
  const lines = await db.execute<{
    entry: number;
    dwelling_id: number;
    typed: string;
    choice: Choice;
    reference: string;
    address: string;
  }>(sql`
    select l.entry, l.dwelling_id, l.typed, l.choice, d.landlord_reference as reference, b.address
    from paper_batch_line l join dwelling d on d.id = l.dwelling_id join building b on b.id = d.building_id
    where l.batch_id = ${batchId}`);
  const byEntry = (entry: number) =>
    new Map(lines.filter((l) => l.entry === entry).map((l) => [l.dwelling_id, l]));
  const [first, second] = [byEntry(1), byEntry(2)];
  const slips = { first: first.size, second: second.size, settled: byEntry(3).size };
  if (batch.status === 'first_entry' || batch.status === 'second_entry')
    return { batch, voteId: batch.voteId, differences: [], slips };
  const { differences } = compareEntries(
    new Map([...first].map(([id, l]) => [id, l.choice])),
    new Map([...second].map(([id, l]) => [id, l.choice])),
  );
  return {
    batch,
    voteId: batch.voteId,
    slips,
    differences: differences.map((d) => {
      const line = first.get(d.dwellingId) ?? second.get(d.dwellingId)!;
      return {
        ...d,
        reference: line.reference,
        address: line.address,
        typedFirst: first.get(d.dwellingId)?.typed ?? null,
        typedSecond: second.get(d.dwellingId)?.typed ?? null,
      };
    }),
  };
}

async function loadBatch(
  tx: Tx,
  actor: Actor,
  batchId: number,
): Promise<{ batch: PaperBatchRow; vote: VoteRow }> {
  const [batch] = await tx.select().from(paperBatch).where(eq(paperBatch.id, batchId)).for('update');
  if (!batch) throw new NotFoundError('paper_batch');
  const vote = await loadVote(tx, actor, 'vote.conduct', batch.voteId, { lock: 'share' });
  return { batch, vote };
}

export type CreateBatchResult =
  | { ok: true; batchId: number; number: number }
  | Refused<'received_outside_window' | 'already_certified'>;

/** Opens a batch of slips received together (a ballot box emptied, the mail of a day). */
export async function createPaperBatch({
  db,
  actor,
  voteId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  input: { label: string; receivedAt: Date };
  now?: Date;
}): Promise<CreateBatchResult> {
  return transactionUnlessRefused<CreateBatchResult>(db, async (tx) => {
    const vote = await loadVote(tx, actor, 'vote.conduct', voteId, { lock: 'update' });
    if (vote.status === 'certified') return { ok: false, reason: 'already_certified' };
    if (input.receivedAt < vote.opensAt || input.receivedAt > now)
      return { ok: false, reason: 'received_outside_window', field: 'receivedAt' };
    const [{ next }] = (await tx.execute<{ next: number }>(
      sql`select coalesce(max(number), 0) + 1 as next from paper_batch where vote_id = ${voteId}`,
    )) as unknown as [{ next: number }];
    const [batch] = await tx
      .insert(paperBatch)
      .values({
        voteId,
        number: next,
        label: input.label,
        receivedAt: input.receivedAt,
        status: 'first_entry',
      })
      .returning({ id: paperBatch.id });
    await recordAudit(tx, actor, {
      action: 'vote.paper_batch_created',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: {
        batchId: batch!.id,
        number: next,
        label: input.label,
        receivedAt: input.receivedAt.toISOString(),
      },
    });
    return { ok: true, batchId: batch!.id, number: next };
  });
}

export interface LineProblem {
  lineNo: number;
  message: string;
}

export type EnterBatchResult =
  | { ok: true; status: PaperBatchRow['status']; counted: number; alreadyVoted: number; differences: number }
  | (Refused<'lines_invalid' | 'same_person' | 'batch_state' | 'already_certified'> & {
      problems?: LineProblem[];
    });

const sameActor = (batch: PaperBatchRow, actor: Actor) =>
  actor.userId ? batch.firstUserId === actor.userId : batch.firstBy === actor.label;

/**
 * One entry of a batch: the first, then (by someone else, who does not see the first) the second. When both
 * agree the slips are counted at once; otherwise the batch waits for its differences to be settled.
 */
export async function enterPaperBatch({
  db,
  actor,
  batchId,
  text,
}: {
  db: Db;
  actor: Actor;
  batchId: number;
  text: string;
}): Promise<EnterBatchResult> {
  return transactionUnlessRefused<EnterBatchResult>(db, async (tx) => {
    const { batch, vote } = await loadBatch(tx, actor, batchId);
    if (vote.status === 'certified') return { ok: false, reason: 'already_certified' };
    if (batch.status !== 'first_entry' && batch.status !== 'second_entry')
      return { ok: false, reason: 'batch_state' };
    const entry = batch.status === 'first_entry' ? 1 : 2;
    if (entry === 2 && sameActor(batch, actor)) return { ok: false, reason: 'same_person' };

    const { lines, errors } = parseSlipLines(text);
    const problems: LineProblem[] = [...errors];
    const resolved = await resolveKeys(tx, vote.id, [...new Set(lines.map((l) => l.key))]);
    const choices = new Map<number, Choice>();
    const seenOn = new Map<number, number>();
    for (const line of lines) {
      const key = resolved.get(line.key)!;
      if (!key.ok) {
        problems.push({
          lineNo: line.lineNo,
          message: `Ligne ${line.lineNo} : ${keyErrorMessages[key.reason]}`,
        });
        continue;
      }
      const previous = seenOn.get(key.dwellingId);
      if (previous !== undefined) {
        problems.push({
          lineNo: line.lineNo,
          message: `Ligne ${line.lineNo} : même logement que la ligne ${previous}`,
        });
        continue;
      }
      seenOn.set(key.dwellingId, line.lineNo);
      choices.set(key.dwellingId, line.choice);
    }
    if (problems.length > 0)
      return {
        ok: false,
        reason: 'lines_invalid',
        field: 'lines',
        problems: problems.sort((a, b) => a.lineNo - b.lineNo),
      };

    await tx.insert(paperBatchLine).values(
      lines.map((line) => {
        const key = resolved.get(line.key)! as { dwellingId: number };
        return { batchId, entry, dwellingId: key.dwellingId, typed: line.key, choice: line.choice };
      }),
    );
    if (entry === 1) {
      await tx
        .update(paperBatch)
        .set({ status: 'second_entry', firstUserId: actor.userId, firstBy: actor.label })
        .where(eq(paperBatch.id, batchId));
      await recordAudit(tx, actor, {
        action: 'vote.paper_batch_entered',
        entityType: 'tenant_vote',
        entityId: vote.id,
        details: { batchId, entry: 1, slips: lines.length },
      });
      return { ok: true, status: 'second_entry', counted: 0, alreadyVoted: 0, differences: 0 };
    }
    const first = await entryChoices(tx, batchId, 1);
    const { agreed, differences } = compareEntries(first, choices);
    await tx
      .update(paperBatch)
      .set({
        status: differences.length ? 'to_settle' : 'counted',
        secondUserId: actor.userId,
        secondBy: actor.label,
      })
      .where(eq(paperBatch.id, batchId));
    await recordAudit(tx, actor, {
      action: 'vote.paper_batch_entered',
      entityType: 'tenant_vote',
      entityId: vote.id,
      details: { batchId, entry: 2, slips: lines.length, differences: differences.length },
    });
    if (differences.length)
      return { ok: true, status: 'to_settle', counted: 0, alreadyVoted: 0, differences: differences.length };
    const outcome = await countBatch(tx, actor, batch, agreed);
    return { ok: true, status: 'counted', ...outcome, differences: 0 };
  });
}

async function entryChoices(tx: Tx, batchId: number, entry: number): Promise<Map<number, Choice>> {
  const rows = await tx
    .select({ dwellingId: paperBatchLine.dwellingId, choice: paperBatchLine.choice })
    .from(paperBatchLine)
    .where(and(eq(paperBatchLine.batchId, batchId), eq(paperBatchLine.entry, entry)));
  return new Map(rows.map((r) => [r.dwellingId, r.choice]));
}

/** Turns a batch's final slips into ballots. A dwelling that has already voted keeps its first ballot. */
async function countBatch(
  tx: Tx,
  actor: Actor,
  batch: PaperBatchRow,
  final: ReadonlyMap<number, Choice>,
): Promise<{ counted: number; alreadyVoted: number }> {
  const dwellingIds = [...final.keys()];
  const inserted = dwellingIds.length
    ? await tx.execute<{ dwelling_id: number }>(sql`
        insert into ballot (vote_id, dwelling_id, choice, channel, batch_id, received_at, recorded_by)
        select ${batch.voteId}, d, c, 'paper', ${batch.id}, ${batch.receivedAt.toISOString()}::timestamptz, ${actor.label}
        from unnest(${intArray(dwellingIds)}, ${textArray(dwellingIds.map((id) => final.get(id)!))}) as x(d, c)
        on conflict (vote_id, dwelling_id) do nothing
        returning dwelling_id`)
    : [];
  const counted = new Set(inserted.map((r) => r.dwelling_id));
  const alreadyVoted = dwellingIds.filter((id) => !counted.has(id));
  await tx
    .update(paperBatch)
    .set({ status: 'counted', countedAt: new Date() })
    .where(eq(paperBatch.id, batch.id));
  await recordAudit(tx, actor, {
    action: 'vote.paper_batch_counted',
    entityType: 'tenant_vote',
    entityId: batch.voteId,
    details: { batchId: batch.id, counted: counted.size, alreadyVoted },
  });
  return { counted: counted.size, alreadyVoted: alreadyVoted.length };
}

export type SettleBatchResult =
  | { ok: true; counted: number; alreadyVoted: number }
  | (Refused<'batch_state' | 'already_certified' | 'lines_invalid'> & { problems?: LineProblem[] });

/**
 * Settles the differences of a batch, slip in hand: for each differing dwelling, the choice read on the slip, or
 * `none` when there is no slip for it. Each settled value is kept (entry 3) and audited; then the batch counts.
 */
export async function settlePaperBatch({
  db,
  actor,
  batchId,
  decisions,
}: {
  db: Db;
  actor: Actor;
  batchId: number;
  decisions: ReadonlyMap<number, Choice | 'none'>;
}): Promise<SettleBatchResult> {
  return transactionUnlessRefused<SettleBatchResult>(db, async (tx) => {
    const { batch, vote } = await loadBatch(tx, actor, batchId);
    if (vote.status === 'certified') return { ok: false, reason: 'already_certified' };
    if (batch.status !== 'to_settle') return { ok: false, reason: 'batch_state' };
    const { agreed, differences } = compareEntries(
      await entryChoices(tx, batchId, 1),
      await entryChoices(tx, batchId, 2),
    );
    const missing = differences.filter((d) => !decisions.has(d.dwellingId));
    if (missing.length) {
      const references = await tx.execute<{ landlord_reference: string }>(
        sql`select landlord_reference from dwelling where id = any(${intArray(missing.map((d) => d.dwellingId))}) order by 1`,
      );
      return {
        ok: false,
        reason: 'lines_invalid',
        problems: references.map((r) => ({
          lineNo: 0,
          message: `Logement ${r.landlord_reference} : choisissez ce que dit le bulletin`,
        })),
      };
    }
    const settled = differences.flatMap((d) => {
      const choice = decisions.get(d.dwellingId)!;
      return choice === 'none' ? [] : [{ dwellingId: d.dwellingId, choice }];
    });
    if (settled.length)
      await tx.insert(paperBatchLine).values(
        settled.map((s) => ({
          batchId,
          entry: 3,
          dwellingId: s.dwellingId,
          typed: 'arbitrage',
          choice: s.choice,
        })),
      );
    await recordAudit(tx, actor, {
      action: 'vote.paper_batch_settled',
      entityType: 'tenant_vote',
      entityId: vote.id,
      // Which dwellings were settled, not how: choices stay with the vote officers (entry 3 of the batch).
      details: { batchId, settledDwellingIds: differences.map((d: Difference) => d.dwellingId) },
    });
    const final = new Map(agreed);
    for (const s of settled) final.set(s.dwellingId, s.choice);
    return { ok: true, ...(await countBatch(tx, actor, batch, final)) };
  });
}
