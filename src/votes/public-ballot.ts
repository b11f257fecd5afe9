// The online vote: a resident with a ballot code, no account. Every answer says plainly what happened.
import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../platform/audit/index.ts';
import { type AttemptLimiter, addressKey, createAttemptLimiter } from '../platform/auth/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import type { Channel } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { formatBallotCode, parseBallotCode } from './ballot-code.ts';
import type { Choice, Procedure } from './documents/types.ts';
import { votePhase } from './scope.ts';

/**
 * Wrong codes: 20 per quarter hour from one address (a whole building may share one address behind the
 * collective service, hence not fewer), and 300 per hour against one vote whatever the address.
 */
export function createBallotLimiter({ clustered = false } = {}): AttemptLimiter {
  return createAttemptLimiter(
    [
      { name: 'ballot-ip', points: 20, durationSeconds: 15 * 60 },
      { name: 'ballot-vote', points: 300, durationSeconds: 60 * 60 },
    ],
    { clustered },
  );
}

export interface BallotPaper {
  code: string;
  voteReference: string;
  sectorName: string;
  procedure: Procedure;
  serviceName: string;
  operatorName: string;
  monthlyAmountCents: number;
  tariffFrom: string;
  opensAt: Date;
  closesAt: Date;
  helpPhone: string;
  address: string;
}

export type PublicRefusal =
  | { ok: false; reason: 'empty' | 'format' | 'check' | 'unknown' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'revoked' | 'upcoming' | 'closed'; paper: BallotPaper }
  | { ok: false; reason: 'already_voted'; paper: BallotPaper; votedAt: Date };

export type LookupResult = { ok: true; paper: BallotPaper } | PublicRefusal;
export type CastResult = { ok: true; paper: BallotPaper; choice: Choice; receivedAt: Date } | PublicRefusal;

type CodeRow = {
  code_id: number;
  vote_id: number;
  dwelling_id: number;
  programme_id: number;
  revoked_at: Date | null;
  status: 'open' | 'certified';
  opens_at: Date;
  closes_at: Date;
  voted_at: Date | null;
  reference: string;
  sector_name: string;
  procedure: Procedure;
  service_name: string;
  operator_name: string;
  monthly_amount_cents: number;
  tariff_from: string;
  help_phone: string;
  address: string;
};

async function findCode(db: DbOrTx, code: string): Promise<CodeRow | null> {
  const [row] = await db.execute<CodeRow>(sql`
    select c.id as code_id, c.vote_id, c.dwelling_id, v.programme_id, c.revoked_at, v.status, v.opens_at,
           v.closes_at, b.received_at as voted_at, v.reference, s.name as sector_name, v.procedure,
           v.service_name, o.name as operator_name, v.monthly_amount_cents, v.tariff_from::text as tariff_from,
           v.help_phone, bl.address || ', ' || bl.postcode || ' ' || bl.city as address
    from ballot_code c
    join tenant_vote v on v.id = c.vote_id
    join sector s on s.id = v.sector_id
    join organisation o on o.id = v.operator_id
    join vote_dwelling vd on vd.vote_id = c.vote_id and vd.dwelling_id = c.dwelling_id
    join building bl on bl.id = vd.building_id
    left join ballot b on b.vote_id = c.vote_id and b.dwelling_id = c.dwelling_id
    where c.code = ${code}`);
  return row ?? null;
}

const paperOf = (row: CodeRow, code: string): BallotPaper => ({
  code: formatBallotCode(code),
  voteReference: row.reference,
  sectorName: row.sector_name,
  procedure: row.procedure,
  serviceName: row.service_name,
  operatorName: row.operator_name,
  monthlyAmountCents: row.monthly_amount_cents,
  tariffFrom: row.tariff_from,
  opensAt: new Date(row.opens_at),
  closesAt: new Date(row.closes_at),
  helpPhone: row.help_phone,
  address: row.address,
});

function verdict(row: CodeRow, code: string, now: Date): LookupResult {
  const paper = paperOf(row, code);
  if (row.revoked_at) return { ok: false, reason: 'revoked', paper };
  if (row.voted_at) return { ok: false, reason: 'already_voted', paper, votedAt: new Date(row.voted_at) };
  const phase = votePhase(
    { status: row.status, opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at) },
    now,
  );
  if (phase === 'upcoming') return { ok: false, reason: 'upcoming', paper };
  if (phase !== 'open') return { ok: false, reason: 'closed', paper };
  return { ok: true, paper };
}

