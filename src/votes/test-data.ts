// Ballots in bulk for the demo and for benchmarks: one statement, one audit event saying where they came from.
import { sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import type { BallotChannel, Choice } from './documents/types.ts';

export interface BallotSeed {
  dwellingId: number;
  choice: Choice;
  channel: BallotChannel;
  receivedAt: Date;
}

export async function insertBallots(
  db: Db,
  actor: Actor,
  voteId: number,
  ballots: BallotSeed[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = ballots.map((b) => ({ ...b, receivedAt: b.receivedAt.toISOString() }));
    const inserted = await tx.execute(sql`
      insert into ballot (vote_id, dwelling_id, choice, channel, code_id, received_at, recorded_by)
      select ${voteId}, b."dwellingId", b.choice, b.channel,
             case when b.channel = 'online'
               then (select c.id from ballot_code c where c.vote_id = ${voteId} and c.dwelling_id = b."dwellingId"
                     and c.revoked_at is null) end,
             b."receivedAt", ${actor.label}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as b("dwellingId" int, choice text, channel text, "receivedAt" timestamptz)
      on conflict (vote_id, dwelling_id) do nothing
      returning dwelling_id`);
    await recordAudit(tx, actor, {
      action: 'vote.ballots_loaded',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: { ballots: inserted.length, source: actor.label },
    });
    return inserted.length;
  });
}