interface Attempt {
  db: Db;
  limiter: AttemptLimiter;
  typed: string;
  ip: string | null;
  now?: Date;
}

/**
 * Reads a typed code. Each attempt is counted against its address before the database is asked (so that parallel
 * guesses cannot slip between a check and a count) and given back when the code exists. Against the vote, only
 * wrong codes count, after the lookup: many residents voting at once must never be refused, at the price of the
 * per-vote limit overshooting by the guesses in flight. A mistyped code (bad shape or check symbol) cannot be a
 * guess — a guesser computes the check symbol — so it counts against the address only.
 */
async function readCode({
  db,
  limiter,
  typed,
  ip,
}: Attempt): Promise<PublicRefusal | { row: CodeRow; code: string }> {
  const parsed = parseBallotCode(typed);
  if (!parsed.ok && parsed.reason === 'empty') return { ok: false, reason: 'empty' };
  const address = [addressKey(ip), null];
  const vote = [null, parsed.ok ? parsed.bucket : null];
  const verdict = await limiter.consume(address);
  const blocked = verdict.allowed ? await limiter.check(vote) : verdict;
  if (!blocked.allowed) return { ok: false, reason: 'limited', retryAfterSeconds: blocked.retryAfterSeconds };
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const row = await findCode(db, parsed.code);
  if (!row) {
    await limiter.consume(vote);
    return { ok: false, reason: 'unknown' };
  }
  await limiter.refund(address);
  return { row, code: parsed.code };
}

/** What the resident is asked, for a typed code (or why they cannot vote with it). */
export async function lookupBallotCode(attempt: Attempt): Promise<LookupResult> {
  const read = await readCode(attempt);
  if ('reason' in read) return read;
  return verdict(read.row, read.code, attempt.now ?? new Date());
}

/**
 * Records an online ballot. The ballot's primary key (vote, dwelling) is the one-voice rule: of any number of
 * concurrent submissions for a dwelling, exactly one inserts; the others learn it has already voted.
 */
export async function castOnlineBallot(
  attempt: Attempt & { choice: Choice; channel?: Channel },
): Promise<CastResult> {
  const read = await readCode(attempt);
  if ('reason' in read) return read;
  const now = attempt.now ?? new Date();
  const before = verdict(read.row, read.code, now);
  if (!before.ok) return before;
  const { row } = read;
  const actor: AuditActor = {
    userId: null,
    label: 'Résident (code de vote)',
    programmeId: row.programme_id,
    channel: attempt.channel ?? 'web',
    ip: attempt.ip,
  };
  return transactionUnlessRefused<CastResult>(attempt.db, async (tx) => {
    // Certification takes this row for update: a ballot is either in its count or refused as too late.
    const [open] = await tx.execute(
      sql`select 1 from tenant_vote where id = ${row.vote_id} and status = 'open' and closes_at >= ${now.toISOString()}::timestamptz for share`,
    );
    if (!open) return { ok: false, reason: 'closed', paper: before.paper };
    // A reissue may be committing right now: wait for it, then see the code as it is (FOR SHARE re-reads it).
    const [live] = await tx.execute(
      sql`select 1 from ballot_code where id = ${row.code_id} and revoked_at is null for share`,
    );
    if (!live) return { ok: false, reason: 'revoked', paper: before.paper };
    const inserted = await tx.execute<{ received_at: Date }>(sql`
      insert into ballot (vote_id, dwelling_id, choice, channel, code_id, received_at, recorded_by)
      select c.vote_id, c.dwelling_id, ${attempt.choice}, 'online', c.id, ${now.toISOString()}::timestamptz, ${actor.label}
      from ballot_code c where c.id = ${row.code_id} and c.revoked_at is null
      on conflict (vote_id, dwelling_id) do nothing
      returning received_at`);
    if (inserted.length === 0) {
      const again = await findCode(tx, read.code);
      const after = again ? verdict(again, read.code, now) : before;
      return after.ok ? { ok: false, reason: 'closed', paper: before.paper } : after;
    }
    await recordAudit(tx, actor, {
      action: 'vote.ballot_cast',
      entityType: 'tenant_vote',
      entityId: row.vote_id,
      // The choice is secret: the audit trail says that a dwelling voted, and how, never what.
      details: { dwellingId: row.dwelling_id, channel: 'online', codeId: row.code_id },
    });
    return { ok: true, paper: before.paper, choice: attempt.choice, receivedAt: now };
  });
}
